"""How the web app reaches its corpus from many request threads at once.

SQLite connections belong to the thread that opened them, and a corpus has one writer at a time. So:

- **reads** use a read-only corpus owned by the request's thread (opened on the thread's first request and kept:
  opening costs ~1.4 ms, a third of a small request). Read-only connections in autocommit mode see every
  committed write and never block the writer (WAL);
- **writes** (adding articles, caching a new comparison) run one at a time on a single writer thread, which opens
  the corpus for writing per job, so its story index is always the one on disk even if a ``counterpoint ingest``
  ran in another process meanwhile.

A comparison is cached in the database by :meth:`Corpus.compare_story`, but only a writer stores it. The first
request for a story (or for a story whose members changed) therefore goes through the writer; later ones read the
cached JSON through a read-only connection. What is derived from a comparison (its JSON bytes, the rendered
page) is kept in a small LRU keyed by the story's id and members, so it is rebuilt exactly when a story changes.
All of this state lives on the :class:`CorpusAccess` object of one app, not in the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..corpus import Corpus, Story

T = TypeVar("T")

# Rendered story pages and comparison JSON kept in memory: each is 50-500 kB for a story of 5-20 articles, so
# 64 entries stay under ~30 MB while covering the stories a person browses in a session.
DERIVED_CACHE_SIZE = 64


class CorpusAccess:
    """Read-only corpora per request thread, one writer thread for everything that writes, and the LRU of
    products derived from comparisons."""

    def __init__(self, path: str | Path, *, cache_size: int = DERIVED_CACHE_SIZE) -> None:
        self.path = str(path)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counterpoint-writer")
        self._cached: set[tuple[str, tuple[str, ...]]] = set()
        self._derived: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextmanager
    def reader(self) -> Iterator[Corpus]:
        """The read-only corpus of this thread; use it only inside the request (thread) that asked for it."""
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = self._local.corpus = Corpus.open(self.path, readonly=True)
        yield corpus

    def write(self, job: Callable[[Corpus], T]) -> T:
        """Run ``job`` on the writer thread with the corpus open for writing; wait for its result."""
        return self._writer.submit(self._run, job).result()

    def _run(self, job: Callable[[Corpus], T]) -> T:
        with Corpus.open(self.path) as corpus:
            return job(corpus)

    def comparison(self, story: Story) -> dict[str, Any]:
        """``Comparison.to_dict()`` of ``story`` (cached in the corpus; computed once by the writer)."""
        key = (story.id, story.article_ids)
        with self._lock:
            cached = key in self._cached
        if cached:
            with self.reader() as corpus:
                return corpus.compare_story(story.id)
        result = self.write(lambda corpus: corpus.compare_story(story.id))
        with self._lock:
            self._cached.add(key)
        return result

    def derived(self, kind: str, story: Story, build: Callable[[], T]) -> T:
        """``build()``'s value for this story and its current members, from the LRU when it is there."""
        key = (kind, story.id, story.article_ids)
        with self._lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                value: T = self._derived[key]
                return value
        value = build()
        with self._lock:
            self._derived[key] = value
            while len(self._derived) > self._cache_size:
                self._derived.popitem(last=False)
        return value

    def close(self) -> None:
        """Stop the writer thread. Readers' connections close with their threads' objects (a connection may
        only be closed by its own thread)."""
        self._writer.shutdown(wait=True)
