"""Markdown rendering of a comparison, for notes, issues and diffs of results.

Article text is untrusted here too: Markdown special characters and HTML are escaped so that a renderer shows the
text as text.
"""

from __future__ import annotations

import re

from ..comparison import Comparison
from .view import build_view

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md(text: str) -> str:
    """Escape Markdown and HTML in ``text`` and keep it on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def render_markdown(comparison: Comparison, *, title: str | None = None) -> str:
    v = build_view(comparison, title=title)
    names = [md(c.article.name) for c in v.columns]
    lines = [f"# {md(v.title)}", "", f"{v.stats['articles']} articles, {v.stats['facts']} shared facts, "
             f"{v.stats['quote_groups']} shared quotes, {v.stats['conflicts']} conflicts (backend {v.backend}).", ""]
    lines += [f"> warning: {md(w)}" for w in v.warnings] + ([""] if v.warnings else [])
    lines += ["## Articles", ""]
    lines += _table(["Outlet", "Title", "Byline", "Published", "Language", "Shared", "Opinion"], [
        [md(c.article.name), md(c.article.title or ""), md(c.article.byline or ""), str(c.article.published or ""),
         c.article.language or "", f"{c.n_shared}/{c.n_sentences}", str(c.n_opinion)] for c in v.columns])
    lines += ["## Shared facts", ""]
    if v.facts:
        for f in v.facts:
            lines.append(f"### {f.id} (score {f.score:.2f}) — {md(f.reason)}")
            for c in v.columns:
                for t in f.cells.get(c.article.id, []):
                    lines.append(f"- **{md(c.article.name)}**: {md(t)}")
            lines.append("")
    else:
        lines += ["Nothing aligned.", ""]
    lines += ["## Unique to one outlet", ""]
    for c in v.columns:
        uniq = comparison.unique.get(c.article.id, ())
        lines.append(f"### {md(c.article.name)} ({len(uniq)} sentences)")
        lines += [f"- {md(comparison.sentence_text(s))}" for s in uniq]
        lines.append("")
    lines += ["## Quotes", ""]
    if v.quotes:
        for q in v.quotes:
            spk = q.renderings[0]["speaker"] or "unattributed"
            agree = "" if q.speaker_agrees else " — speakers differ"
            lines.append(f"### {md(spk)}: {q.verdict}{agree}")
            lines += [f"- **{md(r['outlet'])}**: “{md(r['text'])}”" for r in q.renderings]
            lines.append("")
    else:
        lines += ["No quote appears in two outlets.", ""]
    lines += ["## Numbers in shared facts", ""]
    lines += _table(["Fact", "Verdict", "One outlet", "Another outlet"], [
        [n["fact"], n["verdict"], f"{md(n['a']['outlet'])}: {md(n['a']['text'])}",
         f"{md(n['b']['outlet'])}: {md(n['b']['text'])}"] for n in v.number_checks]) if v.number_checks else [
        "No number is compared across outlets.", ""]
    lines += ["## Conflicts", ""]
    for x in v.conflicts:
        lines += [f"- **{x['kind']}** ({x['fact']}): {md(x['detail'])}",
                  f"  - {md(x['a']['outlet'])}: {md(x['a']['text'])}", f"  - {md(x['b']['outlet'])}: {md(x['b']['text'])}"]
    lines += ([""] if v.conflicts else ["No conflicts found.", ""])
    lines += ["## Opinion sentences", ""]
    lines += _table(["Outlet", "Sentence", "Reasons"], [
        [md(o["outlet"]), md(o["text"]), md("; ".join(o["reasons"]))] for o in v.opinions]) if v.opinions else [
        "No opinion sentences.", ""]
    lines += ["## Who is named by whom", ""]
    lines += _table(["Name", "Kind", *names], [
        [md(e["name"]), e["kind"], *[str(n) if n else "—" for n in e["counts"]]] for e in v.entities])
    return "\n".join(lines).rstrip() + "\n"
