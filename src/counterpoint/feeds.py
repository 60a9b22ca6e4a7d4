"""RSS and Atom feeds as inputs: one :class:`RawDocument` per item, or a :class:`Failure` saying why not.

An item that carries its full text (RSS ``content:encoded``, Atom ``content``) of at least
:data:`FULL_CONTENT_MIN_CHARS` visible characters is used as is; otherwise its link is fetched with
:func:`counterpoint.fetch.fetch_url` under the caller's :class:`FetchOptions` (so ``allow_private`` and the size and
time limits hold for every item). A feed's title becomes each item's outlet.

Parsing: well-formed feeds are read with a streaming XML parser (``xml.etree.ElementTree.iterparse``), one item
at a time, so a 10,000-item feed neither waits for the whole document nor holds it. Feeds that are not well-formed
XML go to feedparser, whose lenient parser recovers what it can: items it finds are yielded, and a feed with
none (feedparser's ``bozo`` and no entries) is one :class:`Failure`. feedparser is not the first choice because it
builds every entry up front and sanitises each one: 7-10 s for a 10,000-item, 10 MB feed on the reference machine,
against well under a second streamed.

Which inputs are feeds (see :func:`feed_target`): ``feed:<path or URL>``; files ending ``.rss`` or ``.atom``;
``.xml`` files whose first bytes hold an ``<rss``, ``<feed`` or ``<rdf:RDF`` root; http(s) URLs whose path ends in
``.rss``, ``.atom``, ``.xml``, ``/feed`` or ``/rss``.

Sources follow the corpus rule for records inside an input: ``<feed>#<guid>`` (the item's guid or Atom id), else
``<feed>#<link>``, else ``<feed>#<N>`` with N the 1-based item number.
"""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import IO, TYPE_CHECKING, Any

from .errors import CounterpointError, InputError
from .model import Failure, RawDocument

if TYPE_CHECKING:
    from .fetch import Fetched, FetchOptions

# Below this many visible characters an item's content is a teaser (most feeds put 1-3 sentences, 150-400
# characters, in description or content), and the linked page holds the article; 500 is about 80 words, the
# length of a short news brief, so a real short article shipped in the feed is still used as is.
FULL_CONTENT_MIN_CHARS = 500
# Items read from one feed before stopping: large news sitemaps-as-feeds reach a few thousand items; beyond
# 10,000 a "feed" is an archive dump that should be ingested as JSONL or WARC.
MAX_ITEMS = 10_000
# Bytes read for the feedparser fallback, as a multiple of FetchOptions.max_bytes (which caps one article): a
# feed holds many articles. Only malformed feeds take this path; well-formed ones stream without a cap.
FEED_BYTES_FACTOR = 5

FEED_EXTENSIONS = (".rss", ".atom")
_URL_FEED_PATH = re.compile(r"(\.rss|\.atom|\.xml|/feed/?|/rss/?)$", re.I)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_TAG = re.compile(r"<[^>]*>")
_HTTP = re.compile(r"^https?://", re.I)

