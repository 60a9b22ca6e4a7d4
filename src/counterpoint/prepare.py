"""The per-article stages of a corpus ingest, and running them over worker processes in input order.

:func:`prepare` derives from one article everything the corpus writes with it (sentences when extraction left
none, MinHash fingerprint, story vectors); :func:`process` extracts a raw document and prepares it. Both are pure
functions of their input, so they can run in any process: :func:`ordered_map` runs them over a bounded window of
documents in worker processes and yields the results in input order, for the writing process
(:meth:`counterpoint.corpus.Corpus.ingest`) to store.
"""

from __future__ import annotations

import contextlib
import os
import threading
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
    from .story_vectors import ArticleVectors

# Documents in flight per worker process: two tasks of _CHUNK each, so a worker always has the next task queued
# while the writer takes the last one's results; memory stays bounded (64 documents with 2 workers). With 8 (two
# tasks of 4) the workers stalled behind a busy writer: 32 gave 294 articles/s at 1k against 241 (the lead's run).
_WINDOW_PER_WORKER = 32
# Documents per task sent to a worker. Each task costs the writing process CPU of its own (pickling, the
# executor's queue and result threads), and that process is the serial stage. The writing process's CPU spent in
# ordered_map alone (bench.scale set, 1,500 articles, 2 workers, no writing, alternating runs at load 2.5-3):
# 4 per task (window 8) 0.32-0.36 ms per article, 8 (window 32) 0.24-0.25, 16 (window 32) 0.19-0.20, 16 (window
# 64) 0.19-0.22. (Before that, 1 -> 4 per task had cut the overhead from 1.1 to 0.85 ms.)
_CHUNK = 16
# How long the writer waits on the next processed document before committing what it holds: past this the input
# (not the writer) is the bottleneck, so a commit costs no throughput and makes the stored articles visible.
_STALL_SECONDS = 0.05
# Worker processes run this much below the calling (writing) process's CPU priority. The writer is the serial
# stage of an ingest; at equal priority the workers preempt it and it waits while they run ahead. bench.scale 10k,
# 2 workers, idle 2-core machine, runs alternated: 279 / 260 / 236 / 253 articles/s at 5 against 209 / 230 / 199 /
# 243 / 233 at 0 (means 257 and 223), the writer's own CPU 2.9 against 3.2 ms/article (presumably interrupted less).
# 10 and 19 were no better than 5 (223, 250). Only the workers are lowered; the caller's priority is untouched.
_WORKER_NICE = 5
# How often a worker checks that the writing process still exists (one getppid call: negligible CPU).
_PARENT_POLL_SECONDS = 0.5
# Worker processes an ingest starts unless told otherwise: one per core it may run on, at most this many. The
# writer is the serial stage and takes about as much CPU per text article as the per-article stages do, so past a
# few workers more only queue behind it (HTML extraction costs more per article, hence a few rather than 2).
_MAX_DEFAULT_WORKERS = 4


@dataclass(frozen=True)
class Prepared:
    """An article with everything the corpus derives from it before writing: a pure function of the article.

    ``vectors`` are the story index's view of the article (:func:`counterpoint.story_vectors.article_vectors` of
    its :func:`~counterpoint.story_features.features`), computed here rather than by the index so that the work
    runs in the worker processes, not in the single writing one (0.09 ms of CPU per article on bench.scale 10k
    dated, best of 3)."""

    article: Article
    fingerprint: dedup.Fingerprint
    vectors: ArticleVectors


def prepare(
    article: Article, *, threshold: float = dedup.THRESHOLD, num_perm: int = dedup.NUM_PERM
) -> Prepared:
    """Sentences (when extraction left none), MinHash fingerprint and story vectors of ``article``."""
    from .story_features import features
    from .story_vectors import article_vectors

    if not article.sentences and article.text.strip():
        article = article.with_changes(sentences=segment_sentences(article.id, article.text, language=article.language))
    fingerprint = dedup.fingerprint(article.text, threshold=threshold, num_perm=num_perm)
    return Prepared(article, fingerprint, article_vectors(features(article)))


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


