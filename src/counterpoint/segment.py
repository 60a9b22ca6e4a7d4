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
  * easy paragraphs (no abbreviation, initial, list item, glued stop...; see _HARD) are cut after . ? ! + space,
    once the stops pysbd never ends a sentence at are masked (_mask_stops: "Mr. Smith", "U.S. market",
    "Co. executive", "3.5");
  * paragraphs that are easy once their quote marks are deleted, with cleanly paired quotes ("", “”, ‘’, «»), are cut by the
    three rules pysbd applies to quotes (_paired_split; bracket pairs only hide the stops inside, but a sentence
    that starts with "(" ends at its ")" before a capital);
  * the rest (about a quarter of news paragraphs) run pysbd's processor with its abbreviation pass made cheap
    (_FastAbbreviations, English-style rules and the Russian/Bulgarian ones) and its list pass skipped where it
    provably changes nothing (_lists_unchanged), installed on our own processor class only: pysbd's module is
    left untouched (module segment_pysbd).
The plain rules are used with English pysbd rules, and with Russian and Bulgarian ones, which differ from
English only in an unconditional abbreviation rule (_mask_own_period_stops); other languages get the cheap
abbreviation pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pysbd.lang.english import English

from .model import Sentence
from .segment_pysbd import (
    _IGNORECASE_TWINS,
    Pieces,
    _AbbreviationTable,
    _lists_unchanged,
    _pysbd_split,
    _Splitter,
    _splitter,
)

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
    r"[\"“”«»„‚\\\r\x0b\x0c\x1c-\x1e]"  # quotes left over (unbalanced...),
    # backslashes (pysbd's quote patterns treat them as escapes), characters pysbd splits lines at
    r"|[.?!](?!\s|$)"  # a stop glued to what follows: U.S., 2.5, ".com", "Avenue., where", "Miss.; five", "?]"
    # a stop, whitespace, then lower case ("Inc. and": an abbreviation rule may join them) or another stop; a digit
    # or bracket there is plain (what pysbd joins before them, listed abbreviations, _mask_stops masks; its
    # numbered references need the digit or bracket glued to the stop)
    r"|[.?!]\s++[^A-Z*|~(\[0-9]"
    # a stop inside brackets or between "--": pysbd protects those. Its square-bracket pairs end at the first "]"
    # whatever is between ("[see). (1]"), its parenthesis pairs at the first ")": each is read to its own closing
    r"|\[[^\]]*[.?!]|\([^)]*[.?!]|--[^-]*[.?!]"
)
# pysbd ends a sentence at a parenthesis before a capital when the sentence starts with its "(": "(Tue, 16 Aug 2011)
# This" (_paired_split knows where sentences start; elsewhere it is hard)
_HARD_PAREN_THEN_CAPITAL = re.compile(r"\)\s[A-Z]")
# (with a "!") pysbd's exclamation words, whose "!" never ends a sentence ("Yahoo! News"; the others in its list
# start with "!" or have it inside, which the glued-stop rule above already makes hard). Case-sensitive, as pysbd's.
_HARD_EXCLAMATION_WORD = re.compile(r"(?:Yahoo|Yum)!")
# (with a ")") list items "(a) ... (b)", "ii)", "1) ... 2)": pysbd breaks lines there
_HARD_LIST_ITEM = re.compile(r"(?<![^\s(])(?:[a-z]|[ivx]+)\)|\d\)\s")
# (with a "'") a straight single quote that does not follow a letter or digit: pysbd opens a quoted passage at a
# "'" after whitespace (BETWEEN_SINGLE_QUOTES), starts a quote segment with one, and splits after [!?.-] + "'". One
# after a letter or digit ("don't", "the Browns' defense", "5' tall") does none of these.
_HARD_SINGLE_QUOTE = re.compile(r"(?<![A-Za-z0-9])'")
# (with a ".") a digit, a stop and a space or ")": pysbd's numbered-list pass may act ("1. Ditch the diet ... 2. Eat");
# hard unless that pass provably changes nothing (segment_pysbd._lists_unchanged: at most one item of each kind).
# A paragraph that starts with a number and a stop is always hard: pysbd's start-of-line number rules read it.
_HARD_NUMBERED = re.compile(r"\d\.[\s)]")
_HARD_NUMBERED_FIRST = re.compile(r"\d+\.\s")
# (with "Co.") pysbd's KommanditgesellschaftRule: no sentence ends in "Co. KG" (see _initial_before_stop).
_HARD_KG = re.compile(r"Co\.\sKG")
# Full stops pysbd never ends a sentence at are masked as "~" before the checks (_mask_stops). First, a prepositive
# abbreviation after a space and before a space ("Mr. Smith", "Sen. Warren", even "the Gov. Then": pysbd's
# replace_prepositive_abbr). "v." stays hard: a single letter can be an alphabetical list item for pysbd.
# (_mask_stops finds each "." + whitespace and reads the word before it: a pattern starting with that word would
# be tried at every position.)
_PREPOSITIVE = frozenset(
    a.strip().lower() for a in English.Abbreviation.PREPOSITIVE_ABBREVIATIONS if len(a.strip()) > 1
)
assert all(a.isascii() and a.isalpha() for a in _PREPOSITIVE), "_mask_stops reads ASCII-letter words only"
# pysbd's other listed abbreviations after a space ("Walt Disney Co. executive"): replace_period_of_abbr makes the
# stop a non-boundary only before what _PERIOD_ABBR_NEXT reads (pre-number ones: _NUMBER_ABBR_NEXT); before a
# capital it stays a boundary, as for the plain rule (see _initial_before_stop). Not masked where
# replace_abbreviation_as_sentence_boundary could give the stop back: a word ending in "I" or "i?v" before " I ".
_LISTED = frozenset(a.strip().lower() for a in English.Abbreviation.ABBREVIATIONS) - _PREPOSITIVE
_NUMBER_ABBR = frozenset(a.strip().lower() for a in English.Abbreviation.NUMBER_ABBREVIATIONS)
_PERIOD_ABBR_NEXT = re.compile(r"\s(?:[a-z]|I\s|I'm|I'll|\d|\()")
# pysbd's listed abbreviations with a "." ("ph.d", "d.phil"): its finder reads that "." as a wildcard, and only looks
# at all when the abbreviation is in the text literally; then a stop right after whitespace + a finder match ("Ph.D",
# even "PhXD") follows the rule above. They are checked on the text (_dotted_listed_stops).
# Before " I ", replace_abbreviation_as_sentence_boundary gives the stop back after these ("U.S. I think"): not
# masked, so the initial before the stop keeps the paragraph hard.
_I_NEXT = re.compile(r"\sI\s")
_GIVEN_BACK_DOTTED = re.compile(r"(?:U.S|U.K|E.U|U.S.A|I|i.v|I.V)$")
_DOTTED_LISTED = tuple(
    (a.strip().lower(), re.compile(rf"(?<!\S){a.strip()}\.", re.IGNORECASE))
    for a in English.Abbreviation.ABBREVIATIONS
    if "." in a
)
assert all(re.search(r"\.[a-z]", literal) for literal, _ in _DOTTED_LISTED), "_dotted_listed_stops' gate"
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_NUMBER_ABBR_NEXT = re.compile(r"\s\d|\s+\(")
_GIVEN_BACK = re.compile(r"(?:I|[iI].[vV])$")
_STOP_THEN_SPACE = re.compile(r"\.(?=\s)")
# An initial: pysbd's SingleUpperCaseLetterRule and SingleUpperCaseLetterAtStartOfLineRule make the stop after a
# capital A-Z that follows whitespace (or starts the line) a non-boundary before whitespace ("George W. Bush"). Two
# can get it back: "I" before a sentence starter ("World War I. The"; replace_abbreviation_as_sentence_boundary), and
# "V" after "I" + any character (that rule's "I.V", its "." a wildcard): they stay hard (_initial_before_stop).
# Before ",\s" (the other rule's lookahead) the stop is glued, and hard anyway.
_SINGLE_CAPITALS = frozenset("ABCDEFGHJKLMNOPQRSTUWXYZ")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Multi-period abbreviations ("U.S.", "p.m.", "D.C."): pysbd turns all their stops into non-boundaries
# (replace_multi_period_abbreviations, the pattern below with IGNORECASE, read on the text), then gives the last
# one back in two cases, where the paragraph stays hard: a.m./p.m. before a whitespace and a capital (AmPmRules),
# and a few (U.S., U.K., E.U., I...) before one of its SENTENCE_STARTERS (replace_abbreviation_as_sentence_boundary);
# both are kept out by refusing any token before a whitespace and a capital that ends in "a.m"/"p.m", or before a
# whitespace, a starter and a whitespace.
_MULTI_PERIOD_HINT = re.compile(r"\.[A-Za-z]\.")
_MULTI_PERIOD = re.compile(r"(?<!\w)[A-Za-z](?:\.[A-Za-z])+\.")  # on the text: "’" is "x" in the probe
_AM_PM = ("a.m", "p.m")
_STARTER_NEXT = re.compile(r"\s(?:" + "|".join(English.AbbreviationReplacer.SENTENCE_STARTERS) + r")\s")
_CAPITAL_NEXT = re.compile(r"\s[A-Z]")
# ... and a token before a quote mark: pysbd's post-processing splits after [.!?-] + quote + whitespace + capital
# once the stops are given back (QUOTATION_AT_END_OF_SENTENCE_REGEX).
_QUOTE_CHARS = frozenset("\"'“”")
# A stop between two ASCII word characters ("3.5", "nytimes.com", "ID.3"): pysbd's number rules and its
# WithMultiplePeriodsAndEmailRule ("([a-zA-Z0-9_])(\.)([a-zA-Z0-9_])") turn it into a non-boundary, and no rule gives
# it back (they only give back a stop before whitespace). Read on the text, not the probe, where "x" stands for "’".
# A stop after a non-digit and before a digit stays hard: pysbd's NUMBERED_REFERENCE_REGEX breaks the line after
# "ID.3" (a footnote-like number) when whitespace and a capital follow.
_INNER_STOP = re.compile(r"\.(?<=[A-Za-z0-9_]\.)(?=[A-Za-z_])|\.(?<=\d\.)(?=\d)")  # literal first: re scans fast
_HAS_WORD = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Characters pysbd has no rule for, masked in the probe so that the ASCII rules above still see them as
# non-letters: dashes and non-ASCII letters ("~"), the apostrophe "’" ("x": a letter, as its straight twin is
# when inside a word; pysbd only reads "’" to close a "‘" pair: _slanted_pairs), non-ASCII spaces (a space: pysbd's
# \s matches them too). Line and paragraph separators are not spaces here (pysbd's splitlines breaks at them).
_MASK_AS = {"’": "x", "—": "~", "–": "~", "―": "~", "…": "~", "“": "“", "”": "”", "‘": "‘", "«": "«", "»": "»"}
_LINE_BREAKS = "\x85\u2028\u2029"
# Every non-ASCII character pysbd 0.3.4's English rules name (its source, lang/common and lang/english, read with
# a script): these keep a paragraph hard. Any other non-ASCII symbol ("£", "€", "©", "•", a soft hyphen, a
# combining accent) is in no rule and, like "~", is neither a space nor a word character for re, so it is masked
# as "~"; characters re counts as word characters although they are not letters ("½", other scripts' digits) stay
# hard.
_PYSBD_CHARS = frozenset("«°»ûũƪǃȸȹʼ،ᓰᓱᓳᓴᓷᓸ‘’“”⁃∮∯⌬⎋☄☇☈☉☏☝♝♟♨♬♭✂。「」！（）．？")

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


