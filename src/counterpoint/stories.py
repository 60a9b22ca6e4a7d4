"""Stories found automatically: incremental clustering of articles about the same event.

A story is a set of articles reporting one event. :class:`StoryIndex` takes articles one at a time
(:meth:`StoryIndex.add`) and puts each into the best matching story active around its date, or starts a new one.

How an article is compared with a story (:meth:`StoryIndex.score`):

- **words**: cosine between the article's TF-IDF vector and the story's centroid. IDF comes from the index's own
  document frequencies, updated as articles arrive (no background corpus, nothing downloaded);
- **names**: cosine over the IDF-weighted words inside capitalised names (people, places, organisations);
- **numbers**: cosine over IDF-weighted number values, month-day dates and years.

The IDF in these cosines is a snapshot of the document frequencies, taken again each time the index has counted
:attr:`StoryParams.idf_refresh` (10 %) more documents than at the last one: every document up to 10, every 100 at
1,000, every 10,000 at 100k. The article and the story are weighed with the same snapshot, so the score stays a
cosine. Between refreshes a story's IDF-weighted norms change only when the story does, so they are computed once
and cached on the story (not saved: a pure function of the centroid and the snapshot, which is saved); the
article's weighted vectors are computed once per add, not once per candidate. ``idf_refresh=0`` takes the snapshot
after every document, which gives exactly the IDF of everything counted before the article (slow: the snapshot
costs O(vocabulary)).

Time window: an article with a published date only joins a story that has a dated member within
:attr:`StoryParams.window_days` days of it. Articles without a date join on content alone, and a story whose
members are all undated accepts any article. So a corpus with no dates (ECB+ as shipped) is clustered on content
only, and the window never splits it.

Scale: candidates come from an inverted index over each article's highest-weighted terms, names and numbers, read
most-recently-active story first and capped per term (:attr:`StoryParams.max_postings`), and only the best
:attr:`StoryParams.candidates` are scored in full; story centroids keep their top terms only. An add costs a
bounded amount of work whatever the index size, so adding N articles is linear in N.

Ids are deterministic: a story's id is ``"st-"`` + its first member's article id, so the same articles added in
the same order give the same stories and ids.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice, repeat
from operator import add, mul, sub
from typing import Any

from .errors import CompareError, StoreError
from .model import Article
from .segment import split_offsets
from .story_features import StoryFeatures, features

# 2: the IDF snapshot (``snapshot``: documents counted at the last refresh, and the document frequencies counted
# since). A version-1 state still loads, with the snapshot taken at load.
STATE_VERSION = 2


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Tuning of :class:`StoryIndex`. Defaults calibrated on ECB+ odd topics (1, 3, ..., 29), checked on even
    topics and BASIL; figures in ``docs/benchmarks.md`` (``.venv/bin/python -m bench.stories``)."""

    # Minimum score for an article to join a story, with the share of the score given to names and to numbers
    # (words get the rest). Swept on ECB+ odd topics (325 articles, 26 events, undated, Articles built directly;
    # `python -m bench.stories --sweep --ingest direct`),
    # B-cubed F1 batch / incremental, number_weight 0.1:
    #   year_conflict 1.0 (off): name_weight 0.35, threshold 0.20 0.851/0.861, 0.25 0.857/0.869, 0.30 0.846/0.861
    #   year_conflict 0.7:       threshold 0.17 0.879/0.839, 0.20 0.886/0.895, 0.22 0.891/0.890 (name_weight 0.4)
    #   year_conflict 0.6:       threshold 0.17 0.901/0.883, 0.20 0.901/0.900, 0.22 0.880/0.900 (name_weight 0.4)
    #   year_conflict 0.8:       threshold 0.17 0.859/0.839, 0.20 0.872/0.861, 0.22 0.876/0.895 (name_weight 0.4)
    # name_weight 0.35 vs 0.5 moved F1 by under 0.01 everywhere; number_weight 0.0–0.2 likewise. Chosen: 0.20.
    threshold: float = 0.20
    name_weight: float = 0.40
    number_weight: float = 0.10
    # Score multiplier when the article and the story both mention years and share none (2008 vs 2013 elections
    # in one country, two Internet Explorer zero-days five years apart); 1.0 turns it off. Swept above: 0.6.
    year_conflict: float = 0.6
    # An article joins only stories with a dated member within this many days of its date. A week covers a news
    # cycle's follow-ups; BASIL triplets are published within 3 days of each other.
    window_days: int = 7
    # Terms kept in each story's centroid (words / names / numbers). Bounds memory and scoring cost per story.
    centroid_terms: int = 150
    centroid_names: int = 60
    centroid_numbers: int = 40
    # Per article: how many top-weighted words are used to look up candidate stories (names and numbers all are).
    query_terms: int = 25
    # Stories read per posting list, most recently active first: a term found in more stories than this is not
    # rare enough to find candidates by.
    max_postings: int = 200
    # Stories scored in full per article, the ones sharing the most IDF mass of query terms.
    candidates: int = 30
    # Share by which the count of documents must grow before the IDF snapshot used in scores is taken again (at
    # least one document); 0 takes it after every document (exact, slow). Batch mode counts everything first, so
    # only incremental adds depend on it. Swept with `python -m bench.stories --idf-refresh R --no-write --scale`,
    # B-cubed F1 incremental (ECB+ odd / even / all, BASIL; ECB+ all over 5 shuffled orders, mean):
    #   through counterpoint.extract: 0.0  0.852/0.862/0.847, 0.984; 0.854
    #                                 0.05 0.851/0.862/0.847, 0.984; 0.855
    #                                 0.1  0.852/0.862/0.848, 0.984; 0.855
    #                                 0.2  0.851/0.862/0.848, 0.984; 0.855
    #   Articles built directly:      0.0 and 0.05 and 0.1: 0.900/0.879/0.878, 0.984 (0.05, 0.1: odd 0.898)
    #                                 0.2  0.898/0.861/0.878, 0.984
    # add() on the 1,000 bench.scale articles: 0.05 about 1.25 ms, 0.1 about 1.1 ms (old per-candidate IDF: 5.7).
    # Chosen: 0.1, the largest step with no loss anywhere.
    idf_refresh: float = 0.1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryParams:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class _Story:
    id: str
    members: list[str] = field(default_factory=list)
    words: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    # Derived, never saved: norms under the IDF snapshot, dropped when the story changes (see _Norms), and the
    # dates as day numbers for the window test.
    norms: _Norms | None = field(default=None, repr=False, compare=False)
    days: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_date is not None and self.last_date is not None:
            self.days = (_day(self.first_date), _day(self.last_date))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "words": self.words,
            "names": self.names,
            "numbers": self.numbers,
            "first_date": self.first_date,
            "last_date": self.last_date,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> _Story:
        return cls(
            id=d["id"],
            members=list(d["members"]),
            words={k: float(v) for k, v in d["words"].items()},
            names={k: float(v) for k, v in d["names"].items()},
            numbers={k: float(v) for k, v in d["numbers"].items()},
            first_date=d.get("first_date"),
            last_date=d.get("last_date"),
        )


