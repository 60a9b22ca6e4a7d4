"""The web app over a corpus: ``create_app(db_path)`` returns a FastAPI application.

Routes
- HTML: ``/`` stories (search by words, outlet, dates), ``/stories/{id}`` (the comparison, same partial as the
  HTML report), ``/articles/{id}`` (metadata, sources, sentences, captions, what was stripped and why, near
  copies), ``/add`` (paste / upload / URLs), ``/static/...`` (the report's CSS and JS).
- JSON: ``/api/stories``, ``/api/stories/{id}``, ``/api/stories/{id}/comparison``, ``/api/articles/{id}``,
  ``POST /api/articles``; described by ``/openapi.json``.

``/docs`` and ``/redoc`` are off: FastAPI's pages load Swagger UI / ReDoc from a CDN and run inline script, which
the app's Content-Security-Policy forbids (and the app must work offline). Relaxing the policy for one route
would put a third-party script on the same origin as the add-article form, so instead load ``/openapi.json``
into any OpenAPI viewer.

Security decisions are in :mod:`counterpoint.web.security`; the error shape in :mod:`counterpoint.web.errors`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from .. import __version__
from ..corpus import Corpus
from ..errors import StoreError
from ..fetch import FetchOptions
from . import api, errors, pages
from .access import CorpusAccess
from .context import WebContext
from .rendering import Pages
from .security import LOOPBACK_HOSTS, SecurityMiddleware

# Largest request body (all uploaded files and fields together). The CLI accepts 10 MB per input; a request
# may carry several inputs, and the form's bytes are spooled to disk past 1 MB, so 25 MB bounds disk and time
# per request while letting a few large HTML pages through together.
DEFAULT_MAX_UPLOAD_BYTES = 25_000_000
# URL fetching from the web app: shorter than the CLI's 20 s because a person is waiting on the page, and a
# 5 MB page cap (the largest page of the Zyte/scrapinghub benchmark is far below 1 MB).
WEB_FETCH_OPTIONS = FetchOptions(timeout=10.0, max_bytes=5_000_000)


def create_app(
    db_path: str | os.PathLike[str],
    *,
    allow_private: bool = False,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    fetch_options: FetchOptions | None = None,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
) -> FastAPI:
    """The app over the corpus at ``db_path``, which must exist (create it with ``Corpus.open``).

    ``allow_private`` lets URL ingestion reach private, loopback and link-local addresses (it overrides
    ``fetch_options.allow_private``). ``allowed_hosts``: the names a browser may use to reach the app (``Host``
    header; ``"*"`` for any) — the defence against DNS rebinding.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreError("no such corpus database", source=str(path))
    # Open once for writing so migrations run now, not inside the first request, and the path is checked.
    Corpus.open(path).close()
    access = CorpusAccess(path)
    ctx = WebContext(
        access=access,
        pages=Pages(),
        fetch_options=replace(fetch_options or WEB_FETCH_OPTIONS, allow_private=allow_private),
        max_upload_bytes=max_upload_bytes,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        access.close()

    app = FastAPI(
        title="counterpoint",
        version=__version__,
        description="How different outlets cover the same news story, with evidence.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = ctx
    errors.install(app, ctx.pages)

    def reject(scope: Scope, status: int, code: str, message: str) -> Response:
        return errors.error_response(scope, status, message, code=code, pages=ctx.pages)

    app.add_middleware(
        SecurityMiddleware, allowed_hosts=allowed_hosts, max_body_bytes=max_upload_bytes, reject=reject
    )
    app.include_router(api.router(ctx))
    app.include_router(pages.router(ctx))
    app.mount("/static", StaticFiles(directory=str(files("counterpoint") / "static")), name="static")
    return app
