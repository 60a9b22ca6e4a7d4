"""Sentence segmentation with character offsets into the immutable body.

pysbd does the splitting (it knows abbreviations such as Sir, Mr., U.K., Lt. Col., and keeps a quoted
passage of several sentences together). Paragraphs are segmented one at a time, so a sentence never crosses a
paragraph break.

Trap (checked on pysbd 0.3.4): with ``char_span=True`` pysbd locates each sentence by searching for its text,
so a sentence repeated in one paragraph gets the offsets of its first occurrence. We instead use
``clean=False`` segmentation, whose pieces concatenate back to the input exactly, and add up their lengths.

Speed: pysbd costs about as much per page as trafilatura's whole extraction, so the sentences must be pysbd's
(its processor's, see _pysbd_split) but need not come from running it. Three layers, each checked to give the
same offsets as pysbd's processor on every paragraph (bench/segment_equivalence.py: 1,983 documents of
../shared, 0 differing; tests/test_segment.py has a case per rule):
  * easy paragraphs (no abbreviation, initial, list item, glued stop...; see _HARD) are cut after . ? ! + space;
  * paragraphs that are easy once their double quotes are deleted, with cleanly paired quotes, are cut by the
    three rules pysbd applies to quotes (_quoted_split);
  * the rest (about a quarter of news paragraphs) run pysbd's processor with its abbreviation pass made cheap
    (_FastAbbreviations), installed on our own processor class only: pysbd's module is left untouched.
The plain rules are used with English pysbd rules only; other languages get the cheap abbreviation pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.lang.english import English
from pysbd.processor import Processor

from .model import Sentence

_PARA = re.compile(r"[^\n]+")
# A sentence boundary in an easy paragraph: terminal punctuation then space (a lower-case continuation makes the
# paragraph hard, see _HARD).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=\S)")
# What makes a paragraph hard, so that pysbd's rules are needed there. It is searched in the paragraph's probe
# (_probe: non-ASCII letters and dashes masked as "~", "’" as "x"; in the quote path, double quotes deleted).
# Each line was added for a paragraph where the plain boundary rule and pysbd's processor disagreed
# (bench/segment_equivalence.py over ../shared, and a random-paragraph fuzz of the same comparison).
_HARD = re.compile(
    r"[\"“”‘«»„‚!…\\\r\x0b\x0c\x1c-\x1e]"  # quotes left over (unbalanced...), "!" ("Yahoo! News"), ellipses,
    # backslashes (pysbd's quote patterns treat them as escapes), characters pysbd splits lines at
    r"|[.?](?!\s|$)"  # a stop glued to what follows: U.S., 2.5, ".com", "Avenue., where", "Miss.; five", "?]"
    r"|[.?]\s+[^A-Z*|]"  # a stop then lower case, a digit ("$2. 6 million"), a dash: pysbd may join them
    r"|[(\[][^)\]]*[.?]|--[^-]*[.?]"  # a stop inside brackets or between "--": pysbd protects those
    r"|\)\s[A-Z]"  # pysbd ends a sentence at a parenthesis before a capital: "(Tue, 16 Aug 2011) This"
    r"|(?<![^\s(])(?:[a-z]|[ivx]+)\)|\d\)\s"  # list items "(a) ... (b)", "ii)", "1) ... 2)": pysbd breaks lines
    r"|(?<![A-Za-z])'|'(?![A-Za-z])"  # a straight single quote that is not an apostrophe inside a word
    r"|(?:^|\s)\d+\.\s"  # a numbered list item ("1. Ditch the diet")
)
# A word before a full stop; the paragraph is hard when it is an initial ("J. Smith") or an abbreviation.
_WORD_BEFORE_STOP = re.compile(r"\b([A-Za-z]+)\.")
# pysbd's English abbreviations (it protects "Sens.", "Reps.", even "me." before "I"), plus ones it lacks but
# whose full stop we still let pysbd judge.
_OWN_ABBREVIATIONS = (
    "mr|mrs|ms|dr|prof|sr|jr|st|mt|ft|lt|col|gen|gov|sen|rep|rev|sgt|capt|cmdr|adm|maj|insp|supt|det|hon|pres|"
    "inc|ltd|co|corp|bros|plc|llc|no|nos|vol|vols|pp|ch|fig|figs|ed|eds|est|approx|dept|univ|assn|ave|rd|blvd|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thurs|fri|sat|sun|vs|etc|al|cf|ca|"
    "op|cit|ibid|viz|approx|min|max|km|mi|oz|lb|lbs|ft|sq|am|pm"
)
_ABBREVIATIONS = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS) | frozenset(
    _OWN_ABBREVIATIONS.split("|")
)
# Full stops pysbd never ends a sentence at, whatever follows, masked as "~" before the checks: a prepositive
# abbreviation after a space and before a space ("Mr. Smith", "Sen. Warren", even "the Gov. Then": pysbd's
# replace_prepositive_abbr), and a decimal point between digits (its PeriodBeforeNumberRule). "v." stays hard:
# a single letter can be an alphabetical list item for pysbd.
_PREPOSITIVE_STOP = re.compile(
    r"(?<!\S)((?i:"
    + "|".join(sorted({a.strip() for a in English.Abbreviation.PREPOSITIVE_ABBREVIATIONS if len(a.strip()) > 1}))
    + r"))\.(?=\s)"
)
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_HAS_WORD = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Characters pysbd has no rule for, masked in the probe so that the ASCII rules above still see them as
# non-letters: dashes and non-ASCII letters ("~"), the apostrophe "’" ("x": a letter, as its straight twin is
# when inside a word; pysbd only reads "’" after a "‘", which stays hard), non-ASCII spaces (a space: pysbd's
# \s matches them too). Line and paragraph separators are not spaces here (pysbd's splitlines breaks at them).
_MASK_AS = {"’": "x", "—": "~", "–": "~", "―": "~", "“": "“", "”": "”"}
_LINE_BREAKS = "\x85\u2028\u2029"
# The four characters re.IGNORECASE equates with an ASCII letter although str.lower() does not: İ ı ſ K (Kelvin).
# Found by testing every code point against [a-z] with re.IGNORECASE.
_IGNORECASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")
_DOUBLE_QUOTES = "\"“”"
_DROP_DOUBLE_QUOTES = str.maketrans("", "", _DOUBLE_QUOTES)

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
    """pysbd for one language: its Segmenter and the processor class our fast path runs (_fast_processor_class)."""

    def __init__(self, language: str) -> None:
        self.seg = pysbd.Segmenter(language=language, clean=False)
        self.processor = _fast_processor_class(self.seg.language_module)
        # The plain boundary rules (_easy_split) were derived from, and are checked against, English rules only.
        self.plain = self.seg.language_module is English


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
    return (_easy_split(ptext) if sp.plain else None) or _pysbd_split(sp, ptext, sp.processor)


def _processor_pieces(sp: _Splitter, ptext: str) -> Pieces | None:
    """pysbd's own processor on every paragraph: what the fast path must reproduce (bench/segment_equivalence.py)."""
    return _pysbd_split(sp, ptext, None)


