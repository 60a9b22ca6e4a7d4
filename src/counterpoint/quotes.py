"""Direct quotes in an article and who said them.

Two steps, both over the immutable body text:

1. **Finding quotes** (:func:`quote_spans`). Marks are classified as opening or closing by their context (the
   character before and after), with the glyph only breaking ties, so straight quotes, German „…“ and sloppy
   typography work the same way. Styles: “…” "…" ‘…’ «…» „…“ ‚…‘ ‹…› 「…」 『…』. A ’ followed by a letter is an
   apostrophe (it’s, Everard’s); a ’ after an ``s`` followed by a lower-case word (boys’ club) closes a ‘ quote
   only when no later ’ can. A quote inside another quote (‘colour outside the lines’ inside “…”) belongs to the
   outer one and is not reported on its own.

   *Quotes over several paragraphs.* News style opens each paragraph of a long quote with a mark and closes only
   the last. We report **one quote per paragraph piece**, each a clean span of quoted words, and give a piece with
   no attribution of its own the speaker of the piece before it (continuation, see attribution). Pieces keep spans free of the
   paragraph break and the stray mark; the aligner matches pieces many-to-one against an outlet that printed the
   quote whole.

2. **Attribution** (:mod:`counterpoint.attribution`): who said each quote, from reporting cues, the clause
   subject, pronouns and continuation; :func:`extract_quotes` / :func:`find_quotes` join both steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import segment
from .attribution import Attribution, attribute, paragraphs
from .model import Article, Quote

# --- finding quote spans --------------------------------------------------------------------------------------

DOUBLE_MARKS = "“”\"„«»‟＂「」『』"
SINGLE_MARKS = "‘’‚‹›"
_ALWAYS_OPEN = set("„«‟「『‹‚")
_ALWAYS_CLOSE = set("»」』›")
_OPEN_CONTEXT = set("([{—–-/\u00a0") | set("“‘„«‟「『‚‹\"")
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…\u00a0") | set("”’»」』›\"")
_SINGLE_APOSTROPHE = re.compile(r"‘(?:\d\ds\b|n’|em\b|cause\b|til\b)")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quote's marks: ``open`` is the index of the opening mark, ``close`` of the closing one (or the end of
    the paragraph for an unclosed piece that the next paragraph continues); the words are ``open+1 .. close``."""

    open: int
    close: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _direction(text: str, i: int) -> str | None:
    """"open", "close" or None (not a quote mark here) for the mark at ``text[i]``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left_open = prev.isspace() or prev in _OPEN_CONTEXT
    right_closed = nxt.isspace() or nxt in _CLOSE_CONTEXT
    if ch in _ALWAYS_OPEN:
        return "open"
    if ch in _ALWAYS_CLOSE:
        return "close"
    if ch in "’":
        return "close" if not prev.isspace() and not nxt.isalnum() else None
    if ch == "‘":
        if _SINGLE_APOSTROPHE.match(text, i):
            return None
        if left_open and not nxt.isspace():
            return "open"
        return "close" if not prev.isspace() and not nxt.isalnum() else None  # German ‚…‘
    if left_open and not right_closed:
        return "open"
    if right_closed and not left_open:
        return "close"
    if ch == "“":
        return "open" if not nxt.isspace() else None
    if ch == "”":
        return "close" if not prev.isspace() else None
    return None  # a straight quote between two letters or alone between spaces


def _double_spans(text: str, paras: list[tuple[int, int]]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    for k, (ps, pe) in enumerate(paras):
        open_at: int | None = None
        for i in range(ps, pe):
            if text[i] not in DOUBLE_MARKS:
                continue
            d = _direction(text, i)
            if d is None and open_at is not None and text[i] in "\"＂" and text[i - 1].isspace():
                d = "close"  # ...quality,' " he said: a spaced straight quote closes the one left open
            if d == "open":
                open_at = i  # a second opener means the first was never closed: drop it
            elif d == "close" and open_at is not None:
                out.append(QuoteSpan(open_at, i, True))
                open_at = None
        if open_at is not None:
            nxt = paras[k + 1][0] if k + 1 < len(paras) else None
            continues = nxt is not None and text[nxt] in DOUBLE_MARKS and _direction(text, nxt) == "open"
            if open_at == ps or continues:
                end = pe
                while end > open_at + 1 and text[end - 1].isspace():
                    end -= 1
                out.append(QuoteSpan(open_at, end, False))
    return out


def _single_spans(text: str, paras: list[tuple[int, int]], doubles: list[QuoteSpan]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    for ps, pe in paras:
        marks = [(i, _direction(text, i)) for i in range(ps, pe) if text[i] in SINGLE_MARKS]
        opens = [i for i, d in marks if d == "open"]
        closes = [i for i, d in marks if d == "close"]
        for n, o in enumerate(opens):
            # a nested quote must close inside the quote around it, and before the next single opener
            limit = min([pe] + [d.close for d in doubles if d.open < o < d.close] + opens[n + 1 : n + 2])
            cands = [c for c in closes if o < c < limit]
            if not cands:
                continue
            pick = cands[0]
            for c in cands[:-1]:
                plural_possessive = text[c - 1] in "sS" and re.match(r"\s+[a-z]", text[c + 1 : c + 3])
                if not plural_possessive:
                    pick = c
                    break
                pick = cands[-1]
            out.append(QuoteSpan(o, pick, True))
    return out


def quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotes of ``text`` in order (quotes nested inside another quote are left out)."""
    paras = paragraphs(text)
    doubles = _double_spans(text, paras)
    spans = sorted(doubles + _single_spans(text, paras, doubles), key=lambda s: (s.open, -s.close))
    top: list[QuoteSpan] = []
    for s in spans:
        if top and s.open < top[-1].close:
            continue  # nested in (or tangled with) the previous top-level quote
        if re.search(r"\w", text[s.open + 1 : s.close]):
            top.append(s)
    return top


