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
from collections.abc import Callable
from functools import lru_cache

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.lang.english import English
from pysbd.processor import Processor

from .model import Sentence

_PARA = re.compile(r"[^\n]+")
# A sentence boundary in an easy paragraph: terminal punctuation then space (a lower-case continuation makes the
# paragraph hard, see _HARD).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=\S)")
# What makes a paragraph hard, so that pysbd's rules are needed there. Each line was added for a paragraph where
# the plain boundary rule and pysbd's processor disagreed (bench/segment_equivalence.py over ../shared).
_HARD = re.compile(
    r"[\"“”‘’«»„‚!…]"  # quotation marks (pysbd keeps quoted sentences together); "!" ("Yahoo! News"); ellipses
    r"|[.?](?!\s|$)"  # a stop glued to what follows: U.S., 2.5, ".com", "Avenue., where", "Miss.; five", "?]"
    r"|[.?]\s+[^A-Z*|]"  # a stop then lower case, a digit ("$2. 6 million"), a dash: pysbd may join them
    r"|[(\[][^)\]]*[.?]|--[^-]*[.?]"  # a stop inside brackets or between "--": pysbd protects those
    r"|\)\s[A-Z]"  # pysbd ends a sentence at a parenthesis before a capital: "(Tue, 16 Aug 2011) This"
    r"|(?<![A-Za-z])'|'(?![A-Za-z])"  # a straight single quote that is not an apostrophe inside a word
    r"|(?:^|\s)\d+\.\s"  # a numbered list item ("1. Ditch the diet")
)
# A word before a full stop; the paragraph is hard when it is an initial ("J. Smith") or an abbreviation.
_WORD_BEFORE_STOP = re.compile(r"\b([A-Za-z]+)\.")
# pysbd's English abbreviations (it protects "Sens.", "Reps.", even "me." before "I"), plus ones it lacks but
# whose full stop we still let pysbd judge.
_ABBREVIATIONS = frozenset(
    [a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS]
    + (
        "mr|mrs|ms|dr|prof|sr|jr|st|mt|ft|lt|col|gen|gov|sen|rep|rev|sgt|capt|cmdr|adm|maj|insp|supt|det|hon|pres|"
        "inc|ltd|co|corp|bros|plc|llc|no|nos|vol|vols|pp|ch|fig|figs|ed|eds|est|approx|dept|univ|assn|ave|rd|blvd|"
        "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri|sat|sun|vs|etc|al|cf|ca|"
        "op|cit|ibid|viz|approx|min|max|km|mi|oz|lb|lbs|ft|sq|am|pm"
    ).split("|")
)
_HAS_WORD = re.compile(r"\w")

# pysbd supports these; other languages fall back to English rules, which split on . ! ? like most scripts.
_PYSBD_LANGS = {
    "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my", "el",
    "it", "ja", "de", "kk", "sk",
}


Pieces = list[str]
# How one paragraph is cut: the segmenter and the paragraph in, pieces that concatenate back to it out (None: the
# splitter cannot say, use pysbd's ``segment``).
ParagraphSplitter = Callable[["_Splitter", str], "Pieces | None"]


class _Splitter:
    """pysbd for one language: its Segmenter and the processor class our fast path runs (see _FastProcessor)."""

    def __init__(self, language: str) -> None:
        self.seg = pysbd.Segmenter(language=language, clean=False)
        self.processor = _fast_processor_class(self.seg.language_module)


@lru_cache(maxsize=32)
def _splitter(language: str) -> _Splitter:
    return _Splitter(language if language in _PYSBD_LANGS else "en")


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
    return _easy_split(ptext) or _pysbd_split(sp, ptext, sp.processor)


def _processor_pieces(sp: _Splitter, ptext: str) -> Pieces | None:
    """pysbd's own processor on every paragraph: what the fast path must reproduce (bench/segment_equivalence.py)."""
    return _pysbd_split(sp, ptext, None)


