"""fetch_url against a real server on 127.0.0.1, and the address and redirect checks with a stubbed resolver and
httpx's MockTransport (so nothing is ever sent to a non-loopback address)."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import ssl
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import LocalServer, Route, local_server_fixture, self_signed_cert, serve  # noqa: F401 - fixture

from counterpoint.errors import FetchError
from counterpoint.fetch import (
    FEED_TYPES,
    PAGE_TYPES,
    Fetched,
    FetchOptions,
    address_problem,
    fetch_url,
    inflate_capped,
    pinned_request,
    resolve_target,
)

LOCAL = FetchOptions(allow_private=True, timeout=5.0)
PAGE = b"<html><head><title>T</title></head><body><p>Hello, world.</p></body></html>"


# One transport for the whole module: each fetch without one builds a TLS context, ~0.1 s of CPU per test.
# test_ok_page and test_loopback_refused... use the default path.
_SHARED = httpx.HTTPTransport()


def _get(url: str, options: FetchOptions = LOCAL, **kw: object) -> Fetched:
    kw.setdefault("transport", _SHARED)
    return fetch_url(url, options=options, **kw)  # type: ignore[arg-type]


def _fails(url: str, options: FetchOptions = LOCAL, **kw: object) -> str:
    with pytest.raises(FetchError) as info:
        _get(url, options, **kw)
    assert info.value.source == url
    assert info.value.code == "CP200"
    return info.value.reason


# --- addresses ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("10.0.0.1", "10.0.0.1 is a private address"),
        ("172.16.0.1", "172.16.0.1 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("169.254.169.254", "169.254.169.254 is a link-local address"),
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("127.8.9.10", "127.8.9.10 is a loopback address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("240.0.0.1", "240.0.0.1 is a private address"),
        ("100.64.0.1", "100.64.0.1 is a non-public address"),
        ("::1", "::1 is a loopback address"),
        ("::", ":: is an unspecified address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("fc00::1", "fc00::1 is a private address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("::ffff:127.0.0.1", "{ip} leads to 127.0.0.1, a loopback address"),
        ("::ffff:169.254.169.254", "{ip} leads to 169.254.169.254, a link-local address"),
        ("2002:7f00:1::", "2002:7f00:1:: leads to 127.0.0.1, a loopback address"),
        ("64:ff9b::a00:1", "64:ff9b::a00:1 leads to 10.0.0.1, a private address"),
    ],
)
def test_address_problem_refuses_non_public(address: str, expected: str) -> None:
    # Python 3.13 started printing IPv4-mapped addresses dotted ("::ffff:127.0.0.1"); 3.11 prints "::ffff:7f00:1".
    expected = expected.format(ip=ipaddress.ip_address(address))
    assert address_problem(address) == expected
    assert address_problem(ipaddress.ip_address(address)) == expected


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"]
)
def test_address_problem_allows_public(address: str) -> None:
    assert address_problem(address) is None


def _resolver(table: dict[str, list[str]], calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://news.example/a", "refused: unsupported URL scheme 'ftp' (only http and https)"),
        ("file:///etc/passwd", "refused: unsupported URL scheme 'file' (only http and https)"),
        ("gopher://news.example/", "refused: unsupported URL scheme 'gopher' (only http and https)"),
        ("http://nowhere.example/", "cannot resolve host nowhere.example: Name or service not known"),
        ("http://both.example/", "refused: 10.0.0.7 is a private address (use --allow-private to allow)"),
        ("http://[::1]:8080/", "refused: ::1 is a loopback address (use --allow-private to allow)"),
    ],
)
def test_resolve_target_refusals(url: str, reason: str) -> None:
    # both.example resolves to a public and a private address: one bad address refuses the host.
    resolve = _resolver({"both.example": ["93.184.216.34", "10.0.0.7"], "::1": ["::1"]})
    with pytest.raises(FetchError) as info:
        resolve_target(url, resolver=resolve)
    assert info.value.reason == reason


def test_non_http_scheme_refused_by_fetch_url() -> None:
    assert _fails("ftp://127.0.0.1/file.html") == "refused: unsupported URL scheme 'ftp' (only http and https)"


@pytest.mark.parametrize(
    ("url", "address", "pinned", "host", "sni"),
    [
        ("https://news.example:8443/story?id=1#top", "93.184.216.34", "https://93.184.216.34:8443/story?id=1",
         "news.example:8443", "news.example"),
        ("http://news.example/a", "2606:4700::1111", "http://[2606:4700::1111]/a", "news.example", "news.example"),
        ("http://[::1]:8080/a", "::1", "http://[::1]:8080/a", "[::1]:8080", "::1"),
        ("https://b\u00fccher.example/", "93.184.216.34", "https://93.184.216.34/", "xn--bcher-kva.example",
         "xn--bcher-kva.example"),
    ],
)  # fmt: skip
def test_request_is_pinned_to_the_checked_address(url: str, address: str, pinned: str, host: str, sni: str) -> None:
    target = resolve_target(url, allow_private=True, resolver=lambda h, p: [ipaddress.ip_address(address)])
    got_url, headers, extensions = pinned_request(target, target.addresses[0])
    assert (str(got_url), headers, extensions) == (pinned, {"Host": host}, {"sni_hostname": sni})


# --- hops, with a mock network ------------------------------------------------------------------------------


class _Net:
    """A fake internet: answers by the Host header, records what was sent where."""

    def __init__(self, pages: dict[str, httpx.Response]) -> None:
        self.pages = pages
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.pages[request.headers["host"] + request.url.path]


PUBLIC_DNS = {"news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"], "other.example": ["93.184.216.35"]}


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (
            "http://intranet.example/admin",
            "refused: 10.1.2.3 is a private address (use --allow-private to allow) "
            "(redirected to http://intranet.example/admin)",
        ),
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused: 169.254.169.254 is a link-local address (use --allow-private to allow) "
            "(redirected to http://169.254.169.254/latest/meta-data/)",
        ),
        ("ftp://news.example/x", "refused: unsupported URL scheme 'ftp' (only http and https) (redirected to ftp://news.example/x)"),
    ],
)
def test_redirect_from_allowed_to_refused_address_is_refused(location: str, reason: str) -> None:
    net = _Net({"news.example/a": httpx.Response(302, headers={"Location": location})})
    dns = {**PUBLIC_DNS, "169.254.169.254": ["169.254.169.254"]}
    reason_seen = _fails(
        "http://news.example/a", FetchOptions(), resolver=_resolver(dns), transport=httpx.MockTransport(net)
    )
    assert reason_seen == reason
    assert [str(r.url) for r in net.sent] == ["http://93.184.216.34/a"]  # the refused hop was never contacted


def test_each_hop_is_resolved_once_and_sent_to_the_checked_ip() -> None:
    calls: list[str] = []
    net = _Net(
        {
            "news.example/a": httpx.Response(301, headers={"Location": "http://other.example/b"}),
            "other.example/b": httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"}),
        }
    )
    got = fetch_url(
        "http://news.example/a", resolver=_resolver(PUBLIC_DNS, calls), transport=httpx.MockTransport(net)
    )
    assert calls == ["news.example", "other.example"]
    assert [(r.url.host, r.headers["host"]) for r in net.sent] == [
        ("93.184.216.34", "news.example"),
        ("93.184.216.35", "other.example"),
    ]
    assert got.final_url == "http://other.example/b"
    assert got.content == PAGE


def test_https_goes_to_the_pinned_ip_and_verifies_the_name(tmp_path: Path) -> None:
    cert, key = self_signed_cert(tmp_path, "news.test")
    with serve(tls=(cert, key)) as server, httpx.HTTPTransport(verify=ssl.create_default_context(cafile=cert)) as tls:
        server.page("/s", PAGE)
        dns = _resolver({"news.test": ["127.0.0.1"], "impostor.test": ["127.0.0.1"]})
        got = fetch_url(f"https://news.test:{server.port}/s", options=LOCAL, resolver=dns, transport=tls)
        assert (got.content, got.final_url) == (PAGE, f"https://news.test:{server.port}/s")
        assert server.requests[0].headers["host"] == f"news.test:{server.port}"
        # Same IP, a name the certificate does not cover: pinning the IP must not switch verification off.
        reason = _fails(f"https://impostor.test:{server.port}/s", resolver=dns, transport=tls)
        assert "CERTIFICATE_VERIFY_FAILED" in reason
        assert len(server.requests) == 1


def test_unsupported_content_encoding_refused() -> None:
    net = _Net(
        {"news.example/a": httpx.Response(200, content=b"x", headers={"Content-Type": "text/html", "Content-Encoding": "br"})}
    )
    reason = _fails("http://news.example/a", FetchOptions(), resolver=_resolver(PUBLIC_DNS), transport=httpx.MockTransport(net))
    assert reason == "unsupported content encoding br"


# --- a real local server ------------------------------------------------------------------------------------


def test_ok_page(local_server: LocalServer) -> None:
    url = local_server.page("/story", PAGE, "text/html; charset=ISO-8859-1")
    got = fetch_url(url, options=LOCAL)
    assert (got.url, got.final_url, got.content) == (url, url, PAGE)
    assert (got.content_type, got.charset) == ("text/html", "iso-8859-1")
    seen = local_server.requests[0].headers
    assert seen["host"] == f"127.0.0.1:{local_server.port}"
    assert seen["accept-encoding"] == "gzip"
    assert seen["user-agent"].startswith("counterpoint/")


def test_loopback_refused_without_allow_private_and_nothing_sent(local_server: LocalServer) -> None:
    url = local_server.page("/story", PAGE)
    with pytest.raises(FetchError) as info:
        fetch_url(url)
    assert info.value.reason == "refused: 127.0.0.1 is a loopback address (use --allow-private to allow)"
    assert local_server.requests == []
    assert fetch_url(url, options=FetchOptions(allow_private=True)).content == PAGE


def test_a_given_transport_stays_open_for_the_next_fetch(local_server: LocalServer) -> None:
    url = local_server.page("/story", PAGE)
    with httpx.HTTPTransport() as transport:
        assert [fetch_url(url, options=LOCAL, transport=transport).content for _ in range(2)] == [PAGE, PAGE]


@pytest.mark.parametrize(("hops", "ok"), [(0, True), (3, True), (5, True), (6, False)])
def test_redirect_chain(local_server: LocalServer, hops: int, ok: bool) -> None:
    final = local_server.page("/final", PAGE)
    for i in range(hops):
        # Relative and absolute Locations alternate: both must be resolved against the hop.
        nxt = "/final" if i == hops - 1 else f"/r{i + 1}"
        local_server.redirect(f"/r{i}", nxt if i % 2 else local_server.url(nxt), status=(301, 302, 303, 307, 308)[i % 5])
    start = local_server.url("/r0") if hops else final
    if ok:
        got = _get(start)
        assert got.final_url == final
        assert got.content == PAGE
    else:
        assert _fails(start) == "too many redirects (6 > 5)"


def test_redirect_loop(local_server: LocalServer) -> None:
    url = local_server.redirect("/loop", "/loop")
    assert _fails(url) == "too many redirects (6 > 5)"
    assert len(local_server.requests) == 6  # the sixth redirect is refused without a seventh request


def test_redirect_without_location(local_server: LocalServer) -> None:
    url = local_server.add("/r", Route(status=302))
    assert _fails(url) == "HTTP 302 redirect without a Location"


def test_slow_endpoint_times_out(local_server: LocalServer) -> None:
    url = local_server.add("/slow", Route(body=PAGE, headers={"Content-Type": "text/html"}, delay=5.0))
    began = time.monotonic()
    assert _fails(url, FetchOptions(allow_private=True, timeout=0.5)) == "timed out after 0.5 s"
    assert time.monotonic() - began < 2.0


def test_slow_drip_body_hits_the_overall_deadline(local_server: LocalServer) -> None:
    def drip() -> Iterator[bytes]:
        while True:
            yield b"<p>x</p>"
            time.sleep(0.1)  # each read is quick; only a deadline on the whole fetch stops this

    url = local_server.add("/drip", Route(body=drip, headers={"Content-Type": "text/html"}))
    began = time.monotonic()
    assert _fails(url, FetchOptions(allow_private=True, timeout=0.5)) == "timed out after 0.5 s"
    assert time.monotonic() - began < 2.0


def _endless() -> Iterator[bytes]:
    while True:
        yield b"a" * 65_536


@pytest.mark.parametrize(
    "route",
    [
        Route(body=b"a" * 5_000, headers={"Content-Type": "text/html"}),  # Content-Length says so up front
        Route(body=b"a" * 5_000, headers={"Content-Type": "text/html"}, content_length=False),
        Route(body=_endless, headers={"Content-Type": "text/html"}),  # never ends: must stop reading by itself
    ],
    ids=["content-length", "no-length", "endless"],
)
def test_oversize_body(local_server: LocalServer, route: Route) -> None:
    url = local_server.add("/big", route)
    assert _fails(url, FetchOptions(allow_private=True, max_bytes=4_000)) == "body larger than 4000 bytes"


def test_gzip_body_is_inflated(local_server: LocalServer) -> None:
    url = local_server.page("/z", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    assert _get(url).content == PAGE


def test_gzip_bomb_refused(local_server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)  # ~5 KB on the wire
    url = local_server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    reason = _fails(url, FetchOptions(allow_private=True, max_bytes=100_000))
    assert reason == "body larger than 100000 bytes after decompression"


def test_truncated_gzip_body(local_server: LocalServer) -> None:
    url = local_server.page("/cut", gzip.compress(PAGE * 50)[:-40], headers={"Content-Encoding": "gzip"})
    assert _fails(url) == "truncated compressed body"


@pytest.mark.parametrize(
    ("content_type", "accept", "reason"),
    [
        ("image/png", None, "unsupported content type image/png"),
        ("application/rss+xml", PAGE_TYPES, "unsupported content type application/rss+xml"),
        ("text/html", FEED_TYPES, "unsupported content type text/html"),
        ("", None, "unsupported content type (none given)"),
    ],
)
def test_wrong_content_type(
    local_server: LocalServer, content_type: str, accept: frozenset[str] | None, reason: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    url = local_server.add("/x", Route(body=b"\x89PNG....", headers=headers))
    assert _fails(url, accept=accept) == reason


def test_feed_type_accepted_by_default(local_server: LocalServer) -> None:
    url = local_server.page("/feed", b"<rss></rss>", "application/rss+xml; charset=utf-8")
    assert _get(url).content_type == "application/rss+xml"


@pytest.mark.parametrize("status", [404, 410, 500])
def test_http_error_status(local_server: LocalServer, status: int) -> None:
    url = local_server.add("/e", Route(status=status, body=b"no", headers={"Content-Type": "text/html"}))
    assert _fails(url) == f"HTTP {status}"


def test_unknown_path_is_404(local_server: LocalServer) -> None:
    assert _fails(local_server.url("/nothing-here")) == "HTTP 404"


def test_empty_body(local_server: LocalServer) -> None:
    url = local_server.page("/empty", b"")
    assert _fails(url) == "empty response body"


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port now.
    reason = _fails(f"http://127.0.0.1:{port}/")
    assert reason.startswith(f"cannot connect to 127.0.0.1 port {port}: ")


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([gzip.compress(b"abc")], b"abc"),
        ([gzip.compress(b"ab") + gzip.compress(b"cd")], b"abcd"),  # two gzip members
        ([bytes([b]) for b in gzip.compress(b"hello " * 100)], b"hello " * 100),  # byte by byte
        ([gzip.compress(b"abc") + b"\0\0\0\0"], b"abc"),  # padding after the member
        ([gzip.compress(b"ab"), gzip.compress(b"cd")], b"abcd"),  # second member starts a new chunk
        ([zlib.compress(b"zlib-wrapped deflate")], b"zlib-wrapped deflate"),
    ],
)
def test_inflate_capped(chunks: list[bytes], expected: bytes) -> None:
    assert inflate_capped(chunks, 1_000) == expected


@pytest.mark.parametrize(
    ("chunks", "reason"),
    [
        ([gzip.compress(b"hello" * 100)[:-12]], "truncated compressed body"),
        ([b"\x1f\x8b\x08\x00" + b"garbage" * 10], "corrupt compressed body: "),
        ([gzip.compress(b"a" * 2_000)], "body larger than 1000 bytes after decompression"),
        ([gzip.compress(b"a" * 600), gzip.compress(b"b" * 600)], "body larger than 1000 bytes after decompression"),
    ],
)
def test_inflate_capped_failures(chunks: list[bytes], reason: str) -> None:
    with pytest.raises(FetchError) as info:
        inflate_capped(chunks, 1_000)
    assert info.value.reason.startswith(reason)


def test_inflate_capped_never_holds_much_more_than_the_cap() -> None:
    chunk = gzip.compress(b"\0" * 20_000_000, compresslevel=1)  # one chunk that would inflate to 20 MB
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than 1000 bytes"):
            inflate_capped([chunk], 1_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
