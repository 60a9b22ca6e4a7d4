"""What keeps a local web app safe from the pages a user visits and from the articles it shows.

- **Headers** on every response: a Content-Security-Policy that allows only the app's own script and style files
  (no inline script or style, no plugins, no framing, forms post only here), ``nosniff``, no referrer, no framing.
  Article text can therefore never run, even if some template forgot to escape it.
- **Host check** (DNS rebinding): a hostile site that points its own name at 127.0.0.1 gets its requests answered
  only if that name is an allowed host; by default only loopback names are.
- **Cross-site writes** (CSRF): a page on another origin can make the browser POST to localhost. Every unsafe
  method is refused when the browser says the request is cross-site (``Sec-Fetch-Site``), or, from a browser
  that does not send that header, comes from another or an opaque origin (``Origin``); HTML forms also carry a token that must equal a ``SameSite=Strict`` cookie (double submit).
  JSON bodies are parsed only with a JSON content type, which a cross-site form cannot send without a preflight.
- **Body size**: a request whose body exceeds the limit is answered 413, from its ``Content-Length`` before
  reading anything, or as soon as a streamed body passes the limit.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Sec-Fetch-Site values of a request the user made on this app ("none": typed in the address bar, a bookmark).
_SAME_SITE_FETCH = frozenset({"same-origin", "none"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

CSRF_COOKIE = "cp_csrf"
CSRF_FIELD = "csrf"

# status, code, message -> the response to send (the app's error shape; injected to keep this module standalone)
Reject = Callable[[Scope, int, str, str], Response]


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit; FastAPI re-raises HTTPExceptions from body
    parsing as they are, so it reaches the app's error handler as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header without its port: ``"[::1]:8000"`` -> ``"::1"``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def _origin_tuple(scheme: str, netloc: str) -> tuple[str, str, int | None]:
    parts = urlsplit(f"{scheme}://{netloc}")
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def cross_site_reason(headers: Headers, scheme: str) -> str | None:
    """Why an unsafe request looks cross-site, or None. Clients that send neither header (curl, scripts) pass:
    only browsers can be tricked into sending a request, and browsers send at least one of them on a POST."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        # A page cannot set Sec-Fetch-* itself, so when the browser sends it, it decides. Origin cannot: under
        # "Referrer-Policy: no-referrer" Chromium sends "Origin: null" on the app's own form posts.
        if fetch_site.lower() in _SAME_SITE_FETCH:
            return None
        return f"cross-site request refused (Sec-Fetch-Site: {fetch_site})"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin == "null":
        return "request from an opaque origin refused"
    given = urlsplit(origin)
    if _origin_tuple(given.scheme, given.netloc) != _origin_tuple(scheme, headers.get("host", "")):
        return f"cross-origin request refused (Origin: {origin[:100]})"
    return None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    return bool(cookie) and bool(field) and hmac.compare_digest(str(cookie), str(field))


def set_csrf_cookie(response: Response, token: str) -> None:
    # HttpOnly: scripts never need it (the page carries the token in its form). Strict: never sent cross-site.
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


class SecurityMiddleware:
    """Host check, cross-site write refusal, body size limit and security headers (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        max_body_bytes: int,
        reject: Reject,
    ) -> None:
        self.app = app
        hosts = {h.strip().lower().strip("[]") for h in allowed_hosts}
        self.any_host = "*" in hosts
        self.allowed_hosts = frozenset(hosts - {"*"})
        self.max_body_bytes = max_body_bytes
        self.reject = reject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, code, message = refusal
            await self.reject(scope, status, code, message)(scope, receive, send)
            return

        started = False
        seen = 0
        limit = self.max_body_bytes

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out[name] = value
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge as exc:
            # Raised where no handler saw it (a form parsed outside FastAPI's body reader, say).
            if started:
                raise
            await self.reject(scope, 413, "payload_too_large", str(exc.detail))(scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str, str] | None:
        host = host_name(headers.get("host", ""))
        if not self.any_host and host not in self.allowed_hosts:
            return 400, "bad_host", f"host {host[:100]!r} is not served here (allowed: {', '.join(sorted(self.allowed_hosts))})"
        if scope["method"] in SAFE_METHODS:
            return None
        reason = cross_site_reason(headers, str(scope.get("scheme", "http")))
        if reason is not None:
            return 403, "cross_site", reason
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            return 413, "payload_too_large", f"request body of {length} bytes is larger than {self.max_body_bytes}"
        return None
