"""Paragraphs with quotes and brackets, cut as pysbd cuts them (see :mod:`counterpoint.segment`): the pairs
pysbd's BetweenPunctuation finds hide the stops inside, and its boundary regex and post-processing add three rules
for quotes and one for parentheses. Checked against pysbd's processor like the plain rules."""

from __future__ import annotations

import re

from .segment_pysbd import Pieces
from .segment_rules import _ASCII_LETTERS, _WORD_CHARS, _is_easy

# --- Paragraphs with double quotes (the brackets' rules: _mark_pairs, _blank_brackets, _cut) ---------------------
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
# into placeholders ("(xi) The"), so the sentence does not end there: hard (ROMAN_NUMERALS_IN_PARENTHESES). One
# letter ("(c)") is too short for the parenthesis rule anyway, so its placeholders change nothing.
_ROMAN_IN_PARENS = re.compile(r"(?=[mdclxvi])m*(c[md]|d?c*)(x[cl]|l?x*)(i[xv]|v?i*)")
_STOP = re.compile(r"[.?!]")
_DOUBLE_QUOTE = re.compile(r"[\"“”]")
# post_process_segments' split point: [!?.-] + a quote character, then one whitespace and a capital
_END_QUOTE_THEN_CAPITAL = re.compile(r"[!?.\-][\"'“”]\s[A-Z]")


def _drop_double_quotes(probe: str) -> str:
    return probe.replace('"', "").replace("“", "").replace("”", "")


def _paired_split(ptext: str, probe: str) -> Pieces | None:
    """pysbd's pieces for a paragraph with quotes or brackets whose pairs are clean and which is easy once the
    pairs hide their stops; None when it needs pysbd."""
    found = _find_pairs(ptext, probe)
    if found is None:
        return None
    quotes, parens, inside, probe_easy, lists_probe = found
    if not _is_easy(_drop_double_quotes(probe_easy), lists_probe):
        return None
    return _cut(ptext, probe, quotes, parens, inside)


def _find_pairs(
    ptext: str, probe: str
) -> tuple[dict[int, int], dict[int, int], bytearray, str, str | None] | None:
    """The double-quote pairs and the parenthesis pairs (those with a boundary rule), which characters are inside
    any pair, the probe the hard checks read (slanted and arrow marks deleted, brackets blanked) and the probe
    their list checks read (None: the same); None when a quote pair is not clean."""
    quotes = _quote_pairs(probe)
    if quotes is None or _QUOTE_THEN_PAREN.search(probe):
        return None
    single = _slanted_pairs(ptext, probe) if "‘" in probe else {}
    arrows = _mark_pairs(probe, "«", "»") if "«" in probe or "»" in probe else {}
    squares = _mark_pairs(probe, "[", "]") if "[" in probe or "]" in probe else {}
    parens = _mark_pairs(probe, "(", ")") if "(" in probe or ")" in probe else {}
    if single is None or arrows is None:
        return None
    if squares is None or parens is None or any(
        (close > open_at + 2 and _ROMAN_IN_PARENS.fullmatch(probe, open_at + 1, close))
        or (close == open_at + 2 and probe[open_at + 1] in "!?'")
        for open_at, close in parens.items()
    ):
        # (see _ROMAN_IN_PARENS; "(!)": pysbd's placeholder for "!" is three characters long) brackets left to the
        # plain checks, which make a stop inside brackets and a ")" before a capital hard
        squares = parens = {}
    single.update(arrows)  # both only hide the stops inside (see _mark_pairs)
    n = len(probe)
    inside = bytearray(n)
    for open_at, close_at in quotes.items():
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
    if brackets and not _nested_or_apart([*quotes.items(), *single.items(), *brackets.items()]):
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
    return quotes, parens, inside, probe_easy, lists_probe


def _cut(
    ptext: str, probe: str, quotes: dict[int, int], parens: dict[int, int], inside: bytearray
) -> Pieces | None:
    """The pieces pysbd cuts: segments end at the next stop outside every pair, or at the closing mark of a quote
    or parenthesis they start with (the alternatives of SENTENCE_BOUNDARY_REGEX), and split after [!?.-] + a
    quote before whitespace and a capital (post-processing)."""
    n = len(probe)
    stops = [m.start() for m in _STOP.finditer(probe) if not inside[m.start()]]
    has_stop = "." in probe or "?" in probe or "!" in probe
    cuts: list[int] = []
    pos = _skip_space(probe, 0)
    if pos < n and probe[pos] in ".?!":
        return None  # pysbd's "[. ]{2,}" alternative would start there
    k = 0  # next candidate in stops
    while pos < n:
        close = quotes.get(pos) if has_stop else None
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
