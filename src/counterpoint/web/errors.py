"""One error shape for the whole web app.

API clients (paths under ``/api/``, ``/openapi.json``, or a request that asks for JSON and not HTML) always get::

    {"error": {"code": "...", "message": "...", "status": N}}

``code`` is the counterpoint error code (``CP200`` ...) when a counterpoint error caused it, else a short name
for the HTTP status (``not_found``, ``method_not_allowed``, ``invalid_request``, ``payload_too_large``, ...).
Browsers get the same three facts as an HTML page. Every error response carries the security headers itself,
because a 500 is answered by Starlette's outermost middleware, outside :class:`~.security.SecurityMiddleware`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from ..errors import CounterpointError
from .rendering import Pages
from .security import SECURITY_HEADERS

LOG = logging.getLogger(__name__)

API_PREFIX = "/api/"
_JSON_PATHS = ("/openapi.json",)

HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class WebError(Exception):
    """An error the app answers with ``status`` and the shared error shape."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or HTTP_CODES.get(status, f"http_{status}")
        self.message = message

    @classmethod
    def from_counterpoint(cls, exc: CounterpointError, status: int) -> WebError:
        return cls(status, str(exc), code=exc.code)


def wants_json(scope: Scope) -> bool:
    path = str(scope.get("path", ""))
    if path.startswith(API_PREFIX) or path in _JSON_PATHS:
        return True
    accept = ""
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            accept = value.decode("latin-1").lower()
    return "application/json" in accept and "text/html" not in accept


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(
    scope: Scope,
    status: int,
    message: str,
    *,
    code: str | None = None,
    pages: Pages,
    headers: Mapping[str, str] | None = None,
) -> Response:
    code = code or HTTP_CODES.get(status, f"http_{status}")
    all_headers = {**SECURITY_HEADERS, **(headers or {})}
    if wants_json(scope):
        return JSONResponse(error_body(status, code, message), status_code=status, headers=all_headers)
    return pages.html("error", status=status, headers=all_headers, status_code=status, code=code, message=message)


def validation_message(errors: Sequence[Any]) -> str:
    """``"body.text: Field required; query.limit: ..."`` from pydantic's error list (first five)."""
    parts = []
    for err in list(errors)[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
    more = len(errors) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "") or "invalid request"


def install(app: FastAPI, pages: Pages) -> None:
    """Route every error the app can raise to :func:`error_response`."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else HTTP_CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request.scope, exc.status_code, message, pages=pages, headers=exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request.scope, 422, validation_message(exc.errors()), pages=pages)

    async def web_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        return error_response(request.scope, exc.status, exc.message, code=exc.code, pages=pages)

    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        # The message never carries the exception text: it may hold paths or content.
        return error_response(request.scope, 500, "internal error (see the server log)", pages=pages)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(Exception, unexpected)