def _segment_pieces(sp: _Splitter, ptext: str) -> Pieces:
    pieces: Pieces = sp.seg.segment(ptext)
    if "".join(pieces) != ptext:  # defensive: fall back to locating each piece in order
        pieces = _relocate(ptext, pieces)
    return pieces


def _easy_split(ptext: str) -> Pieces | None:
    """pysbd's pieces for a paragraph whose boundaries a plain rule finds; None when it needs pysbd (possible
    abbreviations, lists, glued stops... see _HARD). Double quotes go to _quoted_split."""
    probe = _probe(ptext)
    if probe is None:
        return None
    if "." in probe:
        probe = _DECIMAL_POINT.sub("~", _PREPOSITIVE_STOP.sub(r"\1~", probe))
    if "“" in probe or "”" in probe or '"' in probe:
        return _quoted_split(ptext, probe)
    if not _is_easy(probe):
        return None
    pieces = []
    pos = 0
    for m in _BOUNDARY.finditer(probe):
        pieces.append(ptext[pos : m.end()])
        pos = m.end()
    pieces.append(ptext[pos:])
    return pieces


def _probe(ptext: str) -> str | None:
    """``ptext`` with every non-ASCII character masked (see _MASK_AS), same length; None when one has no mask."""
    if ptext.isascii():
        return ptext
    table: dict[int, str] = {}
    for ch in set(_NON_ASCII.findall(ptext)):
        mask = _mask(ch)
        if mask is None:
            return None
        table[ord(ch)] = mask
    return ptext.translate(table)


@lru_cache(maxsize=4096)
def _mask(ch: str) -> str | None:
    if ch in _MASK_AS:
        return _MASK_AS[ch]
    if ch in _IGNORECASE_TWINS or ch in _LINE_BREAKS:
        return None
    if ch.isspace():
        return " "
    return "~" if ch.isalpha() else None


def _is_easy(probe: str) -> bool:
    if _HARD.search(probe):
        return False
    return not any(len(w) == 1 or w.lower() in _ABBREVIATIONS for w in _WORD_BEFORE_STOP.findall(probe))


