"""Compare a story: what each outlet shares, adds, omits, rewords and editorialises.

:func:`compare` runs the stages over clean articles and returns a :class:`Comparison`, whose ``to_dict()`` is the
versioned JSON documented in ``docs/schema.md``. Every finding is a span (article id + character offsets) into an
article body.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import __version__
from .align import align_facts
from .entities import find_entities
from .entities import matrix as entity_matrix
from .errors import CompareError
from .model import (
    SCHEMA_VERSION,
    Article,
    Conflict,
    Entity,
    Fact,
    Label,
    LoadedWord,
    NumberMention,
    Quote,
    QuoteGroup,
    Span,
)

# What a stored comparison was computed by: the corpus keys its comparison cache on ENGINE_VERSION
# (corpus.engine_version), so a stored story is recomputed, not answered from the cache, after an upgrade that
# changes results. Bump ENGINE_REVISION with any change that makes compare() give different results for the same
# articles. 2: the lexical aligner's shared-word minimum (align_backends.LexicalBackend.MIN_SHARED_WORDS).
# 3: fact reasons as written, no lone-letter links, matched numbers not held against others, places out of the
# entity matrix. 4: place-shaped names ("New York", "Palm Springs") out of it too, newspapers and clinics in.
# 5: events and more places out ("Black Death", "Inner Mongolia"), capitals and initials out ("SCORES QUARANTINED",
# "Y."), an acronym last makes an organisation ("Chinese CDC"), organisations keep title words ("World Health ...").
# 6: "thousands" / "millions" of compared one order further ("millions" agrees with "25 million"). 7: one or two
# function words in quote marks ("We") are no shared quote. 8: "Hey Twitter", "Remember New Jersey" are no people,
# "Broadhead Co" is a company. 9: a short title-cased phrase in quote marks (a song, a film) is no shared quote.
# 10: a lexicon word inside a name ("Greedy Williams") is no loaded word or opinion cue. 11: disease and sports
# shorthand ("HIV", "TFL") are no organisations.
ENGINE_REVISION = 11
ENGINE_VERSION = f"{__version__}/schema-{SCHEMA_VERSION}/engine-{ENGINE_REVISION}"

# Pairs of aligned sentences this similar (lexical score) whose negation differs are flagged as a polarity
# conflict. Below it, a "not" in one outlet's sentence is usually about a different clause.
POLARITY_MIN_SCORE = 0.45
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|cannot|denied|denies)\b|n[’']t\b", re.I)


# How many content words after a negation must also occur in the other sentence for the negation to be about the
# shared statement ("has not protected women" vs "protected women") rather than an extra clause ("none of their
# injuries was life-threatening" added by one outlet). Checked on the bundled example, where 2 removes every
# false polarity conflict and keeps the constructed true ones in tests/test_comparison.py.
POLARITY_SHARED_WORDS = 2


def _negates_shared(sentence: str, other: str) -> bool:
    """Whether ``sentence`` negates something that ``other`` also talks about. Callers blank out quoted words
    first: a negation inside a quote is the speaker's, not the outlet's."""
    from .align_backends import content_words

    unquoted = sentence
    other_words = set(content_words(other))
    for m in _NEGATION.finditer(unquoted):
        following = content_words(unquoted[m.end() : m.end() + 80])[:4]
        if sum(1 for w in following if w in other_words) >= POLARITY_SHARED_WORDS:
            return True
    return False


@dataclass(frozen=True, slots=True)
class NumberCheck:
    """Two numbers of one aligned fact, in different articles, that agree or conflict."""

    fact: str
    a: NumberMention
    b: NumberMention
    verdict: str  # "agree" | "conflict"


@dataclass(frozen=True)
class Comparison:
    articles: tuple[Article, ...]
    labels: dict[str, Label]
    facts: tuple[Fact, ...]
    unique: dict[str, tuple[str, ...]]
    quotes: tuple[Quote, ...]
    quote_groups: tuple[QuoteGroup, ...]
    numbers: tuple[NumberMention, ...]
    number_checks: tuple[NumberCheck, ...]
    entities: tuple[Entity, ...]
    loaded_words: tuple[LoadedWord, ...]
    conflicts: tuple[Conflict, ...]
    backend: str = "lexical"
    warnings: tuple[str, ...] = ()
    opinion_backend: str = "lexical"
    links: tuple[tuple[str, str, float, str], ...] = field(default=(), repr=False)

    @cached_property
    def _article_index(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def _fact_index(self) -> dict[str, Fact]:
        """Sentence id -> its fact (renderers ask this for every sentence)."""
        return {sid: f for f in self.facts for sid in f.sentences}

    def article(self, article_id: str) -> Article:
        return self._article_index[article_id]

    def text_of(self, span: Span | NumberMention | Quote | LoadedWord) -> str:
        return self.article(span.article).text[span.start : span.end]

    def sentence_text(self, sentence_id: str) -> str:
        aid, _, idx = sentence_id.partition(":s")
        art = self.article(aid)
        s = art.sentences[int(idx)]
        return art.text[s.start : s.end]

    def fact_of(self, sentence_id: str) -> Fact | None:
        return self._fact_index.get(sentence_id)

    def to_dict(self) -> dict[str, Any]:
        texts = {a.id: a.text for a in self.articles}
        articles = []
        for a in self.articles:
            d = a.to_dict()
            for s in d["sentences"]:
                lab = self.labels.get(s["id"])
                s["label"] = lab.label if lab else "reporting"
                s["reasons"] = list(lab.reasons) if lab else []
                s["opinion_score"] = round(lab.score, 4) if lab else 0.0
                fact = self.fact_of(s["id"])
                s["fact"] = fact.id if fact else None
            articles.append(d)
        matrix = entity_matrix(self.entities, self.articles)

        def span_text(x: Any) -> dict[str, Any]:
            return {"article": x.article, "start": x.start, "end": x.end, "text": texts[x.article][x.start : x.end]}

        return {
            "schema_version": SCHEMA_VERSION,
            "generator": f"counterpoint {__version__}",
            "backend": self.backend,
            "opinion_backend": self.opinion_backend,
            "warnings": list(self.warnings),
            "articles": articles,
            "facts": [
                {**f.to_dict(), "articles": sorted({s.split(":")[0] for s in f.sentences})} for f in self.facts
            ],
            "unique": {k: list(v) for k, v in self.unique.items()},
            "quotes": [q.to_dict(texts[q.article]) for q in self.quotes],
            "quote_groups": [g.to_dict() for g in self.quote_groups],
            "numbers": [n.to_dict(texts[n.article]) for n in self.numbers],
            "number_checks": [
                {"fact": c.fact, "verdict": c.verdict, "a": span_text(c.a) | {"value": c.a.value},
                 "b": span_text(c.b) | {"value": c.b.value}}
                for c in self.number_checks
            ],
            "entities": [e.to_dict() | {"articles": matrix[e.name]} for e in self.entities],
            "loaded_words": [w.to_dict(texts[w.article]) for w in self.loaded_words],
            "conflicts": [
                c.to_dict() | {"a": span_text(c.a), "b": span_text(c.b)} for c in self.conflicts
            ],
        }


def comparison_from_dict(d: dict[str, Any]) -> Comparison:
    """Rebuild a :class:`Comparison` from its JSON (``to_dict``), e.g. a cached one, to render it again."""
    if str(d.get("schema_version", "")).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise CompareError(f"comparison has schema version {d.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    articles = tuple(Article.from_dict(a) for a in d["articles"])
    labels = {
        s["id"]: Label(s["id"], s.get("label", "reporting"), tuple(s.get("reasons", ())), s.get("opinion_score", 0.0))
        for a in d["articles"] for s in a["sentences"]
    }

    def span(x: dict[str, Any]) -> Span:
        return Span(x["article"], int(x["start"]), int(x["end"]))

    numbers = tuple(NumberMention.from_dict(n) for n in d["numbers"])
    by_span = {(n.article, n.start, n.end): n for n in numbers}

    def number(x: dict[str, Any]) -> NumberMention:
        found = by_span.get((x["article"], x["start"], x["end"]))
        return found or NumberMention(x["article"], x["start"], x["end"], float(x["value"]))
    return Comparison(
        articles=articles,
        labels=labels,
        facts=tuple(Fact(f["id"], tuple(f["sentences"]), float(f["score"]), f.get("reason", "")) for f in d["facts"]),
        unique={k: tuple(v) for k, v in d["unique"].items()},
        quotes=tuple(Quote.from_dict(q) for q in d["quotes"]),
        quote_groups=tuple(
            QuoteGroup(g["id"], tuple(g["quotes"]), g["verdict"], bool(g["speaker_agrees"]), float(g.get("score", 1)),
                       tuple((op, w) for op, w in g.get("diff", ())))
            for g in d["quote_groups"]
        ),
        numbers=numbers,
        number_checks=tuple(NumberCheck(c["fact"], number(c["a"]), number(c["b"]), c["verdict"])
                            for c in d.get("number_checks", ())),
        entities=tuple(Entity(e["id"], e["name"], e["kind"], tuple(span(m) for m in e["mentions"]))
                       for e in d["entities"]),
        loaded_words=tuple(LoadedWord(w["article"], w["start"], w["end"], w["category"])
                           for w in d.get("loaded_words", ())),
        conflicts=tuple(Conflict(c["id"], c["fact"], c["kind"], span(c["a"]), span(c["b"]), c["detail"])
                        for c in d["conflicts"]),
        backend=d.get("backend", "lexical"),
        warnings=tuple(d.get("warnings", ())),
        opinion_backend=d.get("opinion_backend", "lexical"),
    )


def compare(
    articles: Sequence[Article],
    *,
    backend: str = "lexical",
    threshold: float | None = None,
    opinion: str = "lexical",
    opinion_model: str | Path | None = None,
) -> Comparison:
    """Compare the articles of one story. One article works too: nothing is aligned, everything else is found.

    ``backend`` aligns facts; ``opinion`` labels sentences (``lexical``, ``semantic`` or ``finetuned``), with
    ``opinion_model`` its own model (see :func:`counterpoint.opinion.make_scorer`)."""
    from .loaded import find_loaded_words
    from .numbers import extract_numbers
    from .opinion import label_article, make_scorer
    from .quote_align import align_quotes
    from .quotes import extract_quotes

    arts = _dedupe(articles)
    if not arts:
        raise CompareError("no articles to compare")
    warnings = _warnings(arts, backend)
    scorer = make_scorer(opinion, model_path=opinion_model)
    quotes: list[Quote] = []
    numbers: list[NumberMention] = []
    labels: dict[str, Label] = {}
    loaded: list[LoadedWord] = []
    for a in arts:
        aq = extract_quotes(a)
        quotes.extend(aq)
        numbers.extend(extract_numbers(a))
        labels.update((lab.sentence, lab) for lab in label_article(a, aq, scorer=scorer))
        loaded.extend(find_loaded_words(a, aq))
    alignment = align_facts(arts, backend=backend, threshold=threshold)
    groups = align_quotes(list(arts), quotes) if len(arts) > 1 else []
    checks, conflicts = _check_facts(arts, alignment.facts, numbers, quotes, alignment.pairs)
    return Comparison(
        articles=tuple(arts),
        labels=labels,
        facts=alignment.facts,
        unique=alignment.unique,
        quotes=tuple(quotes),
        quote_groups=tuple(groups),
        numbers=tuple(numbers),
        number_checks=tuple(checks),
        entities=tuple(find_entities(arts)),
        loaded_words=tuple(loaded),
        conflicts=tuple(conflicts),
        backend=backend,
        warnings=tuple(warnings),
        opinion_backend=opinion,
        links=alignment.pairs,
    )


def _dedupe(articles: Sequence[Article]) -> list[Article]:
    """The same text given twice is one article (its id is its content hash)."""
    seen: dict[str, Article] = {}
    for a in articles:
        seen.setdefault(a.id, a)
    return list(seen.values())


def _warnings(arts: Sequence[Article], backend: str) -> list[str]:
    out = []
    langs = sorted({a.language for a in arts if a.language})
    if len(langs) > 1 and backend == "lexical":
        out.append(
            f"articles are in {len(langs)} languages ({', '.join(langs)}): the lexical backend aligns only "
            "sentences in the same language; use --backend semantic to align across languages"
        )
    for a in arts:
        if not a.sentences:
            out.append(f"{a.source}: no sentences to compare")
    return out


def _check_facts(
    arts: Sequence[Article],
    facts: Sequence[Fact],
    numbers: Sequence[NumberMention],
    quotes: Sequence[Quote],
    links: Sequence[tuple[str, str, float, str]],
) -> tuple[list[NumberCheck], list[Conflict]]:
    from .numbers import compare_values

    by_id = {a.id: a for a in arts}
    link_score = {(a, b): s for a, b, s, _ in links} | {(b, a): s for a, b, s, _ in links}

    def sentence(sid: str) -> tuple[Article, int, int]:
        aid, _, idx = sid.partition(":s")
        art = by_id[aid]
        s = art.sentences[int(idx)]
        return art, s.start, s.end

    quotes_of: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        quotes_of[q.article].append(q)
    numbers_of: dict[str, list[NumberMention]] = defaultdict(list)
    for n in numbers:
        numbers_of[n.article].append(n)

    def unquoted(art: Article, start: int, end: int) -> str:
        chars = list(art.text[start:end])
        for q in quotes_of[art.id]:
            for k in range(max(q.start, start), min(q.end, end)):
                chars[k - start] = " "
        return "".join(chars)

    def nums_in(aid: str, start: int, end: int) -> list[NumberMention]:
        return [n for n in numbers_of[aid] if start <= n.start and n.end <= end]

    checks: list[NumberCheck] = []
    conflicts: list[Conflict] = []
    for fact in facts:
        sids = list(fact.sentences)
        for x in range(len(sids)):
            for y in range(x + 1, len(sids)):
                art_a, sa, ea = sentence(sids[x])
                art_b, sb, eb = sentence(sids[y])
                if art_a.id == art_b.id:
                    continue
                nums_a, nums_b = nums_in(art_a.id, sa, ea), nums_in(art_b.id, sb, eb)
                verdict_of = {(i, j): compare_values(na, nb) for i, na in enumerate(nums_a)
                              for j, nb in enumerate(nums_b)}
                # A number of B that agrees with one of A is accounted for: A's other numbers are not measured
                # against it ("from September 2010 to January 2011" against "in 2010" is no conflict).
                matched_b = {j for (_, j), v in verdict_of.items() if v == "agree"}
                for i, na in enumerate(nums_a):
                    verdicts = [(verdict_of[i, j], nb) for j, nb in enumerate(nums_b)
                                if verdict_of[i, j] == "agree" or (verdict_of[i, j] and j not in matched_b)]
                    if not verdicts:
                        continue
                    agree = [nb for v, nb in verdicts if v == "agree"]
                    if agree:
                        checks.append(NumberCheck(fact.id, na, agree[0], "agree"))
                        continue
                    nb = min((nb for _, nb in verdicts), key=lambda n: abs(n.value - na.value))
                    checks.append(NumberCheck(fact.id, na, nb, "conflict"))
                    kind = "date" if na.kind in {"date", "year"} else "number"
                    conflicts.append(Conflict(
                        f"c{len(conflicts) + 1}", fact.id, kind, na.span, nb.span,
                        f"{art_a.name} says {art_a.text[na.start:na.end]!r}, "
                        f"{art_b.name} says {art_b.text[nb.start:nb.end]!r}",
                    ))
                score = link_score.get((sids[x], sids[y]), 0.0)
                neg_a = _negates_shared(unquoted(art_a, sa, ea), art_b.text[sb:eb])
                neg_b = _negates_shared(unquoted(art_b, sb, eb), art_a.text[sa:ea])
                if score >= POLARITY_MIN_SCORE and neg_a != neg_b:
                    conflicts.append(Conflict(
                        f"c{len(conflicts) + 1}", fact.id, "polarity", Span(art_a.id, sa, ea), Span(art_b.id, sb, eb),
                        f"{(art_a if neg_a else art_b).name} negates what {(art_b if neg_a else art_a).name} states",
                    ))
    return checks, conflicts