def _probe(ptext: str) -> str | None:
    """``ptext`` with every non-ASCII character masked (see _MASK_AS), same length; None when one has no mask."""
    if ptext.isascii():
        return ptext
    probe = ptext
    for ch in set(_NON_ASCII.findall(ptext)):
        mask = _mask(ch)
        if mask is None:
            return None
        if mask != ch:
            # one str.replace per distinct character (a paragraph has a handful): several times faster than
            # str.translate, which looks every character up in its table
            probe = probe.replace(ch, mask)
    return probe


@lru_cache(maxsize=4096)
def _mask(ch: str) -> str | None:
    if ch in _MASK_AS:
        return _MASK_AS[ch]
    if ch in _IGNORECASE_TWINS or ch in _LINE_BREAKS:
        return None
    if ch.isspace():
        return " "
    if ch.isalpha():
        return "~"
    if ch in _PYSBD_CHARS or ch.isalnum():
        return None
    return "~"


def _mask_stops(probe: str, text: str) -> str:
    """``probe`` (the probe of ``text``) with the full stops pysbd never ends a sentence at masked as "~": those
    of prepositive and other listed abbreviations where masked, of multi-period abbreviations, and between two
    word characters."""
    masked = None
    for m in _STOP_THEN_SPACE.finditer(probe):
        end = m.start()
        start = _letters_before(probe, end)
        if start == end or not (start == 0 or probe[start - 1].isspace()):
            continue
        word = probe[start:end]
        low = word.lower()
        if end - start == 1:
            if word not in _SINGLE_CAPITALS:
                continue
        elif low in _PREPOSITIVE:
            pass
        elif low not in _LISTED or len(word) < 2:
            continue
        elif low in _NUMBER_ABBR:
            if not _NUMBER_ABBR_NEXT.match(text, end + 1):
                continue
        elif not _PERIOD_ABBR_NEXT.match(text, end + 1) or (
            _I_NEXT.match(text, end + 1) and _GIVEN_BACK.search(word)
        ):
            continue
        if masked is None:
            masked = list(probe)
        masked[end] = "~"
    if _MULTI_PERIOD_HINT.search(text):
        for m in _MULTI_PERIOD.finditer(text):
            end = m.end()
            if text[end : end + 1] in _QUOTE_CHARS or _STARTER_NEXT.match(text, end) or (
                _CAPITAL_NEXT.match(text, end) and m.group()[-4:-1].lower() in _AM_PM
            ):
                continue
            if masked is None:
                masked = list(probe)
            for i in range(m.start() + 1, end, 2):
                masked[i] = "~"
    for stop in _dotted_listed_stops(text):
        if masked is None:
            masked = list(probe)
        masked[stop] = "~"
    for m in _INNER_STOP.finditer(text):
        if masked is None:
            masked = list(probe)
        masked[m.start()] = "~"
    return probe if masked is None else "".join(masked)