@dataclass(frozen=True, slots=True)
class _Query:
    """An article's three channels as unit-length, idf-free vectors (sublinear tf), ready to score."""

    words: dict[str, float]
    names: dict[str, float]
    numbers: dict[str, float]
    published: str | None


@dataclass(frozen=True, slots=True)
class _Norms:
    """A story's IDF-weighted centroid norms per channel (0.0 for an empty channel) under snapshot ``epoch``."""

    epoch: int
    channels: tuple[float, float, float]
    has_years: bool


@dataclass(frozen=True, slots=True)
class _Weighted:
    """An article weighed with the IDF snapshot, once per add: for each non-empty channel, its index, the vector
    times IDF squared (so its dot product with a raw story centroid is the IDF-weighted dot product), its
    IDF-weighted norm and the channel's share of the score."""

    channels: tuple[tuple[int, dict[str, float], float, float], ...]
    years: tuple[str, ...]


def _sublinear(counts: Mapping[str, int]) -> dict[str, float]:
    vec = {k: 1.0 + math.log(c) for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _query(feats: StoryFeatures) -> _Query:
    nums = dict(feats.numbers)
    for y in feats.years:
        nums[f"y:{y}"] = nums.get(f"y:{y}", 0) + 1
    return _Query(
        words=_sublinear(feats.word_counts()),
        names=_sublinear(feats.name_tokens()),
        numbers=_sublinear(nums),
        published=feats.published,
    )


# Channels in the order of the per-channel tables; the prefix namespaces a channel's keys in posting lists and in
# the saved document frequencies.
_CHANNELS = (("words", "w:"), ("names", "n:"), ("numbers", "#:"))
_PREFIXES = tuple(prefix for _, prefix in _CHANNELS)
_DocFreqs = tuple[dict[str, int], dict[str, int], dict[str, int]]


def _day(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


class StoryIndex:
    """Stories built incrementally from articles' :class:`StoryFeatures`.

    ``add(article_id, feats)`` files an article and returns its story id; ``assign`` answers the same question
    without changing anything; ``stories()`` maps story id → member article ids in arrival order;
    ``to_state()`` / ``from_state()`` give a JSON-able snapshot that reloads to an index that makes the same
    decisions.
    """

    def __init__(self, params: StoryParams = StoryParams()) -> None:  # noqa: B008 - frozen, safe to share
        self.params = params
        self._df: _DocFreqs = ({}, {}, {})  # per channel: key -> documents that have it
        self._n_docs = 0
        self._stories: dict[str, _Story] = {}
        self._member_of: dict[str, str] = {}
        # key -> {story id: None}, insertion order = order of last activity, most recent last
        self._postings: dict[str, dict[str, None]] = {}
        self._count_df = True
        # IDF snapshot used in scores: documents counted at the last refresh, each key's IDF then (per channel),
        # and the document frequencies counted since (saved, so that a reload rebuilds the same snapshot);
        # _epoch tells stale cached norms.
        self._snap_n = 0
        self._snap_idf: tuple[dict[str, float], dict[str, float], dict[str, float]] = ({}, {}, {})
        self._snap_top = 1.0  # ln(snap_n + 1) + 1, the IDF of a key no snapshot document had
        self._since: _DocFreqs = ({}, {}, {})
        self._epoch = 0

    # --- public API ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._member_of)

    def story_of(self, article_id: str) -> str | None:
        return self._member_of.get(article_id)

    def stories(self) -> dict[str, list[str]]:
        """Story id → article ids, in order of story creation and member arrival."""
        return {sid: list(s.members) for sid, s in self._stories.items()}

    def add(self, article_id: str, feats: StoryFeatures) -> str:
        """File ``article_id`` into the best story (or a new one) and return that story's id. Adding an article
        already in the index changes nothing and returns its story."""
        known = self._member_of.get(article_id)
        if known is not None:
            return known
        q = _query(feats)
        sid, _score = self._best(q)
        if self._count_df:
            self._count(q)
        if sid is None:
            sid = "st-" + article_id
            self._stories[sid] = _Story(sid)
        story = self._stories[sid]
        story.members.append(article_id)
        self._member_of[article_id] = sid
        self._absorb(story, q)
        self._post(sid, q)
        return sid

    def assign(self, article_id: str, feats: StoryFeatures) -> str:
        """The story id :meth:`add` would return for this article now (``"st-" + article_id`` for a new story),
        with no side effect."""
        known = self._member_of.get(article_id)
        if known is not None:
            return known
        sid, _ = self._best(_query(feats))
        return sid if sid is not None else "st-" + article_id

    def candidates(self, feats: StoryFeatures) -> list[tuple[str, float]]:
        """Candidate stories for an article with their scores, best first (explains an :meth:`add`)."""
        q = _query(feats)
        w = self._weigh(q)
        scored = [(sid, self._score(w, self._stories[sid])) for sid in self._candidate_ids(q)]
        return sorted(scored, key=lambda p: (-p[1], p[0]))

    @classmethod
    def rebuild(
        cls, pairs: Iterable[tuple[str, StoryFeatures]], params: StoryParams = StoryParams()  # noqa: B008
    ) -> StoryIndex:
        """An index over all ``pairs`` (article id, features), built in order of published date (undated last)
        then id. Document frequencies are counted over every pair first, so early articles are compared with
        the IDF of the whole collection rather than of the few seen before them."""
        unique: dict[str, StoryFeatures] = {}
        for aid, feats in pairs:
            unique.setdefault(aid, feats)
        index = cls(params)
        queries = {aid: _query(f) for aid, f in unique.items()}
        for q in queries.values():
            index._count(q, refresh=False)
        index._refresh()
        index._count_df = False
        try:
            for aid in sorted(unique, key=lambda a: _order_key(a, unique[a].published)):
                index.add(aid, unique[aid])
        finally:
            index._count_df = True
        return index

    def to_state(self) -> dict[str, Any]:
        """A JSON-able snapshot: parameters, document frequencies, stories with centroids, posting lists."""
        return {
            "version": STATE_VERSION,
            "params": self.params.to_dict(),
            "n_docs": self._n_docs,
            "df": {p + k: n for p, df in zip(_PREFIXES, self._df, strict=True) for k, n in df.items()},
            "snapshot": {
                "n_docs": self._snap_n,
                "df_since": {p + k: n for p, since in zip(_PREFIXES, self._since, strict=True) for k, n in since.items()},
            },
            "stories": [s.to_dict() for s in self._stories.values()],
            "postings": {k: list(v) for k, v in self._postings.items()},
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> StoryIndex:
        """The index :meth:`to_state` saved (a version-1 state gets its IDF snapshot taken now). Raises
        :class:`StoreError` for a state of another version."""
        version = state.get("version")
        if version not in (1, STATE_VERSION):
            raise StoreError(f"story index state version {version!r}, expected {STATE_VERSION}")
        index = cls(StoryParams.from_dict(state["params"]))
        index._n_docs = int(state["n_docs"])
        index._df = _split(state["df"])
        for sd in state["stories"]:
            story = _Story.from_dict(sd)
            index._stories[story.id] = story
            for aid in story.members:
                index._member_of[aid] = story.id
        index._postings = {k: dict.fromkeys(v) for k, v in state["postings"].items()}
        snapshot = state.get("snapshot") or {"n_docs": index._n_docs, "df_since": {}}
        since = _split(snapshot["df_since"])
        then = tuple({k: n - s.get(k, 0) for k, n in df.items()} for df, s in zip(index._df, since, strict=True))
        index._take_snapshot(int(snapshot["n_docs"]), then)  # type: ignore[arg-type]
        index._since = since
        return index

    def score(self, feats: StoryFeatures, story_id: str) -> float:
        """Similarity of an article to story ``story_id`` in [0, 1] (ignores the time window)."""
        return self._score(self._weigh(_query(feats)), self._stories[story_id])

    # --- internals ----------------------------------------------------------------------------------------

    def _idf(self, ch: int, key: str) -> float:
        """Smoothed IDF, ``ln((N+1)/(df+1)) + 1``, of a key of channel ``ch`` now (finds and prunes)."""
        return math.log((self._n_docs + 1) / (self._df[ch].get(key, 0) + 1)) + 1.0

    def _snapshot_idfs(self, ch: int, keys: Iterable[str]) -> Iterator[float]:
        """IDF of many keys (in their order) under the snapshot: the hot path of scoring, so the per-key work
        runs in C (a map over dict lookups)."""
        return map(self._snap_idf[ch].get, keys, repeat(self._snap_top))

    def _count(self, q: _Query, *, refresh: bool = True) -> None:
        self._n_docs += 1
        for df, since, vec in zip(self._df, self._since, (q.words, q.names, q.numbers), strict=True):
            # keys of one vector are distinct, so each count is read before it is written
            df.update(zip(vec, map(add, map(df.get, vec, repeat(0)), repeat(1)), strict=True))
            since.update(zip(vec, map(add, map(since.get, vec, repeat(0)), repeat(1)), strict=True))
        if refresh and self._n_docs - self._snap_n >= max(1, int(self.params.idf_refresh * self._snap_n)):
            self._refresh()

    def _refresh(self) -> None:
        """Take the IDF snapshot now; every cached story norm goes stale."""
        self._take_snapshot(self._n_docs, self._df)
        self._since = ({}, {}, {})

    def _take_snapshot(self, n_docs: int, dfs: _DocFreqs) -> None:
        self._snap_n = n_docs
        self._snap_top = top = math.log(n_docs + 1) + 1.0
        _log1p_int(n_docs)  # the table covers every df
        w, n, x = (
            dict(zip(df, map(sub, repeat(top), map(_LOG_TABLE.__getitem__, df.values())), strict=True)) for df in dfs
        )
        self._snap_idf = (w, n, x)
        self._epoch += 1

    def _query_keys(self, q: _Query) -> list[tuple[int, str]]:
        """(channel, key) pairs an article is found by and posted under: its highest-weighted words, every name
        and number."""
        _log1p_int(self._n_docs)
        idfs = map(sub, repeat(math.log(self._n_docs + 1) + 1.0),
                   map(_LOG_TABLE.__getitem__, map(self._df[0].get, q.words, repeat(0))))
        top = heapq.nlargest(self.params.query_terms, zip(map(mul, q.words.values(), idfs), q.words, strict=True))
        return [(0, k) for _, k in top] + [(1, k) for k in q.names] + [(2, k) for k in q.numbers]

    def _in_window(self, story: _Story, day: int | None) -> bool:
        if day is None or story.days is None:
            return True
        w = self.params.window_days
        return story.days[0] - w <= day <= story.days[1] + w

    def _candidate_ids(self, q: _Query) -> list[str]:
        hits: dict[str, float] = {}
        get = hits.get
        cap = self.params.max_postings
        for ch, k in self._query_keys(q):
            posting = self._postings.get(_PREFIXES[ch] + k)
            if not posting:
                continue
            idf = self._idf(ch, k)
            for sid in islice(reversed(posting), cap):
                hits[sid] = get(sid, 0.0) + idf
        if q.published is None:
            ranked = [(-h, sid) for sid, h in hits.items()]
        else:
            day, stories = _day(q.published), self._stories
            ranked = [(-h, sid) for sid, h in hits.items() if self._in_window(stories[sid], day)]
        return [sid for _, sid in heapq.nsmallest(self.params.candidates, ranked)]

    def _best(self, q: _Query) -> tuple[str | None, float]:
        best: tuple[str | None, float] = (None, 0.0)
        ids = self._candidate_ids(q)
        if not ids:
            return best
        w = self._weigh(q)
        for sid in ids:
            s = self._score(w, self._stories[sid])
            if s >= self.params.threshold and (s > best[1] or (s == best[1] and best[0] is not None and sid < best[0])):
                best = (sid, s)
        return best

    def _weigh(self, q: _Query) -> _Weighted:
        p = self.params
        shares = (1.0 - p.name_weight - p.number_weight, p.name_weight, p.number_weight)
        channels = []
        for ch, vec in enumerate((q.words, q.names, q.numbers)):
            if not vec:
                continue
            idfs = list(self._snapshot_idfs(ch, vec))
            norm = math.hypot(*map(mul, vec.values(), idfs))
            squared = dict(zip(vec, map(mul, vec.values(), map(mul, idfs, idfs)), strict=True))
            channels.append((ch, squared, norm, shares[ch]))
        return _Weighted(tuple(channels), tuple(k for k in q.numbers if k.startswith("y:")))

    def _norms(self, story: _Story) -> _Norms:
        cached = story.norms
        if cached is not None and cached.epoch == self._epoch:
            return cached
        w, n, x = (
            math.hypot(*map(mul, c.values(), self._snapshot_idfs(ch, c)))
            for ch, c in enumerate((story.words, story.names, story.numbers))
        )
        story.norms = _Norms(self._epoch, (w, n, x), any(k.startswith("y:") for k in story.numbers))
        return story.norms

    def _score(self, w: _Weighted, story: _Story) -> float:
        p = self.params
        norms = self._norms(story)
        centroids = (story.words, story.names, story.numbers)
        total = score = 0.0
        for ch, vec, norm, share in w.channels:
            centroid = centroids[ch]
            if not centroid:  # empty on either side: the channel drops out
                continue
            total += share
            shared = vec.keys() & centroid.keys()
            if shared:
                # fsum: exact whatever the (hash-seeded) order of the set, so scores are the same in every process
                dot = math.fsum(map(mul, map(vec.__getitem__, shared), map(centroid.__getitem__, shared)))
                score += share * dot / (norm * norms.channels[ch])
        if total <= 0:
            return 0.0
        score /= total
        if w.years and norms.has_years and p.year_conflict < 1.0 and not any(y in story.numbers for y in w.years):
            score *= p.year_conflict
        return score

    def _absorb(self, story: _Story, q: _Query) -> None:
        for attr in ("words", "names", "numbers"):
            centroid: dict[str, float] = getattr(story, attr)
            for k, v in getattr(q, attr).items():
                centroid[k] = centroid.get(k, 0.0) + v
        story.norms = None
        self._prune(story)
        if q.published is not None:
            if story.first_date is None or q.published < story.first_date:
                story.first_date = q.published
            if story.last_date is None or q.published > story.last_date:
                story.last_date = q.published
            story.days = (_day(story.first_date), _day(story.last_date))

    def _prune(self, story: _Story) -> None:
        p = self.params
        for ch, (attr, _), keep in zip(
            range(3), _CHANNELS, (p.centroid_terms, p.centroid_names, p.centroid_numbers), strict=True
        ):
            centroid: dict[str, float] = getattr(story, attr)
            if len(centroid) > 2 * keep:  # prune in batches so the sort is amortised
                idf = self._idf
                top = heapq.nlargest(keep, [(v * idf(ch, k), k, v) for k, v in centroid.items()])
                setattr(story, attr, dict(sorted((k, v) for _, k, v in top)))

    def _post(self, sid: str, q: _Query) -> None:
        for ch, k in self._query_keys(q):
            posting = self._postings.setdefault(_PREFIXES[ch] + k, {})
            posting.pop(sid, None)  # move to the end: most recently active
            posting[sid] = None


_LOG_TABLE: list[float] = []


def _log1p_int(n: int) -> float:
    """``ln(n + 1)`` for a document frequency, from a table that only ever grows (pure arithmetic, no state)."""
    if n >= len(_LOG_TABLE):
        _LOG_TABLE.extend(math.log(i + 1) for i in range(len(_LOG_TABLE), max(n + 1, 2 * len(_LOG_TABLE))))
    return _LOG_TABLE[n]


def _split(flat: Mapping[str, Any]) -> _DocFreqs:
    """Per-channel tables from saved ``prefix + key`` document frequencies."""
    out: _DocFreqs = ({}, {}, {})
    channel = {prefix: ch for ch, prefix in enumerate(_PREFIXES)}
    for key, n in flat.items():
        out[channel[key[:2]]][key[2:]] = int(n)
    return out


def _order_key(article_id: str, published: str | None) -> tuple[bool, str, str]:
    return (published is None, published or "", article_id)


def cluster(articles: Iterable[Article], params: StoryParams = StoryParams()) -> dict[str, list[str]]:  # noqa: B008
    """Stories of a batch of articles (story id → article ids), built in order of published date then id."""
    return StoryIndex.rebuild(((a.id, features(a)) for a in articles), params).stories()


def bcubed(found: Mapping[str, Sequence[str]], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``found`` stories (story id → article ids) against ``gold`` labels
    (article id → true story), averaged over the articles of ``gold``. Raises :class:`CompareError` when a gold
    article is in no found story."""
    story_of = {a: sid for sid, members in found.items() for a in members}
    class_size: dict[str, int] = {}
    for g in gold.values():
        class_size[g] = class_size.get(g, 0) + 1
    p = r = 0.0
    for a, g in gold.items():
        if a not in story_of:
            raise CompareError(f"article {a} is in no story")
        members = found[story_of[a]]
        same = sum(1 for m in members if gold.get(m) == g)
        p += same / len(members)
        r += same / class_size[g]
    if not gold:
        return 0.0, 0.0, 0.0
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def story_title(articles: Sequence[Article]) -> str:
    """A representative title for a story: the title of its most central article (highest summed word cosine to
    the others, ties to the earliest), else that article's first sentence. Raises :class:`CompareError` when
    ``articles`` is empty."""
    if not articles:
        raise CompareError("a story title needs at least one article")
    index = StoryIndex()
    queries = [_query(features(a)) for a in articles]
    for q in queries:
        index._count(q, refresh=False)
    index._refresh()
    # words channel of each article, weighed: (index, vector times IDF squared, norm, share) or None
    weighed = [next((c for c in index._weigh(q).channels if c[0] == 0), None) for q in queries]

    def cos(i: int, j: int) -> float:
        a, b = weighed[i], weighed[j]
        if a is None or b is None:
            return 0.0
        raw = queries[j].words
        return sum(v * raw[k] for k, v in a[1].items() if k in raw) / (a[2] * b[2])

    centre = max(
        range(len(articles)),
        key=lambda i: (sum(cos(i, j) for j in range(len(articles)) if j != i), -i),
    )
    art = articles[centre]
    if art.title and art.title.strip():
        return art.title.strip()
    if art.sentences:
        return art.sentence_text(art.sentences[0])
    offsets = split_offsets(art.text, language=art.language)
    return art.text[offsets[0][0] : offsets[0][1]] if offsets else art.text.strip()[:120]
