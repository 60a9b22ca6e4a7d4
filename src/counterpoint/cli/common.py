"""Option bundles and output helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from ..model import Article, Failure

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes: 0 every input fine; 1 some inputs failed (the rest were processed); 2 usage or fatal error.
EXIT_SOME_FAILED = 1


def input_options(f: F) -> F:
    """Options that govern reading inputs (URL fetching limits, outlet override, progress)."""
    f = click.option("--progress/--no-progress", default=None,
                     help="Progress bar on stderr (default: when stderr is a terminal).")(f)
    f = click.option("--allow-private", is_flag=True,
                     help="Allow fetching URLs on private, loopback and link-local addresses.")(f)
    f = click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
                     help="Seconds before a URL fetch gives up.")(f)
    f = click.option("--max-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True,
                     help="Largest input accepted (file, URL body or decompressed gzip), in bytes.")(f)
    f = click.option("--outlet", default=None, help="Outlet name for every input (overrides detection).")(f)
    return f


def fetch_options(allow_private: bool, timeout: float, max_bytes: int) -> Any:
    from ..fetch import FetchOptions

    return FetchOptions(allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)


def with_progress(items: Iterable[Article | Failure], enabled: bool | None, desc: str) -> Iterator[Article | Failure]:
    """Wrap an iterator of results in a tqdm bar on stderr, counting articles and failures."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    ok = failed = 0
    with tqdm(desc=desc, unit=" input", file=sys.stderr, dynamic_ncols=True) as bar:
        for item in items:
            if isinstance(item, Failure):
                failed += 1
            else:
                ok += 1
            bar.set_postfix(articles=ok, failed=failed, refresh=False)
            bar.update(1)
            yield item


def report_failures(failures: Iterable[Failure]) -> int:
    """Print one line per failed input on stderr; return how many there were."""
    n = 0
    for fail in failures:
        click.echo(f"error: {fail.source}: {fail.reason} [{fail.code}]", err=True)
        n += 1
    return n


def emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        click.echo(f"wrote {out}", err=True)


def quiet_model_loading() -> None:
    """No progress bars from transformers while a neural backend loads (stderr is for counterpoint's own report);
    nothing to do when transformers is not installed."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