# --- Paragraphs with double quotes -----------------------------------------------------------------------------
#
# Most news paragraphs quote someone. For a paragraph that is easy once its double quotes are deleted, and whose
# quotes pair up cleanly (“…” or "…", not nested, not empty, opening after a space or bracket, closing before a
# space or punctuation, no backslash), pysbd's processor (0.3.4, English) does exactly this:
#   1. BetweenPunctuation turns every . ? ! inside a quote pair into a placeholder: no sentence ends inside quotes.
#   2. SENTENCE_BOUNDARY_REGEX cuts the paragraph into segments, each from a non-space character to the next
#      stop outside quotes; but a segment that STARTS with an opening quote ends at its closing quote when the
#      quote's last character is not "," and one whitespace and a capital A-Z follow ("“Go” Smith said." gives
#      “Go” | Smith said.). That alternative only runs when the paragraph has a . or ? at all (check_for_punctuation).
#   3. post_process_segments splits a segment after [!?.-] + a quote character when one whitespace and a capital
#      A-Z follow: `He said “It works.” Then he left.` gives two sentences, `“It works,” he said.` one.
# The other rules that read quote characters are kept out: PARENS_BETWEEN_DOUBLE_QUOTES (a quote, a space and a
# bracket: hard), "?" before a straight quote (only ever inside a pair here), single quotes (hard).


def _quoted_split(ptext: str, probe: str) -> Pieces | None:
    pairs = _quote_pairs(probe)
    if pairs is None or re.search(r"[\"”]\s\(", probe) or not _is_easy(probe.translate(_DROP_DOUBLE_QUOTES)):
        return None
    n = len(probe)
    inside = bytearray(n)
    for open_at, close_at in pairs.items():
        inside[open_at + 1 : close_at] = b"\x01" * (close_at - open_at - 1)
    stops = [i for i, ch in enumerate(probe) if ch in ".?" and not inside[i]]
    has_stop = "." in probe or "?" in probe
    cuts: list[int] = []
    pos = _skip_space(probe, 0)
    if pos < n and probe[pos] in ".?":
        return None  # pysbd's "[. ]{2,}" alternative would start there
    k = 0  # next candidate in stops
    while pos < n:
        close = pairs.get(pos) if has_stop else None
        if (
            close is not None and probe[close - 1] != "," and close + 2 < n
            and probe[close + 1].isspace() and "A" <= probe[close + 2] <= "Z"
        ):
            end = close + 1
        else:
            while k < len(stops) and stops[k] <= pos:
                k += 1
            end = stops[k] + 1 if has_stop and k < len(stops) else n
        for i in range(pos, end - 3):
            if (
                probe[i] in "?.-" and probe[i + 1] in "\"'“”" and probe[i + 2].isspace()
                and "A" <= probe[i + 3] <= "Z"
            ):
                cuts.append(i + 2)
        cuts.append(end)
        pos = _skip_space(probe, end)
    pieces = []
    start = 0
    for cut in cuts:
        if cut > start:
            pieces.append(ptext[start:cut])
            start = cut
    if start < n:
        if not pieces:
            return [ptext]
        pieces[-1] += ptext[start:]
    return pieces


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _quote_pairs(probe: str) -> dict[int, int] | None:
    """Opening -> closing index of every double-quote pair, as pysbd's BetweenPunctuation pairs them; None unless
    every quote pairs cleanly (see the comment above)."""
    pairs: dict[int, int] = {}
    opened = -1
    n = len(probe)
    for i, ch in enumerate(probe):
        if ch not in _DOUBLE_QUOTES:
            continue
        if opened < 0:
            if ch == "”" or (i > 0 and not (probe[i - 1].isspace() or probe[i - 1] in "([")):
                return None
            if i + 1 >= n or probe[i + 1].isspace():
                return None
            opened = i
        else:
            if ch != ("”" if probe[opened] == "“" else '"') or i == opened + 1 or probe[i - 1].isspace():
                return None
            if i + 1 < n and (probe[i + 1].isalnum() or probe[i + 1] in "~x"):
                return None
            pairs[opened] = i
            opened = -1
    return pairs if opened < 0 else None


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

_LETTERS_BEFORE_STOP = re.compile(r"(?<!\S)([^\W\d_]+)\.")


class _AbbreviationTable:
    """A language's abbreviations, prepared once: order, all-letter ones by lower-case text, finder patterns."""

    def __init__(self, lang: Any) -> None:
        abbr = lang.Abbreviation
        self.prepositive = frozenset(abbr.PREPOSITIVE_ABBREVIATIONS)
        self.number = frozenset(abbr.NUMBER_ABBREVIATIONS)
        self.entries: list[tuple[str, bool, re.Pattern[str]]] = []
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []  # abbreviations that are not plain ASCII letters ("u.s", "e.g")
        for i, a in enumerate(abbr.ABBREVIATIONS):
            stripped = a.strip()
            letters = stripped.isascii() and stripped.isalpha()
            finder = re.compile(rf"(?:^|\s|\r|\n){stripped}", flags=re.IGNORECASE)  # pysbd's own pattern
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
        return re.compile(rf"(?<=\s{abbr})\.(?=(\s|:\d+))")
    if kind == "number":
        return re.compile(rf"(?<=\s{abbr})\.(?=(\s\d|\s+\())")
    return re.compile(rf"(?<=\s{re.escape(abbr)})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))")


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
