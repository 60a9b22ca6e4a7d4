"""Fetching one URL safely: only http(s), only public addresses, bounded in time, size and redirects.

A news URL comes from a user or a feed, so it is untrusted. Every hop of a redirect chain is resolved and each of
its addresses checked before anything is sent (a public page must not be able to bounce us onto ``127.0.0.1`` or a
cloud metadata address), and the request then goes to the address that was checked, not to a second DNS answer
(no DNS rebinding). The body is streamed so the size cap holds without reading it whole, and gzip is inflated by us
with a cap on the inflated size, so a small compressed body cannot expand without bound.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field

import httpx

from .errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IPAddress]]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"})
PAGE_TYPES = HTML_TYPES | TEXT_TYPES
ACCEPTED_TYPES = PAGE_TYPES | FEED_TYPES

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# NAT64 well-known prefix (RFC 6052): 64:ff9b::a.b.c.d reaches IPv4 a.b.c.d through a translator.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

_ALLOW_HINT = "use --allow-private to allow"


@dataclass(frozen=True)
class FetchOptions:
    """How far a fetch may go.

    ``timeout`` bounds the whole fetch (every hop and the body), in seconds; ``max_bytes`` bounds the body after
    decompression; ``allow_private`` lifts the address check (for fetching from a local test server or an intranet
    you trust); ``content_types`` are the media types accepted when a call does not narrow them.
    """

    allow_private: bool = False
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    user_agent: str = "counterpoint/0.1 (+news comparison; https://github.com/counterpoint)"
    content_types: frozenset[str] = field(default=ACCEPTED_TYPES)


@dataclass(frozen=True)
class Fetched:
    """A fetched body. ``url`` is what was asked for, ``final_url`` where the redirects ended;
    ``content_type`` is the bare media type and ``charset`` the one the server declared, if any."""

    url: str
    final_url: str
    content: bytes
    content_type: str
    charset: str | None


# --- addresses ----------------------------------------------------------------------------------------------


def _kind_of(ip: IPAddress) -> str | None:
    # Most specific first: 169.254.0.0/16 is also "private", and it must be reported as link-local because that
    # is where cloud metadata services live.
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        # e.g. 100.64.0.0/10 (carrier-grade NAT), neither private nor reserved but not reachable publicly either.
        return "a non-public address"
    return None


def _translated_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, or NAT64 through the well-known prefix)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _tunnelled_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 endpoints a 6to4 or Teredo address leads to: each must pass the check too."""
    found = [ip.sixtofour] if ip.sixtofour is not None else []
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def address_problem(ip: IPAddress | str) -> str | None:
    """Why a fetch must not connect to ``ip`` ("127.0.0.1 is a loopback address"), or None if it is public."""
    ip = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(ip, ipaddress.IPv6Address):
        translated = _translated_ipv4(ip)
        if translated is not None:
            # Only the IPv4 address counts: the IPv6 forms themselves sit in ranges flagged reserved.
            kind = _kind_of(translated)
            return f"{ip} leads to {translated}, {kind}" if kind is not None else None
        for v4 in _tunnelled_ipv4(ip):
            kind = _kind_of(v4)
            if kind is not None:
                return f"{ip} leads to {v4}, {kind}"
    kind = _kind_of(ip)
    return f"{ip} is {kind}" if kind is not None else None


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, in the system's order of preference (IP literals resolve to
    themselves, including odd forms such as ``2130706433`` that the C library accepts)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[IPAddress, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        # A scope id ("fe80::1%eth0") is not part of the address.
        seen.setdefault(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]), None)
    return list(seen)


@dataclass(frozen=True)
class Target:
    """One hop, checked: the URL as written, the host and port to name in the request, and the addresses that
    may be connected to (all of them passed the check)."""

    url: httpx.URL
    host: str
    port: int
    addresses: tuple[IPAddress, ...]


