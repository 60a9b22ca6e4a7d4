"""Near-duplicate detection: syndicated copies of one text (a wire story reprinted with another headline, the
outlet's own chrome, a paragraph cut) are linked so they count once as evidence.

Exact copies need nothing here: the content-hash id (:func:`counterpoint.model.article_id`) already makes them one
article with several sources. This module finds the copies whose bodies differ a little.

Method: MinHash (datasketch's ``affine32`` scheme, computed here bit for bit in numpy: :func:`minhash`) over word
5-shingles of the normalised body, and banded LSH whose bands/rows datasketch chooses for the threshold. The band
buckets sit behind a small :class:`Buckets` protocol so the corpus store can keep them in SQLite (flat memory,
survives reopening) while standalone use keeps them in a dict. Computing a :class:`Fingerprint` is a pure function
of the text, so it can run anywhere (a worker, Spark).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch is imported where it is used (_template, lsh_params), not here: it imports scipy.integrate, 0.7-0.9 s
# that every command reaching this module through counterpoint.corpus paid, though reading a stored corpus
# (`counterpoint stories`, the web app) never fingerprints anything: `counterpoint stories` on a small corpus took
# 1.4 s, of which 0.86 s was that import. An ingest calls warm() before starting its workers.

# Calibrated (tests/test_dedup.py::test_calibration_on_shared_data re-checks a sample of it) on 200 real bodies from
# ../shared/data (BASIL articles, ECB+ documents), each made into three syndicated variants: "reprint" (new headline
# and byline, two outlet chrome lines, one paragraph cut), "heavy" (two paragraphs cut, a phrase reworded, three
# chrome lines) and "half" (only the first half of the paragraphs). Against them, 4,177 pairs of *different*
# articles on one story: BASIL triplets (one event written up independently by Fox, NYT and HuffPost) and ECB+
# topic a-vs-b pairs (the same kind of event, a different event). Estimated Jaccard of those different-article
# pairs: max 0.195, 99.9th percentile 0.133. Share of variants at or above a threshold (reprint / heavy / half):
#   0.50 -> .935 / .805 / .705     0.40 -> .965 / .940 / .945     0.35 -> .975 / .980 / .985     0.30 -> .995 / .990 / .995
# with no different-article pair linked at any of them. 0.35 keeps 0.155 (about 4 standard errors of the
# estimate) above the worst different-article pair. ECB+ also holds real wire copies edited by two outlets, at
# Jaccard 0.3-0.96 (7_10 / 7_11: one AP boxing story, 0.45), which 0.35 links. Through the LSH bands (32 x 4 at
# 0.35) end-to-end recall was .975 / .905 / .895.
THRESHOLD = 0.35
# 128 permutations: the estimate's standard error is 0.042 at J=0.35 (sqrt(J(1-J)/128)), small against the gap
# above; each signature costs 512 bytes in the store.
NUM_PERM = 128
SHINGLE = 5  # words; 5 is long enough that two independent articles on one story rarely share a shingle by chance
SEED = 1
SCHEME = "affine32"

_WORD = re.compile(r"\w+")
_MASK63 = (1 << 63) - 1  # band keys are stored as SQLite INTEGER (signed 64-bit)

# The fast path of :func:`_word_bytes`. An ASCII text's \w+ words are what is left when every ASCII non-word byte
# becomes a space and the bytes are split: bytes.translate + split run 2.5x faster than the regex (0.026 vs 0.064
# ms on the 3,000 bench.scale bodies). Most news bodies are ASCII but for curly quotes and dashes, so those (all
# non-word characters: tests/test_dedup.py checks) are blanked first, a charset scan that costs 0.008 ms a body;
# a body still non-ASCII after that (accented letters, other scripts) takes the regex. 97% of the bench.scale
# bodies take the fast path.
_ASCII_NONWORD_TO_SPACE = bytes(c if _WORD.fullmatch(chr(c)) else 0x20 for c in range(256))  # only 0-127 are used
_NONWORD_PUNCTUATION = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2013\u2014\u2015\u2026\u00ab\u00bb\u2022\u00b7"
_PUNCTUATION = re.compile(f"[{_NONWORD_PUNCTUATION}]")


def normalise(text: str) -> list[str]:
    """The words of a body as dedup compares them: NFKC, case-folded; punctuation, quotes and layout dropped.
    The definition: :func:`fingerprint` reads them through the faster :func:`_word_bytes` (tests hold them equal)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_bytes(text: str) -> list[bytes]:
    """:func:`normalise`'s words, UTF-8 encoded (what the exact key and the shingle hashes are computed on)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        blanked = _PUNCTUATION.sub(" ", folded)
        if not blanked.isascii():
            return [w.encode("utf-8") for w in _WORD.findall(folded)]
        folded = blanked
    return folded.encode("ascii").translate(_ASCII_NONWORD_TO_SPACE).split()


def shingles(words: Sequence[str], *, size: int = SHINGLE) -> list[str]:
    """Overlapping ``size``-word shingles; a text shorter than ``size`` words is one shingle. The definition:
    :func:`fingerprint` hashes them through :func:`shingle_hashes`, without building the strings."""
    if not words:
        return []
    if len(words) <= size:
        return [" ".join(words)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def shingle_hashes(words: Sequence[bytes], *, size: int = SHINGLE) -> list[int]:
    """CRC-32 of each UTF-8 shingle of ``words`` (UTF-8 encoded), as ``[zlib.crc32(s.encode()) for s in
    shingles(...)]`` gives, without building the shingle strings: each is a slice of the words joined once
    (0.07 ms a body against 0.13 ms for shingles + encode + crc32, bench.scale bodies)."""
    if not words:
        return []
    joined = b" ".join(words)
    if len(words) <= size:
        return [zlib.crc32(joined)]
    # ends[i]: where word i ends in ``joined`` (its length, the words before it and one space after each)
    ends = list(accumulate(len(w) + 1 for w in words))
    starts = [0, *ends[:-size]]
    return [zlib.crc32(joined[start : stop - 1]) for start, stop in zip(starts, ends[size - 1 :], strict=True)]


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    from datasketch import MinHash

    # Permutation parameters are derived from SEED; computing them once per size saves most of MinHash's cost.
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)


_MINHASH_BLOCK = 4096


@lru_cache(maxsize=8)
def _affine(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = _template(num_perm).permutations
    return np.ascontiguousarray(a, dtype=np.uint32), np.ascontiguousarray(b, dtype=np.uint32)


def minhash(hashes: Sequence[int], num_perm: int = NUM_PERM) -> np.ndarray:
    """datasketch's ``affine32`` MinHash of 32-bit input hashes, bit for bit (tests/test_dedup.py compares it with
    ``MinHash.update_batch``): the MurmurHash3 finalizer, then ``min over inputs of a*h + b mod 2**32`` per
    permutation. Computed here in a few numpy calls, without a MinHash object per body: 0.05 ms against 0.10 ms
    (bench.scale bodies). An empty input gives datasketch's empty signature (all 2**32-1)."""
    a, b = _affine(num_perm)
    if not hashes:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    h = np.array(hashes, dtype=np.uint32)
    # uint32 arithmetic wraps: the wrap-around is the mod 2**32 of both the finalizer and the permutation
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    # in blocks, so a very long body never needs a (shingles x permutations) table at once: 4,096 rows of 128
    # permutations are 2 MB
    sig = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    for start in range(0, len(h), _MINHASH_BLOCK):
        permuted = np.multiply.outer(h[start : start + _MINHASH_BLOCK], a)
        permuted += b
        np.minimum(sig, permuted.min(axis=0), out=sig)
    return sig