def _segment_pieces(sp: _Splitter, ptext: str) -> Pieces:
    pieces: Pieces = sp.seg.segment(ptext)
    if "".join(pieces) != ptext:  # defensive: fall back to locating each piece in order
        pieces = _relocate(ptext, pieces)
    return pieces


def _easy_split(ptext: str) -> list[str] | None:
    """Split an easy paragraph at its boundaries; None when the paragraph needs pysbd (quotes, possible
    abbreviations, or text that is not plain ASCII, where pysbd's language rules matter)."""
    if not ptext.isascii() or _HARD.search(ptext):
        return None
    for word in _WORD_BEFORE_STOP.findall(ptext):
        if len(word) == 1 or word.lower() in _ABBREVIATIONS:
            return None
    pieces = []
    pos = 0
    for m in _BOUNDARY.finditer(ptext):
        pieces.append(ptext[pos : m.end()])
        pos = m.end()
    pieces.append(ptext[pos:])
    return pieces


def _pysbd_split(sp: _Splitter, ptext: str, processor: type[Processor] | None) -> Pieces | None:
    """pysbd's sentences (from ``processor``, default pysbd's own), located in order with ``str.find``.

    ``Segmenter.segment`` locates each sentence with ``re.finditer(re.escape(sentence))``, compiling a new pattern
    per sentence: on news text that was two thirds of its time (every pattern misses Python's regex cache). The
    sentences are the processor's own; on 186 benchmark/seed/example documents the result equals ``segment``'s
    (tests/test_segment.py checks the seeds); on 4 of 300 PolNeAR documents ``segment``'s regex search glued or
    split a sentence at a repeated fragment ("Calif.; Gearan"), which this search does not. None when a sentence
    is not found verbatim.
    """
    proc = sp.seg.processor(ptext) if processor is None else processor(ptext, sp.seg.language_module)
    pieces: Pieces = []
    cursor = 0
    for sent in proc.process():
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


# --- pysbd's processor, with its abbreviation pass made cheap -----------------------------------------------------
#
# Profiled on the 1,983 documents of bench/segment_equivalence.py, pysbd's AbbreviationReplacer was over half of
# the processor's time. For every line it tries all 188 English abbreviations; for each one present as a
# substring it runs ``re.findall("(?:^|\s)abbr", IGNORECASE)``, which matches every WORD STARTING with it ("p",
# "is", "man", "may"...), and for every such word it compiles (or fetches from re's cache, which these hundreds
# of patterns keep flushing) and runs a ``re.sub`` over the whole line. The replacements are the only effect:
# each turns a "." into "∯" where whitespace + the matched word + "." stand. _FastAbbreviations does the same
# replacements in the same order, skipping only work that provably changes nothing:
#   * a line without "." is returned as is (every replacement consumes a ".");
#   * an all-letter abbreviation is tried only when some whitespace-preceded all-letter token directly before a
#     "." equals it case-insensitively (the lookbehind of every replacement needs exactly that; replacements only
#     turn "." into "∯", so they never create such a token);
#   * a replacement whose abbreviation + "." is not in the line is skipped (its pattern needs that literal);
#   * for an all-letter abbreviation, a second replacement with the same matched word is skipped: a replacement
#     is idempotent and the others of the loop only remove "."s, so they cannot create new matches for it;
#   * patterns are compiled once (_abbreviation_pattern).
# Lines where these arguments do not hold go to pysbd's own code: a "{" (pysbd's next-word pattern keeps the
# braces of its format string, "(?<={abbr} ).", so it finds something only after a literal "{abbr} "), and the
# four characters that re.IGNORECASE equates with an ASCII letter but str.lower() does not (_IGNORECASE_TWINS).
# Checked by bench/segment_equivalence.py: identical sentences to pysbd's processor on every document.

_IGNORECASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ K (Kelvin): found by testing every code point
_LETTERS_BEFORE_STOP = re.compile(r"(?<!\S)([^\W\d_]+)\.")