Fetcher = Callable[..., "Fetched"]


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item as the feed gives it. ``number`` is 1-based; ``content`` is the full body when the feed ships it
    (``content_kind`` "html" or "text")."""

    number: int
    title: str | None = None
    link: str | None = None
    guid: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the feed's date could be read
    author: str | None = None
    content: str | None = None
    content_kind: str = "html"


# --- which inputs are feeds ------------------------------------------------------------------------------------


def feed_target(given: str) -> str | None:
    """The path or URL to read as a feed when ``given`` names one (by the rule in the module docstring)."""
    if given.startswith("feed:"):
        return given[len("feed:") :]
    lower = given.lower()
    if _HTTP.match(given):
        path = re.sub(r"[?#].*$", "", given)
        return given if _URL_FEED_PATH.search(path) else None
    if lower.endswith(FEED_EXTENSIONS) and os.path.isfile(given):
        return given
    if lower.endswith(".xml") and os.path.isfile(given):
        try:
            with open(given, "rb") as fh:
                head = fh.read(2048)
        except OSError:
            return None
        return given if _FEED_ROOT.search(head) else None
    return None


# --- parsing ---------------------------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    value = "".join(el.itertext()).strip()
    return value or None


def iso_date(value: str | None) -> str | None:
    """An ISO date from an RSS (RFC 822) or Atom (RFC 3339) date; None when it cannot be read."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _item_from_element(el: ET.Element, number: int) -> FeedItem:
    children: dict[str, list[ET.Element]] = {}
    for child in el:
        children.setdefault(_local(child.tag), []).append(child)

    def first(*names: str) -> ET.Element | None:
        for n in names:
            if children.get(n):
                return children[n][0]
        return None

    link = None
    for cand in children.get("link", []):
        href = cand.get("href")
        if href is not None:  # Atom
            if cand.get("rel", "alternate") == "alternate":
                link = href.strip()
                break
        elif _text(cand):
            link = _text(cand)
            break
    guid = _text(first("guid", "id"))
    if link is None and guid and _HTTP.match(guid):
        link = guid
    content, kind = None, "html"
    body = first("encoded")  # content:encoded
    if body is None and children.get("content"):
        body = children["content"][0]
        ctype = (body.get("type") or "text").lower()
        if ctype == "xhtml":
            inner = "".join(ET.tostring(c, encoding="unicode") for c in body)
            content = inner.strip() or None
            body = None
        elif ctype in ("text", "text/plain"):
            kind = "text"
    if body is not None:
        content = body.text.strip() if body.text and body.text.strip() else _text(body)
    author_el = first("creator", "author")
    author = None
    if author_el is not None:
        name = next((c for c in author_el if _local(c.tag) == "name"), None)
        author = _text(name) if name is not None else _text(author_el)
    return FeedItem(
        number=number,
        title=_text(first("title")),
        link=link,
        guid=guid,
        published=iso_date(_text(first("pubDate", "published", "date", "issued", "updated", "modified"))),
        author=author,
        content=content,
        content_kind=kind,
    )


@dataclass
class FeedInfo:
    """What is known about the feed itself once parsing starts."""

    title: str | None = None
    kind: str | None = None  # "rss" | "atom" | "rdf"


