"""RSS/Atom input: items with full content are used as is, others are fetched within FetchOptions; broken
feeds are failures; big feeds stream."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from servers import LocalServer, local_server_fixture  # noqa: F401

from counterpoint.feeds import FULL_CONTENT_MIN_CHARS, feed_target, iso_date, iter_feed
from counterpoint.fetch import FetchOptions
from counterpoint.model import Failure, RawDocument

BODY = "<p>" + "The harbour authority confirmed the closure of the north pier for repairs. " * 9 + "</p>"
assert len(BODY) > FULL_CONTENT_MIN_CHARS


def rss(items: str, title: str = "Example News") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{title}</title><link>https://news.example/</link>{items}</channel></rss>"
    )


def item(n: int, *, link: str | None = None, content: str | None = BODY) -> str:
    parts = [f"<title>Story {n}</title>", f"<guid>urn:story:{n}</guid>",
             "<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate>", "<dc:creator>Ann Writer</dc:creator>",
             "<description>Teaser.</description>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def write(tmp_path: Path, text: str, name: str = "feed.rss") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_items_with_full_content_are_used_as_is(tmp_path: Path) -> None:
    path = write(tmp_path, rss(item(1) + item(2, link="https://news.example/2")))
    docs = list(iter_feed(path, fetch=_no_fetch))
    assert all(isinstance(d, RawDocument) for d in docs)
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert first.source == f"{path}#urn:story:1" and first.kind == "html" and "north pier" in first.content
    assert first.meta == {"title": "Story 1", "published": "2021-09-06", "outlet": "Example News",
                          "byline": "Ann Writer", "id": "urn:story:1"}
    assert docs[1].url == "https://news.example/2"  # type: ignore[union-attr]


def test_atom_feed(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title>'
        '<entry><title>A</title><id>tag:a,2024:1</id><link rel="alternate" href="https://a.example/1"/>'
        f"<updated>2024-01-02T08:00:00Z</updated><author><name>Bo</name></author>"
        f'<content type="html">{BODY.replace("<", "&lt;")}</content></entry></feed>'
    )
    [doc] = list(iter_feed(write(tmp_path, atom, "a.atom"), fetch=_no_fetch))
    assert isinstance(doc, RawDocument)
    assert doc.url == "https://a.example/1" and doc.meta["outlet"] == "Atom Times"
    assert doc.meta["published"] == "2024-01-02" and doc.meta["byline"] == "Bo"
    assert doc.content.startswith("<p>The harbour")


def _no_fetch(*args: object, **kwargs: object) -> None:
    raise AssertionError("items with full content must not be fetched")


def test_teaser_items_are_fetched_within_the_fetch_options(tmp_path: Path, local_server: LocalServer) -> None:
    page = local_server.page("/story", b"<html><body><article>" + BODY.encode() + b"</article></body></html>")
    path = write(tmp_path, rss(item(1, link=page, content="<p>Short teaser.</p>")))
    [refused] = list(iter_feed(path))  # 127.0.0.1 is refused unless allowed
    assert isinstance(refused, Failure) and refused.code == "CP200"
    [doc] = list(iter_feed(path, options=FetchOptions(allow_private=True)))
    assert isinstance(doc, RawDocument)
    assert doc.kind == "html" and "north pier" in doc.content and doc.url == page
    assert doc.meta["title"] == "Story 1"


def test_feed_url_is_fetched(local_server: LocalServer) -> None:
    url = local_server.page("/news.rss", rss(item(1)).encode(), content_type="application/rss+xml")
    assert feed_target(url) == url
    [doc] = list(iter_feed(url, options=FetchOptions(allow_private=True)))
    assert isinstance(doc, RawDocument) and doc.meta["outlet"] == "Example News"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<rss><channel><title>x</title><item><title>a<", "malformed XML"),
        ("\x00\x01 binary garbage", "no further items"),
        ('<?xml version="1.0"?><html><body>not a feed</body></html>', "not an RSS or Atom feed"),
        ("", "empty file"),
    ],
    ids=["truncated-before-any-item", "garbage", "xhtml", "empty"],
)
def test_broken_feeds_are_one_failure(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path, text)
    [failure] = list(iter_feed(path))
    assert isinstance(failure, Failure) and failure.source.startswith(path) and reason in failure.reason


def test_a_feed_cut_off_midway_keeps_the_items_before_the_cut(tmp_path: Path) -> None:
    full = rss("".join(item(n) for n in range(1, 6)))
    path = write(tmp_path, full[: full.index("<item><title>Story 4") + 30])
    *docs, failure = list(iter_feed(path))
    assert [d.meta["title"] for d in docs] == ["Story 1", "Story 2", "Story 3"]  # type: ignore[union-attr]
    assert isinstance(failure, Failure) and failure.source == f"{path}#4"  # cut before its guid
    assert failure.reason.startswith("malformed XML")


def test_malformed_but_recoverable_feed_still_yields(tmp_path: Path) -> None:
    # An undefined entity stops a strict XML parser; feedparser's lenient parser reads on.
    text = rss(item(1) + item(2).replace("Story 2", "Story &nbsp; 2") + item(3))
    docs = list(iter_feed(write(tmp_path, text)))
    assert [type(d).__name__ for d in docs] == ["RawDocument"] * 3
    assert docs[2].meta["title"] == "Story 3"  # type: ignore[union-attr]


def test_item_without_content_or_usable_link(tmp_path: Path) -> None:
    path = write(tmp_path, rss(item(1, content=None) + item(2, content=None, link="file:///etc/passwd")))
    first, second = list(iter_feed(path))
    assert isinstance(first, Failure) and "no full content and no link" in first.reason
    assert isinstance(second, Failure) and "not an http(s) URL" in second.reason


def test_ten_thousand_items_stream(tmp_path: Path) -> None:
    path = write(tmp_path, rss("".join(item(n) for n in range(10_000))))
    docs = iter_feed(path, fetch=_no_fetch)
    tracemalloc.start()
    first = next(docs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # The first item arrives before the 9 MB file is read, let alone parsed into 10,000 entries.
    assert isinstance(first, RawDocument) and peak < 1_000_000
    assert sum(isinstance(d, RawDocument) for d in docs) == 9_999


def test_max_items_caps_a_feed(tmp_path: Path) -> None:
    path = write(tmp_path, rss("".join(item(n) for n in range(5))))
    out = list(iter_feed(path, max_items=3, fetch=_no_fetch))
    assert [type(o).__name__ for o in out] == ["RawDocument"] * 3 + ["Failure"]
    assert "stopped after 3 items" in out[-1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("given", "is_feed"),
    [("feed:anything", True), ("https://a.example/news.rss", True), ("https://a.example/feed/", True),
     ("https://a.example/story.html", False), ("notes.txt", False), ("missing.rss", False)],
)
def test_feed_target(given: str, is_feed: bool) -> None:
    assert (feed_target(given) is not None) == is_feed


def test_xml_files_are_feeds_only_when_their_root_says_so(tmp_path: Path) -> None:
    assert feed_target(write(tmp_path, rss(item(1)), "a.xml")) is not None
    assert feed_target(write(tmp_path, "<?xml version='1.0'?><sitemap/>", "b.xml")) is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [("Mon, 06 Sep 2021 16:45:00 +0000", "2021-09-06"), ("2024-01-02T08:00:00Z", "2024-01-02"),
     ("2024-01-02", "2024-01-02"), ("yesterday", None), (None, None)],
)
def test_iso_date(value: str | None, iso: str | None) -> None:
    assert iso_date(value) == iso