def default_workers() -> int:
    """Worker processes for an ingest that names none: one per core this process may run on (its CPU affinity,
    which a container or ``taskset`` may narrow), at most :data:`_MAX_DEFAULT_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity (macOS, Windows)
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_DEFAULT_WORKERS))


def ordered_map(
    fn: Callable[[RawDocument | Failure], Prepared | Failure],
    items: Iterable[RawDocument | Failure],
    workers: int | None = None,
    *,
    idle: Callable[[], None] | None = None,
) -> Iterator[Prepared | Failure]:
    """``map(fn, items)`` in order, over ``workers`` processes (None: :func:`default_workers`) with a bounded
    number in flight (unlike ``Pool.imap``, whose feeder thread reads the whole input ahead). An input that ends
    before its first task is due (fewer than :data:`_CHUNK` documents, none slow) runs in this process: starting
    the pool would cost more than it saves. ``idle`` is called when the next result is more than
    :data:`_STALL_SECONDS` late, and before reading on from an input that was that slow to give its last item
    (fetched URLs): then the caller is waiting on the input, not the other way round."""
    if workers is None:
        workers = default_workers()
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

    source = pulled()
    if workers <= 1:
        yield from map(fn, source)
        return
    first: list[RawDocument | Failure] = []
    for item in source:
        first.append(item)
        if len(first) >= _CHUNK or slow[0]:
            break
    else:  # the whole input, and nothing slow: no pool
        yield from map(fn, first)
        return
    window = max(2, workers * _WINDOW_PER_WORKER // _CHUNK)  # tasks in flight

    def head() -> list[Prepared | Failure]:
        fut = pending.popleft()
        if idle is not None and not fut.done():
            wait([fut], timeout=_STALL_SECONDS)
            if not fut.done():
                idle()
        return fut.result()

    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        pending: deque[Future[list[Prepared | Failure]]] = deque([pool.submit(_map_chunk, fn, first)])
        chunk: list[RawDocument | Failure] = []
        for item in source:
            chunk.append(item)
            if len(chunk) < _CHUNK and not slow[0]:
                continue  # a slow input sends each document as it comes rather than waiting for a chunk
            pending.append(pool.submit(_map_chunk, fn, chunk))
            chunk = []
            # A fast input keeps the window full: a result is taken only once the window is full, so the workers
            # always hold tasks while the writer stores. Taking every finished result before sending more left the
            # workers waiting for tasks for nearly half the time and the cores a quarter idle (bench.scale 10k:
            # 225 articles/s, about 1.5 of 2 cores busy; see docs/benchmarks.md). A slow input hands on whatever
            # is finished, since its next document may be long in coming.
            while pending and (len(pending) >= window or (slow[0] and pending[0].done())):
                yield from head()
        if chunk:
            pending.append(pool.submit(_map_chunk, fn, chunk))
        while pending:
            yield from head()


def _start_worker() -> None:
    """Runs in each worker as it starts: a lower priority (:data:`_WORKER_NICE`, where the platform has ``nice``),
    and a watch on the process that started it. Killed with SIGKILL, the writing process cannot stop its pool, and
    the workers would wait on its task queue for ever, holding its output pipes open (found by tests/test_crash.py).
    The watch compares the worker's own parent with the one it started with, rather than the writer's pid: under the
    forkserver start method the parent is the fork server, which exits with the writer."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(_WORKER_NICE)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)  # the documents in hand belong to an ingest that no longer exists; its rerun redoes them


def _map_chunk(
    fn: Callable[[RawDocument | Failure], Prepared | Failure], chunk: list[RawDocument | Failure]
) -> list[Prepared | Failure]:
    return [fn(item) for item in chunk]
