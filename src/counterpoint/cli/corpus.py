"""``counterpoint ingest`` and ``counterpoint stories``: a SQLite corpus of articles grouped into stories."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ..errors import StoreError
from .common import EXIT_SOME_FAILED, emit, fetch_options, input_options, report_failures

db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True,
                         help="The corpus database (SQLite).")


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes for extraction and the other per-article stages (the database has one writer). "
                   "Default: one per core, at most 4; 1 runs everything in this process.")
@click.option("--max-feed-items", type=click.IntRange(1), default=10_000, show_default=True,
              help="Items read from one RSS/Atom feed at most.")
@click.option("--json", "as_json", is_flag=True, help="Print the ingest report as JSON on stdout.")
@input_options
def ingest(inputs: tuple[str, ...], db: Path, workers: int | None, max_feed_items: int, as_json: bool,
           outlet: str | None, max_bytes: int, timeout: float, allow_private: bool, progress: bool | None) -> None:
    """Add INPUTS to the corpus --db: everything `extract` reads, plus RSS/Atom feeds, WARC/WARC.gz archives and
    URL lists (.urls). Idempotent (content-hash ids) and crash-safe (one transaction per article). Exit code 1 when
    some inputs failed; each is listed with its reason."""
    from ..corpus import Corpus

    show = sys.stderr.isatty() if progress is None else progress
    bar: Any = None
    if show:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit=" article", file=sys.stderr, dynamic_ncols=True)
    counts = {"new": 0, "duplicate": 0, "known": 0, "failed": 0}

    def on_result(result: Any) -> None:
        status = getattr(result, "status", "failed")
        counts[status] = counts.get(status, 0) + 1
        if bar is not None:
            bar.set_postfix(new=counts["new"], duplicate=counts["duplicate"] + counts["known"],
                            failed=counts["failed"], refresh=False)
            bar.update(1)

    try:
        with Corpus.open(db) as corpus:
            report = corpus.ingest(inputs, options=fetch_options(allow_private, timeout, max_bytes), outlet=outlet,
                                   progress=on_result, stdin=sys.stdin.buffer, workers=workers,
                                   max_feed_items=max_feed_items)
            n_stories = len(corpus.stories())
    finally:
        if bar is not None:
            bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict() | {"stories": n_stories}, ensure_ascii=False, indent=2))
    click.echo(
        f"{report.new} new, {report.duplicate + report.known} duplicate, {report.failed} failed"
        f"{f', {report.near_duplicates} near-duplicate' if report.near_duplicates else ''}"
        f"{f', {report.skipped} non-HTML WARC records skipped' if report.skipped else ''}; "
        f"{n_stories} stories in {db}",
        err=True,
    )
    if report_failures(report.failures):
        sys.exit(EXIT_SOME_FAILED)


def stories_payload(corpus: Any, only: set[str] | None = None) -> dict[str, Any]:
    """Every story (or those in ``only``) with every source of each of its texts."""
    stories = []
    heads = corpus.article_heads()  # listing a large corpus must not load every article's text
    for story in corpus.stories():
        if only is not None and story.id not in only:
            continue
        arts = []
        for aid in story.article_ids:
            outlet, published = heads[aid]
            for src in corpus.sources(aid):
                arts.append({"id": aid, "source": src.source, "outlet": src.outlet or outlet, "published": published})
        stories.append({"id": story.id, "title": story.title, "articles": arts})
    return {"stories": stories}


def stories_markdown(payload: dict[str, Any]) -> str:
    from ..report.markdown import md

    lines = ["# Stories", ""]
    for s in payload["stories"]:
        outlets = {a["outlet"] for a in s["articles"] if a["outlet"]}
        n, k = len(s["articles"]), len(outlets)
        lines += [f"## {md(s['title'] or s['id'])}", "",
                  f"`{s['id']}` — {n} article{'s' * (n != 1)} from {k} named outlet{'s' * (k != 1)}", ""]
        lines += [f"- {a['published'] or 'no date'} · {md(a['outlet'] or 'outlet unknown')} · {md(a['source'])}"
                  for a in s["articles"]]
        lines.append("")
    return "\n".join(lines)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here, not stdout.")
@click.option("--query", default="", help="Only stories with all these words in a title or an article's text.")
@click.option("--outlet", default="", help="Only stories that an outlet whose name contains this covered.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only stories with an article dated on or after this day (published, else ingested).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="... on or before this day.")
def stories(db: Path, fmt: str, out: Path | None, query: str, outlet: str, since: datetime | None,
            until: datetime | None) -> None:
    """List the stories of the corpus --db with their articles (every source of each text, with outlet and date),
    all of them or those matching --query / --outlet / --since / --until (the web app's search).
    --format json prints {"stories": [{"id", "title", "articles": [{"id", "source", "outlet", "published"}]}]}."""
    from ..corpus import Corpus
    from ..story_listing import StoryFilter

    if not db.exists():
        raise StoreError(f"no corpus database at {db}")
    where = StoryFilter(query, outlet, since and since.date(), until and until.date())
    with Corpus.open(db, readonly=True) as corpus:
        only = corpus.story_ids(where) if where.narrows else None
        payload = stories_payload(corpus, only)
    text = json.dumps(payload, ensure_ascii=False, indent=2) if fmt == "json" else stories_markdown(payload)
    emit(text, out)
