"""The vectors :class:`~counterpoint.stories.StoryIndex` compares, and the IDF arithmetic over them.

An article is three channels (words, names, numbers), each a unit-length vector of sublinear term frequencies
with no IDF in it (:func:`article_vectors`); the index weighs it with its IDF snapshot once per add
(:class:`WeightedArticle`) and caches each story's weighted norms (:class:`StoryNorms`). Channel keys are
namespaced by a prefix in posting lists and in saved document frequencies (:data:`PREFIXES`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from .story_features import StoryFeatures


@dataclass(frozen=True, slots=True)
class ArticleVectors:
    """An article's three channels as unit-length, idf-free vectors (sublinear tf), ready to score."""

    words: dict[str, float]
    names: dict[str, float]
    numbers: dict[str, float]
    published: str | None


@dataclass(frozen=True, slots=True)
class StoryNorms:
    """A story's IDF-weighted centroid norms per channel (0.0 for an empty channel) under snapshot ``epoch``."""

    epoch: int
    channels: tuple[float, float, float]
    has_years: bool


@dataclass(frozen=True, slots=True)
class WeightedArticle:
    """An article weighed with the IDF snapshot, once per add: for each non-empty channel, its index, its keys'
    ids in the channel's :class:`~counterpoint.story_centroids.Vocabulary` (0 for a key no story has), the vector
    times IDF squared in key order (so its dot product with a raw story centroid is the IDF-weighted dot product),
    its IDF-weighted norm and the channel's share of the score."""

    channels: tuple[tuple[int, np.ndarray, np.ndarray, float, float], ...]
    years: tuple[str, ...]


def _sublinear(counts: Mapping[str, int]) -> dict[str, float]:
    vec = {k: 1.0 + math.log(c) for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def article_vectors(feats: StoryFeatures) -> ArticleVectors:
    nums = dict(feats.numbers)
    for y in feats.years:
        nums[f"y:{y}"] = nums.get(f"y:{y}", 0) + 1
    return ArticleVectors(
        words=_sublinear(feats.word_counts()),
        names=_sublinear(feats.name_tokens()),
        numbers=_sublinear(nums),
        published=feats.published,
    )


# Channels in the order of the per-channel tables; the prefix namespaces a channel's keys in posting lists and in
# the saved document frequencies.
CHANNELS = (("words", "w:"), ("names", "n:"), ("numbers", "#:"))
PREFIXES = tuple(prefix for _, prefix in CHANNELS)
DocFreqs = tuple[dict[str, int], dict[str, int], dict[str, int]]


def day_number(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


# LOG_TABLE[n] = ln(n + 1) for document frequencies: looked up per key in C (map(LOG_TABLE.__getitem__, ...)).
# Process-wide; it only ever grows, and its values never change.
LOG_TABLE: list[float] = []


def cover_log_table(n: int) -> None:
    """Grow LOG_TABLE so that it holds every document frequency up to ``n`` (doubling, so growth is rare)."""
    if n >= len(LOG_TABLE):
        LOG_TABLE.extend(math.log(i + 1) for i in range(len(LOG_TABLE), max(n + 1, 2 * len(LOG_TABLE))))


def split_doc_freqs(flat: Mapping[str, Any]) -> DocFreqs:
    """Per-channel tables from saved ``prefix + key`` document frequencies."""
    out: DocFreqs = ({}, {}, {})
    channel = {prefix: ch for ch, prefix in enumerate(PREFIXES)}
    for key, n in flat.items():
        out[channel[key[:2]]][key[2:]] = int(n)
    return out
