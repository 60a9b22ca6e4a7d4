"""Sentence segmentation with character offsets into the immutable body.

pysbd does the splitting (it knows abbreviations such as Sir, Mr., U.K., Lt. Col., and keeps a quoted
passage of several sentences together). Paragraphs are segmented one at a time, so a sentence never crosses a
paragraph break.

Trap (checked on pysbd 0.3.4): with ``char_span=True`` pysbd locates each sentence by searching for its text,
so a sentence repeated in one paragraph gets the offsets of its first occurrence. We instead use
``clean=False`` segmentation, whose pieces concatenate back to the input exactly, and add up their lengths.

Speed: pysbd costs about as much per page as trafilatura's whole extraction. Most paragraphs are easy — no
quotation marks, no abbreviation or initial before a full stop — and for those a plain boundary rule gives exactly
pysbd's answer (checked: identical on every easy paragraph of the 181 scrapinghub pages, the seeds and the bundled
example; see tests/test_segment.py). Hard paragraphs still go to pysbd.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from .model import Sentence

_PARA = re.compile(r"[^\n]+")
# A sentence boundary in an easy paragraph: terminal punctuation, optional closing bracket, space (a lower-case
# continuation makes the paragraph hard, see _HARD).
_BOUNDARY = re.compile(r"(?<=[.!?])[)\]]*\s+(?=\S)")
# What makes a paragraph hard, so that pysbd's rules are needed there.
_ABBREVIATIONS = (
    "mr|mrs|ms|dr|prof|sr|jr|st|mt|ft|lt|col|gen|gov|sen|rep|rev|sgt|capt|cmdr|adm|maj|insp|supt|det|hon|pres|"
    "inc|ltd|co|corp|bros|plc|llc|no|nos|vol|vols|pp|ch|fig|figs|ed|eds|est|approx|dept|univ|assn|ave|rd|blvd|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri|sat|sun|vs|etc|al|cf|ca|"
    "op|cit|ibid|viz|approx|min|max|km|mi|oz|lb|lbs|ft|sq|am|pm"
)
_HARD = re.compile(
    r"[\"“”‘’«»„‚]"  # quotation marks: pysbd keeps quoted sentences together
    rf"|\b(?i:{_ABBREVIATIONS})\.(?=\s|$)"  # a known abbreviation before a full stop
    r"|\b[A-Za-z]\.(?=\s|$|\w\.)"  # an initial (J. Smith) or a dotted acronym (U.S.)
    r"|\w\.\w"  # dotted acronyms and decimals glued to words
    r"|(?<![A-Za-z])'|'(?![A-Za-z])"  # a straight single quote that is not an apostrophe inside a word
    r"|(?:^|\s)\d+\.\s"  # a numbered list item ("1. Ditch the diet")
    r"|[.!?][)\]]*\s+[^A-Z0-9\s*|]"  # a stop followed by lower case or a dash: pysbd may know the abbreviation
    r"|\.\.|…"  # ellipses
)
_HAS_WORD = re.compile(r"\w")

# pysbd supports these; other languages fall back to English rules, which split on . ! ? like most scripts.
_PYSBD_LANGS = {
    "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my", "el",
    "it", "ja", "de", "kk", "sk",
}


@lru_cache(maxsize=32)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language if language in _PYSBD_LANGS else "en", clean=False)


def split_offsets(text: str, *, language: str | None = "en", fast: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``; whitespace around sentences is excluded. ``fast=False``
    sends every paragraph to pysbd (the reference the fast path is tested against)."""
    seg = _segmenter((language or "en").split("-")[0].lower())
    out: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        ptext = para.group()
        if not ptext.strip():
            continue
        pieces = (_easy_split(ptext) or _pysbd_split(seg, ptext)) if fast else None
        if pieces is None:
            pieces = seg.segment(ptext)
            if "".join(pieces) != ptext:  # defensive: fall back to locating each piece in order
                pieces = _relocate(ptext, pieces)
        pos = para.start()
        for piece in pieces:
            start, end = pos, pos + len(piece)
            pos = end
            # strip surrounding whitespace
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            if out and not _HAS_WORD.search(text[start:end]) and out[-1][1] >= para.start():
                # a lone closing quote, bracket or ellipsis belongs to the sentence before it
                out[-1] = (out[-1][0], end)
                continue
            out.append((start, end))
    return out


def _easy_split(ptext: str) -> list[str] | None:
    """Split an easy paragraph at its boundaries; None when the paragraph needs pysbd (quotes, possible
    abbreviations, or text that is not plain ASCII, where pysbd's language rules matter)."""
    if not ptext.isascii() or _HARD.search(ptext):
        return None
    pieces = []
    pos = 0
    for m in _BOUNDARY.finditer(ptext):
        pieces.append(ptext[pos : m.end()])
        pos = m.end()
    pieces.append(ptext[pos:])
    return pieces


def _pysbd_split(seg: pysbd.Segmenter, ptext: str) -> list[str] | None:
    """pysbd's sentences, located in order with ``str.find``.

    ``Segmenter.segment`` locates each sentence with ``re.finditer(re.escape(sentence))``, compiling a new pattern
    per sentence: on news text that was two thirds of its time (every pattern misses Python's regex cache). The
    sentences are the processor's own; on 186 benchmark/seed/example documents the result equals ``segment``'s
    (tests/test_segment.py checks the seeds); on 4 of 300 PolNeAR documents ``segment``'s regex search glued or
    split a sentence at a repeated fragment ("Calif.; Gearan"), which this search does not. None when a sentence
    is not found verbatim.
    """
    pieces: list[str] = []
    cursor = 0
    for sent in seg.processor(ptext).process():
        at = ptext.find(sent, cursor)
        if at < 0:
            return None
        end = at + len(sent)
        pieces.append(ptext[cursor:end])
        cursor = end
    if cursor < len(ptext):
        if not pieces:
            return None
        pieces[-1] += ptext[cursor:]
    return pieces


def _relocate(ptext: str, pieces: list[str]) -> list[str]:
    fixed: list[str] = []
    cursor = 0
    for piece in pieces:
        core = piece.strip()
        if not core:
            continue
        at = ptext.find(core, cursor)
        if at < 0:
            continue
        fixed.append(ptext[cursor : at + len(core)])
        cursor = at + len(core)
    if cursor < len(ptext):
        if fixed:
            fixed[-1] += ptext[cursor:]
        else:
            fixed.append(ptext[cursor:])
    return fixed


def sentences(article_id: str, text: str, *, language: str | None = "en") -> tuple[Sentence, ...]:
    """The sentences of a body as :class:`Sentence` spans of article ``article_id``."""
    return tuple(Sentence(article_id, i, s, e) for i, (s, e) in enumerate(split_offsets(text, language=language)))
