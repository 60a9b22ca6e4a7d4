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
article's weighted vectors are computed once per add, not once per candidate. Scores and norms are computed on
copies of the centroids as arrays of integer key ids (:mod:`counterpoint.story_centroids`), float for float what
the dicts give. ``idf_refresh=0`` takes the snapshot after every document, which gives exactly the IDF of
everything counted before the article (slow: the snapshot costs O(vocabulary)).

Time window: an article with a published date only joins a story that has a dated member within
:attr:`StoryParams.window_days` days of it, or, as a late follow-up, within :attr:`StoryParams.late_window_days`
days on a score of at least :attr:`StoryParams.late_threshold`. Articles without a date join on content alone, and
a story whose members are all undated accepts any article. So a corpus with no dates (ECB+ as shipped) is
clustered on content only, and the window never splits it.

Scale: candidates come from an inverted index over each article's highest-weighted words, names and numbers
(:attr:`StoryParams.query_terms`, ``query_names``, ``query_numbers``), whose posting lists keep the
:attr:`StoryParams.max_postings` most recently active stories, and only the best :attr:`StoryParams.candidates`
are scored in full; story centroids keep their top terms only. An add costs a bounded amount of work whatever the
index size, so adding N articles is linear in N.

Memory: a story that can no longer receive articles is closed and leaves memory and the posting lists: when no
article has joined it in the last :attr:`StoryParams.idle_articles` adds (arrival order, so undated input is
bounded too), or, dated, once the newest date seen is :attr:`StoryParams.late_days` past the end of its reach.
A later article on its event starts a new story. With ``track_members=False`` (the corpus, which records
memberships in its database) the index holds no article ids at all, so its memory is bounded by the live stories
and the vocabulary, not by the number of articles.

Ids are deterministic: a story's id is ``"st-"`` + its first member's article id, so the same articles added in
the same order give the same stories and ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from itertools import compress, repeat
from operator import add, ge, mul, neg, sub
from typing import Any

import numpy as np

from .errors import StoreError
from .model import Article
from .story_centroids import LiveStory, Vocabulary, dots
from .story_features import StoryFeatures, features
from .story_params import StoryParams
from .story_vectors import (
    CHANNELS,
    LOG_TABLE,
    PREFIXES,
    ArticleVectors,
    DocFreqs,
    StoryNorms,
    WeightedArticle,
    article_vectors,
    cover_log_table,
    day_number,
    split_doc_freqs,
)

# 2: the IDF snapshot (``snapshot``: documents counted at the last refresh, and the document frequencies counted
# since). A version-1 state still loads, with the snapshot taken at load.
# 3: the arrival clock and newest date that close stories, story sizes and last activity, closed stories' members
# and creation order (when members are tracked). Version 1 and 2 states still load.
STATE_VERSION = 3
# Idle stories are looked for this many times per StoryParams.idle_articles adds: a story closes at most a tenth
# of that window late, and the sweep (over live stories and posting lists) costs a small share of the adds.
_SWEEPS = 10


