"""``counterpoint serve``: the local web app over a corpus (and ``counterpoint demo --serve``)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from ..web.security import LOOPBACK_HOSTS

DEMO_DB = Path("counterpoint-report") / "demo.db"


def allowed_hosts_for(host: str) -> list[str]:
    """Host names a browser may use: loopback names, plus ``host`` itself; any name when bound to every
    interface (0.0.0.0 / ::), because the app then cannot know the names it is reached by."""
    try:
        if ipaddress.ip_address(host.strip("[]")).is_unspecified:
            return ["*"]
    except ValueError:
        pass
    return list(dict.fromkeys([*LOOPBACK_HOSTS, host.strip("[]").lower()]))


def run_app(db: Path, *, host: str, port: int, allow_private: bool = False) -> None:
    import uvicorn

    from ..web import create_app

    app = create_app(db, allow_private=allow_private, allowed_hosts=allowed_hosts_for(host))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"counterpoint: serving {db} at http://{shown}:{port}/  (Ctrl-C to stop)", err=True)
    # One process: the corpus has one writer, and the app serialises writes on its own writer thread.
    uvicorn.run(app, host=host, port=port, workers=1, log_level="warning")


@click.command()
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The corpus database (made by `counterpoint ingest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the corpus and its add form to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allow-private", is_flag=True,
              help="Let the add form fetch URLs on private, loopback and link-local addresses.")
@click.option("--create", is_flag=True, help="Create an empty corpus when --db does not exist.")
def serve(db: Path, host: str, port: int, allow_private: bool, create: bool) -> None:
    """Browse, search and grow a corpus in the browser: stories, comparisons, articles, and a JSON API."""
    from ..corpus import Corpus

    if not db.exists():
        if not create:
            raise click.ClickException(f"no corpus database at {db} (make one with `counterpoint ingest`, or pass "
                                       "--create for an empty one)")
        db.parent.mkdir(parents=True, exist_ok=True)
        Corpus.open(db).close()
    if host.strip("[]").lower() not in LOOPBACK_HOSTS:
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the corpus and add to it",
                   err=True)
    run_app(db, host=host, port=port, allow_private=allow_private)


def serve_corpus_with(paths: list[str], *, port: int, outlets: dict[str, str | None] | None = None) -> None:
    """Ingest ``paths`` into ./counterpoint-report/demo.db and serve it on 127.0.0.1:``port``. ``outlets`` maps a
    file name to the outlet to record for it (as ``--outlet`` would)."""
    from ..corpus import Corpus, IngestReport

    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    with Corpus.open(DEMO_DB) as corpus:
        for path in paths:
            one = corpus.ingest([path], outlet=(outlets or {}).get(Path(path).name))
            report.new += one.new
            report.duplicate += one.duplicate
            report.known += one.known
            report.failed += one.failed
        stories = corpus.stories()
    click.echo(f"demo corpus {DEMO_DB.resolve()}: {report.new} new, {report.duplicate + report.known} already "
               f"there, {report.failed} failed; {len(stories)} stories")
    if stories:
        click.echo(f"open http://127.0.0.1:{port}/stories/{stories[0].id}")
    run_app(DEMO_DB, host="127.0.0.1", port=port)
