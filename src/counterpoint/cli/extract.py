"""``counterpoint extract``: inputs in, clean articles with metadata and audit trail out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..model import Article
from ..pipeline import read_articles, split_results
from .common import EXIT_SOME_FAILED, emit, fetch_options, input_options, report_failures, with_progress


def articles_markdown(articles: list[Article]) -> str:
    from ..report.markdown import md

    out = []
    for a in articles:
        out += [f"# {md(a.title or a.source)}", "",
                f"- source: {md(a.source)}", f"- outlet: {md(a.outlet or '')}", f"- byline: {md(a.byline or '')}",
                f"- published: {a.published or ''}", f"- language: {a.language or ''}", f"- id: {a.id}", ""]
        out += [md(p) + "\n" for p in a.text.split("\n") if p.strip()]
        if a.captions:
            out += ["## Captions", ""] + [f"- {md(c)}" for c in a.captions] + [""]
        if a.removed:
            out += ["## Removed", ""] + [f"- *{md(r.reason)}*: {md(r.text)}" for r in a.removed] + [""]
    return "\n".join(out)


def articles_text(articles: list[Article]) -> str:
    return "\n\n".join((f"{a.title}\n\n" if a.title else "") + a.text for a in articles) + "\n"


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "md", "text"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here, not stdout.")
@input_options
def extract(inputs: tuple[str, ...], fmt: str, out: Path | None, outlet: str | None, max_bytes: int,
            timeout: float, allow_private: bool, progress: bool | None) -> None:
    """Extract clean articles from INPUTS: text/HTML files (also .gz), directories, JSONL or JSON files, http(s)
    URLs, or - for stdin. Prints {"articles": [...]} with --format json. Exit code 1 when some inputs failed."""
    results = read_articles(inputs, options=fetch_options(allow_private, timeout, max_bytes), outlet=outlet,
                            stdin=sys.stdin.buffer)
    articles, failures = split_results(with_progress(results, progress, "extract"))
    if fmt == "json":
        text = json.dumps({"articles": [a.to_dict() for a in articles],
                           "failures": [f.to_dict() for f in failures]}, ensure_ascii=False, indent=2)
    elif fmt == "md":
        text = articles_markdown(articles)
    else:
        text = articles_text(articles)
    emit(text, out)
    if report_failures(failures):
        sys.exit(EXIT_SOME_FAILED)
