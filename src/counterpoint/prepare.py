"""The per-article stages of a corpus ingest, and running them over worker processes in input order.

:func:`prepare` derives from one article everything the corpus writes with it (sentences when extraction left
none, MinHash fingerprint, story features); :func:`process` extracts a raw document and prepares it. Both are pure
functions of their input, so they can run in any process: :func:`ordered_map` runs them over a bounded window of
documents in worker processes and yields the results in input order, for the writing process
(:meth:`counterpoint.corpus.Corpus.ingest`) to store.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import dedup
from .errors import CounterpointError
from .model import Article, Failure, RawDocument
from .segment import sentences as segment_sentences

if TYPE_CHECKING:
    from .story_features import StoryFeatures

# Documents in flight per worker process: enough to hide the submit/collect round trip (about 0.2 ms against
# 5-60 ms of extraction per article), few enough that memory stays bounded.
_WINDOW_PER_WORKER = 8
# Documents per task sent to a worker. Each task costs the writing process about 0.3 ms of its own CPU (pickling,
# the executor's queue and result threads), and that process is the serial stage: 4 per task cut its pipeline
# overhead from 1.1 to 0.85 ms per article (bench.scale set, 1,000 articles, 2 workers). More gained nothing.
_CHUNK = 4
# How long the writer waits on the next processed document before committing what it holds: past this the input
# (not the writer) is the bottleneck, so a commit costs no throughput and makes the stored articles visible.
_STALL_SECONDS = 0.05


@dataclass(frozen=True)
class Prepared:
    """An article with everything the corpus derives from it before writing: a pure function of the article."""

    article: Article
    fingerprint: dedup.Fingerprint
    features: StoryFeatures


def prepare(
    article: Article, *, threshold: float = dedup.THRESHOLD, num_perm: int = dedup.NUM_PERM
) -> Prepared:
    """Sentences (when extraction left none), MinHash fingerprint and story features of ``article``."""
    from .story_features import features

    if not article.sentences and article.text.strip():
        article = article.with_changes(sentences=segment_sentences(article.id, article.text, language=article.language))
    return Prepared(article, dedup.fingerprint(article.text, threshold=threshold, num_perm=num_perm), features(article))


def process(doc: RawDocument | Failure, *, outlet: str | None = None, **params: Any) -> Prepared | Failure:
    """Extract and prepare one raw document; failures are returned, never raised."""
    if isinstance(doc, Failure):
        return doc
    from .pipeline import extract_one

    article = extract_one(doc, outlet=outlet)
    if isinstance(article, Failure):
        return article
    try:
        return prepare(article, **params)
    except CounterpointError as exc:
        return Failure(doc.source, exc.reason, exc.code)


def ordered_map(
    fn: Callable[[RawDocument | Failure], Prepared | Failure],
    items: Iterable[RawDocument | Failure],
    workers: int,
    *,
    idle: Callable[[], None] | None = None,
) -> Iterator[Prepared | Failure]:
    """``map(fn, items)`` in order, over ``workers`` processes with a bounded number in flight (unlike
    ``Pool.imap``, whose feeder thread reads the whole input ahead). ``idle`` is called when the next result
    is more than :data:`_STALL_SECONDS` late, and before reading on from an input that was that slow to give
    its last item (fetched URLs): then the caller is waiting on the input, not the other way round."""
    slow = [False]

    def pulled() -> Iterator[RawDocument | Failure]:
        source = iter(items)
        while True:
            if slow[0] and idle is not None:
                idle()
            began = time.monotonic()
            try:
                item = next(source)
            except StopIteration:
                return
            slow[0] = time.monotonic() - began > _STALL_SECONDS
            yield item

    if workers <= 1:
        yield from map(fn, pulled())
        return
    window = max(2, workers * _WINDOW_PER_WORKER // _CHUNK)  # tasks in flight

    def head() -> list[Prepared | Failure]:
        fut = pending.popleft()
        if idle is not None and not fut.done():
            wait([fut], timeout=_STALL_SECONDS)
            if not fut.done():
                idle()
        return fut.result()

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[list[Prepared | Failure]]] = deque()
        chunk: list[RawDocument | Failure] = []
        for item in pulled():
            chunk.append(item)
            if len(chunk) < _CHUNK and not slow[0]:
                continue  # a slow input sends each document as it comes rather than waiting for a chunk
            pending.append(pool.submit(_map_chunk, fn, chunk))
            chunk = []
            while len(pending) >= window or (pending and pending[0].done()):
                yield from head()
        if chunk:
            pending.append(pool.submit(_map_chunk, fn, chunk))
        while pending:
            yield from head()


def _map_chunk(
    fn: Callable[[RawDocument | Failure], Prepared | Failure], chunk: list[RawDocument | Failure]
) -> list[Prepared | Failure]:
    return [fn(item) for item in chunk]
