"""Story centroids as arrays of integer key ids, and the per-channel vocabulary that numbers the keys.

:class:`~counterpoint.stories.StoryIndex` scores each article against up to fifteen candidate stories of a few
hundred keys each, and recomputes a story's IDF-weighted norm after every change. On string-keyed dicts, that
work was most of the index's cost: dict lookups scattered in memory (a norm over about 280 keys took 155 us in a
long ingest, against 51 us in a freshly built dict). So the index keeps, beside each story's centroid dicts (cheap
to add an article to, and what is saved), a copy as two arrays per channel (key ids, values), made again after the
story changes, and the IDF snapshot as one array indexed by key id. A norm is then a gather and a product, and an
article is scored against every candidate in a few array operations (:func:`dots`).

The arithmetic is the dict version's, float for float: the same products, norms taken by :func:`math.hypot` over
the same values in the same order (the arrays keep the dict's order), and dot products by :func:`math.fsum`, exact
whatever the order. So decisions, saved states and scores did not change (30k bench.scale stream, ECB+, BASIL).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from typing import Any

import numpy as np

from .story_vectors import StoryNorms, day_number

# Arrays indexed by key id start this long and double when the vocabulary outgrows them.
_START = 1024


class Vocabulary:
    """One channel's keys numbered from 1 in order of first sight (0 is "not in the vocabulary"), and arrays
    indexed by id: ``snapshot`` (each key's IDF under the index's snapshot, ``top`` for a key the snapshot did
    not count), ``counted`` (each key's document frequency at the snapshot) and ``query`` (the article being
    scored, weighed; zero elsewhere)."""

    __slots__ = ("_ids", "counted", "query", "snapshot", "top")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.top = 1.0
        self.snapshot = np.full(_START, self.top)
        self.counted = np.zeros(_START, dtype=np.int64)
        self.query = np.zeros(_START)

    def __len__(self) -> int:
        return len(self._ids)

    def lookup(self, keys: Iterable[str], count: int) -> np.ndarray:
        """Ids of ``count`` keys, 0 for a key not in the vocabulary (nothing is added)."""
        return np.fromiter(map(self._ids.get, keys, repeat(0)), dtype=np.intp, count=count)

    def assign(self, keys: Sequence[str] | Mapping[str, object]) -> np.ndarray:
        """Ids of ``keys`` (a sequence or a mapping's keys), numbering the ones not seen before."""
        ids = self.lookup(keys, len(keys))
        if ids.all():
            return ids
        seq = keys if isinstance(keys, list) else list(keys)
        for i in np.flatnonzero(ids == 0).tolist():
            key = seq[i]
            known = self._ids.get(key)  # a key repeated within ``keys`` gets one id
            if known is None:
                known = self._ids[key] = len(self._ids) + 1
            ids[i] = known
        if len(self._ids) >= len(self.snapshot):
            self._grow(len(self._ids) + 1)
        return ids

    def take_snapshot(self, top: float, ids: np.ndarray, idfs: np.ndarray, counted: np.ndarray) -> None:
        """IDF ``idfs`` and document frequency ``counted`` for the keys ``ids``; ``top`` and 0 for every other
        key."""
        self.top = top
        self.snapshot.fill(top)
        self.snapshot[ids] = idfs
        self.counted.fill(0)
        self.counted[ids] = counted

    def _grow(self, need: int) -> None:
        size = len(self.snapshot)
        while size < need:
            size *= 2
        extra = size - len(self.snapshot)
        self.snapshot = np.concatenate((self.snapshot, np.full(extra, self.top)))
        self.counted = np.concatenate((self.counted, np.zeros(extra, dtype=np.int64)))
        self.query = np.concatenate((self.query, np.zeros(extra)))


class Centroid:
    """One channel of a story's centroid as arrays: key ids and values, in the centroid dict's order."""

    __slots__ = ("ids", "values")

    def __init__(self, ids: np.ndarray, values: np.ndarray) -> None:
        self.ids = ids
        self.values = values

    def norm(self, vocab: Vocabulary) -> float:
        """IDF-weighted norm under the vocabulary's snapshot."""
        return math.hypot(*(self.values * vocab.snapshot[self.ids]).tolist())


def dots(vocab: Vocabulary, ids: np.ndarray, values: np.ndarray, centroids: Sequence[Centroid]) -> list[float]:
    """Dot product of an article's vector (key ``ids``, 0 for keys not in the vocabulary, and ``values``) with
    each centroid: the exact sum (fsum) of the products over the keys both have, 0.0 when they share none. The
    article is spread over ``vocab.query`` for the time of one gather and one product over all the centroids."""
    if not centroids:
        return []
    keys = [c.ids for c in centroids]
    vocab.query[ids] = values
    try:
        products = vocab.query[np.concatenate(keys)]
    finally:
        vocab.query[ids] = 0.0
    products *= np.concatenate([c.values for c in centroids])
    shared = np.flatnonzero(products != 0.0)
    nonzero = products[shared].tolist()
    out = []
    start = 0
    for end in np.searchsorted(shared, list(accumulate(map(len, keys)))).tolist():
        out.append(math.fsum(nonzero[start:end]) if end > start else 0.0)
        start = end
    return out


_NO_IDS = np.zeros(0, dtype=np.intp)


@dataclass
class LiveStory:
    """A story a :class:`~counterpoint.stories.StoryIndex` holds open: its size, members (when the index tracks
    them), dates and centroid per channel (``words``, ``names``, ``numbers``: key -> summed article values)."""

    id: str
    members: list[str] = field(default_factory=list)  # empty when the index does not track members
    size: int = 0
    touched: int = 0  # the index's add count when an article last joined
    words: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    # Derived, never saved: per channel, the vocabulary ids of the centroid's keys in the dict's order (kept up
    # to date, set by the index when it loads a story); the centroids as arrays and their norms under the IDF
    # snapshot, both dropped when the story changes (see StoryNorms); and the dates as day numbers for the window
    # test.
    ids: tuple[np.ndarray, ...] = field(default_factory=lambda: (_NO_IDS,) * 3, repr=False, compare=False)
    arrays: tuple[Centroid, ...] | None = field(default=None, repr=False, compare=False)
    norms: StoryNorms | None = field(default=None, repr=False, compare=False)
    days: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_date is not None and self.last_date is not None:
            self.days = (day_number(self.first_date), day_number(self.last_date))

    def centroid_arrays(self) -> tuple[Centroid, ...]:
        if self.arrays is None:
            self.arrays = tuple(
                Centroid(ids, np.fromiter(c.values(), float, len(c)))
                for ids, c in zip(self.ids, (self.words, self.names, self.numbers), strict=True)
            )
        return self.arrays

    def add_vectors(self, vectors: Sequence[Mapping[str, float]], key_ids: Sequence[np.ndarray]) -> None:
        """Add an article's three channel vectors (distinct keys, with their vocabulary ids)."""
        ids = list(self.ids)
        for ch, (centroid, vec) in enumerate(zip((self.words, self.names, self.numbers), vectors, strict=True)):
            old = np.fromiter(map(centroid.__contains__, vec), bool, len(vec))
            if not old.all():  # new keys join the dict at its end, in the article's order: so do their ids
                ids[ch] = np.concatenate((ids[ch], key_ids[ch][~old]))
            # the loop `centroid[k] = centroid.get(k, 0.0) + v` in C: the same additions (keys of one vector are
            # distinct, so each sum is read before it is written)
            centroid.update(zip(vec, map(add, map(centroid.get, vec, repeat(0.0)), vec.values()), strict=True))
        self.ids = tuple(ids)
        self.arrays = self.norms = None

    def keep_only(self, ch: int, kept: Sequence[tuple[str, float, int]]) -> None:
        """Channel ``ch``'s centroid becomes ``kept``: (key, value, id), in the order given."""
        setattr(self, ("words", "names", "numbers")[ch], {k: v for k, v, _ in kept})
        ids = list(self.ids)
        ids[ch] = np.array([i for *_, i in kept], dtype=np.intp)
        self.ids = tuple(ids)
        self.arrays = self.norms = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "size": self.size,
            "touched": self.touched,
            "words": self.words,
            "names": self.names,
            "numbers": self.numbers,
            "first_date": self.first_date,
            "last_date": self.last_date,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LiveStory:
        return cls(
            id=d["id"],
            members=list(d["members"]),
            size=int(d.get("size", len(d["members"]))),
            touched=int(d.get("touched", 0)),
            words={k: float(v) for k, v in d["words"].items()},
            names={k: float(v) for k, v in d["names"].items()},
            numbers={k: float(v) for k, v in d["numbers"].items()},
            first_date=d.get("first_date"),
            last_date=d.get("last_date"),
        )