def resolve_target(url: str | httpx.URL, *, allow_private: bool = False, resolver: Resolver | None = None) -> Target:
    """Check a URL's scheme, resolve its host and check every address; raise :class:`FetchError` when refused."""
    shown = str(url)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(f"invalid URL: {exc}", source=shown) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "(none)"
        raise FetchError(f"refused: unsupported URL scheme {scheme!r} (only http and https)", source=shown)
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise FetchError("invalid URL: no host", source=shown)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = (resolver or system_resolver)(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {getattr(exc, 'strerror', None) or exc}", source=shown) from exc
    if not addresses:
        raise FetchError(f"cannot resolve host {host}: no addresses", source=shown)
    if not allow_private:
        # One bad address refuses the host: a name that resolves to both a public and an internal address is
        # exactly what a rebinding attack looks like.
        for ip in addresses:
            problem = address_problem(ip)
            if problem is not None:
                raise FetchError(f"refused: {problem} ({_ALLOW_HINT})", source=shown)
    return Target(parsed, host, port, tuple(addresses))


def pinned_request(target: Target, address: IPAddress) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The URL, extra headers and httpx extensions that send ``target``'s request to ``address`` itself.

    The host in the URL becomes the checked IP so no second lookup happens; ``Host`` keeps the name for virtual
    hosting and the ``sni_hostname`` extension keeps it for TLS, so certificates are still verified against it.
    """
    default_port = 443 if target.url.scheme == "https" else 80
    name = f"[{target.host}]" if ":" in target.host else target.host  # an IPv6 literal keeps its brackets
    host_header = name if target.port == default_port else f"{name}:{target.port}"
    pinned = target.url.copy_with(host=str(address), fragment=None)
    return pinned, {"Host": host_header}, {"sni_hostname": target.host}


# --- bodies -------------------------------------------------------------------------------------------------


def inflate_capped(chunks: Iterable[bytes], max_bytes: int, *, what: str = "body") -> bytes:
    """Inflate a gzip or zlib stream arriving in ``chunks``, never holding more than ``max_bytes + 1`` inflated
    bytes: each step asks zlib for at most what is left under the cap. Further gzip members are inflated too;
    anything else after the end of the stream (padding) is ignored."""
    out = bytearray()
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: accept a gzip or a zlib header
    for chunk in chunks:
        data = chunk
        while data:
            if inflater.eof:
                if not data.startswith(b"\x1f\x8b"):
                    return bytes(out)
                inflater = zlib.decompressobj(wbits=47)
            try:
                out += inflater.decompress(data, max_bytes + 1 - len(out))
            except zlib.error as exc:
                raise FetchError(f"corrupt compressed {what}: {exc}") from exc
            if len(out) > max_bytes:
                raise FetchError(f"{what} larger than {max_bytes} bytes after decompression")
            data = inflater.unconsumed_tail or inflater.unused_data
    if not inflater.eof:
        raise FetchError(f"truncated compressed {what}")
    return bytes(out)


def _split_content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _accept_header(types: frozenset[str]) -> str:
    ranked = sorted(types, key=lambda t: (t not in HTML_TYPES, t not in TEXT_TYPES, t))
    return ", ".join(ranked)


@dataclass
class _Clock:
    timeout: float
    start: float = field(default_factory=time.monotonic)

    def left(self, source: str) -> float:
        left = self.timeout - (time.monotonic() - self.start)
        if left <= 0:
            raise self.expired(source)
        return left

    def expired(self, source: str) -> FetchError:
        return FetchError(f"timed out after {float(self.timeout)} s", source=source)


def _read_body(response: httpx.Response, *, max_bytes: int, clock: _Clock, source: str) -> bytes:
    encoding = (response.headers.get("content-encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding}", source=source)

    def raw() -> Iterable[bytes]:
        received = 0
        # Unchunked, so the deadline is checked after every network read however small (a chunk size would make
        # httpx wait to fill it). A transport may hand back a body already in memory (httpx.MockTransport does).
        chunks = [response.content] if response.is_stream_consumed else response.iter_raw()
        for chunk in chunks:
            received += len(chunk)
            if received > max_bytes:
                raise FetchError(f"body larger than {max_bytes} bytes", source=source)
            clock.left(source)
            yield chunk

    if encoding == "identity":
        return b"".join(raw())
    try:
        return inflate_capped(raw(), max_bytes)
    except FetchError as exc:
        raise FetchError(exc.reason, source=source) from exc


def _send(client: httpx.Client, target: Target, headers: dict[str, str], clock: _Clock, source: str) -> httpx.Response:
    """Open a streaming GET to the first of the target's checked addresses that accepts a connection."""
    error: Exception | None = None
    for address in target.addresses:
        url, host, extensions = pinned_request(target, address)
        left = clock.left(source)
        request = client.build_request("GET", url, headers={**headers, **host}, extensions=extensions, timeout=left)
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:
            error = exc
    raise FetchError(f"cannot connect to {target.host} port {target.port}: {error}", source=source)


def fetch_url(
    url: str,
    *,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen, so a shared default is safe
    accept: frozenset[str] | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` within ``options``; every refusal or failure is a :class:`FetchError` with a one-line reason.

    ``accept`` narrows the media types accepted (default ``options.content_types``). ``resolver`` (host, port ->
    addresses) replaces the system resolver. ``transport`` replaces the network; pass one
    ``httpx.HTTPTransport()`` to many calls to share connections and the TLS setup (loading the CA bundle costs
    ~0.1 s of CPU per call otherwise); it stays open, the caller closes it.
    """
    types = accept if accept is not None else options.content_types
    clock = _Clock(options.timeout)
    headers = {
        "User-Agent": options.user_agent,
        "Accept": _accept_header(types),
        # Only encodings we inflate ourselves under the size cap.
        "Accept-Encoding": "gzip",
    }
    client: httpx.Client | None = None
    hop: str | httpx.URL = url
    redirects = 0
    try:
        while True:
            try:
                target = resolve_target(hop, allow_private=options.allow_private, resolver=resolver)
            except FetchError as exc:
                where = f" (redirected to {hop})" if redirects else ""
                raise FetchError(exc.reason + where, source=url) from exc
            if client is None:
                # Made only once the first hop passed its checks. trust_env=False: a proxy from the environment
                # would connect on our behalf to whatever the name resolves to there, bypassing the address check.
                client = httpx.Client(
                    transport=transport or httpx.HTTPTransport(), trust_env=False, follow_redirects=False
                )
            try:
                with closing(_send(client, target, headers, clock, url)) as response:
                    if response.status_code not in REDIRECT_STATUSES:
                        return _finish(response, target, url, types, options, clock)
                    redirects += 1
                    if redirects > options.max_redirects:
                        raise FetchError(f"too many redirects ({redirects} > {options.max_redirects})", source=url)
                    hop = _redirect_target(response, target, url)
            except httpx.TimeoutException as exc:
                raise clock.expired(url) from exc
            except httpx.ProtocolError as exc:
                raise FetchError(f"bad HTTP response: {exc}", source=url) from exc
            except httpx.NetworkError as exc:
                raise FetchError(f"connection failed: {exc}", source=url) from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}", source=url) from exc
    finally:
        # Closing the client closes its transport, which is the caller's when one was given.
        if client is not None and transport is None:
            client.close()


def _redirect_target(response: httpx.Response, target: Target, url: str) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location", source=url)
    try:
        return target.url.join(location)
    except httpx.InvalidURL as exc:
        raise FetchError(f"bad redirect Location {location!r}", source=url) from exc


def _finish(
    response: httpx.Response, target: Target, url: str, types: frozenset[str], options: FetchOptions, clock: _Clock
) -> Fetched:
    if not 200 <= response.status_code < 300:
        raise FetchError(f"HTTP {response.status_code}", source=url)
    media, charset = _split_content_type(response.headers.get("content-type"))
    if media not in types:
        raise FetchError(f"unsupported content type {media or '(none given)'}", source=url)
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > options.max_bytes:
        raise FetchError(f"body larger than {options.max_bytes} bytes", source=url)
    content = _read_body(response, max_bytes=options.max_bytes, clock=clock, source=url)
    if not content:
        raise FetchError("empty response body", source=url)
    return Fetched(url, str(target.url.copy_with(fragment=None)), content, media, charset)
