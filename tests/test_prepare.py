"""The per-article stages the corpus runs in worker processes: what a Prepared carries, and that it travels."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator

import pytest

from counterpoint import dedup
from counterpoint.model import Article, article_id
from counterpoint.prepare import ordered_map, prepare
from counterpoint.story_features import features
from counterpoint.story_vectors import article_vectors

TEXTS = [
    "Police in Lyon arrested the former mayor Jean Dupont on Tuesday over the embezzlement of 2.3 million euros. "
    "Prosecutors said the money came from the city's housing fund.",
    "A magnitude 7.1 earthquake struck northern Chile on Monday, killing at least 12 people in Antofagasta.",
    "",
]


def _article(text: str) -> Article:
    return Article(id=article_id(text), source="t.txt", text=text, title="A title", language="en")


@pytest.mark.parametrize("text", TEXTS)
def test_prepared_carries_the_story_vectors_and_survives_pickling(text: str) -> None:
    art = _article(text)
    prepared = prepare(art)
    assert prepared.vectors == article_vectors(features(prepared.article))
    assert prepared.fingerprint.exact_key == dedup.fingerprint(text).exact_key
    assert bool(prepared.article.sentences) is bool(text.strip())
    back = pickle.loads(pickle.dumps(prepared))  # as a worker process returns it
    assert back.vectors == prepared.vectors and back.article == prepared.article


def _double(n: int) -> int:
    return 2 * n


@pytest.mark.parametrize(("workers", "n"), [(1, 5), (2, 1), (2, 37)])
def test_ordered_map_keeps_input_order_across_chunks(workers: int, n: int) -> None:
    """37 items with 2 workers: several chunks and a short last one."""
    assert list(ordered_map(_double, iter(range(n)), workers)) == [2 * i for i in range(n)]  # type: ignore[arg-type]


def test_the_workers_hold_a_full_window_while_the_caller_stores() -> None:
    """Whenever the caller is handed a result of a fast input, the next tasks are already with the workers: a
    full window of them. The caller here is slower than the workers, so every result is finished before it is
    taken; taking them all before sending more (the earlier behaviour) left the workers with nothing to do."""
    import time

    from counterpoint.prepare import _CHUNK, _WINDOW_PER_WORKER

    workers, n = 2, 12 * _CHUNK
    window = workers * _WINDOW_PER_WORKER // _CHUNK  # tasks in flight
    pulled = [0]

    def source() -> Iterator[int]:
        for i in range(n):
            pulled[0] += 1
            yield i

    seen = []
    for i, out in enumerate(ordered_map(_double, source(), workers)):  # type: ignore[arg-type]
        assert out == 2 * i
        seen.append(pulled[0])
        time.sleep(0.002)  # storing
    assert seen == [min(n, (i // _CHUNK + window) * _CHUNK) for i in range(n)]


def _pid(_: int) -> int:
    return os.getpid()


def test_an_input_shorter_than_one_task_runs_in_this_process() -> None:
    from counterpoint.prepare import _CHUNK

    assert set(ordered_map(_pid, iter(range(_CHUNK - 1)), 2)) == {os.getpid()}  # type: ignore[arg-type]
    # one document more fills the first task: the pool starts, and this process maps nothing itself
    assert os.getpid() not in set(ordered_map(_pid, iter(range(_CHUNK)), 2))  # type: ignore[arg-type]
    assert set(ordered_map(_pid, iter(range(3 * _CHUNK)), 1)) == {os.getpid()}  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity on this platform")
@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (3, 3), (16, 4)])
def test_default_workers_is_one_per_usable_core_at_most_four(
    monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    from counterpoint import prepare as prepare_module

    monkeypatch.setattr(prepare_module.os, "sched_getaffinity", lambda _pid: set(range(cores)))
    assert prepare_module.default_workers() == expected


def _niceness(_: int) -> int:
    return os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this platform")
def test_workers_run_below_the_writers_priority() -> None:
    from counterpoint.prepare import _WORKER_NICE

    mine = os.nice(0)
    seen = set(ordered_map(_niceness, iter(range(40)), 2))  # type: ignore[arg-type]
    assert seen == {min(mine + _WORKER_NICE, 19)}
    assert os.nice(0) == mine  # the caller's own priority is untouched
