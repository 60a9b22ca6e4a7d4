"""Option bundles and output helpers shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from ..model import Failure

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes: 0 all inputs fine; 1 some inputs failed (the rest were processed); 2 usage or fatal error.
EXIT_SOME_FAILED = 1


def fetch_options(f: F) -> F:
    """Options that govern URL fetching, shared by every command that reads inputs."""
    f = click.option("--allow-private", is_flag=True,
                     help="Allow fetching URLs on private, loopback and link-local addresses.")(f)
    f = click.option("--timeout", type=float, default=20.0, show_default=True,
                     help="Seconds before a URL fetch gives up.")(f)
    f = click.option("--max-bytes", type=int, default=10_000_000, show_default=True,
                     help="Largest input (file, URL body or decompressed gzip) accepted, in bytes.")(f)
    f = click.option("--outlet", default=None, help="Outlet name for every input (overrides detection).")(f)
    return f


def report_failures(failures: Iterable[Failure]) -> int:
    """Print one line per failed input on stderr; return how many there were."""
    n = 0
    for fail in failures:
        click.echo(f"error: {fail.source}: {fail.reason} [{fail.code}]", err=True)
        n += 1
    return n


def progress_enabled(n_inputs: int) -> bool:
    """A progress bar on stderr when there are many inputs and stderr is a terminal."""
    return n_inputs > 5 and sys.stderr.isatty()
