"""``counterpoint compare``: what each outlet shares, adds, omits, rewords and editorialises."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import CompareError
from ..model import Failure
from ..pipeline import read_articles, split_results
from .common import (
    EXIT_SOME_FAILED,
    emit,
    fetch_options,
    input_options,
    quiet_model_loading,
    report_failures,
    with_progress,
)


def render(comparison, fmt: str, title: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """The comparison as JSON, Markdown or HTML; the reports are headed ``title`` (None: model.story_title's rule)."""
    if fmt == "json":
        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "md":
        from ..report.markdown import render_markdown

        return render_markdown(comparison, title=title)
    from ..report.html import render_html

    return render_html(comparison, title=title)


def stored_comparison(db: Path, story: str, backend: str, opinion: str = "lexical",  # type: ignore[no-untyped-def]
                      opinion_model: Path | None = None):
    """The comparison of a stored story (syndicated copies counted once), from the corpus cache when fresh, and
    the story's title (the reports are headed by it, as `counterpoint stories` and the web app list it)."""
    from ..comparison import comparison_from_dict
    from ..corpus import Corpus
    from ..errors import StoreError

    if not db.exists():
        raise StoreError(f"no corpus database at {db}")
    with Corpus.open(db) as corpus:
        found = comparison_from_dict(corpus.compare_story(story, backend=backend, opinion=opinion,
                                                          opinion_model=opinion_model))
        return found, corpus.story(story).title


@click.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here, not stdout.")
@click.option("--backend", default="lexical", show_default=True,
              help="Fact-alignment backend: lexical (default, no model) or semantic (needs counterpoint[semantic]).")
@click.option("--opinion", "opinion", default="lexical", show_default=True,
              help="Reporting-vs-opinion backend: lexical (default, no model), semantic (needs counterpoint[semantic]) "
                   "or finetuned (needs counterpoint[finetune] and a model from `counterpoint opinion-train`).")
@click.option("--opinion-model", type=click.Path(path_type=Path), default=None,
              help="The opinion backend's model: a fine-tuned model directory (default: $COUNTERPOINT_OPINION_MODEL, "
                   "else ~/.local/share/counterpoint/opinion-finetuned) or semantic weights JSON.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Alignment threshold (default: the backend's calibrated value).")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Compare a stored story of this corpus (with --story).")
@click.option("--story", default=None, help="Story id from `counterpoint stories`.")
@input_options
def compare(inputs: tuple[str, ...], fmt: str, out: Path | None, backend: str, opinion: str,
            opinion_model: Path | None, threshold: float | None, db: Path | None, story: str | None,
            outlet: str | None, max_bytes: int, timeout: float, allow_private: bool, progress: bool | None) -> None:
    """Compare the articles in INPUTS (files, directories, JSONL or JSON, URLs, - for stdin), or a stored story with
    --db FILE --story ID. Exit code 1 when some inputs failed (the rest are compared)."""
    from ..comparison import compare as run_compare
    from ..opinion import make_scorer

    if opinion != "lexical":
        quiet_model_loading()
    make_scorer(opinion, model_path=opinion_model)  # a missing extra or model fails before any input is read
    failures: list[Failure] = []
    if db is not None or story is not None:
        if db is None or story is None or inputs:
            raise click.UsageError("use --db FILE --story ID without INPUTS, or INPUTS without --db")
        if threshold is not None:
            raise click.UsageError("--threshold applies to INPUTS; a stored story uses the backend's default")
        comparison, title = stored_comparison(db, story, backend, opinion, opinion_model)
        emit(render(comparison, fmt, title), out)
        return
    else:
        if not inputs:
            raise click.UsageError("give INPUT files/URLs, or --db FILE --story ID")
        results = read_articles(inputs, options=fetch_options(allow_private, timeout, max_bytes), outlet=outlet,
                                stdin=sys.stdin.buffer)
        articles, failures = split_results(with_progress(results, progress, "compare"))
    report_failures(failures)
    if not articles:
        raise CompareError("no article could be read from the inputs" if failures else "no articles to compare")
    emit(render(run_compare(articles, backend=backend, threshold=threshold, opinion=opinion,
                            opinion_model=opinion_model), fmt), out)
    if failures:
        sys.exit(EXIT_SOME_FAILED)
