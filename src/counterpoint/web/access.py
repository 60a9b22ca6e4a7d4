"""How the web app reaches its corpus from many request threads at once.

SQLite connections belong to the thread that opened them, and a corpus has one writer at a time. So:

- **reads** open a read-only corpus inside the request (a few hundred microseconds) and close it at the end;
  read-only connections see every committed write and never block the writer (WAL);
- **writes** (adding articles, caching a new comparison) run one at a time on a single writer thread, which opens
  the corpus for writing per job, so its story index is always the one on disk even if a ``counterpoint ingest``
  ran in another process meanwhile.

A comparison is cached in the database by :meth:`Corpus.compare_story`, but only a writer stores it. The first
request for a story (or for a story whose members changed) therefore goes through the writer; later ones read
the cached JSON through a read-only connection. ``_cached`` remembers which (story, members) this app has had
stored; it lives on this object, not in the process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..corpus import Corpus, Story

T = TypeVar("T")


class CorpusAccess:
    """Read-only corpora per request, and one writer thread for everything that writes."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counterpoint-writer")
        self._cached: set[tuple[str, tuple[str, ...]]] = set()
        self._lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[Corpus]:
        """A read-only corpus for this thread; use it inside the request that opened it."""
        corpus = Corpus.open(self.path, readonly=True)
        try:
            yield corpus
        finally:
            corpus.close()

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

    def close(self) -> None:
        self._writer.shutdown(wait=True)
