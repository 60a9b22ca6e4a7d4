"""Adding articles from the web: pasted text, uploaded files and URLs, placed into the corpus's stories.

Inputs become :class:`~counterpoint.model.RawDocument` records through the same readers as the command line
(:func:`counterpoint.ingest.iter_documents`: decoding, gzip and JSONL handling, safe URL fetching under
:class:`~counterpoint.fetch.FetchOptions`). Extraction and the per-article stages run in the request's thread;
only the final write goes through the corpus's single writer thread, so one slow page never holds the writer.

Limits (a request is one user action; a bigger batch belongs to ``counterpoint ingest``):
:data:`MAX_URLS` URLs, :data:`MAX_FILES` files, :data:`MAX_DOCUMENTS` articles (a JSONL upload holds many), and
:data:`DEADLINE` seconds, after which the remaining inputs are reported as skipped rather than fetched.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..corpus import AddResult
from ..errors import InputError
from ..fetch import FetchOptions
from ..ingest import iter_documents, sniff_kind
from ..model import Failure, RawDocument
from ..prepare import Prepared, process
from ..store import now
from .access import CorpusAccess

# One user action: a handful of links pasted from a news aggregator, not a crawl. Each URL may take up to the
# fetch timeout, so 20 URLs bound a request to minutes even when every site is slow.
MAX_URLS = 20
MAX_FILES = 20
# Articles per request, counting JSONL records; JSONL records that hold only a URL are fetched, so this also
# bounds fetches from an upload.
MAX_DOCUMENTS = 200
# Seconds of reading/fetching per request; what is left after it is reported as skipped.
DEADLINE = 120.0
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".gz", ".jsonl")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Added:
    """What happened to one input: ``status`` is ``new``, ``duplicate`` (same text already stored; this source
    added to it), ``known`` (nothing changed) or ``failed`` (with ``reason`` and ``code``)."""

    source: str
    status: str
    article_id: str | None = None
    story_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    reason: str | None = None
    code: str | None = None
    near_duplicates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "article_id": self.article_id,
            "story_id": self.story_id,
            "title": self.title,
            "outlet": self.outlet,
            "reason": self.reason,
            "code": self.code,
            "near_duplicates": list(self.near_duplicates),
        }


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]


def pasted(
    content: str,
    *,
    kind: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    origin: str = "paste",
) -> RawDocument | Failure:
    """A document from pasted text or HTML; metadata given here beats what extraction finds. Its source is
    ``<origin>:<hash of the content>``, so pasting the same text twice changes nothing."""
    source = f"{origin}:{_digest(content)}"
    if not content.strip():
        return Failure(source, "empty text (whitespace only)", InputError.code)
    meta = {k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("url", url), ("published", published))
            if v and v.strip()}
    return RawDocument(source, content, kind or sniff_kind(content), url=meta.get("url"), meta=meta)


def url_lines(text: str) -> list[str]:
    """The URLs of a one-per-line box: blank lines and ``#`` comments skipped, duplicates dropped."""
    lines = (line.strip() for line in text.splitlines())
    return list(dict.fromkeys(u for u in lines if u and not u.startswith("#")))


def from_urls(urls: Iterable[str], *, options: FetchOptions) -> Iterator[RawDocument | Failure]:
    """Each URL fetched within ``options`` (private addresses refused unless it allows them)."""
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            yield Failure(url[:300], "not an http(s) URL", InputError.code)
            continue
        yield from iter_documents([url], options=options)


def upload_name(name: str) -> str:
    """A file name safe to create in a temporary folder, keeping the suffixes the readers go by."""
    base = os.path.basename(name.replace("\\", "/")).strip() or "upload"
    return _SAFE_NAME.sub("_", base)[-120:].lstrip(".") or "upload"


def from_uploads(uploads: Iterable[Upload], *, options: FetchOptions) -> Iterator[RawDocument | Failure]:
    """Documents from uploaded files, read by the command line's readers; sources are ``upload:<name>``."""
    with tempfile.TemporaryDirectory(prefix="counterpoint-upload-") as folder:
        for n, upload in enumerate(uploads):
            name = upload_name(upload.name)
            source = f"upload:{name}"
            if not name.lower().endswith(UPLOAD_SUFFIXES):
                yield Failure(source, f"unsupported file type (accepted: {', '.join(UPLOAD_SUFFIXES)})", InputError.code)
                continue
            if len(upload.data) > options.max_bytes:
                yield Failure(source, f"file larger than {options.max_bytes} bytes", InputError.code)
                continue
            path = os.path.join(folder, f"{n}-{name}")
            with open(path, "wb") as handle:
                handle.write(upload.data)
            for item in iter_documents([path], options=options):
                item_source = source + item.source[len(path) :] if item.source.startswith(path) else source
                yield replace(item, source=item_source)


def limited(items: Iterable[RawDocument | Failure], *, deadline: float = DEADLINE,
            max_documents: int = MAX_DOCUMENTS) -> Iterator[RawDocument | Failure]:
    """``items`` until :data:`MAX_DOCUMENTS` of them or ``deadline`` seconds; then one failure saying so."""
    stop = time.monotonic() + deadline
    for n, item in enumerate(items):
        if n >= max_documents:
            yield Failure("(rest of request)", f"skipped: more than {max_documents} articles in one request",
                          InputError.code)
            return
        yield item
        if time.monotonic() > stop:
            yield Failure("(rest of request)", f"skipped: request ran longer than {deadline:.0f} s", InputError.code)
            return


def add_documents(access: CorpusAccess, docs: Iterable[RawDocument | Failure]) -> list[Added]:
    """Extract and prepare every document here, then store them all in one writer job; one outcome per input."""
    with access.reader() as corpus:
        params = dict(corpus.dedup_params)
    staged: list[Prepared | Failure] = [process(doc, **params) for doc in docs]

    def store(corpus: Any) -> list[Added]:
        out: list[Added] = []
        for item in staged:
            if isinstance(item, Failure):
                with corpus.store.transaction():
                    corpus.store.log(item.source, "failed", reason=item.reason, code=item.code, at=now())
                out.append(Added(item.source, "failed", reason=item.reason, code=item.code))
                continue
            result: AddResult = corpus.add_prepared(item)
            # A duplicate keeps the stored article's metadata: show that, not what this input said.
            article = item.article if result.status == "new" else corpus.article(result.article_id)
            out.append(Added(
                result.source, result.status, result.article_id, result.story_id, article.title, article.outlet,
                near_duplicates=tuple(m.article_id for m in result.near_duplicates),
            ))
        return out

    return access.write(store)