@lru_cache(maxsize=32)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) datasketch picks to minimise false positives + negatives around ``threshold``."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def warm(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
    """Import datasketch and compute this process's MinHash permutations and LSH bands/rows now, rather than at
    the first fingerprint. An ingest calls it before starting its worker processes: forked, they inherit all of
    it instead of each importing datasketch (0.7 s) and computing the same tables."""
    _affine(num_perm)
    lsh_params(threshold, num_perm)


@lru_cache(maxsize=8)
def _band_multipliers(rows: int) -> np.ndarray:
    rng = np.random.default_rng(0x5EED)
    return rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)


@lru_cache(maxsize=8)
def _band_salts(bands: int) -> np.ndarray:
    with np.errstate(over="ignore"):  # wrap-around is the hash
        return np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Fingerprint:
    """What dedup keeps of a body: its MinHash values, the band keys LSH files it under, and a hash of its
    normalised words (equal ``exact_key`` = the same words, differing only in punctuation, case or layout)."""

    signature: np.ndarray  # uint32[num_perm]
    bands: tuple[int, ...]
    exact_key: str

    @property
    def empty(self) -> bool:
        return not self.bands

    def jaccard(self, other: np.ndarray) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.signature == other)) / len(self.signature)

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def fingerprint(text: str, *, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> Fingerprint:
    """The fingerprint of a body. Pure: depends on the text and the two parameters only."""
    words = _word_bytes(text)
    exact_key = hashlib.sha1(b" ".join(words)).hexdigest()[:16]
    # duplicate shingles need no set(): a repeated hash cannot change a minimum
    sig = minhash(shingle_hashes(words), num_perm)
    if not words:
        return Fingerprint(sig, (), exact_key)
    return Fingerprint(sig, band_keys(sig, threshold=threshold), exact_key)


def band_keys(signature: np.ndarray, *, threshold: float = THRESHOLD) -> tuple[int, ...]:
    """One 63-bit key per LSH band: a universal hash of the band's rows, salted with the band number."""
    b, r = lsh_params(threshold, len(signature))
    rows = signature[: b * r].reshape(b, r).astype(np.uint64)
    # Integer matmul wraps mod 2**64 like the element-wise product and sum it replaces (same keys, tests pin
    # them), in one call and without an overflow check: 0.005 ms against 0.016 ms a signature.
    mixed = rows @ _band_multipliers(r)
    mixed ^= _band_salts(b)
    mixed &= np.uint64(_MASK63)
    return tuple(mixed.tolist())


class Buckets(Protocol):
    """Where LSH keeps its buckets and signatures."""

    def candidates(self, bands: Sequence[int]) -> Iterable[tuple[str, np.ndarray, str]]:
        """(article id, signature, exact key) of every article sharing at least one band key."""
        ...

    def insert(self, article_id: str, fp: Fingerprint) -> None: ...


class MemoryBuckets:
    """Buckets in dicts, for standalone use and tests."""

    def __init__(self) -> None:
        self._bands: dict[int, list[str]] = {}
        self._sigs: dict[str, tuple[np.ndarray, str]] = {}

    def candidates(self, bands: Sequence[int]) -> Iterable[tuple[str, np.ndarray, str]]:
        seen: set[str] = set()
        for key in bands:
            for aid in self._bands.get(key, ()):
                if aid not in seen:
                    seen.add(aid)
                    sig, exact = self._sigs[aid]
                    yield aid, sig, exact

    def insert(self, article_id: str, fp: Fingerprint) -> None:
        if article_id in self._sigs:
            return
        self._sigs[article_id] = (fp.signature, fp.exact_key)
        for key in fp.bands:
            self._bands.setdefault(key, []).append(article_id)

    def __len__(self) -> int:
        return len(self._sigs)


@dataclass(frozen=True, slots=True)
class Match:
    """An article already indexed that is a near (or word-for-word) copy of the one looked up."""

    article_id: str
    similarity: float
    kind: str  # "exact" (same words) | "near"


class NearDuplicateIndex:
    """MinHash LSH over word 5-shingles.

    ``threshold`` is the estimated Jaccard similarity of shingle sets from which two bodies count as copies of one
    text; ``num_perm`` the number of MinHash permutations (more = a finer estimate, a bigger signature).
    ``buckets`` is where the index lives (default: memory).
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, *, buckets: Buckets | None = None):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.buckets: Buckets = buckets if buckets is not None else MemoryBuckets()

    def fingerprint(self, text: str) -> Fingerprint:
        return fingerprint(text, threshold=self.threshold, num_perm=self.num_perm)

    def query(self, fp: Fingerprint, *, exclude: str | None = None) -> list[Match]:
        """Indexed articles whose estimated similarity to ``fp`` reaches the threshold, most similar first."""
        if fp.empty:
            return []
        out: list[Match] = []
        for aid, sig, exact in self.buckets.candidates(fp.bands):
            if aid == exclude or len(sig) != len(fp.signature):
                continue
            if exact == fp.exact_key:
                out.append(Match(aid, 1.0, "exact"))
                continue
            sim = fp.jaccard(sig)
            if sim >= self.threshold:
                out.append(Match(aid, sim, "near"))
        out.sort(key=lambda m: (-m.similarity, m.article_id))
        return out

    def insert(self, article_id: str, fp: Fingerprint) -> None:
        """Index ``fp`` (a body with no words is recorded but can match nothing)."""
        self.buckets.insert(article_id, fp)

    def add(self, article_id: str, text: str) -> list[tuple[str, float]]:
        """Index ``text`` under ``article_id``; return the near-duplicates already indexed with their
        estimated Jaccard similarity."""
        fp = self.fingerprint(text)
        matches = self.query(fp, exclude=article_id)
        self.insert(article_id, fp)
        return [(m.article_id, m.similarity) for m in matches]


def groups(ids: Sequence[str], links: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components of ``ids`` under ``links`` (pairs outside ``ids`` are ignored), in order of each
    group's first member in ``ids``. Each group is one piece of evidence."""
    parent = {i: i for i in ids}
    pos = {i: n for n, i in enumerate(ids)}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb, key=pos.__getitem__)] = min(ra, rb, key=pos.__getitem__)
    out: dict[str, set[str]] = {}
    for i in ids:
        out.setdefault(root(i), set()).add(i)
    return list(out.values())
