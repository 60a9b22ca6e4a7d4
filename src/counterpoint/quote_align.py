"""The same quote across outlets: grouping, a word diff, and a verdict (identical / trimmed / reworded).

Outlets trim quotes, split one long quote into two, or print a re-translation of the same words, so matching is
fuzzy: a pair of quotes from *different* articles is linked when their words overlap enough (rapidfuzz token-set
and partial ratios plus content-word containment); linked quotes form groups (connected components), so one
outlet's two pieces can share a group with the other outlet's single long quote (many-to-one).

A group's *rendering* in one article is its quotes from that article joined in text order; the verdict compares
renderings, and :attr:`QuoteGroup.diff` is the word diff of the first two renderings (for the usual one quote per
outlet, the first two quotes).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .model import Article, Quote, QuoteGroup
from .speakers import same_person, words

# Function words left out of the containment score: two unrelated quotes share "the", "to", "we".
STOPWORDS = frozenset(
    words("""a an the and or but if of to in on at by for with from as is are was were be been being it its it's this
    that these those we our us you your he him his she her they them their i me my not no so do does did have has
    had will would can could should there here what which who whom than then just very all any also into about
    over up out""")
)

# Calibrated on the seed pair (Casey / the report quotes, re-translated in 000) and the marrowby_flood example
# corpus (identical, trimmed and re-translated quotes), all cross-article pairs of extracted quotes: every true
# pair scores >= 0.65 (the lowest is the re-translated "Female civil servants … sexism and misogyny" / "Female
# officers and staff … sexism and misogyny"; Pryke's "It came down the street like a wall…" / "The water came like
# a wall…" scores 0.74); the highest false pair scores 0.41 ("They were heroes, every one of them" / "We got
# everyone we could reach…", sharing "every"/"everyone"-type words). 0.55 sits in the gap.
MATCH_THRESHOLD = 0.55

# A quote of one or two words ("diagnosis", "tick box") is only matched to the very same words: as a sub-part of
# a longer quote it would link every quote that happens to use the word. Three to four words must occur
# contiguously in the other quote ("failure of maintenance").
MIN_FUZZY_WORDS = 5
MIN_CONTAINED_WORDS = 3

# "trimmed": at least this share of the shorter rendering's words appears, in order, in the longer one.
TRIM_COVERAGE = 0.9

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def _keys(text: str) -> list[str]:
    """Word tokens of a quote, normalised for comparison: NFKC, case-folded, one apostrophe, no punctuation."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold())]


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of two renderings: ``("=", w)`` in both, ``("-", w)`` only in ``a``, ``("+", w)`` only in
    ``b``. Words are compared after normalisation (case, curly apostrophes, punctuation) and shown as in ``a``
    (for "=" and "-") or ``b`` (for "+"), punctuation stripped."""
    wa = _display(a)
    wb = _display(b)
    ka = [k for _, k in wa]
    kb = [k for _, k in wb]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if op == "equal":
            out += [("=", w) for w, _ in wa[i1:i2]]
        else:
            out += [("-", w) for w, _ in wa[i1:i2]]
            out += [("+", w) for w, _ in wb[j1:j2]]
    return out


def _display(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _WORD.finditer(unicodedata.normalize("NFKC", text)):
        out.append((m.group(), m.group().translate(_APOSTROPHES).casefold()))
    return out


def _contiguous(short: list[str], long_: list[str]) -> bool:
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _term(keys: list[str]) -> bool:
    """One or two function words in quote marks name a term, not anyone's words: the trademark "We" (Zyte WeWork
    story, three outlets). "It is what it is" is a quote."""
    return len(keys) <= 2 and all(w in STOPWORDS for w in keys)


TITLE_MAX_WORDS = 6
_INNER_STOP = re.compile(r"[.!?…]\s")


def _title(text: str) -> bool:
    """A title in quote marks, not anyone's words: a short phrase whose every word but the function words is
    capitalised, and no sentence in it ends before the last ("Takin' It to the Streets", "What A Fool Believes",
    "Black Water": songs in the Zyte Doobie Brothers story, printed by three outlets). "Meth. We're on it." is a
    slogan of two sentences and stays a quote."""
    found = _WORD.findall(unicodedata.normalize("NFKC", text))
    content = [w for w in found if w.translate(_APOSTROPHES).casefold() not in STOPWORDS]
    return (
        0 < len(found) <= TITLE_MAX_WORDS and bool(content) and all(w[0].isupper() for w in content)
        and not _INNER_STOP.search(text.strip())
    )


def pair_score(a: str, b: str) -> float:
    """How likely two quote texts render the same words, 0..1 (see :data:`MATCH_THRESHOLD`)."""
    ka, kb = _keys(a), _keys(b)
    if not ka or not kb or _term(ka) or _term(kb) or _title(a) or _title(b):
        return 0.0
    short, long_ = sorted((ka, kb), key=len)
    if short == long_:
        return 1.0
    if len(short) < MIN_CONTAINED_WORDS:
        return 0.0
    if len(short) < MIN_FUZZY_WORDS:
        return 0.9 if _contiguous(short, long_) else 0.0
    ja, jb = " ".join(short), " ".join(long_)
    token_set = fuzz.token_set_ratio(ja, jb) / 100
    partial = fuzz.partial_ratio(ja, jb) / 100
    ca = {w for w in short if w not in STOPWORDS}
    cb = {w for w in long_ if w not in STOPWORDS}
    containment = len(ca & cb) / len(ca) if ca else 0.0
    return 0.25 * token_set + 0.25 * partial + 0.5 * containment


def verdict(a: str, b: str) -> str:
    """"identical" (same words once quotes, case and punctuation are normalised), "trimmed" (one is a
    contiguous-ish part of the other) or "reworded"."""
    ka, kb = _keys(a), _keys(b)
    if ka == kb:
        return "identical"
    short, long_ = sorted((ka, kb), key=len)
    sm = difflib.SequenceMatcher(None, short, long_, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    if not blocks or matched < TRIM_COVERAGE * len(short):
        return "reworded"
    # contiguous-ish: the matched words of the longer quote lie in a window not much wider than the shorter
    window = blocks[-1].b + blocks[-1].size - blocks[0].b
    return "trimmed" if window <= len(short) + max(2, len(short) // 10) else "reworded"


@dataclass
class _Union:
    parent: dict[str, str]

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def align_quotes(articles: Sequence[Article], quotes: Sequence[Quote]) -> list[QuoteGroup]:
    """Groups of the same quote in two or more different articles, in order of first appearance.

    ``quotes`` may come from any of ``articles`` (others are ignored). Each group lists its quotes by article
    (in ``articles`` order) then position; ``score`` is the best pair score in the group.
    """
    texts = {a.id: a.text for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    qs = [q for q in quotes if q.article in texts]
    words = {q.id: texts[q.article][q.start : q.end] for q in qs}
    uf = _Union({q.id: q.id for q in qs})
    best: dict[str, float] = defaultdict(float)
    for i, qa in enumerate(qs):
        for qb in qs[i + 1 :]:
            if qa.article == qb.article:
                continue
            score = pair_score(words[qa.id], words[qb.id])
            if score >= MATCH_THRESHOLD:
                uf.union(qa.id, qb.id)
                best[qa.id] = max(best[qa.id], score)
                best[qb.id] = max(best[qb.id], score)
    members: dict[str, list[Quote]] = defaultdict(list)
    for q in qs:
        members[uf.find(q.id)].append(q)
    groups: list[QuoteGroup] = []
    for root_members in members.values():
        if len({q.article for q in root_members}) < 2:
            continue
        root_members.sort(key=lambda q: (order[q.article], q.start))
        renderings: dict[str, list[Quote]] = defaultdict(list)
        for q in root_members:
            renderings[q.article].append(q)
        texts_by_article = [" ".join(words[q.id] for q in part) for part in renderings.values()]
        verdicts = {verdict(texts_by_article[0], t) for t in texts_by_article[1:]}
        overall = "reworded" if "reworded" in verdicts else "trimmed" if "trimmed" in verdicts else "identical"
        groups.append(
            QuoteGroup(
                id=f"qg{len(groups)}",
                quotes=tuple(q.id for q in root_members),
                verdict=overall,
                speaker_agrees=_speakers_agree(renderings),
                score=max(best[q.id] for q in root_members),
                diff=tuple(word_diff(texts_by_article[0], texts_by_article[1])),
            )
        )
    return groups


def _speakers_agree(renderings: dict[str, list[Quote]]) -> bool:
    """True when every article gives the group a speaker and all of them are the same person.

    An article with no speaker for the quote does not count as agreement: the report should not claim outlets
    agree on who spoke when one of them does not say.
    """
    speakers = []
    for part in renderings.values():
        named = [q.speaker for q in part if q.speaker]
        if not named:
            return False
        speakers.append(named[0])
    return all(same_person(speakers[0], s) for s in speakers[1:])
