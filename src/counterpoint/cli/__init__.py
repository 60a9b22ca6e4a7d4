"""The ``counterpoint`` command line: a thin layer over the library.

Each command lives in its own module and is imported only when it runs, so ``counterpoint --help`` stays fast
and one command's heavy imports (FastAPI, scikit-learn) never slow another.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from ..errors import CounterpointError

# command name -> "module:function" (relative to this package)
COMMANDS: dict[str, str] = {
    "extract": "extract:extract",
    "compare": "compare:compare",
    "demo": "demo:demo",
    "ingest": "corpus:ingest",
    "stories": "corpus:stories",
    "opinion-train": "opinion_train:opinion_train",
    "serve": "serve:serve",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        cmd = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        assert isinstance(cmd, click.Command)
        return cmd


@click.group(cls=LazyGroup)
@click.version_option(package_name="counterpoint")
def cli() -> None:
    """counterpoint: how different outlets cover the same news story, with evidence."""


def main(argv: list[str] | None = None) -> Any:
    """Entry point: library errors become one-line messages and exit code 2; no tracebacks for user errors."""
    try:
        return cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CounterpointError as exc:
        click.echo(f"error: {exc} [{exc.code}]", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