# Russian and Bulgarian (segment_pysbd._OWN_PERIOD_LANGS): pysbd's rule turns a "." into a non-boundary after
# whitespace or the line start + a listed abbreviation, whatever follows; its finder is case-insensitive, and every
# case variant found at a word start gets the rule. So a stop is masked where the letters between whitespace (or the
# start) and it are, lower-cased, a listed all-letter abbreviation (the processor's _FastAbbreviations makes the same
# argument). Hard (None) where that argument fails or another rule acts: a "{" or a character re.IGNORECASE equates
# with an abbreviation letter although str.lower() does not (both as in _FastAbbreviations); an abbreviation with a
# "." or "-" present literally ("у.е", "адм.-терр": its finder's "." is a wildcard, matching "уже"); a multi-period
# abbreviation ("U.S.": with no sentence starters, pysbd gives the last stop back whatever follows).
_OWN_WORD_BEFORE_STOP = re.compile(r"(?<!\S)([^\W\d_]+)\.")
_GLUED_STOP = re.compile(r"\.\S")


def _mask_own_period_stops(probe: str, text: str, table: _AbbreviationTable) -> str | None:
    if "{" in text or table.risky(text) or _MULTI_PERIOD_HINT.search(text):
        return None
    if _GLUED_STOP.search(text):
        lowered = text.lower()
        if any(table.entries[i][0] in lowered for i in table.always):
            return None
    masked = None
    for m in _OWN_WORD_BEFORE_STOP.finditer(text):
        word = m.group(1)
        if word.lower() in table.by_word or (word in _SINGLE_CAPITALS and text[m.end() : m.end() + 1].isspace()):
            if masked is None:
                masked = list(probe)
            masked[m.end() - 1] = "~"
    for m in _INNER_STOP.finditer(text):
        if masked is None:
            masked = list(probe)
        masked[m.start()] = "~"
    return probe if masked is None else "".join(masked)