class _AbbreviationTable:
    """A language's abbreviations, prepared once: order, all-letter ones by lower-case text, finder patterns."""

    def __init__(self, lang: type) -> None:
        abbr = lang.Abbreviation
        self.prepositive = frozenset(abbr.PREPOSITIVE_ABBREVIATIONS)
        self.number = frozenset(abbr.NUMBER_ABBREVIATIONS)
        self.entries: list[tuple[str, bool, re.Pattern[str]]] = []
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []  # abbreviations that are not plain ASCII letters ("u.s", "e.g")
        for i, a in enumerate(abbr.ABBREVIATIONS):
            stripped = a.strip()
            letters = stripped.isascii() and stripped.isalpha()
            finder = re.compile(r"(?:^|\s|\r|\n){}".format(stripped), flags=re.IGNORECASE)  # pysbd's own pattern
            self.entries.append((stripped, letters, finder))
            if letters:
                self.by_word.setdefault(stripped.lower(), []).append(i)
            else:
                self.always.append(i)


@lru_cache(maxsize=64)
def _abbreviation_table(lang: type) -> _AbbreviationTable:
    return _AbbreviationTable(lang)


@lru_cache(maxsize=4096)
def _abbreviation_pattern(kind: str, abbr: str) -> re.Pattern[str]:
    """pysbd's three replacement patterns (abbreviation_replacer.py), compiled once per matched word."""
    if kind == "prepositive":
        return re.compile(r"(?<=\s{abbr})\.(?=(\s|:\d+))".format(abbr=abbr))
    if kind == "number":
        return re.compile(r"(?<=\s{abbr})\.(?=(\s\d|\s+\())".format(abbr=abbr))
    return re.compile(
        r"(?<=\s{abbr})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))".format(abbr=re.escape(abbr))
    )


class _FastAbbreviations(AbbreviationReplacer):
    """Mixed in before a language's AbbreviationReplacer: same result, see the comment above."""

    lang: type

    def search_for_abbreviations_in_string(self, text: str) -> str:
        if "." not in text:
            return text
        if "{" in text or not _IGNORECASE_TWINS.isdisjoint(text):
            return str(super().search_for_abbreviations_in_string(text))
        table = _abbreviation_table(self.lang)
        stops = {m.group(1).lower() for m in _LETTERS_BEFORE_STOP.finditer(text)}
        todo = list(table.always)
        for word in stops:
            todo.extend(table.by_word.get(word, ()))
        todo.sort()
        lowered = text.lower()
        for i in todo:
            stripped, letters, finder = table.entries[i]
            if stripped not in lowered:
                continue
            seen: set[str] = set()
            for match in finder.findall(text):
                word = match.strip()
                if letters:
                    if word in seen:
                        continue
                    seen.add(word)
                text = self._replace(table, text, word)
        return text

    @staticmethod
    def _replace(table: _AbbreviationTable, text: str, word: str) -> str:
        """pysbd's scan_for_replacements when the next-word character is unknown (always, without a "{")."""
        low = word.lower()
        kind = "prepositive" if low in table.prepositive else "number" if low in table.number else "period"
        if (kind == "period" or word.isalpha()) and word + "." not in text:
            return text
        return _abbreviation_pattern(kind, word).sub("∯", " " + text)[1:]


_BASE_METHODS = ("search_for_abbreviations_in_string", "scan_for_replacements", "replace_period_of_abbr")


@lru_cache(maxsize=64)
def _fast_processor_class(lang: type) -> type[Processor] | None:
    """A processor for ``lang`` using _FastAbbreviations; None when the language overrides what it replaces."""
    base_replacer = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    base_processor = getattr(lang, "Processor", Processor)
    if any(getattr(base_replacer, m) is not getattr(AbbreviationReplacer, m) for m in _BASE_METHODS):
        return None
    if base_processor.abbreviations_replacer is not Processor.abbreviations_replacer:
        return None
    replacer = type(f"_Fast{base_replacer.__name__}", (_FastAbbreviations, base_replacer), {})

    def abbreviations_replacer(self: Processor) -> AbbreviationReplacer:
        return replacer(self.text, self.lang)

    return type(f"_Fast{base_processor.__name__}", (base_processor,), {"abbreviations_replacer": abbreviations_replacer})
