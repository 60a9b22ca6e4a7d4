"""The view of a comparison that every human-facing output (Markdown, HTML report, web page) renders.

Built once from a :class:`~counterpoint.comparison.Comparison`; holds plain strings (still unescaped — templates
escape them) and pre-escaped :class:`markupsafe.Markup` only where :mod:`counterpoint.render` made it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..comparison import Comparison
from ..model import Article, story_title
from ..render import article_html, fact_colours


@dataclass
class Column:
    article: Article
    html: Markup
    n_sentences: int
    n_shared: int
    n_opinion: int
    loaded: list[str]


@dataclass
class FactRow:
    id: str
    colour: int
    score: float
    reason: str
    cells: dict[str, list[str]]  # article id -> sentence texts


@dataclass
class QuoteRow:
    id: str
    verdict: str
    speaker_agrees: bool
    renderings: list[dict[str, Any]]  # {"outlet", "article", "text", "speaker", "start", "end"}
    diff: Markup


@dataclass
class StoryView:
    title: str
    columns: list[Column]
    facts: list[FactRow]
    quotes: list[QuoteRow]
    number_checks: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    opinions: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    warnings: list[str]
    backend: str
    stats: dict[str, int] = field(default_factory=dict)


def diff_html(diff: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> Markup:
    parts = []
    for op, word in diff:
        w = escape(word)
        parts.append(f"<del>{w}</del>" if op == "-" else f"<ins>{w}</ins>" if op == "+" else str(w))
    return Markup(" ".join(parts))


def build_view(comparison: Comparison, *, title: str | None = None) -> StoryView:
    colours = fact_colours(comparison)
    names = {a.id: a.name for a in comparison.articles}
    columns = []
    loaded_by_article: dict[str, list[str]] = defaultdict(list)
    for w in comparison.loaded_words:
        loaded_by_article[w.article].append(comparison.text_of(w))
    for a in comparison.articles:
        sids = [s.id for s in a.sentences]
        columns.append(Column(
            article=a,
            html=article_html(comparison, a),
            n_sentences=len(sids),
            n_shared=sum(1 for s in sids if comparison.fact_of(s)),
            n_opinion=sum(1 for s in sids if (lab := comparison.labels.get(s)) and lab.label == "opinion"),
            loaded=sorted(set(loaded_by_article[a.id]), key=str.lower),
        ))
    facts = []
    for f in comparison.facts:
        cells: dict[str, list[str]] = defaultdict(list)
        for sid in f.sentences:
            cells[sid.split(":")[0]].append(comparison.sentence_text(sid))
        facts.append(FactRow(f.id, colours[f.id], f.score, f.reason, dict(cells)))
    quotes_by_id = {q.id: q for q in comparison.quotes}
    quote_rows = []
    for g in comparison.quote_groups:
        rends = []
        for qid in g.quotes:
            q = quotes_by_id[qid]
            rends.append({"outlet": names[q.article], "article": q.article, "text": comparison.text_of(q),
                          "speaker": q.speaker, "start": q.start, "end": q.end, "id": q.id})
        quote_rows.append(QuoteRow(g.id, g.verdict, g.speaker_agrees, rends, diff_html(g.diff)))
    checks = [
        {"fact": c.fact, "verdict": c.verdict,
         "a": {"outlet": names[c.a.article], "text": comparison.text_of(c.a), "value": c.a.value},
         "b": {"outlet": names[c.b.article], "text": comparison.text_of(c.b), "value": c.b.value}}
        for c in comparison.number_checks
    ]
    conflicts = [
        {"id": c.id, "fact": c.fact, "kind": c.kind, "detail": c.detail,
         "a": {"outlet": names[c.a.article], "text": _sentence_around(comparison, c.a.article, c.a.start)},
         "b": {"outlet": names[c.b.article], "text": _sentence_around(comparison, c.b.article, c.b.start)}}
        for c in comparison.conflicts
    ]
    entities = []
    for e in comparison.entities:
        counts: dict[str, int] = defaultdict(int)
        for m in e.mentions:
            counts[m.article] += 1
        entities.append({"name": e.name, "kind": e.kind, "counts": [counts.get(a.id, 0) for a in comparison.articles],
                         "outlets": sum(1 for a in comparison.articles if counts.get(a.id))})
    opinions = []
    for a in comparison.articles:
        for s in a.sentences:
            lab = comparison.labels.get(s.id)
            if lab and lab.label == "opinion":
                opinions.append({"outlet": a.name, "sid": s.id, "text": a.text[s.start:s.end],
                                 "reasons": list(lab.reasons)})
    coverage = [
        {"fact": f.id, "colour": colours[f.id], "hits": [a.id in f_articles(f.sentences) for a in comparison.articles],
         "label": comparison.sentence_text(f.sentences[0])[:90]}
        for f in comparison.facts
    ]
    stats = {
        "articles": len(comparison.articles), "facts": len(comparison.facts),
        "quotes": len(comparison.quotes), "quote_groups": len(comparison.quote_groups),
        "numbers": len(comparison.numbers), "conflicts": len(comparison.conflicts),
        "entities": len(comparison.entities),
    }
    # the reports print "backend X"; a non-default labeller is named too, since it decides every opinion label
    backend = comparison.backend if comparison.opinion_backend == "lexical" else \
        f"{comparison.backend}, opinion labels {comparison.opinion_backend}"
    # the rule a stored story's title follows (model.story_title), so a report and a listing agree
    title = title or story_title(comparison.articles) or comparison.articles[0].source
    return StoryView(title, columns, facts, quote_rows, checks, conflicts, entities,
                     opinions, coverage, list(comparison.warnings), backend, stats)


def f_articles(sentence_ids: tuple[str, ...]) -> set[str]:
    return {s.split(":")[0] for s in sentence_ids}


def _sentence_around(comparison: Comparison, article_id: str, offset: int) -> str:
    art = comparison.article(article_id)
    s = art.sentence_at(offset)
    return art.text[s.start : s.end] if s else art.text[offset : offset + 200]