def _letters_before(probe: str, end: int) -> int:
    """Start of the run of ASCII letters that ends at ``end`` (``end`` itself when there is none)."""
    start = end
    while start > 0 and probe[start - 1] in _ASCII_LETTERS:
        start -= 1
    return start


def _dotted_listed_stops(text: str) -> list[int]:
    """Stops pysbd makes non-boundaries after a dotted listed abbreviation (see _DOTTED_LISTED)."""
    if not _DOT_LETTER.search(text):  # every dotted abbreviation has a "." before a letter
        return []
    lowered = text.lower()
    stops: list[int] = []
    for literal, finder in _DOTTED_LISTED:
        if literal in lowered:
            stops.extend(
                m.end() - 1 for m in finder.finditer(text)
                if _PERIOD_ABBR_NEXT.match(text, m.end())
                and not (_I_NEXT.match(text, m.end()) and _GIVEN_BACK_DOTTED.search(m.group()[:-1]))
            )
    return stops


def _is_easy(probe: str, lists_probe: str | None = None) -> bool:
    """Whether no hard pattern is in ``probe``. With ``lists_probe`` (the paragraph's probe before its bracket
    pairs were blanked, see _blank_brackets), the checks that read brackets run on that: pysbd's list items and a
    parenthesis before a capital."""
    brackets = probe if lists_probe is None else lists_probe
    if (
        _HARD.search(probe)
        or (lists_probe is None and _HARD_PAREN_THEN_CAPITAL.search(probe))
        or (")" in brackets and _HARD_LIST_ITEM.search(brackets))
        or ("'" in probe and _HARD_SINGLE_QUOTE.search(probe))
        or ("!" in probe and _HARD_EXCLAMATION_WORD.search(probe))
        or _HARD_NUMBERED_FIRST.match(brackets)
        or (_HARD_NUMBERED.search(brackets) and not _lists_unchanged(brackets))
    ):
        return False
    return not (_initial_before_stop(probe) or _HARD_KG.search(probe))


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _initial_before_stop(probe: str) -> bool:
    """Whether a one-letter word stands before a stop (a letter after a word boundary, then a "."): an initial, a
    list item, a single-letter abbreviation.

    Other words need no check once _mask_stops has run: pysbd's abbreviation rules only ever act on a "." after
    whitespace + a listed word, and only before what _mask_stops masks (prepositive ones before whitespace; the
    others before lower case, a digit, "(", "I "... which the lower-case rule of _HARD keeps hard where not
    masked). Before a capital such a stop stays a boundary for pysbd, as for the plain rule, with one exception
    (KommanditgesellschaftRule: "Co. KG", _HARD_KG). Words pysbd does not list are plain words to it.

    Reads the letters before each "." instead of running the pattern of a letter run after a word boundary and
    before a stop, which re tries at every position
    (a fifth of the plain rules' time); the probe is ASCII but for "“”‘", so the boundary is a non-[A-Za-z0-9_]."""
    pos = probe.find(".")
    while pos >= 0:
        start = _letters_before(probe, pos)
        if start + 1 == pos and (start == 0 or probe[start - 1] not in _WORD_CHARS):
            return True
        pos = probe.find(".", pos + 1)
    return False


