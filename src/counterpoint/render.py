"""Article text as escaped HTML with every finding marked — shared by the HTML report and the web app.

All article text is untrusted: it only ever reaches HTML through :func:`markupsafe.escape`. Findings become
``<span>``/``<mark>`` elements whose attributes carry ids and reasons (escaped too); no style or script is ever
built from content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .comparison import Comparison
from .model import Article

PALETTE_SIZE = 12  # fact colours cycle through fc-0 .. fc-11 (static/counterpoint.css)


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    cls: str
    title: str


def fact_colours(comparison: Comparison) -> dict[str, int]:
    return {f.id: n % PALETTE_SIZE for n, f in enumerate(comparison.facts)}


def _marks(comparison: Comparison, article: Article) -> list[Mark]:
    marks: list[Mark] = []
    checks = {}
    for c in comparison.number_checks:
        checks[(c.a.article, c.a.start)] = c.verdict
        checks[(c.b.article, c.b.start)] = c.verdict
    for n in comparison.numbers:
        if n.article == article.id:
            verdict = checks.get((n.article, n.start))
            unit = f" {n.unit}" if n.unit else ""
            title = f"number: {n.value:g}{unit}" + (f" — {verdict}s with another outlet" if verdict else "")
            marks.append(Mark(n.start, n.end, f"num {verdict or ''}".strip(), title))
    for w in comparison.loaded_words:
        if w.article == article.id:
            marks.append(Mark(w.start, w.end, "loaded", f"loaded word ({w.category})"))
    marks.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mark] = []
    for m in marks:  # marks never overlap: the first (longest at a position) wins
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _escape_range(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    out: list[str] = []
    pos = start
    for m in marks:
        if m.start < start or m.end > end:
            continue
        out.append(str(escape(text[pos : m.start])))
        out.append(
            f'<mark class="{escape(m.cls)}" data-start="{m.start}" data-end="{m.end}" title="{escape(m.title)}">'
            f"{escape(text[m.start:m.end])}</mark>"
        )
        pos = m.end
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def article_html(comparison: Comparison, article: Article) -> Markup:
    """The body of ``article`` as paragraphs of sentence spans, each carrying its fact, label and reasons."""
    colours = fact_colours(comparison)
    marks = _marks(comparison, article)
    text = article.text
    paras: list[list[str]] = [[]]
    pos = 0
    for s in article.sentences:
        gap = text[pos : s.start]
        if "\n" in gap and paras[-1]:
            paras.append([])
        fact = comparison.fact_of(s.id)
        label = comparison.labels.get(s.id)
        classes = ["s"]
        attrs = [f'data-sid="{escape(s.id)}"', f'data-start="{s.start}"', f'data-end="{s.end}"']
        titles = []
        if fact is not None:
            classes += ["shared", f"fc-{colours[fact.id]}"]
            attrs.append(f'data-fact="{escape(fact.id)}"')
            titles.append(f"shared fact {fact.id} (score {fact.score:.2f}): {fact.reason}")
        else:
            classes.append("unique")
            titles.append("unique to this outlet")
        if label is not None and label.label == "opinion":
            classes.append("opinion")
            titles.append("opinion: " + "; ".join(label.reasons))
        attrs.append(f'title="{escape(" | ".join(titles))}"')
        paras[-1].append(
            f'<span class="{" ".join(classes)}" {" ".join(attrs)} tabindex="0">'
            f"{_escape_range(text, s.start, s.end, marks)}</span>"
        )
        pos = s.end
    html = "".join(f"<p>{' '.join(p)}</p>" for p in paras if p)
    return Markup(html)
