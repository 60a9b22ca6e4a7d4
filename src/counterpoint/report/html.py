"""The self-contained HTML report: one file, no external resources, all article text escaped.

The page carries its own Content-Security-Policy: no network access at all, and the only script allowed is the
one shipped with counterpoint (pinned by its SHA-256), so nothing in an article can ever run.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib.resources import files

import jinja2

from .. import __version__
from ..comparison import Comparison
from ..model import SCHEMA_VERSION
from .view import build_view


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("counterpoint", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def static_text(name: str) -> str:
    return (files("counterpoint") / "static" / name).read_text(encoding="utf-8")


def render_html(comparison: Comparison, *, title: str | None = None) -> str:
    script = static_text("counterpoint.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    template = environment().get_template("report.html.j2")
    return template.render(
        view=build_view(comparison, title=title),
        css=static_text("counterpoint.css"),
        script=jinja2.utils.markupsafe.Markup(script),
        script_hash=script_hash,
        generator=f"counterpoint {__version__}",
        schema_version=SCHEMA_VERSION,
        article_link=None,
    )
