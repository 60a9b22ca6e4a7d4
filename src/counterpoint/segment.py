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
  * easy paragraphs (no abbreviation, initial, list item, glued stop...; see _HARD) are cut after . ? ! + space;
  * paragraphs that are easy once their double quotes are deleted, with cleanly paired quotes, are cut by the
    three rules pysbd applies to quotes (_quoted_split);
  * the rest (about a quarter of news paragraphs) run pysbd's processor with its abbreviation pass made cheap
    (_FastAbbreviations, English-style rules and the Russian/Bulgarian ones) and its list pass skipped where it
    provably changes nothing (_lists_unchanged), installed on our own processor class only: pysbd's module is
    left untouched (module segment_pysbd).
The plain rules are used with English pysbd rules only; other languages get the cheap abbreviation pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pysbd.lang.english import English

from .model import Sentence
from .segment_pysbd import _IGNORECASE_TWINS, Pieces, _pysbd_split, _Splitter, _splitter

_PARA = re.compile(r"[^\n]+")
# A sentence boundary in an easy paragraph: terminal punctuation then space (a lower-case continuation makes the
# paragraph hard, see _HARD).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=\S)")
# What makes a paragraph hard, so that pysbd's rules are needed there. It is searched in the paragraph's probe
# (_probe: non-ASCII letters and dashes masked as "~", "’" as "x"; in the quote path, double quotes deleted).
# Each line was added for a paragraph where the plain boundary rule and pysbd's processor disagreed
# (bench/segment_equivalence.py over ../shared, and a random-paragraph fuzz of the same comparison).
# Split in several patterns, each tried only when the character it needs is present: one alternation whose
# branches start with lookbehinds or letters is tried at every position by re, and was a quarter of the
# segmentation time of the scrapinghub pages.
_HARD = re.compile(
    r"[\"“”‘«»„‚!…\\\r\x0b\x0c\x1c-\x1e]"  # quotes left over (unbalanced...), "!" ("Yahoo! News"), ellipses,
    # backslashes (pysbd's quote patterns treat them as escapes), characters pysbd splits lines at
    r"|[.?](?!\s|$)"  # a stop glued to what follows: U.S., 2.5, ".com", "Avenue., where", "Miss.; five", "?]"
    r"|[.?]\s+[^A-Z*|]"  # a stop then lower case, a digit ("$2. 6 million"), a dash: pysbd may join them
    r"|[(\[][^)\]]*[.?]|--[^-]*[.?]"  # a stop inside brackets or between "--": pysbd protects those
    r"|\)\s[A-Z]"  # pysbd ends a sentence at a parenthesis before a capital: "(Tue, 16 Aug 2011) This"
)
# (with a ")") list items "(a) ... (b)", "ii)", "1) ... 2)": pysbd breaks lines there
_HARD_LIST_ITEM = re.compile(r"(?<![^\s(])(?:[a-z]|[ivx]+)\)|\d\)\s")
# (with a "'") a straight single quote that is not an apostrophe inside a word
_HARD_SINGLE_QUOTE = re.compile(r"(?<![A-Za-z])'|'(?![A-Za-z])")
# (with a ".") a numbered list item ("1. Ditch the diet"): "(?:^|\s)\d+\.\s" as two patterns re can scan fast
_HARD_NUMBERED = re.compile(r"\s\d+\.\s")
_HARD_NUMBERED_FIRST = re.compile(r"\d+\.\s")
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
# (_mask_stops finds each "." + whitespace and reads the word before it: a pattern starting with that word would
# be tried at every position.)
_PREPOSITIVE = frozenset(
    a.strip().lower() for a in English.Abbreviation.PREPOSITIVE_ABBREVIATIONS if len(a.strip()) > 1
)
assert all(a.isascii() and a.isalpha() for a in _PREPOSITIVE), "_mask_stops reads ASCII-letter words only"
_STOP_THEN_SPACE = re.compile(r"\.(?=\s)")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DECIMAL_POINT = re.compile(r"\.(?<=\d\.)(?=\d)")  # "(?<=\d)\.(?=\d)", starting with the literal so re scans fast
_HAS_WORD = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Characters pysbd has no rule for, masked in the probe so that the ASCII rules above still see them as
# non-letters: dashes and non-ASCII letters ("~"), the apostrophe "’" ("x": a letter, as its straight twin is
# when inside a word; pysbd only reads "’" after a "‘", which stays hard), non-ASCII spaces (a space: pysbd's
# \s matches them too). Line and paragraph separators are not spaces here (pysbd's splitlines breaks at them).
_MASK_AS = {"’": "x", "—": "~", "–": "~", "―": "~", "“": "“", "”": "”"}
_LINE_BREAKS = "\x85\u2028\u2029"

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
        probe = _mask_stops(probe)
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


def _mask_stops(probe: str) -> str:
    """``probe`` with the full stops of prepositive abbreviations and decimal points masked as "~"."""
    masked = None
    for m in _STOP_THEN_SPACE.finditer(probe):
        end = m.start()
        start = end
        while start > 0 and probe[start - 1] in _ASCII_LETTERS:
            start -= 1
        if (start == 0 or probe[start - 1].isspace()) and probe[start:end].lower() in _PREPOSITIVE:
            if masked is None:
                masked = list(probe)
            masked[end] = "~"
    if masked is not None:
        probe = "".join(masked)
    return _DECIMAL_POINT.sub("~", probe)


def _is_easy(probe: str) -> bool:
    if (
        _HARD.search(probe)
        or (")" in probe and _HARD_LIST_ITEM.search(probe))
        or ("'" in probe and _HARD_SINGLE_QUOTE.search(probe))
        or (_HARD_NUMBERED.search(probe) or _HARD_NUMBERED_FIRST.match(probe))
    ):
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


_QUOTE_THEN_PAREN = re.compile(r"[\"”]\s\(")
_STOP = re.compile(r"[.?]")
_DOUBLE_QUOTE = re.compile(r"[\"“”]")
# post_process_segments' split point: [!?.-] + a quote character, then one whitespace and a capital ("!" is hard)
_END_QUOTE_THEN_CAPITAL = re.compile(r"[?.\-][\"'“”]\s[A-Z]")


def _drop_double_quotes(probe: str) -> str:
    return probe.replace('"', "").replace("“", "").replace("”", "")


def _quoted_split(ptext: str, probe: str) -> Pieces | None:
    pairs = _quote_pairs(probe)
    if pairs is None or _QUOTE_THEN_PAREN.search(probe) or not _is_easy(_drop_double_quotes(probe)):
        return None
    n = len(probe)
    inside = bytearray(n)
    for open_at, close_at in pairs.items():
        inside[open_at + 1 : close_at] = b"\x01" * (close_at - open_at - 1)
    stops = [m.start() for m in _STOP.finditer(probe) if not inside[m.start()]]
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
        # candidates cannot overlap (none of a match's last three characters is in "?.-"), so finditer's
        # non-overlapping matches are all of them
        cuts.extend(m.start() + 2 for m in _END_QUOTE_THEN_CAPITAL.finditer(probe, pos, end))
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
    for m in _DOUBLE_QUOTE.finditer(probe):
        i, ch = m.start(), m.group()
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
