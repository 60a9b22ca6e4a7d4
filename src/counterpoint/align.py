"""Fact alignment: group sentences from different articles that state the same fact.

Many-to-many: a fact is a set of sentences from at least two articles (one outlet may spread over two sentences
what another says in one). Everything not in a fact is unique to its outlet.

Precision matters more than recall — a false "shared fact" is a false corroboration — so a sentence only links to
its best match in each other article (plus near-ties), and only above the backend's calibrated threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from . import registry
from .align_backends import PairScore, SentenceRef
from .model import Article, Fact

# A sentence may link to more than its single best match in another article when the runner-up scores within this
# margin of the best (many-to-many alignment, e.g. one long sentence paraphrased as two).
NEAR_TIE = 0.06
# At most this many sentences of one article in one fact (one outlet may split a statement in two).
MAX_PER_ARTICLE = 2
# Average-linkage floor, as a share of the threshold: see _facts_from_links. Swept 0.4-1.0 with bench/align.py
# (docs/benchmarks.md, "Fact alignment"): 0.4 had the best F0.5 (0.716 against 0.697 at 0.6).
LINKAGE = 0.4


@dataclass(frozen=True, slots=True)
class Alignment:
    facts: tuple[Fact, ...]
    unique: dict[str, tuple[str, ...]]
    pairs: tuple[tuple[str, str, float, str], ...]  # every accepted link: sentence a, sentence b, score, reason


def sentence_refs(articles: Sequence[Article]) -> list[SentenceRef]:
    refs = []
    for g, art in enumerate(articles):
        sents = art.sentences
        texts = [art.text[s.start : s.end] for s in sents]
        # neighbours count as context only within one paragraph
        joined = [k > 0 and "\n" not in art.text[sents[k - 1].end : sents[k].start] for k in range(len(sents))]
        for k, s in enumerate(sents):
            prev = texts[k - 1] if joined[k] else ""
            nxt = texts[k + 1] if k + 1 < len(sents) and joined[k + 1] else ""
            refs.append(SentenceRef(s.id, g, texts[k], art.language, prev, nxt))
    return refs


def align_facts(
    articles: Sequence[Article], *, backend: str = "lexical", threshold: float | None = None
) -> Alignment:
    """Align the sentences of ``articles`` into facts with the named backend (see :mod:`registry`)."""
    impl = registry.get("align", backend)()
    thr = impl.THRESHOLD if threshold is None else threshold
    refs = sentence_refs(articles)
    scored = impl.pair_scores(refs)
    scores = {(p.i, p.j): p.score for p in scored}
    links = _best_links(refs, [p for p in scored if p.score >= thr])
    facts = _facts_from_links(refs, links, scores, thr)
    in_fact = {sid for f in facts for sid in f.sentences}
    unique = {a.id: tuple(s.id for s in a.sentences if s.id not in in_fact) for a in articles}
    accepted = tuple((refs[p.i].id, refs[p.j].id, round(p.score, 4), p.reason) for p in links)
    return Alignment(tuple(facts), unique, accepted)


def _best_links(refs: Sequence[SentenceRef], pairs: list[PairScore]) -> list[PairScore]:
    """Keep a pair when it is (near) the best match of either of its sentences in the other one's article."""
    best: dict[tuple[int, int], float] = defaultdict(float)  # (sentence, other group) -> best score
    for p in pairs:
        gi, gj = refs[p.i].group, refs[p.j].group
        best[(p.i, gj)] = max(best[(p.i, gj)], p.score)
        best[(p.j, gi)] = max(best[(p.j, gi)], p.score)
    kept = []
    for p in pairs:
        gi, gj = refs[p.i].group, refs[p.j].group
        if p.score >= best[(p.i, gj)] - NEAR_TIE or p.score >= best[(p.j, gi)] - NEAR_TIE:
            kept.append(p)
    return kept


def _facts_from_links(
    refs: Sequence[SentenceRef], links: list[PairScore], scores: dict[tuple[int, int], float], thr: float
) -> list[Fact]:
    """Average-linkage clustering over the accepted links, strongest first.

    Two groups merge only when the mean score over *all* their cross-article sentence pairs (a pair the backend
    did not score counts as 0) stays above ``LINKAGE * thr``, and no article contributes more than
    ``MAX_PER_ARTICLE`` sentences. Plain connected components would chain distinct facts of one story through
    medium-strength links (seen on the bundled example: the evacuation figure joined the fire chief's quote).
    """
    cluster_of = {i: i for p in links for i in (p.i, p.j)}
    members: dict[int, set[int]] = {i: {i} for i in cluster_of}
    for p in sorted(links, key=lambda p: -p.score):
        ci, cj = cluster_of[p.i], cluster_of[p.j]
        if ci == cj:
            continue
        merged = members[ci] | members[cj]
        if _max_per_group(refs, merged) > MAX_PER_ARTICLE:
            continue
        cross = [(a, b) for a in members[ci] for b in members[cj] if refs[a].group != refs[b].group]
        mean = sum(scores.get((min(a, b), max(a, b)), 0.0) for a, b in cross) / len(cross)
        if mean < LINKAGE * thr:
            continue
        for k in members[cj]:
            cluster_of[k] = ci
        members[ci] = merged
        del members[cj]
    facts: list[Fact] = []
    for part in members.values():
        if len({refs[i].group for i in part}) < 2:
            continue
        inner = [p for p in links if p.i in part and p.j in part]
        score = sum(p.score for p in inner) / len(inner)
        best = max(inner, key=lambda p: p.score)
        facts.append(Fact("", tuple(refs[i].id for i in sorted(part)), score, best.reason))
    facts.sort(key=lambda f: (-len({s.split(":")[0] for s in f.sentences}), -f.score, f.sentences))
    return [Fact(f"f{n + 1}", f.sentences, f.score, f.reason) for n, f in enumerate(facts)]


def _max_per_group(refs: Sequence[SentenceRef], part: set[int]) -> int:
    counts: dict[int, int] = defaultdict(int)
    for i in part:
        counts[refs[i].group] += 1
    return max(counts.values())
