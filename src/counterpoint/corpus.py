"""A corpus: articles from many inputs, kept in a SQLite database, deduplicated and grouped into stories.

::

    from counterpoint.corpus import Corpus
    with Corpus.open("news.db") as corpus:
        report = corpus.ingest(["feeds/", "crawl.warc.gz", "feed:https://example.org/news.rss"])
        for story in corpus.stories():
            print(story.title, len(story.article_ids))
        result = corpus.compare_story(story.id)   # Comparison.to_dict(), cached

Ingest is a stream: inputs are read one document at a time, each goes through the per-article stages (extract,
then :func:`counterpoint.prepare.prepare`: sentences, MinHash fingerprint, story vectors — pure functions of the record that can run
anywhere) and is then written as one all-or-nothing unit with its sources, near-duplicate links and story
membership. Units are committed in groups (:meth:`counterpoint.store.Store.group`: every 64 articles or 0.2 s, and
whenever the input stalls), and ``progress`` hears of an article only once its group is committed. Ids are content
hashes, so ingesting the same input twice changes nothing, and a process killed mid-ingest leaves each article
fully stored or absent (at most the last uncommitted group is lost); running the ingest again completes it.

Duplicates: the same text from two inputs is one article with two sources. A near copy (a reprint with another
headline, outlet chrome, a paragraph cut; see :mod:`counterpoint.dedup`) is its own article, linked to the text it
copies and placed in that text's story; :meth:`Corpus.evidence_groups` counts such copies once.

Inputs (:func:`iter_inputs`): everything :func:`counterpoint.ingest.iter_documents` reads (files, directories,
JSONL, URLs, ``-``), plus RSS/Atom feeds (:mod:`counterpoint.feeds`), WARC archives (:mod:`counterpoint.warc`) and
URL lists: ``urls:<path>`` or a file ending ``.urls``, one http(s) URL per line (blank lines and ``#`` comments
skipped); each URL is an input of its own, so its source is the URL. A directory also contributes the WARC, feed
and URL-list files under it, after its articles.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import dedup, story_listing
from .errors import InputError, StoreError
from .feeds import MAX_ITEMS, feed_target, iter_feed
from .model import Article, Failure, RawDocument, own_title, story_title
from .prepare import Prepared, ordered_map, prepare, process
from .store import GROUP_SECONDS, GROUP_UNITS, SourceRecord, Store, now
from .store_dedup import DuplicateLink
from .story_listing import StoryFilter, StorySummary
from .warc import WarcStats, iter_warc, warc_target

if TYPE_CHECKING:
    from .fetch import FetchOptions
    from .stories import StoryIndex
    from .story_params import StoryParams

URL_LIST_EXTENSIONS = (".urls",)
_OWN_EXTENSIONS = (".warc", ".warc.gz", ".rss", ".atom", ".urls")


# --- results -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Story:
    """A story of the corpus: its id, a title, and its articles in order of arrival."""

    id: str
    title: str | None
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "article_ids": list(self.article_ids)}


@dataclass(frozen=True, slots=True)
class AddResult:
    """What adding one article did. ``status``: ``new`` (stored), ``duplicate`` (the same text was already
    stored; this source was added to it) or ``known`` (this source had already given this text: nothing
    changed). ``near_duplicates`` are the stored articles it is a near copy of."""

    article_id: str
    status: str
    story_id: str | None
    source: str
    near_duplicates: tuple[dedup.Match, ...] = ()


@dataclass
class IngestReport:
    """Counts of one ingest run, and every failure with its reason."""

    new: int = 0
    duplicate: int = 0
    known: int = 0
    failed: int = 0
    near_duplicates: int = 0  # new articles that are near copies of stored ones
    skipped: int = 0  # WARC records that are not HTML pages (images, requests, redirects, ...)
    failures: list[Failure] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.duplicate + self.known

    def count(self, result: AddResult | Failure) -> None:
        if isinstance(result, Failure):
            self.failed += 1
            self.failures.append(result)
            return
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status == "new" and result.near_duplicates:
            self.near_duplicates += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "known": self.known,
            "failed": self.failed,
            "near_duplicates": self.near_duplicates,
            "skipped": self.skipped,
            "failures": [f.to_dict() for f in self.failures],
        }


# --- inputs ------------------------------------------------------------------------------------------------------


def url_list_target(given: str) -> str | None:
    """The path to read as a URL list when ``given`` names one: ``urls:<path>`` or a file ending ``.urls``."""
    if given.startswith("urls:"):
        return given[len("urls:") :]
    if given.lower().endswith(URL_LIST_EXTENSIONS) and not given.startswith(("http://", "https://")):
        return given
    return None


def iter_url_list(
    path: str, *, options: FetchOptions, source: str | None = None
) -> Iterator[RawDocument | Failure]:
    """The pages named in a URL list, fetched one at a time."""
    from .ingest import iter_documents

    name = source or path
    try:
        handle = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield Failure(name, exc.strerror or str(exc), InputError.code)
        return
    seen = 0
    with handle:
        for number, line in enumerate(handle, 1):
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            seen += 1
            if not url.lower().startswith(("http://", "https://")):
                yield Failure(f"{name}#{number}", f"not an http(s) URL: {url[:200]}", InputError.code)
                continue
            yield from iter_documents([url], options=options)
    if seen == 0:
        yield Failure(name, "no URLs in URL list", InputError.code)


def _own_files(root: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            os.path.join(folder, f) for f in files if not f.startswith(".") and f.lower().endswith(_OWN_EXTENSIONS)
        ]
    return sorted(found)


def iter_inputs(
    inputs: Iterable[str],
    options: FetchOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    warc_stats: WarcStats | None = None,
    max_feed_items: int = MAX_ITEMS,
) -> Iterator[RawDocument | Failure]:
    """Raw documents (or failures) from every input, in order: feeds, WARC archives and URL lists are read
    here, everything else by :func:`counterpoint.ingest.iter_documents`."""
    from .fetch import FetchOptions
    from .ingest import iter_documents

    opts = options or FetchOptions()
    for given in inputs:
        yield from _one_input(given, opts, stdin, warc_stats, max_feed_items, iter_documents)


def _one_input(
    given: str,
    opts: FetchOptions,
    stdin: BinaryIO | None,
    warc_stats: WarcStats | None,
    max_feed_items: int,
    iter_documents: Callable[..., Iterator[RawDocument | Failure]],
) -> Iterator[RawDocument | Failure]:
    if (target := url_list_target(given)) is not None:
        yield from iter_url_list(target, options=opts, source=given)
    elif (target := warc_target(given)) is not None:
        yield from iter_warc(target, source=given, stats=warc_stats, max_bytes=opts.max_bytes)
    elif (target := feed_target(given)) is not None:
        yield from iter_feed(target, options=opts, max_items=max_feed_items, source=given)
    elif given != "-" and os.path.isdir(given):
        own = _own_files(given)
        for item in iter_documents([given], options=opts, stdin=stdin):
            if isinstance(item, Failure) and item.source == given and own:
                continue  # "no article files in directory" is wrong when it holds feeds or archives
            yield item
        for path in own:
            yield from _one_input(path, opts, stdin, warc_stats, max_feed_items, iter_documents)
    else:
        yield from iter_documents([given], options=opts, stdin=stdin)


# --- the corpus --------------------------------------------------------------------------------------------------


def engine_version() -> str:
    """What a cached comparison depends on: the comparison engine's declared version (package, output schema and
    engine revision; see :data:`counterpoint.comparison.ENGINE_VERSION`)."""
    from . import comparison

    return comparison.ENGINE_VERSION


class Corpus:
    """A corpus database opened for reading (``readonly=True``: any number at once, alongside a writer) or for
    writing (one process at a time). Use :meth:`open`, preferably as a context manager."""

    def __init__(self, store: Store, *, story_params: StoryParams | None = None) -> None:
        self.store = store
        self._story_params = story_params
        self._index: StoryIndex | None = None
        self._index_seq = 0  # last membership the in-memory story index has seen
        self._dirty = False  # index changed since the last checkpoint
        self.replay_mismatches = 0  # replayed articles the index now places in another story than stored
        saved = store.get_state("dedup")  # the bands on disk were cut with these: keep using them
        params = saved or {"threshold": dedup.THRESHOLD, "num_perm": dedup.NUM_PERM, "scheme": dedup.SCHEME}
        self.dedup_params: dict[str, Any] = {
            "threshold": float(params["threshold"]),
            "num_perm": int(params["num_perm"]),
        }
        self.near = dedup.NearDuplicateIndex(**self.dedup_params, buckets=store)
        if saved is None and not store.readonly:
            with store.transaction():
                store.put_state("dedup", params, at=now())

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        story_params: StoryParams | None = None,
    ) -> Corpus:
        """Open the corpus at ``path`` (created when missing unless ``readonly``). Raises :class:`StoreError`."""
        return cls(Store.open(path, readonly=readonly), story_params=story_params)

    def close(self) -> None:
        try:
            if self._dirty and not self.store.readonly:
                self.checkpoint()
        finally:
            self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str],
        *,
        options: FetchOptions | None = None,
        outlet: str | None = None,
        progress: Callable[[AddResult | Failure], None] | None = None,
        stdin: BinaryIO | None = None,
        max_feed_items: int = MAX_ITEMS,
        workers: int | None = None,
        commit_every: int = GROUP_UNITS,
        commit_seconds: float = GROUP_SECONDS,
    ) -> IngestReport:
        """Read, extract, deduplicate, cluster and store every input; one bad input never stops the batch.

        ``progress`` is called with each :class:`AddResult` or :class:`Failure` once it is committed (in
        order; wire a progress bar to it). ``workers`` > 1 runs the per-article stages (extract,
        :func:`~counterpoint.prepare.prepare`) in that many processes while this one writes, in input order; None
        (the default) means one per core, at most 4 (:func:`~counterpoint.prepare.default_workers`), and an input
        of fewer than 16 documents is processed here without starting any. Articles are committed
        every ``commit_every`` articles or ``commit_seconds``, whichever comes first, and at the end. Memory
        stays flat: documents are processed a bounded window at a time, nothing is kept per article beyond
        the uncommitted group and the LSH keys waiting for their batch (:data:`counterpoint.store_dedup.BAND_BATCH`),
        and the story index holds only the stories still open (:class:`counterpoint.story_params.StoryParams`).
        """
        report = IngestReport()
        stats = WarcStats()
        docs = iter_inputs(inputs, options, stdin=stdin, warc_stats=stats, max_feed_items=max_feed_items)
        stage = partial(process, outlet=outlet, **self.dedup_params)
        dedup.warm(**self.dedup_params)  # before the workers start, so that they inherit it
        unreported: list[AddResult | Failure] = []

        def commit() -> None:
            self.store.commit_group()
            if progress is not None:
                for done in unreported:
                    progress(done)
            unreported.clear()

        try:
            with self.store.group(units=commit_every, seconds=commit_seconds):
                for item in ordered_map(stage, docs, workers, idle=commit):
                    result = self._record_failure(item) if isinstance(item, Failure) else self.add_prepared(item)
                    report.count(result)
                    unreported.append(result)
                    if self.store.group_due():
                        commit()
                commit()
        except BaseException:
            # Leaving the group committed the whole units written so far, or (a failed commit) rolled them all
            # back; either way the in-memory story index may hold articles the database lacks: rebuild it.
            self._index = None
            raise
        finally:
            report.skipped = stats.skipped_total
            if self._dirty:
                self.checkpoint()
        return report

    def add_article(self, article: Article) -> AddResult:
        """Store one extracted article (idempotent: adding it again changes nothing)."""
        return self.add_prepared(prepare(article, **self.dedup_params))

    def add_prepared(self, prepared: Prepared) -> AddResult:
        """Store an article whose per-article stages have run (see :func:`~counterpoint.prepare.prepare`), in one transaction."""
        article = prepared.article
        aid = article.id
        at = now()
        try:
            with self.store.transaction():
                # the row goes in first: it is the test for a stored article, and the unit rolls it back if a
                # later step fails
                if not self.store.insert_article(article, at=at):
                    added = self.store.add_source(aid, article.source, outlet=article.outlet, url=article.url, at=at)
                    status = "duplicate" if added else "known"
                    self.store.log(article.source, status, article_id=aid, at=at)
                    return AddResult(aid, status, self.store.story_of(aid), article.source)
                index = self._story_index()
                matches = tuple(self.near.query(prepared.fingerprint, exclude=aid))
                copied_story = self.store.story_of(matches[0].article_id) if matches else None
                if copied_story is not None:
                    story_id, via = copied_story, "duplicate"
                else:
                    story_id, via = index.add(aid, prepared.vectors), "index"
                    self._dirty = True
                self.store.add_source(aid, article.source, outlet=article.outlet, url=article.url, at=at)
                self.near.insert(aid, prepared.fingerprint)
                for m in matches:
                    self.store.add_duplicate(aid, m.article_id, m.similarity, m.kind)
                seq = self.store.add_membership(story_id, aid, title=story_title((article,)), at=at, via=via,
                                                titled=own_title(article) is not None)
                self.store.log(article.source, "new", article_id=aid, at=at)
        except BaseException:
            # The in-memory index may hold an article the database does not: rebuild it from the database.
            self._index = None
            raise
        if via == "index":
            self._index_seq = seq
        return AddResult(aid, "new", story_id, article.source, matches)

    def _record_failure(self, failure: Failure) -> Failure:
        with self.store.transaction():
            self.store.log(failure.source, "failed", reason=failure.reason, code=failure.code, at=now())
        return failure

    def _story_index(self) -> StoryIndex:
        """The in-memory story index: the last checkpoint plus a replay of what was stored after it."""
        if self._index is not None:
            return self._index
        from .stories import StoryIndex
        from .story_features import features
        from .story_params import StoryParams

        saved = self.store.get_state("stories")
        # The store records memberships, so the index keeps no article ids: its memory stays flat.
        if saved is not None:
            index = StoryIndex.from_state(saved["index"], track_members=False)
            seq = int(saved["seq"])
        else:
            index = StoryIndex(self._story_params or StoryParams(), track_members=False)
            seq = 0
        for seq, story_id, aid in self.store.memberships_after(seq):  # noqa: B007, B020 - seq: the last one seen
            article = self.store.article(aid)
            if article is None:  # pragma: no cover - foreign keys forbid it
                raise StoreError(f"membership of missing article {aid}", source=self.store.path)
            if index.add(aid, features(article)) != story_id:
                self.replay_mismatches += 1
            self._dirty = True
        self._index, self._index_seq = index, seq
        return index

    def checkpoint(self) -> None:
        """Save the story index so the next open need not replay the corpus. Inside a write group the saved
        state commits with the group, so it never covers articles the database lacks."""
        if self._index is None:
            return
        state = {"seq": self._index_seq, "index": self._index.to_state()}
        with self.store.transaction():
            self.store.put_state("stories", state, at=now())
        self._dirty = False

    # --- reading ---------------------------------------------------------------------------------------------

    def articles(self) -> Iterator[Article]:
        """Every article, in ingest order (streamed)."""
        return self.store.iter_articles()

    def article(self, article_id: str) -> Article:
        found = self.store.article(article_id)
        if found is None:
            raise StoreError(f"no article {article_id} in the corpus", source=self.store.path)
        return found

    def article_heads(self) -> dict[str, tuple[str | None, str | None]]:
        """Article id -> (outlet, published ISO date) of every article, without loading texts."""
        return self.store.article_heads()

    def sources(self, article_id: str) -> list[SourceRecord]:
        """Every input that gave this article's text."""
        return self.store.sources(article_id)

    def duplicates(self, article_id: str) -> list[DuplicateLink]:
        """Near copies of this article, most similar first."""
        return self.store.duplicates_of(article_id)

    def stories(self) -> list[Story]:
        return [Story(r.id, r.title, r.article_ids) for r in self.store.stories()]

    def story(self, story_id: str) -> Story:
        row = self.store.story(story_id)
        if row is None:
            raise StoreError(f"no story {story_id} in the corpus", source=self.store.path)
        return Story(row.id, row.title, row.article_ids)

    def story_of(self, article_id: str) -> str | None:
        return self.store.story_of(article_id)

    def evidence_groups(self, article_ids: Iterable[str]) -> list[set[str]]:
        """The given articles grouped so that near copies of one text share a group: each group is one
        piece of evidence however many outlets ran it. Groups come in order of their first given member."""
        ids = list(dict.fromkeys(article_ids))
        links = [(d.a, d.b) for d in self.store.duplicates_among(ids)]
        return dedup.groups(ids, links)

    def failures(self) -> list[Failure]:
        """Inputs whose last ingest failed."""
        return self.store.failures()

    def find_stories(self, where: StoryFilter | None = None) -> tuple[list[StorySummary], int]:
        """One page of the stories that match ``where`` (words, outlet, date range, and the page's limit and
        offset; None: no filter, the first page), newest first, and how many match in all. Reads the tables in
        SQL, loading no article."""
        return story_listing.list_stories(self.store, where or StoryFilter())

    def story_ids(self, where: StoryFilter) -> set[str]:
        """The ids of every story that matches ``where`` (its page ignored)."""
        return story_listing.story_ids(self.store, where)

    def outlets(self) -> list[str]:
        """Every outlet name in the corpus, sorted case-insensitively."""
        return story_listing.outlets(self.store)

    def totals(self) -> dict[str, int]:
        """Articles and stories in the corpus (cheaper than :meth:`counts`, which also counts every LSH band row)."""
        return story_listing.totals(self.store)

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def problems(self) -> list[str]:
        """Broken invariants (empty for a healthy corpus)."""
        return self.store.problems()

    # --- comparing -------------------------------------------------------------------------------------------

    def compare_story(
        self,
        story_id: str,
        *,
        backend: str = "lexical",
        refresh: bool = False,
        opinion: str = "lexical",
        opinion_model: str | Path | None = None,
    ) -> dict[str, Any]:
        """The comparison of a story's articles (``Comparison.to_dict()``), one article per evidence group (the
        first of each group to arrive), cached by article ids, backends (with the opinion model's identity) and
        engine version."""
        story = self.story(story_id)
        members = [next(i for i in story.article_ids if i in g) for g in self.evidence_groups(story.article_ids)]
        parts = [backend, _opinion_identity(opinion, opinion_model), *sorted(members)]
        key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        version = engine_version()
        if not refresh:
            cached = self.store.get_comparison(key, version)
            if cached is not None:
                result: dict[str, Any] = json.loads(cached)
                return result
        from .comparison import compare

        comparison = compare([self.article(i) for i in members], backend=backend, opinion=opinion,
                             opinion_model=opinion_model)
        result = comparison.to_dict()
        if not self.store.readonly:
            with self.store.transaction():
                self.store.put_comparison(key, version, json.dumps(result, ensure_ascii=False), at=now())
        return result


def _opinion_identity(opinion: str, model: str | Path | None) -> str:
    """What cached labels depend on besides the engine: the opinion backend, and the bytes of its model file when
    it reads one a user may change (a retrained fine-tuned model must not be answered from the cache)."""
    if opinion == "finetuned":
        from .opinion_finetuned import MODEL_FILE, default_model_dir

        file = (Path(model).expanduser() if model is not None else default_model_dir()) / MODEL_FILE
    elif model is not None:
        file = Path(model)
    else:
        return opinion
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        digest = "unreadable"  # nothing is cached under it: compare() raises the backend's own error first
    return f"{opinion}:{digest}"