def _is_partial(text: str, start: int, end: int, open_mark: int) -> bool:
    """A fragment woven into the writer's sentence ("a “deep-seated homophobia”"), not a whole utterance."""
    inner = text[start:end]
    first = next((c for c in inner if c.isalpha()), "")
    if first and first.islower():
        return True
    before = text[:open_mark].rstrip()
    woven = bool(before) and before[-1].isalnum() and not inner.rstrip().endswith((".", "!", "?", ",", "…"))
    return woven and len(inner.split()) <= 8


def find_quotes(text: str, article_id: str = "", *, sentences: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Every direct quote in ``text`` with its speaker; ids are ``f"{article_id}:q{n}"``."""
    return [q for q, _ in attributed_quotes(text, article_id, sentences=sentences)]


def attributed_quotes(
    text: str, article_id: str = "", *, sentences: list[tuple[int, int]] | None = None
) -> list[tuple[Quote, Attribution]]:
    """:func:`find_quotes` with each quote's :class:`~counterpoint.attribution.Attribution` (which rule named the
    speaker), for benchmarks and debugging."""
    spans = quote_spans(text)
    inner: list[tuple[int, int]] = []
    for qs in spans:
        start, end = qs.inner
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        inner.append((start, end))
    partial = [_is_partial(text, s, e, qs.open) for (s, e), qs in zip(inner, spans, strict=True)]
    sents = sentences if sentences is not None else segment.split_offsets(text)
    who = attribute(text, spans, partial=partial, sentences=sents)
    return [
        (Quote(f"{article_id}:q{n}", article_id, s, e, a.speaker, a.start, a.end, a.cue, p), a)
        for n, ((s, e), p, a) in enumerate(zip(inner, partial, who, strict=True))
    ]


def extract_quotes(article: Article) -> list[Quote]:
    """Every direct quote of ``article`` with its canonical speaker (None when no attribution is found)."""
    sents = [(s.start, s.end) for s in article.sentences] if article.sentences else None
    return find_quotes(article.text, article.id, sentences=sents)
