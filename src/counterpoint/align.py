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
# A component larger than this many sentences per article is split again at a higher threshold: chains of
# medium-similarity links otherwise merge distinct facts of one story.
MAX_PER_ARTICLE = 3


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
    pairs = [p for p in impl.pair_scores(refs) if p.score >= thr]
    links = _best_links(refs, pairs)
    facts = _facts_from_links(refs, links, thr)
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


def _facts_from_links(refs: Sequence[SentenceRef], links: list[PairScore], thr: float) -> list[Fact]:
    components = _components(len(refs), links)
    facts: list[Fact] = []
    for comp in components:
        for part in _split_oversized(refs, comp, links, thr):
            groups = {refs[i].group for i in part}
            if len(groups) < 2:
                continue
            inner = [p for p in links if p.i in part and p.j in part]
            score = sum(p.score for p in inner) / len(inner)
            best = max(inner, key=lambda p: p.score)
            facts.append(Fact("", tuple(refs[i].id for i in sorted(part)), score, best.reason))
    facts.sort(key=lambda f: (-len({s.split(":")[0] for s in f.sentences}), -f.score, f.sentences))
    return [Fact(f"f{n + 1}", f.sentences, f.score, f.reason) for n, f in enumerate(facts)]


def _components(n: int, links: list[PairScore]) -> list[set[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in links:
        parent[find(p.i)] = find(p.j)
    comps: dict[int, set[int]] = defaultdict(set)
    for p in links:
        comps[find(p.i)].update((p.i, p.j))
    return list(comps.values())


def _split_oversized(
    refs: Sequence[SentenceRef], comp: set[int], links: list[PairScore], thr: float
) -> list[set[int]]:
    per_group: dict[int, int] = defaultdict(int)
    for i in comp:
        per_group[refs[i].group] += 1
    if max(per_group.values()) <= MAX_PER_ARTICLE:
        return [comp]
    inner = sorted((p for p in links if p.i in comp and p.j in comp), key=lambda p: p.score)
    # raise the threshold to the next weakest link until every part is small enough
    for cut in (p.score for p in inner):
        if cut <= thr:
            continue
        strong = [p for p in inner if p.score >= cut]
        parts = _components(len(refs), strong)
        if all(_max_per_group(refs, part) <= MAX_PER_ARTICLE for part in parts):
            return parts
        thr = cut
    return []


def _max_per_group(refs: Sequence[SentenceRef], part: set[int]) -> int:
    counts: dict[int, int] = defaultdict(int)
    for i in part:
        counts[refs[i].group] += 1
    return max(counts.values())