# --- Paragraphs with double quotes -----------------------------------------------------------------------------
#
# Most news paragraphs quote someone. For a paragraph that is easy once its double quotes are deleted, and whose
# quotes pair up cleanly (“…” or "…", not nested, not empty, opening after a space or bracket, closing before a
# space or punctuation, no backslash), pysbd's processor (0.3.4, English) does exactly this:
#   1. BetweenPunctuation turns every . ? ! inside a quote pair into a placeholder: no sentence ends inside quotes.
#   2. SENTENCE_BOUNDARY_REGEX cuts the paragraph into segments, each from a non-space character to the next
#      stop outside quotes; but a segment that STARTS with an opening quote ends at its closing quote when the
#      quote's last character is not "," and one whitespace and a capital A-Z follow ("“Go” Smith said." gives
#      “Go” | Smith said.). That alternative only runs when the paragraph has a . ? or ! at all
#      (check_for_punctuation).
#   3. post_process_segments splits a segment after [!?.-] + a quote character when one whitespace and a capital
#      A-Z follow: `He said “It works.” Then he left.` gives two sentences, `“It works,” he said.` one.
# The other rules that read quote characters are kept out: PARENS_BETWEEN_DOUBLE_QUOTES (a quote, a space and a
# bracket: hard), "?" before a straight quote (only ever inside a pair here), single quotes (hard).