class MalformedFeed(Exception):
    """The streaming parser stopped: ``count`` items were read before the error."""

    def __init__(self, reason: str, count: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.count = count


def stream_items(stream: IO[bytes], info: FeedInfo) -> Iterator[FeedItem]:
    """Items of a well-formed feed, one at a time. Raises :class:`MalformedFeed` at the first XML error and
    :class:`InputError` when the document is XML but not a feed."""
    count = 0
    stack: list[str] = []
    try:
        for event, el in ET.iterparse(stream, events=("start", "end")):
            name = _local(el.tag)
            if event == "start":
                if not stack:
                    root = {"rss": "rss", "feed": "atom", "RDF": "rdf"}.get(name)
                    if root is None:
                        raise InputError(f"not an RSS or Atom feed (root element <{name}>)")
                    info.kind = root
                stack.append(name)
                continue
            stack.pop()
            if name in ("item", "entry"):
                count += 1
                yield _item_from_element(el, count)
                el.clear()
            elif name == "title" and info.title is None and stack and stack[-1] in ("channel", "feed"):
                info.title = _text(el)
    except ET.ParseError as exc:
        raise MalformedFeed(f"malformed XML ({exc})", count) from exc


def feedparser_items(data: bytes, info: FeedInfo) -> list[FeedItem]:
    """Items feedparser recovers from a malformed feed."""
    import feedparser  # imported here: only malformed feeds need it

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    info.title = info.title or parsed.feed.get("title")
    items = []
    for n, e in enumerate(parsed.entries, 1):
        content, kind = None, "html"
        if e.get("content"):
            content = e.content[0].get("value")
            kind = "text" if e.content[0].get("type") == "text/plain" else "html"
        when = e.get("published_parsed") or e.get("updated_parsed")
        items.append(
            FeedItem(
                number=n,
                title=e.get("title"),
                link=e.get("link"),
                guid=e.get("id"),
                published=f"{when[0]:04d}-{when[1]:02d}-{when[2]:02d}" if when else None,
                author=e.get("author"),
                content=content,
                content_kind=kind,
            )
        )
    return items


# --- items to documents ----------------------------------------------------------------------------------------


def item_source(feed: str, item: FeedItem) -> str:
    return f"{feed}#{item.guid or item.link or item.number}"


def visible_length(html: str) -> int:
    return len(" ".join(_TAG.sub(" ", html).split()))


def item_document(
    item: FeedItem, *, feed: str, outlet: str | None, options: FetchOptions, fetch: Fetcher
) -> RawDocument | Failure:
    """The document of one item: its own full content, else its fetched link."""
    source = item_source(feed, item)
    meta: dict[str, Any] = {"title": item.title, "published": item.published, "outlet": outlet, "url": item.link,
                            "byline": item.author, "id": item.guid}
    meta = {k: v for k, v in meta.items() if v}
    if item.content and visible_length(item.content) >= FULL_CONTENT_MIN_CHARS:
        return RawDocument(source, item.content, item.content_kind, url=item.link, meta=meta)
    if not item.link:
        return Failure(source, "item has no full content and no link", InputError.code)
    if not _HTTP.match(item.link):
        return Failure(source, f"item link is not an http(s) URL: {item.link[:200]}", InputError.code)
    from .fetch import HTML_TYPES, PAGE_TYPES
    from .ingest import decode_text

    try:
        fetched = fetch(item.link, options=options, accept=PAGE_TYPES)
        text = decode_text(fetched.content, source, declared=fetched.charset)
    except CounterpointError as exc:
        return Failure(source, exc.reason, exc.code)
    kind = "html" if fetched.content_type in HTML_TYPES else "text"
    if not text.strip():
        return Failure(source, "linked page is empty", InputError.code)
    return RawDocument(source, text, kind, url=fetched.final_url, meta=meta)


def iter_feed(
    target: str,
    *,
    options: FetchOptions | None = None,
    max_items: int = MAX_ITEMS,
    source: str | None = None,
    fetch: Fetcher | None = None,
) -> Iterator[RawDocument | Failure]:
    """Documents of the items of the feed at ``target`` (a path or an http(s) URL), in feed order.

    ``source`` is the input as the user gave it (default ``target``); ``fetch`` replaces
    :func:`counterpoint.fetch.fetch_url` (same signature) for the feed and its items. Never raises for a bad feed
    or item: each becomes a :class:`Failure`.
    """
    from .fetch import FEED_TYPES, TEXT_TYPES, FetchOptions, fetch_url

    opts = options or FetchOptions()
    fetcher: Fetcher = fetch or fetch_url
    feed = source or target
    info = FeedInfo()
    count = 0
    try:
        stream = _open(target, feed, opts, fetcher, FEED_TYPES | TEXT_TYPES)
    except CounterpointError as exc:
        yield Failure(feed, exc.reason, exc.code)
        return
    try:
        try:
            for item in stream_items(stream, info):
                if count >= max_items:
                    yield Failure(feed, f"stopped after {max_items} items (max_items)", InputError.code)
                    return
                count += 1
                yield item_document(item, feed=feed, outlet=info.title, options=opts, fetch=fetcher)
        except MalformedFeed as bad:
            yield from _recover(target, feed, bad, info, opts, fetcher, max_items)
        except InputError as exc:
            yield Failure(feed, exc.reason, exc.code)
    finally:
        stream.close()


def _open(target: str, feed: str, options: FetchOptions, fetcher: Fetcher, accept: frozenset[str]) -> IO[bytes]:
    if _HTTP.match(target):
        fetched = fetcher(target, options=options, accept=accept)
        return io.BytesIO(fetched.content)
    try:
        handle = open(target, "rb")  # noqa: SIM115 - closed by iter_feed
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=feed) from exc
    if os.fstat(handle.fileno()).st_size == 0:
        handle.close()
        raise InputError("empty file", source=feed)
    return handle


def _recover(
    target: str, feed: str, bad: MalformedFeed, info: FeedInfo, options: FetchOptions, fetcher: Fetcher,
    max_items: int,
) -> Iterator[RawDocument | Failure]:
    """After a streaming parse error: let feedparser recover the items the stream had not reached yet."""
    try:
        if _HTTP.match(target):
            data = fetcher(target, options=options).content
        else:
            from .ingest import read_bytes_capped

            data = read_bytes_capped(target, options.max_bytes * FEED_BYTES_FACTOR, source=feed)
    except CounterpointError as exc:
        yield Failure(feed, f"{bad.reason}; {exc.reason}", exc.code)
        return
    items = feedparser_items(data, info)
    rest = items[bad.count : max_items]
    if not rest:
        where = f" after item {bad.count}" if bad.count else ""
        yield Failure(feed, f"{bad.reason}{where}; no further items could be recovered", InputError.code)
        return
    for item in rest:
        doc = item_document(item, feed=feed, outlet=info.title, options=options, fetch=fetcher)
        # An item recovered from broken XML and still unusable is most likely the fragment where it broke.
        yield Failure(doc.source, f"{bad.reason}: {doc.reason}", doc.code) if isinstance(doc, Failure) else doc
    if len(items) > max_items:
        yield Failure(feed, f"stopped after {max_items} items (max_items)", InputError.code)
