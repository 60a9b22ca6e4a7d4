"""The plain sentence-boundary rules' checks: which full stops pysbd never ends a sentence at (masked in a
paragraph's probe), and which paragraphs are hard, needing pysbd's own rules (see :mod:`counterpoint.segment`).

Every rule here is derived from pysbd 0.3.4's source and checked against its processor (bench/segment_equivalence.py
and the fuzz tests in tests/test_segment.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pysbd.lang.english import English

from .segment_pysbd import _IGNORECASE_TWINS, _LETTERS_BEFORE_STOP, _AbbreviationTable, _lists_unchanged

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
# (with a ")") list items "(a) ... (b)", "ii)", "1) ... 2)": pysbd breaks lines there, when its list pass acts
# (one item alone, "(c) Example Wire", changes nothing: segment_pysbd._lists_unchanged)
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
_PERIOD_ABBR_NEXT = re.compile(r",|\s(?:[a-z]|I\s|I'm|I'll|\d|\()")
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
_STOP_THEN_SPACE_OR_COMMA = re.compile(r"\.(?=\s|,)")
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
    of prepositive and other listed abbreviations where masked (before whitespace, or a comma), of initials, of
    multi-period and dotted listed abbreviations, and between two word characters."""
    stops: list[int] = []
    for m in _STOP_THEN_SPACE_OR_COMMA.finditer(probe):
        end = m.start()
        start = _letters_before(probe, end)
        if start == end or not (start == 0 or probe[start - 1].isspace()):
            continue
        word = probe[start:end]
        low = word.lower()
        if probe[end + 1] == ",":
            # the two rules that read a comma after the stop: SingleUpperCaseLetterRule (a capital after
            # whitespace, then ",\s": "N. Y., was"; no stop is given back before a comma) and the listed
            # abbreviations' (_PERIOD_ABBR_NEXT: "Va., who"); prepositive and pre-number ones keep it (glued: hard)
            if not (
                (end - start == 1 and start > 0 and "A" <= word <= "Z" and text[end + 2 : end + 3].isspace())
                or (end - start > 1 and low in _LISTED and low not in _NUMBER_ABBR)
            ):
                continue
        elif end - start == 1:
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
        stops.append(end)
    if _MULTI_PERIOD_HINT.search(text):
        for m in _MULTI_PERIOD.finditer(text):
            end = m.end()
            if text[end : end + 1] in _QUOTE_CHARS or _STARTER_NEXT.match(text, end) or (
                _CAPITAL_NEXT.match(text, end) and m.group()[-4:-1].lower() in _AM_PM
            ):
                continue
            stops.extend(range(m.start() + 1, end, 2))
    stops += _dotted_listed_stops(text)
    return _masked(probe, stops + _inner_stops(text))


def _inner_stops(text: str) -> list[int]:
    return [m.start() for m in _INNER_STOP.finditer(text)]


def _masked(probe: str, stops: list[int]) -> str:
    """``probe`` with a "~" at each of ``stops``."""
    if not stops:
        return probe
    chars = list(probe)
    for i in stops:
        chars[i] = "~"
    return "".join(chars)


# Russian and Bulgarian (segment_pysbd._OWN_PERIOD_LANGS): pysbd's rule turns a "." into a non-boundary after
# whitespace or the line start + a listed abbreviation, whatever follows; its finder is case-insensitive, and every
# case variant found at a word start gets the rule. So a stop is masked where the letters between whitespace (or the
# start) and it are, lower-cased, a listed all-letter abbreviation (the processor's _FastAbbreviations makes the same
# argument). Hard (None) where that argument fails or another rule acts: a "{" or a character re.IGNORECASE equates
# with an abbreviation letter although str.lower() does not (both as in _FastAbbreviations); an abbreviation with a
# "." or "-" present literally ("у.е", "адм.-терр": its finder's "." is a wildcard, matching "уже"); a multi-period
# abbreviation ("U.S.": with no sentence starters, pysbd gives the last stop back whatever follows).
_GLUED_STOP = re.compile(r"\.\S")


def _mask_own_period_stops(probe: str, text: str, table: _AbbreviationTable) -> str | None:
    if "{" in text or table.risky(text) or _MULTI_PERIOD_HINT.search(text):
        return None
    if _GLUED_STOP.search(text):
        lowered = text.lower()
        if any(table.entries[i][0] in lowered for i in table.always):
            return None
    stops = [
        m.end() - 1 for m in _LETTERS_BEFORE_STOP.finditer(text)
        if m.group(1).lower() in table.by_word
        or (m.group(1) in _SINGLE_CAPITALS and text[m.end() : m.end() + 1].isspace())
    ]
    return _masked(probe, stops + _inner_stops(text))


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
        or (")" in brackets and _HARD_LIST_ITEM.search(brackets) and not _lists_unchanged(brackets))
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