class StoryIndex:
    """Stories built incrementally from articles' :class:`StoryFeatures`.

    ``add(article_id, feats)`` files an article and returns its story id; ``assign`` answers the same question
    without changing anything; ``stories()`` maps story id → member article ids in arrival order;
    ``to_state()`` / ``from_state()`` give a JSON-able snapshot that reloads to an index that makes the same
    decisions.

    ``track_members=False`` keeps no article ids (``stories()`` and ``story_of`` then know nothing, and adding
    an article twice files it twice): for a caller that records memberships itself, such as the corpus, so that
    memory does not grow with the number of articles. Decisions are the same either way.

    An index is not for sharing between threads: even ``score``, ``assign`` and ``candidates`` write scratch arrays
    (the article being scored, in story_centroids).
    """

    def __init__(self, params: StoryParams = StoryParams(), *, track_members: bool = True) -> None:  # noqa: B008
        self.params = params
        self.track_members = track_members
        self._df: DocFreqs = ({}, {}, {})  # per channel: key -> documents that have it
        self._n_docs = 0
        self._clock = 0  # articles added: the arrival-order clock that closes idle stories
        self._newest_day: int | None = None  # latest published date seen, as a day number
        self._stories: dict[str, LiveStory] = {}  # live stories, the ones an article can still join
        self._closed: dict[str, list[str]] = {}  # closed stories' members (tracked only)
        self._created: dict[str, int] = {}  # story id -> clock at creation, to list stories in order (tracked only)
        self._member_of: dict[str, str] = {}
        # key -> {story id: None}, insertion order = order of last activity, most recent last; at most
        # max_postings live stories
        self._postings: dict[str, dict[str, None]] = {}
        self._count_df = True
        # IDF snapshot used in scores: documents counted at the last refresh, and per channel each key's IDF and
        # document frequency then (the frequencies counted since are saved, so that a reload rebuilds the same
        # snapshot); _epoch tells stale cached norms.
        self._snap_n = 0
        # per channel: key ids and, by id, the snapshot and the article being scored (see story_centroids)
        self._vocab = (Vocabulary(), Vocabulary(), Vocabulary())
        self._epoch = 0

    # --- public API ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        """Articles added."""
        return self._clock

    @property
    def live(self) -> int:
        """Stories still open to new articles (the ones held in memory)."""
        return len(self._stories)

    def story_of(self, article_id: str) -> str | None:
        return self._member_of.get(article_id)

    def stories(self) -> dict[str, list[str]]:
        """Story id → article ids, in order of story creation and member arrival (closed stories included)."""
        out = {sid: list(m) for sid, m in self._closed.items()}
        out.update((sid, list(s.members)) for sid, s in self._stories.items())
        return dict(sorted(out.items(), key=lambda p: self._created[p[0]])) if self._closed else out

    def add(self, article_id: str, feats: StoryFeatures | ArticleVectors) -> str:
        """File ``article_id`` into the best story (or a new one) and return that story's id. Adding an article
        already in the index changes nothing and returns its story (when members are tracked). ``feats`` may be
        the article's :func:`~counterpoint.story_vectors.article_vectors`, computed elsewhere (a worker process:
        see :class:`counterpoint.prepare.Prepared`)."""
        known = self._member_of.get(article_id)
        if known is not None:
            return known
        q = _vectors(feats)
        ids = self._ids(q, assign=True)
        keys = self._query_keys(q)
        sid, _score = self._best(q, ids, keys)
        if self._count_df:
            self._count(q)
        self._clock += 1
        if sid is None:
            sid = "st-" + article_id
            self._stories[sid] = LiveStory(sid)
            if self.track_members:
                self._created[sid] = self._clock
        story = self._stories[sid]
        story.size += 1
        story.touched = self._clock
        if self.track_members:
            story.members.append(article_id)
            self._member_of[article_id] = sid
        self._absorb(story, q, ids)
        self._post(sid, keys)
        if self._clock % max(1, self.params.idle_articles // _SWEEPS) == 0:
            self._close_idle()
        return sid

    def assign(self, article_id: str, feats: StoryFeatures | ArticleVectors) -> str:
        """The story id :meth:`add` would return for this article now (``"st-" + article_id`` for a new story),
        with no side effect."""
        known = self._member_of.get(article_id)
        if known is not None:
            return known
        q = _vectors(feats)
        sid, _ = self._best(q, self._ids(q), self._query_keys(q))
        return sid if sid is not None else "st-" + article_id

    def candidates(self, feats: StoryFeatures | ArticleVectors) -> list[tuple[str, float]]:
        """Candidate stories for an article with their scores, best first (explains an :meth:`add`)."""
        q = _vectors(feats)
        ids = self._candidate_ids(q, self._query_keys(q))
        scored = zip(ids, self._scores(q, self._ids(q), [self._stories[sid] for sid in ids]), strict=True)
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
        queries = {aid: article_vectors(f) for aid, f in unique.items()}
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
        """A JSON-able snapshot: parameters, document frequencies, live stories with centroids, posting lists
        (and, when members are tracked, the closed stories' members)."""
        state = {
            "version": STATE_VERSION,
            "params": self.params.to_dict(),
            "n_docs": self._n_docs,
            "clock": self._clock,
            "newest_day": self._newest_day,
            "df": {p + k: n for p, df in zip(PREFIXES, self._df, strict=True) for k, n in df.items()},
            "snapshot": {
                "n_docs": self._snap_n,
                "df_since": {p + k: n for p, since in zip(PREFIXES, self._counted_since(), strict=True)
                             for k, n in since.items()},
            },
            "stories": [s.to_dict() for s in self._stories.values()],
            "postings": {k: list(v) for k, v in self._postings.items()},
        }
        if self.track_members:
            state["closed"] = self._closed
            state["created"] = self._created
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, Any], *, track_members: bool | None = None) -> StoryIndex:
        """The index :meth:`to_state` saved (a version-1 state gets its IDF snapshot taken now). Members are
        tracked as they were when saved unless ``track_members`` says otherwise (False drops them). Raises
        :class:`StoreError` for a state of another version."""
        version = state.get("version")
        if version not in (1, 2, STATE_VERSION):
            raise StoreError(f"story index state version {version!r}, expected {STATE_VERSION}")
        stories = [LiveStory.from_dict(sd) for sd in state["stories"]]
        if track_members is None:
            track_members = "created" in state if version == STATE_VERSION else True
        index = cls(StoryParams.from_dict(state["params"]), track_members=track_members)
        index._n_docs = int(state["n_docs"])
        index._clock = int(state.get("clock", sum(s.size for s in stories)))
        index._newest_day = state.get("newest_day")
        index._df = split_doc_freqs(state["df"])
        if track_members:
            index._closed = {k: list(v) for k, v in state.get("closed", {}).items()}
            index._created = {k: int(v) for k, v in state.get("created", {}).items()}
        for n, story in enumerate(stories):
            if track_members:
                index._created.setdefault(story.id, n)
                for aid in story.members:
                    index._member_of[aid] = story.id
            else:
                story.members = []
            index._stories[story.id] = story
        for sid, members in index._closed.items():
            for aid in members:
                index._member_of[aid] = sid
        cap = index.params.max_postings
        index._postings = {k: dict.fromkeys(v[-cap:]) for k, v in state["postings"].items()}
        snapshot = state.get("snapshot") or {"n_docs": index._n_docs, "df_since": {}}
        since = split_doc_freqs(snapshot["df_since"])
        then = tuple({k: n - s.get(k, 0) for k, n in df.items()} for df, s in zip(index._df, since, strict=True))
        index._take_snapshot(int(snapshot["n_docs"]), then)  # type: ignore[arg-type]
        for story in stories:  # every key in a centroid has an id (see _ids)
            story.ids = tuple(v.assign(c) for v, c in zip(index._vocab, (story.words, story.names, story.numbers),
                                                            strict=True))
        return index

    def score(self, feats: StoryFeatures | ArticleVectors, story_id: str) -> float:
        """Similarity of an article to story ``story_id`` in [0, 1] (ignores the time window)."""
        q = _vectors(feats)
        return self._scores(q, self._ids(q), [self._stories[story_id]])[0]

    # --- internals ----------------------------------------------------------------------------------------

    def _live_idfs(self, ch: int, keys: Iterable[str]) -> Iterator[float]:
        """Smoothed IDF now, ``ln(N+1) - ln(df+1) + 1``, of many keys of channel ``ch`` (in their order), as used
        to find candidates and prune centroids; the per-key work runs in C."""
        cover_log_table(self._n_docs)  # every df is at most the number of documents
        return map(sub, repeat(math.log(self._n_docs + 1) + 1.0),
                   map(LOG_TABLE.__getitem__, map(self._df[ch].get, keys, repeat(0))))

    def _live_idfs_of(self, keys: list[tuple[int, str]]) -> list[float]:
        out: list[float] = []
        for ch in range(3):
            out += self._live_idfs(ch, [k for c, k in keys if c == ch])
        return out  # keys come grouped by channel, in channel order (see _query_keys)

    def _count(self, q: ArticleVectors, *, refresh: bool = True) -> None:
        self._n_docs += 1
        for df, vec in zip(self._df, (q.words, q.names, q.numbers), strict=True):
            # keys of one vector are distinct, so each count is read before it is written
            df.update(zip(vec, map(add, map(df.get, vec, repeat(0)), repeat(1)), strict=True))
        if refresh and self._n_docs - self._snap_n >= max(1, int(self.params.idf_refresh * self._snap_n)):
            self._refresh()

    def _refresh(self) -> None:
        """Take the IDF snapshot now; every cached story norm goes stale."""
        self._take_snapshot(self._n_docs, self._df)

    def _counted_since(self) -> DocFreqs:
        """Per channel, each key's documents counted since the snapshot (keys with none left out)."""
        out: DocFreqs = ({}, {}, {})
        for since, vocab, df in zip(out, self._vocab, self._df, strict=True):
            now = np.fromiter(df.values(), np.int64, len(df))
            since.update((k, n) for k, n in zip(df, (now - vocab.counted[vocab.lookup(df, len(df))]).tolist(),
                                                strict=True) if n)
        return out

    def _take_snapshot(self, n_docs: int, dfs: DocFreqs) -> None:
        self._snap_n = n_docs
        top = math.log(n_docs + 1) + 1.0  # the IDF of a key no snapshot document had
        cover_log_table(n_docs)
        for vocab, df in zip(self._vocab, dfs, strict=True):
            idfs = np.fromiter(map(sub, repeat(top), map(LOG_TABLE.__getitem__, df.values())), float, len(df))
            vocab.take_snapshot(top, vocab.assign(df), idfs, np.fromiter(df.values(), np.int64, len(df)))
        self._epoch += 1

    def _query_keys(self, q: ArticleVectors) -> list[tuple[int, str]]:
        """(channel, key) pairs an article is found by and posted under: its highest-weighted words, names and
        numbers (weight: sublinear tf times the IDF now)."""
        p = self.params
        out: list[tuple[int, str]] = []
        for ch, vec, cap in ((0, q.words, p.query_terms), (1, q.names, p.query_names), (2, q.numbers, p.query_numbers)):
            if len(vec) <= cap:
                out += [(ch, k) for k in vec]
                continue
            weights = list(map(mul, vec.values(), self._live_idfs(ch, vec)))
            # the `cap` largest (weight, key) pairs, largest first: sorted(zip(weights, vec), reverse=True)[:cap]
            # (keys are distinct, so no two pairs tie), sorting only the pairs that can be among them
            keep = _reaching_kth(weights, cap)
            ranked = sorted(zip(compress(weights, keep), compress(vec, keep), strict=True), reverse=True)
            out += [(ch, k) for _, k in ranked[:cap]]
        return out

    def _in_window(self, story: LiveStory, day: int | None) -> bool:
        """Whether an article dated ``day`` may join ``story`` at some score (within its reach)."""
        return self._days_out(story, day) <= self.params.reach_days

    @staticmethod
    def _days_out(story: LiveStory, day: int | None) -> int:
        """Days between ``day`` and the nearest of the story's dates; 0 within them or when either is undated."""
        if day is None or story.days is None:
            return 0
        return max(story.days[0] - day, day - story.days[1], 0)

    def _threshold(self, story: LiveStory, day: int | None) -> float:
        """The score an article dated ``day`` needs to join ``story``: a late follow-up needs more."""
        p = self.params
        return p.threshold if self._days_out(story, day) <= p.window_days else max(p.threshold, p.late_threshold)

    def _candidate_ids(self, q: ArticleVectors, keys: list[tuple[int, str]]) -> list[str]:
        hits: dict[str, float] = {}
        get = hits.get
        postings = self._postings
        for (ch, k), idf in zip(keys, self._live_idfs_of(keys), strict=True):
            posting = postings.get(PREFIXES[ch] + k)
            if not posting:
                continue
            for sid in posting:
                hits[sid] = get(sid, 0.0) + idf
        # the best `candidates` stories, ties to the smaller id: heapq.nsmallest(n, zip(map(neg, scores), hits)),
        # sorting only the pairs that can be among them
        n, scores = self.params.candidates, list(hits.values())
        keep = _reaching_kth(scores, n)
        top = sorted(zip(map(neg, compress(scores, keep)), compress(hits, keep), strict=True))[:n]
        if q.published is None:
            return [sid for _, sid in top]
        # Dated: the best that are in the window. Most often the best few all are: only then is the whole
        # ranking sorted.
        day, stories = day_number(q.published), self._stories
        if all(self._in_window(stories[sid], day) for _, sid in top):
            return [sid for _, sid in top]
        out = []
        for _, sid in sorted(zip(map(neg, hits.values()), hits, strict=True)):
            if self._in_window(stories[sid], day):
                out.append(sid)
                if len(out) == self.params.candidates:
                    break
        return out

    def _best(
        self, q: ArticleVectors, key_ids: tuple[np.ndarray, ...], keys: list[tuple[int, str]]
    ) -> tuple[str | None, float]:
        best: tuple[str | None, float] = (None, 0.0)
        ids = self._candidate_ids(q, keys)
        if not ids:
            return best
        day = None if q.published is None else day_number(q.published)
        stories = [self._stories[sid] for sid in ids]
        for story, s in zip(stories, self._scores(q, key_ids, stories), strict=True):
            sid = story.id
            if s >= self._threshold(story, day) and (
                s > best[1] or (s == best[1] and best[0] is not None and sid < best[0])
            ):
                best = (sid, s)
        return best

    def _ids(self, q: ArticleVectors, *, assign: bool = False) -> tuple[np.ndarray, ...]:
        """Ids of the article's keys per channel: numbered when ``assign`` (an article being added), else 0 for a
        key never seen (IDF ``top``, in no story)."""
        vecs = (q.words, q.names, q.numbers)
        if assign:
            return tuple(v.assign(vec) for v, vec in zip(self._vocab, vecs, strict=True))
        return tuple(v.lookup(vec, len(vec)) for v, vec in zip(self._vocab, vecs, strict=True))

    def _weigh(self, q: ArticleVectors, key_ids: tuple[np.ndarray, ...]) -> WeightedArticle:
        p = self.params
        shares = (1.0 - p.name_weight - p.number_weight, p.name_weight, p.number_weight)
        channels = []
        for ch, vec in enumerate((q.words, q.names, q.numbers)):
            if not vec:
                continue
            ids = key_ids[ch]
            idfs = self._vocab[ch].snapshot[ids]
            values = np.fromiter(vec.values(), float, len(vec))
            norm = math.hypot(*(values * idfs).tolist())
            channels.append((ch, ids, values * (idfs * idfs), norm, shares[ch]))
        return WeightedArticle(tuple(channels), tuple(k for k in q.numbers if k.startswith("y:")))

    def _norms(self, story: LiveStory) -> StoryNorms:
        cached = story.norms
        if cached is not None and cached.epoch == self._epoch:
            return cached
        w, n, x = (c.norm(v) for c, v in zip(story.centroid_arrays(), self._vocab, strict=True))
        story.norms = StoryNorms(self._epoch, (w, n, x), any(map(str.startswith, story.numbers, repeat("y:"))))
        return story.norms

    def _scores(self, q: ArticleVectors, key_ids: tuple[np.ndarray, ...], stories: list[LiveStory]) -> list[float]:
        """The article's score against each story: per channel, the IDF-weighted cosine, weighed by the channel's
        share among the channels both sides have; times ``year_conflict`` when both have years and share none."""
        p = self.params
        arrays = [s.centroid_arrays() for s in stories]
        w = self._weigh(q, key_ids)
        per_channel = {
            ch: dots(self._vocab[ch], ids, squared, [a[ch] for a in arrays]) for ch, ids, squared, _, _ in w.channels
        }
        out = []
        for i, story in enumerate(stories):
            norms = self._norms(story)
            centroids = (story.words, story.names, story.numbers)
            total = score = 0.0
            for ch, _, _, norm, share in w.channels:
                if not centroids[ch]:  # empty on either side: the channel drops out
                    continue
                total += share
                dot = per_channel[ch][i]
                if dot:  # some key shared (every product is positive)
                    score += share * dot / (norm * norms.channels[ch])
            if total <= 0:
                out.append(0.0)
                continue
            score /= total
            if w.years and norms.has_years and p.year_conflict < 1.0 and not any(y in story.numbers for y in w.years):
                score *= p.year_conflict
            out.append(score)
        return out

    def _absorb(self, story: LiveStory, q: ArticleVectors, key_ids: tuple[np.ndarray, ...]) -> None:
        story.add_vectors((q.words, q.names, q.numbers), key_ids)
        self._prune(story)
        if q.published is not None:
            if story.first_date is None or q.published < story.first_date:
                story.first_date = q.published
            if story.last_date is None or q.published > story.last_date:
                story.last_date = q.published
            story.days = (day_number(story.first_date), day_number(story.last_date))
            if self._newest_day is None or story.days[1] > self._newest_day:
                self._newest_day = story.days[1]

    def _prune(self, story: LiveStory) -> None:
        p = self.params
        for ch, (attr, _), keep in zip(
            range(3), CHANNELS, (p.centroid_terms, p.centroid_names, p.centroid_numbers), strict=True
        ):
            centroid: dict[str, float] = getattr(story, attr)
            if len(centroid) > 2 * keep:  # prune in batches so the sort is amortised
                # the `keep` largest (weight, key, value, id), as sorted(..., reverse=True)[:keep] gives (distinct
                # keys: no ties), sorting only the ones that can be among them
                weights = list(map(mul, centroid.values(), self._live_idfs(ch, centroid)))
                mask = _reaching_kth(weights, keep)
                top = sorted(zip(compress(weights, mask), compress(centroid, mask), compress(centroid.values(), mask),
                                 compress(story.ids[ch].tolist(), mask), strict=True), reverse=True)[:keep]
                story.keep_only(ch, sorted((k, v, i) for _, k, v, i in top))

    def _post(self, sid: str, keys: list[tuple[int, str]]) -> None:
        cap = self.params.max_postings
        for ch, k in keys:
            posting = self._postings.setdefault(PREFIXES[ch] + k, {})
            posting.pop(sid, None)  # move to the end: most recently active
            posting[sid] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]

    def _close_idle(self) -> None:
        """Close the stories no article can join any more (see :attr:`StoryParams.idle_articles` and
        :attr:`StoryParams.late_days`): they leave memory and every posting list."""
        p = self.params
        horizon = self._clock - p.idle_articles
        late = None if self._newest_day is None else self._newest_day - p.reach_days - p.late_days
        gone = {
            sid for sid, s in self._stories.items()
            if s.touched <= horizon or (late is not None and s.days is not None and s.days[1] < late)
        }
        if not gone:
            return
        for sid in gone:
            story = self._stories.pop(sid)
            if self.track_members:
                self._closed[sid] = story.members
        for key in [k for k, posting in self._postings.items() if not gone.isdisjoint(posting)]:
            posting = self._postings[key]
            for sid in gone.intersection(posting):
                del posting[sid]
            if not posting:
                del self._postings[key]


def _reaching_kth(values: list[float], k: int) -> list[bool]:
    """For each of ``values``, whether it is at least the ``k``-th largest of them: the ``k`` largest and any that
    tie the ``k``-th, whatever the tie-break. Sorting the bare floats in C, then only the pairs they select, is
    faster than sorting every (value, key) pair or heapq's Python loop: with it the story index took 2.39 against
    2.60 ms an add over the 30k bench.scale stream (same decisions; alternated runs, means of 3)."""
    if len(values) <= k:
        return [True] * len(values)
    kth = sorted(values, reverse=True)[k - 1]
    return list(map(ge, values, repeat(kth)))


def _vectors(feats: StoryFeatures | ArticleVectors) -> ArticleVectors:
    return feats if isinstance(feats, ArticleVectors) else article_vectors(feats)


def _order_key(article_id: str, published: str | None) -> tuple[bool, str, str]:
    return (published is None, published or "", article_id)


def cluster(articles: Iterable[Article], params: StoryParams = StoryParams()) -> dict[str, list[str]]:  # noqa: B008
    """Stories of a batch of articles (story id → article ids), built in order of published date then id."""
    return StoryIndex.rebuild(((a.id, features(a)) for a in articles), params).stories()
