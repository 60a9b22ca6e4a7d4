"""Server-side HTML for the web app: one Jinja2 environment over the package templates, autoescaping everything.

The web templates live in ``templates/web/``; the story page includes the same ``_story.html.j2`` partial as the
self-contained report, so both look the same. No template marks article content ``|safe``: the only
:class:`~markupsafe.Markup` that reaches them is built by :mod:`counterpoint.render` from escaped text.
"""

from __future__ import annotations

from typing import Any

import jinja2
from starlette.responses import HTMLResponse

from .. import __version__


def environment() -> jinja2.Environment:
    """A fresh environment; the app builds one and keeps it (no process-wide cache)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("counterpoint", "templates"),
        # True, not select_autoescape(): the templates end in .j2, which select_autoescape would not escape.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["generator"] = f"counterpoint {__version__}"
    return env


class Pages:
    """Renders the web templates into responses."""

    def __init__(self, env: jinja2.Environment | None = None) -> None:
        self.env = env or environment()

    def text(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"web/{name}.html.j2").render(**context)

    def html(self, name: str, *, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.text(name, **context), status_code=status, headers=headers)
