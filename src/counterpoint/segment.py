"""Sentence segmentation with character offsets into the immutable body.

pysbd does the splitting (it knows abbreviations such as Sir, Mr., U.K., Lt. Col., and keeps a quoted
passage of several sentences together). Paragraphs are segmented one at a time, so a sentence never crosses a
paragraph break.

Trap (checked on pysbd 0.3.4): with ``char_span=True`` pysbd locates each sentence by searching for its text,
so a sentence repeated in one paragraph gets the offsets of its first occurrence. We instead use
``clean=False`` segmentation, whose pieces concatenate back to the input exactly, and add up their lengths.

Speed: pysbd costs about as much per page as trafilatura's whole extraction, so the sentences must be pysbd's
(its processor's, see segment_pysbd._pysbd_split) but need not come from running it. Three layers, each
checked to give the same offsets as pysbd's processor on every paragraph (bench/segment_equivalence.py: 1,983
documents of ../shared, 0 differing; tests/test_segment.py has a case per rule):
  * easy paragraphs (no abbreviation, initial, list item, glued stop...; see segment_rules._HARD) are cut after
    . ? ! + space, once the stops pysbd never ends a sentence at are masked (segment_rules._mask_stops:
    "Mr. Smith", "U.S. market", "Co. executive", "3.5", "George W. Bush");
  * paragraphs that are easy once their quote marks are deleted, with cleanly paired quotes ("", “”, ‘’, «») and
    brackets, are cut by the rules pysbd applies to them (module segment_pairs: stops inside a pair are no
    sentence ends; a sentence that starts with a quote or "(" may end at its closing mark);
  * the rest (a tenth to a fifth of news paragraphs) run pysbd's processor with its abbreviation pass made cheap
    (_FastAbbreviations, English-style rules and the Russian/Bulgarian ones), its list pass skipped where it
    provably changes nothing (_lists_unchanged) and its rule lists run only where they can match, installed on our
    own processor class only: pysbd's module is left untouched (module segment_pysbd).
The plain rules are used with English pysbd rules, and with Russian and Bulgarian ones, which differ from
English only in an unconditional abbreviation rule (segment_rules._mask_own_period_stops); other languages get
the cheap processor.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Sentence
from .segment_pairs import _BRACKET_MARKS, _QUOTE_MARKS, _paired_split
from .segment_pysbd import Pieces, _AbbreviationTable, _pysbd_split, _Splitter, _splitter
from .segment_rules import _is_easy, _mask_own_period_stops, _mask_stops, _probe

_PARA = re.compile(r"[^\n]+")
# A sentence boundary in an easy paragraph: terminal punctuation then space (a lower-case continuation makes the
# paragraph hard, see _HARD).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=\S)")
_HAS_WORD = re.compile(r"\w")

# How one paragraph is cut: the segmenter and the paragraph in, pieces that concatenate back to it out (None: the
# splitter cannot say, use pysbd's ``segment``).
ParagraphSplitter = Callable[[_Splitter, str], "Pieces | None"]


def split_offsets(text: str, *, language: str | None = "en", fast: bool = True) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``; whitespace around sentences is excluded. ``fast=False``
    sends every paragraph to pysbd's ``Segmenter.segment`` (the reference the fast path is tested against)."""
    return _offsets(text, language, _fast_pieces if fast else _segment_pieces)


def _offsets(text: str, language: str | None, split: ParagraphSplitter) -> list[tuple[int, int]]:
    sp = _splitter((language or "en").split("-")[0].lower())
    out: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        ptext = para.group()
        if not ptext.strip():
            continue
        pieces = split(sp, ptext)
        if pieces is None:
            pieces = _segment_pieces(sp, ptext)
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


def _fast_pieces(sp: _Splitter, ptext: str) -> Pieces | None:
    return (_easy_split(ptext, sp.abbreviations) if sp.plain else None) or _pysbd_split(sp, ptext, sp.processor)


def _processor_pieces(sp: _Splitter, ptext: str) -> Pieces | None:
    """pysbd's own processor on every paragraph: what the fast path must reproduce (bench/segment_equivalence.py)."""
    return _pysbd_split(sp, ptext, None)


def _segment_pieces(sp: _Splitter, ptext: str) -> Pieces:
    pieces: Pieces = sp.seg.segment(ptext)
    if "".join(pieces) != ptext:  # defensive: fall back to locating each piece in order
        pieces = _relocate(ptext, pieces)
    return pieces


def _easy_split(ptext: str, own_period: _AbbreviationTable | None = None) -> Pieces | None:
    """pysbd's pieces for a paragraph whose boundaries a plain rule finds; None when it needs pysbd (possible
    abbreviations, lists, glued stops... see _HARD). Quotes and brackets go to _paired_split. English rules, or with
    ``own_period`` those of a language with an unconditional abbreviation rule (_mask_own_period_stops)."""
    probe = _probe(ptext)
    if probe is None:
        return None
    if "." in probe:
        masked = _mask_stops(probe, ptext) if own_period is None else _mask_own_period_stops(probe, ptext, own_period)
        if masked is None:
            return None
        probe = masked
    if _QUOTE_MARKS.search(probe):
        return _paired_split(ptext, probe)
    if not _is_easy(probe):
        # brackets: their pairs may hide the stops that made it hard
        return _paired_split(ptext, probe) if _BRACKET_MARKS.search(probe) else None
    pieces = []
    pos = 0
    for m in _BOUNDARY.finditer(probe):
        pieces.append(ptext[pos : m.end()])
        pos = m.end()
    pieces.append(ptext[pos:])
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
