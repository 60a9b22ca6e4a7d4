"""Extraction: one :class:`RawDocument` (HTML page or plain text) in, one clean :class:`Article` out.

HTML goes through trafilatura for the main text, then through the same text cleaner as pasted text, because chrome
(newsletter prompts, "Read more" rows, credits) survives HTML extraction. Hover pop-ups are taken out of the page
first (:mod:`counterpoint.popups`): trafilatura glues them into the sentence around them. Metadata precedence,
highest first: the record's own ``doc.meta`` (JSONL fields), the explicit ``outlet`` argument (outlet only), what
the page or the text header says (a URL alone on a header line is the page's address), then for the outlet the URL's
site, and last the name the removed chrome gives ("Make a donation to Socialist Worker";
:func:`counterpoint.outlets.outlet_from_chrome`). The URL comes before the chrome because it is the page's address,
while a name read from a prompt is a reading of prose.

trafilatura 2.3.1 settings, trafilatura alone, measured with ``python -m bench.extraction --sweep`` on the 181 pages
of the Zyte/scrapinghub article benchmark (F1 over 4-word shingles, the benchmark's metric; the full pipeline's
figures are in docs/benchmarks.md):
  defaults (comments on)           F1 0.9525  P 0.9281  R 0.9783
  include_comments=False           F1 0.9598  P 0.9420  R 0.9783
  + favor_recall                   F1 0.9593  P 0.9408  R 0.9785
  + favor_precision  (chosen)      F1 0.9641  P 0.9577  R 0.9705
Comments are off because reader comments are not the outlet's text; favor_precision because a stray line of
chrome in an article is worse for comparison than a dropped one, and it scores best here too.

Traps found in trafilatura 2.3.1
- ``deduplicate=True`` keeps a process-wide LRU cache of text segments, so a page's output depends on the pages
  extracted before it in the same process (benchmark recall fell 0.9705 -> 0.9568 on a second pass over the same
  pages). It stays off; the cleaner drops repeated lines within one article instead.
- ``with_metadata=True`` costs ~25% of throughput (categories/tags, license and author-from-text heuristics,
  htmldate's extensive search). We read the same metadata helpers ourselves and skip the ones we do not use;
  htmldate runs without extensive search, and only when no date is declared in meta tags or JSON-LD.
- ``<figure>`` is in trafilatura's list of removed elements, so captions never reach its text: they are read
  from ``<figcaption>`` before extraction.
- It returns None (not an empty document) for pages with too little text; that becomes an ExtractionError.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url
from trafilatura.settings import Document, set_date_params

from .bylines import tidy_byline
from .clean import Cleaned, clean_text, parse_date
from .errors import ExtractionError
from .language import detect_language
from .model import Article, RawDocument, Removed, article_id
from .outlets import normalise_outlet, outlet_from_chrome, outlet_from_url, site_name, title_without_site
from .popups import drop_popups, may_have_popups
from .records import META_FIELDS
from .segment import sentences

__all__ = ["extract_article", "extract_html", "HtmlExtraction"]

LOG = logging.getLogger(__name__)

# See the module docstring for the benchmark figures behind these choices.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "deduplicate": False,
    "with_metadata": False,
}

# Fewer words than this from an HTML page is navigation residue ("Home"), not an article: trafilatura falls back
# to whatever text it finds. The shortest gold body of the Zyte/scrapinghub benchmark has 66 words.
MIN_HTML_WORDS = 10

# Record fields that feed Article fields (all of records.META_FIELDS but id); anything else in doc.meta is kept in
# Article.meta.
_META_FIELDS = frozenset(META_FIELDS) - {"id"}


class HtmlExtraction:
    """What the HTML layer found before text cleaning: the main text, the captions and the page metadata."""

    __slots__ = ("text", "captions", "title", "author", "published", "sitename", "url", "language", "removed")

    def __init__(
        self, text: str, captions: tuple[str, ...], title: str | None, author: str | None,
        published: date | None, sitename: str | None, url: str | None, language: str | None,
        removed: tuple[Removed, ...] = (),
    ) -> None:
        self.text = text
        self.captions = captions
        self.title = title
        self.author = author
        self.published = published
        self.sitename = sitename
        self.url = url
        self.language = language
        self.removed = removed  # what was taken out of the page before extraction (hover pop-ups)


def extract_article(doc: RawDocument, *, outlet: str | None = None) -> Article:
    """The clean article in ``doc``; raises :class:`ExtractionError` when no usable text remains."""
    meta = doc.meta or {}
    page: HtmlExtraction | None = None
    if doc.kind == "html":
        page = extract_html(doc.content, url=_str(meta.get("url")) or doc.url, source=doc.source)
        cleaned = clean_text(page.text, title=_str(meta.get("title")) or page.title, captions=page.captions)
    elif doc.kind == "text":
        cleaned = clean_text(doc.content, title=_str(meta.get("title")))
    else:
        raise ExtractionError(f"unknown document kind {doc.kind!r} (expected 'html' or 'text')", source=doc.source)
    if not cleaned.body.strip():
        raise ExtractionError("no article text left after removing page chrome", source=doc.source)
    return _article(doc, cleaned, page, outlet)


def extract_html(html: str | bytes, *, url: str | None = None, source: str | None = None) -> HtmlExtraction:
    """Main text, captions and metadata of an HTML page (trafilatura, configured as above)."""
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ExtractionError("not an HTML document that can be parsed", source=source)
    # Both read the tree before trafilatura prunes it in place.
    captions = _figcaptions(tree)
    md = _metadata(tree, url)
    popups = drop_popups(tree) if may_have_popups(html) else ()
    result = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    text = getattr(result, "text", None) if result is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise ExtractionError(
            f"no main text found in the HTML page (fewer than {MIN_HTML_WORDS} words)", source=source
        )
    return HtmlExtraction(
        text=text, captions=captions, title=md.title, author=md.author, published=_to_date(md.date),
        sitename=normalise_outlet(md.sitename), url=md.url or url, language=_html_lang(tree), removed=popups,
    )


def _metadata(tree: HtmlElement, url: str | None) -> Document:
    md = examine_meta(tree)
    try:
        md = extract_meta_json(tree, md)
    except Exception as err:  # trafilatura's JSON-LD reader fails on malformed JSON-LD; the page is still usable
        LOG.debug("JSON-LD metadata ignored: %s", err)
    if md.author and " " not in md.author:
        md.author = None  # trafilatura's own rule: one-token "authors" are site handles, not people
    md.title = md.title or extract_title(tree)
    md.url = md.url or extract_url(tree, url)
    md.sitename = md.sitename or extract_sitename(tree)
    if not _to_date(md.date):
        params = set_date_params(False)
        md.date = find_date(tree, url=md.url, **params)
    return md


def _figcaptions(tree: HtmlElement) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for el in tree.iter("figcaption"):
        text = " ".join(el.text_content().split())
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _html_lang(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang")
    return lang.split("-")[0].strip().lower() or None if lang else None


def _article(doc: RawDocument, cleaned: Cleaned, page: HtmlExtraction | None, outlet: str | None) -> Article:
    meta = doc.meta or {}
    body = cleaned.body
    url = _str(meta.get("url")) or doc.url or (page.url if page else None) or cleaned.url
    language = _str(meta.get("language")) or detect_language(body) or (page.language if page else None)
    aid = article_id(body)
    all_captions = tuple(dict.fromkeys((page.captions if page else ()) + cleaned.captions))
    sitename = page.sitename if page else None
    outlet = (
        _str(meta.get("outlet")) or normalise_outlet(outlet) or site_name(sitename, url) or outlet_from_url(url)
        or outlet_from_chrome(cleaned.removed)
    )
    title = _str(meta.get("title")) or cleaned.title or (page.title if page else None)
    return Article(
        id=aid,
        source=doc.source,
        text=body,
        url=url,
        outlet=outlet,
        title=title_without_site(title, (outlet, sitename), url),
        byline=tidy_byline(
            _str(meta.get("byline")) or _str(meta.get("author")) or cleaned.byline or (page.author if page else None),
            (outlet, sitename), url,
        ),
        published=_meta_date(meta) or cleaned.published or (page.published if page else None),
        language=language,
        removed=(page.removed if page else ()) + cleaned.removed,
        captions=all_captions,
        sentences=sentences(aid, body, language=language),
        meta={k: v for k, v in meta.items() if k not in _META_FIELDS},
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _meta_date(meta: Mapping[str, Any]) -> date | None:
    return _to_date(meta.get("published")) or _to_date(meta.get("date"))


def _to_date(value: Any) -> date | None:
    """A date from a date, datetime or string (ISO first, then the written forms the cleaner knows)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return parse_date(text)