_QUOTE_THEN_PAREN = re.compile(r"[\"”]\s\(")
# Paragraphs that go to _paired_split: with quotes or arrows; with brackets, when the plain checks fail.
_QUOTE_MARKS = re.compile(r"[\"“”‘«»]")
_BRACKET_MARKS = re.compile(r"[()\[\]]")
# pysbd's ListItemReplacer.replace_parens turns the parentheses of a roman numeral before whitespace and a capital
# into placeholders ("(xi) The"), so the sentence does not end there: hard (ROMAN_NUMERALS_IN_PARENTHESES).
_ROMAN_IN_PARENS = re.compile(r"(?=[mdclxvi])m*(c[md]|d?c*)(x[cl]|l?x*)(i[xv]|v?i*)")
_STOP = re.compile(r"[.?!]")
_DOUBLE_QUOTE = re.compile(r"[\"“”]")
# post_process_segments' split point: [!?.-] + a quote character, then one whitespace and a capital
_END_QUOTE_THEN_CAPITAL = re.compile(r"[!?.\-][\"'“”]\s[A-Z]")


def _drop_double_quotes(probe: str) -> str:
    return probe.replace('"', "").replace("“", "").replace("”", "")


def _paired_split(ptext: str, probe: str) -> Pieces | None:
    pairs = _quote_pairs(probe)
    if pairs is None or _QUOTE_THEN_PAREN.search(probe):
        return None
    single = _slanted_pairs(ptext, probe) if "‘" in probe else {}
    arrows = _mark_pairs(probe, "«", "»") if "«" in probe or "»" in probe else {}
    squares = _mark_pairs(probe, "[", "]") if "[" in probe or "]" in probe else {}
    parens = _mark_pairs(probe, "(", ")") if "(" in probe or ")" in probe else {}
    if single is None or arrows is None:
        return None
    if squares is None or parens is None or any(
        _ROMAN_IN_PARENS.fullmatch(probe, open_at + 1, close) or (close == open_at + 2 and probe[open_at + 1] in "!?'")
        for open_at, close in parens.items()
    ):
        # (see _ROMAN_IN_PARENS; "(!)": pysbd's placeholder for "!" is three characters long) brackets left to the
        # plain checks, which make a stop inside brackets and a ")" before a capital hard
        squares = parens = {}
    single.update(arrows)  # both only hide the stops inside (see _mark_pairs)
    n = len(probe)
    inside = bytearray(n)
    for open_at, close_at in pairs.items():
        inside[open_at + 1 : close_at] = b"\x01" * (close_at - open_at - 1)
    if single:
        # slanted pairs stay apart from double-quote pairs: pysbd pairs them first, and its double-quote pass then
        # reads the text with the slanted pairs' stops already replaced
        double_marks = [m.start() for m in _DOUBLE_QUOTE.finditer(probe)]  # an unclosed quote's too
        for open_at, close_at in single.items():
            if any(inside[open_at : close_at + 1]) or any(open_at <= i <= close_at for i in double_marks):
                return None
            inside[open_at + 1 : close_at] = b"\x01" * (close_at - open_at - 1)
    lists_probe = None
    probe_checked = probe
    brackets = {**squares, **parens}
    if brackets and not _nested_or_apart([*pairs.items(), *single.items(), *brackets.items()]):
        brackets = parens = {}  # crossing pairs: left to the plain checks too
    if brackets:
        for open_at, close_at in brackets.items():
            inside[open_at + 1 : close_at] = b"\x01" * (close_at - open_at - 1)
        lists_probe, probe_checked = probe, _blank_brackets(probe, brackets)
    if single:
        marks = sorted(i for pair in single.items() for i in pair)
        probe_easy = "".join(probe_checked[a + 1 : b] for a, b in zip([-1, *marks], [*marks, n], strict=True))
    else:
        probe_easy = probe_checked
    if not _is_easy(_drop_double_quotes(probe_easy), lists_probe):
        return None
    stops = [m.start() for m in _STOP.finditer(probe) if not inside[m.start()]]
    has_stop = "." in probe or "?" in probe or "!" in probe
    cuts: list[int] = []
    pos = _skip_space(probe, 0)
    if pos < n and probe[pos] in ".?!":
        return None  # pysbd's "[. ]{2,}" alternative would start there
    k = 0  # next candidate in stops
    while pos < n:
        close = pairs.get(pos) if has_stop else None
        paren = parens.get(pos) if has_stop else None
        if (
            close is not None and probe[close - 1] != "," and close + 2 < n
            and probe[close + 1].isspace() and "A" <= probe[close + 2] <= "Z"
        ):
            end = close + 1
        elif (
            paren is not None and paren - pos > 2 and paren + 2 < n  # "\((?:[^\)]){2,}\)(?=\s[A-Z])"
            and probe[paren + 1].isspace() and "A" <= probe[paren + 2] <= "Z"
        ):
            end = paren + 1
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
    every quote pairs cleanly (see the comment above). The last quote may open a quotation that goes on in the next
    paragraph: pysbd pairs it with nothing, and no rule reads it (the quote alternatives of SENTENCE_BOUNDARY_REGEX
    need a closing quote after it, the post-processing split a stop before it), so it is left out of the pairs."""
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
    return pairs


def _slanted_pairs(ptext: str, probe: str) -> dict[int, int] | None:
    """Opening -> closing index of every "‘…’" pair as pysbd's BETWEEN_SINGLE_QUOTE_SLANTED_REGEX finds them
    ("(?<=\\s)‘(?:[^’]|’[a-zA-Z])*’": a "‘" after whitespace, closed by the first "’" not before an ASCII letter,
    apostrophes passed over); the stops inside are not sentence ends. No other rule of pysbd reads "‘" or "’" (no
    segment starts at one, none ends after one). None (hard) for a "‘" not after whitespace, a pair that would have
    to close at an apostrophe (the regex backtracks to one when nothing else closes it), or an empty pair."""
    pairs: dict[int, int] = {}
    pos = probe.find("‘")
    while pos >= 0:
        if pos == 0 or not probe[pos - 1].isspace():
            return None
        close = pos
        while True:
            close = ptext.find("’", close + 1)
            if close < 0:
                return None
            if close + 1 == len(ptext) or ptext[close + 1] not in _ASCII_LETTERS:
                break
        if close == pos + 1:
            return None
        pairs[pos] = close
        pos = probe.find("‘", close + 1)
    return pairs


def _mark_pairs(probe: str, opening: str, closing: str) -> dict[int, int] | None:
    """Opening -> closing index of every pair of marks as pysbd's BetweenPunctuation finds them for "«…»", "[…]"
    and "(…)" (an opening mark, then the first closing mark after it, something between): the stops inside are
    not sentence ends. No other rule of pysbd reads "«" or "»"; for brackets see _paired_split. None (hard) for a
    nested opening mark, a closing mark with no opening one, an unclosed or an empty pair."""
    pairs: dict[int, int] = {}
    pos = 0
    while True:
        open_at, close_at = probe.find(opening, pos), probe.find(closing, pos)
        if open_at < 0:
            return pairs if close_at < 0 else None
        if close_at < open_at:
            return None
        nested = probe.find(opening, open_at + 1, close_at)
        if nested >= 0 or close_at == open_at + 1:
            return None
        pairs[open_at] = close_at
        pos = close_at + 1


def _nested_or_apart(spans: list[tuple[int, int]]) -> bool:
    """Whether no two of the (open, close) spans cross: pysbd pairs each kind of mark on its own, so stops inside
    any pair are hidden, but crossing pairs are left to pysbd."""
    stack: list[int] = []
    for open_at, close_at in sorted(spans):
        while stack and stack[-1] < open_at:
            stack.pop()
        if stack and stack[-1] < close_at:
            return False
        stack.append(close_at)
    return True


def _blank_brackets(probe: str, brackets: dict[int, int]) -> str:
    """``probe`` as the hard checks read it once its bracket pairs are known: each opening mark "~" (a stop glued
    before it stays glued), each closing mark a space (the stop before it, inside the pair, is no longer glued to
    it); and every stop inside a pair that whitespace or the closing mark follows "~" (pysbd hides it). Stops
    glued to anything else, and those after a one-letter word, stay for the checks: pysbd's other rules may act
    there (its list pass breaks lines at "a." items; numbered items are checked on the unblanked probe)."""
    chars = list(probe)
    for open_at, close_at in brackets.items():
        chars[open_at] = "~"
        chars[close_at] = " "
        for i in range(open_at + 1, close_at):
            if (
                chars[i] in ".?!" and (i + 1 == close_at or probe[i + 1].isspace())
                and not (probe[i - 1] in _ASCII_LETTERS and probe[i - 2] not in _WORD_CHARS)
            ):
                chars[i] = "~"
    return "".join(chars)


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
