"""Driving pysbd's processor cheaply: the sentences of ``segment``'s hard paragraphs, identical to pysbd's.

``_pysbd_split`` runs a processor over one paragraph and locates its sentences with ``str.find`` (pysbd's
``Segmenter.segment`` compiles a regex per sentence). The processor ``_Splitter`` holds is pysbd's own with three
passes made cheap, installed on our own processor class only (pysbd's module is left untouched):
  * the abbreviation pass (_FastAbbreviations: English-style rules, the Russian/Bulgarian ones and German's);
  * the list pass, skipped where it provably changes nothing (_lists_unchanged);
  * its rule lists and BetweenPunctuation's passes, each run only where the text holds what it starts with (_apply).
Checked by bench/segment_equivalence.py (identical sentences to pysbd's processor on every document of ../shared)
and tests/test_segment.py (a case per rule).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.bulgarian import Bulgarian
from pysbd.lang.deutsch import Deutsch
from pysbd.lang.english import English
from pysbd.lang.russian import Russian
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Rule

# The four characters re.IGNORECASE equates with an ASCII letter although str.lower() does not: İ ı ſ K (Kelvin).
# Found by testing every code point against [a-z] with re.IGNORECASE.
_IGNORECASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")

# pysbd supports these; other languages fall back to English rules, which split on . ! ? like most scripts.
_PYSBD_LANGS = {
    "en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my", "el",
    "it", "ja", "de", "kk", "sk",
}


Pieces = list[str]


class _Splitter:
    """pysbd for one language: its Segmenter and the processor class our fast path runs (_fast_processor_class)."""

    def __init__(self, language: str) -> None:
        self.seg = pysbd.Segmenter(language=language, clean=False)
        self.processor = _fast_processor_class(self.seg.language_module)
        # Whether the plain boundary rules (segment._easy_split) give this language's sentences: English's, or those
        # of a language that differs from English only in its abbreviation pass, whose rule is unconditional
        # (_OWN_PERIOD_LANGS; ``abbreviations`` is then its table). Otherwise every paragraph goes to the processor.
        module = self.seg.language_module
        own_period = module in _OWN_PERIOD_LANGS
        self.plain = module is English or own_period
        self.abbreviations = _abbreviation_table(module) if own_period else None


@lru_cache(maxsize=32)
def _splitter(language: str) -> _Splitter:
    return _Splitter(language if language in _PYSBD_LANGS else "en")


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
# braces of its format string, "(?<={abbr} ).", so it finds something only after a literal "{abbr} "), and
# characters whose re.IGNORECASE match with an abbreviation letter disagrees with str.lower() (the four
# _IGNORECASE_TWINS for ASCII letters; for Cyrillic ones e.g. U+1C80, a variant "в": _AbbreviationTable.risky).
# Russian and Bulgarian override replace_period_of_abbr (_OWN_PERIOD_RULES): their rule turns "." into "∯" after
# whitespace or the line start + the abbreviation, whatever follows. It needs the same whitespace-preceded token
# before the ".", so the same skips hold; we call their own method for the replacements that remain. Before this,
# 4 Russian scrapinghub pages cost as much segmentation time as the 160 English ones.
# Checked by bench/segment_equivalence.py: identical sentences to pysbd's processor on every document.

_LETTERS_BEFORE_STOP = re.compile(r"(?<!\S)([^\W\d_]+)\.")
# Overrides of replace_period_of_abbr whose pattern is "(?<=\s{abbr})\." or "(?<=^{abbr})\." (pysbd 0.3.4).
_OWN_PERIOD_RULES = frozenset(
    (Russian.AbbreviationReplacer.replace_period_of_abbr, Bulgarian.AbbreviationReplacer.replace_period_of_abbr)
)
# Languages that are English's rules (Common, Standard) but for that replace_period_of_abbr, their abbreviation
# lists (no prepositive or number ones) and no sentence starters: the plain boundary rules hold for them once their
# abbreviation stops are masked (segment._mask_own_period_stops).
_OWN_PERIOD_LANGS = (Russian, Bulgarian)
for _lang in _OWN_PERIOD_LANGS:
    assert {k for k in vars(_lang) if not k.startswith("__")} == {"iso_code", "Abbreviation", "AbbreviationReplacer"}
    assert {k for k in vars(_lang.AbbreviationReplacer) if not k.startswith("__")} == {
        "SENTENCE_STARTERS", "replace_period_of_abbr"
    }
    assert not _lang.AbbreviationReplacer.SENTENCE_STARTERS
    assert not _lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS and not _lang.Abbreviation.NUMBER_ABBREVIATIONS


# German overrides scan_for_replacements (_OWN_SCAN_RULES): for every finder match ``m`` (the whitespace before the
# word included, unescaped), "(?<=m)\.(?=\s)" becomes "∯", whatever the abbreviation's kind. The lookbehind is the
# whole match, so a match of plain letters can only act where that text + "." stands (checked literally); a match
# with other characters ("u.a": "." is a wildcard there) is always run. Repeated matches are skipped (idempotent),
# and as every replacement turns a "." into "∯" after text no replacement changes, the order does not matter.
# Before this, German paragraphs ran pysbd's own pass: 1.6 ms each on the scrapinghub pages, 8x an English one.
_OWN_SCAN_RULES = frozenset((Deutsch.AbbreviationReplacer.scan_for_replacements,))


def _own_scan_rule(lang: Any) -> bool:
    replacer = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    return replacer.scan_for_replacements in _OWN_SCAN_RULES


@lru_cache(maxsize=4096)
def _own_scan_pattern(match: str) -> re.Pattern[str]:
    """Deutsch.AbbreviationReplacer.scan_for_replacements' pattern for one finder match, compiled once."""
    return re.compile(rf"(?<={match})\.(?=\s)")


def _own_period_rule(lang: Any) -> bool:
    replacer = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    return replacer.replace_period_of_abbr in _OWN_PERIOD_RULES


class _AbbreviationTable:
    """A language's abbreviations, prepared once: order, all-letter ones by lower-case text, finder patterns."""

    def __init__(self, lang: Any) -> None:
        abbr = lang.Abbreviation
        self.prepositive = frozenset(abbr.PREPOSITIVE_ABBREVIATIONS)
        self.number = frozenset(abbr.NUMBER_ABBREVIATIONS)
        self.entries: list[tuple[str, bool]] = []
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []  # abbreviations that are not plain letters ("u.s", "e.g", "y.e")
        chars = {ch for a in abbr.ABBREVIATIONS for ch in a.strip() if ch.isalpha()}
        self._letter = re.compile("[" + re.escape("".join(sorted(chars))) + "]", flags=re.IGNORECASE)
        self._lowered = {ch.lower() for ch in chars}
        self._risky: dict[str, bool] = {}
        self._ascii_safe = not self.risky("".join(map(chr, range(128))))
        for i, a in enumerate(abbr.ABBREVIATIONS):
            stripped = a.strip()
            letters = stripped.isalpha() and (stripped.isascii() or _own_period_rule(lang))
            self.entries.append((stripped, letters))
            if letters:
                self.by_word.setdefault(stripped.lower(), []).append(i)
            else:
                self.always.append(i)


    def risky(self, text: str) -> bool:
        """Whether a character of ``text`` matches an abbreviation letter under re.IGNORECASE although its
        str.lower() is none of theirs (or is not one character): the token filter would miss that match."""
        if text.isascii() and getattr(self, "_ascii_safe", False):
            return False
        for ch in set(text):
            known = self._risky.get(ch)
            if known is None:
                low = ch.lower()
                known = ch in _IGNORECASE_TWINS or len(low) != 1 or (
                    self._letter.fullmatch(ch) is not None and low not in self._lowered
                )
                self._risky[ch] = known
            if known:
                return True
        return False


@lru_cache(maxsize=8192)
def _finder(stripped: str) -> re.Pattern[str]:
    """pysbd's own pattern for finding an abbreviation, compiled on first need: Italian has over 1,000
    abbreviations, and compiling them all up front cost 0.7 s the first time an Italian page was segmented."""
    return re.compile(rf"(?:^|\s|\r|\n){stripped}", flags=re.IGNORECASE)


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
    own_period = False  # the language's replace_period_of_abbr is one of _OWN_PERIOD_RULES
    own_scan = False  # the language's scan_for_replacements is one of _OWN_SCAN_RULES

    def search_for_abbreviations_in_string(self, text: str) -> str:
        if "." not in text:
            return text
        table = _abbreviation_table(self.lang)
        if "{" in text or table.risky(text):
            return str(super().search_for_abbreviations_in_string(text))
        if self.own_scan:
            return _scan_every_match(table, text)
        stops = {m.group(1).lower() for m in _LETTERS_BEFORE_STOP.finditer(text)}
        todo = list(table.always)
        for word in stops:
            todo.extend(table.by_word.get(word, ()))
        todo.sort()
        lowered = text.lower()
        for i in todo:
            stripped, letters = table.entries[i]
            if stripped not in lowered:
                continue
            seen: set[str] = set()
            for match in _finder(stripped).findall(text):
                word = match.strip()
                if letters:
                    if word in seen:
                        continue
                    seen.add(word)
                text = self._replace(table, text, word, letters)
        return text

    def _replace(self, table: _AbbreviationTable, text: str, word: str, letters: bool) -> str:
        """pysbd's scan_for_replacements when the next-word character is unknown (always, without a "{")."""
        low = word.lower()
        kind = "prepositive" if low in table.prepositive else "number" if low in table.number else "period"
        if kind == "period" and self.own_period:
            # the language's rule (regex-unescaped: "y.e" is a pattern) needs the literal word + "." when plain letters
            return str(self.replace_period_of_abbr(text, word)) if not letters or word + "." in text else text
        if (kind == "period" or word.isalpha()) and word + "." not in text:
            return text
        return _abbreviation_pattern(kind, word).sub("∯", " " + text)[1:]


def _scan_every_match(table: _AbbreviationTable, text: str) -> str:
    """pysbd's search_for_abbreviations_in_string for a language with an _OWN_SCAN_RULES rule (see above)."""
    lowered = text.lower()
    for stripped, letters in table.entries:
        if stripped not in lowered:
            continue
        for match in dict.fromkeys(_finder(stripped).findall(text)):
            if letters and match + "." not in text:
                continue
            text = _own_scan_pattern(match).sub("∯", text)
    return text


_BASE_METHODS = ("search_for_abbreviations_in_string", "scan_for_replacements", "replace_period_of_abbr")

# pysbd's ListItemReplacer.add_line_break was a fifth of the processor's time on the hard English paragraphs of
# the scrapinghub pages (about nine regex passes per paragraph). It provably changes nothing (checked against
# lists_item_replacer.py, pysbd 0.3.4) when the text has no "♨" or "☝" (its own markers, which two of its rules
# rewrite) and each of its four list finders matches at most once: iterate_alphabet_array and scan_lists only
# act on two or more items (with one, the item is compared with itself, a distance of 0, not 1), and every step
# leaves the text unchanged, so every later finder sees the same text. The alphabetical finders with periods
# and with parens serve the roman-numeral pass too (its items are a subset).
# The four finders, each with a cheap test that it cannot match twice. ALPHABETICAL_LIST_WITH_PERIODS (a lower-case
# letter after whitespace or the start, before a "."), written to start at the "." so that re scans fast, has one
# match per match of pysbd's pattern; the parens finders need a ")", NUMBERED_LIST_REGEX_1 a digit + "." + (a
# whitespace or ")").
_LETTER_ITEM = re.compile(r"\.(?<=(?<!\S)[a-z]\.)")
_NUMBERED_ITEM = re.compile(ListItemReplacer.NUMBERED_LIST_REGEX_1)
_NUMBERED_ITEM_NEEDS = re.compile(r"\.(?<=\d\.)[\s)]")
_PARENS_ITEMS = (
    re.compile(ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS), re.compile(ListItemReplacer.NUMBERED_LIST_PARENS_REGEX)
)


def _lists_unchanged(text: str) -> bool:
    if "♨" in text or "☝" in text or _twice(_LETTER_ITEM, text):
        return False
    if _NUMBERED_ITEM_NEEDS.search(text) and _twice(_NUMBERED_ITEM, text):
        return False
    return ")" not in text or not any(_twice(finder, text) for finder in _PARENS_ITEMS)


def _twice(finder: re.Pattern[str], text: str) -> bool:
    found = finder.finditer(text)
    return next(found, None) is not None and next(found, None) is not None


# --- pysbd's rule lists, applied only where they can match ------------------------------------------------------
#
# pysbd applies its rule lists with ``Text.apply``: one module-level ``re.sub`` per rule, each a pattern-cache lookup
# and a scan, whether or not the text holds what the rule needs. The per-sentence lists (SubSymbolsRules: 17
# placeholders to restore, ReinsertEllipsisRules, the double-punctuation and exclamation rules) made it the
# processor's largest cost on hard paragraphs. _apply runs a rule only when the literal its every match starts with
# (_required_prefix) is in the text: a text without it cannot match, so skipping the re.sub changes nothing.

_LITERAL_TOKEN = re.compile(r"[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9]")
_QUANTIFIERS = frozenset("*+?{")


@lru_cache(maxsize=512)
def _required_prefix(pattern: str) -> str:
    """The literal text at the start of every match of ``pattern`` ("" when there is none to rely on): the run of
    plain or escaped-punctuation characters it starts with, less the last one when a quantifier follows it. No
    prefix for a pattern with an alternation anywhere (its branches need not share a start)."""
    if "|" in pattern:
        return ""
    tokens: list[str] = []
    pos = 0
    while (m := _LITERAL_TOKEN.match(pattern, pos)) is not None:
        tokens.append(m.group()[-1])
        pos = m.end()
    if tokens and pos < len(pattern) and pattern[pos] in _QUANTIFIERS:
        tokens.pop()
    return "".join(tokens)


def _apply(text: str, *rules: Rule) -> str:
    """pysbd's ``Text(text).apply(*rules)``, skipping the rules that cannot match (see above)."""
    for rule in rules:
        need = _required_prefix(rule.pattern)
        if need and need not in text:
            continue
        text = re.sub(rule.pattern, rule.replacement, text)
    return text


# BetweenPunctuation's passes, in its order, with a character each pass's pattern starts with (pysbd 0.3.4,
# between_punctuation.py): a text without it is returned unchanged by that pass. The single-quote pass is gated on
# "'" (both its search and its substitution need one).
_BETWEEN_PASSES = (
    ("sub_punctuation_between_single_quotes", "'"),
    ("sub_punctuation_between_single_quote_slanted", "‘"),
    ("sub_punctuation_between_double_quotes", '"'),
    ("sub_punctuation_between_square_brackets", "["),
    ("sub_punctuation_between_parens", "("),
    ("sub_punctuation_between_quotes_arrow", "«"),
    ("sub_punctuation_between_em_dashes", "--"),
    ("sub_punctuation_between_quotes_slanted", "“"),
)
# pysbd's ExclamationWords all hold one of these
_EXCLAMATION_MARKS = ("!", "ǃ")
assert all(any(mark in word for mark in _EXCLAMATION_MARKS) for word in ExclamationWords.EXCLAMATION_WORDS)


class _FastProcessor(Processor):
    """pysbd's Processor (0.3.4), its methods verbatim but for: ListItemReplacer skipped where _lists_unchanged;
    rule lists applied by _apply; BetweenPunctuation's passes and the exclamation words skipped where the text
    lacks the character they start with. Methods a language overrides are not replaced (_fast_processor_class)."""

    text: str  # set by pysbd's untyped __init__
    lang: Any

    def process(self) -> Any:
        if not self.text:
            return self.text
        self.text = self.text.replace("\n", "\r")
        if not _lists_unchanged(self.text):
            self.text = ListItemReplacer(self.text).add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = _apply(
            self.text, self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule, self.lang.GeoLocationRule,
            self.lang.FileFormatRule,
        )
        return self.split_into_segments()

    def split_into_segments(self) -> Any:
        self.check_for_parens_between_quotes()
        sents = self.text.split("\r")
        sents = self.rm_none_flatten(sents)
        sents = [_apply(s, self.lang.SingleNewLineRule, *self.lang.EllipsisRules.All) for s in sents]
        sents = [self.check_for_punctuation(s) for s in sents]
        sents = self.rm_none_flatten(sents)
        postprocessed_sents = []
        for sent in sents:
            sent = _apply(sent, *self.lang.SubSymbolsRules.All)
            post_process_sent = self.post_process_segments(sent)
            if post_process_sent and isinstance(post_process_sent, str):
                postprocessed_sents.append(post_process_sent)
            elif isinstance(post_process_sent, list):
                for pps in post_process_sent:
                    postprocessed_sents.append(pps)
        return [_apply(ns, self.lang.SubSingleQuoteRule) for ns in postprocessed_sents]

    def post_process_segments(self, txt: str) -> Any:
        if len(txt) > 2 and re.search(r"\A[a-zA-Z]*\Z", txt):
            return txt
        txt = _apply(txt, *self.lang.ReinsertEllipsisRules.All)
        if re.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
            return re.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        txt = txt.replace("\n", "")
        return txt.strip()

    def process_text(self, txt: str) -> Any:
        if txt[-1] not in self.lang.Punctuations:
            txt += "ȸ"
        if any(mark in txt for mark in _EXCLAMATION_MARKS):
            txt = ExclamationWords.apply_rules(txt)
        txt = self.between_punctuation(txt)
        if not re.match(self.lang.DoublePunctuationRules.DoublePunctuation, txt):
            txt = _apply(txt, *self.lang.DoublePunctuationRules.All)
        txt = _apply(txt, self.lang.QuestionMarkInQuotationRule, *self.lang.ExclamationPointRules.All)
        if "(" in txt:  # ROMAN_NUMERALS_IN_PARENTHESES starts with one
            txt = ListItemReplacer(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def between_punctuation(self, txt: str) -> Any:
        processor = self.between_punctuation_processor(txt)
        if type(processor).sub_punctuation_between_quotes_and_parens is not (
            BetweenPunctuation.sub_punctuation_between_quotes_and_parens
        ):
            return processor.replace()
        for name, mark in _BETWEEN_PASSES:
            method = getattr(processor, name)
            # a language's own pass (German reads „“ and ,,) always runs
            if mark in txt or getattr(type(processor), name) is not getattr(BetweenPunctuation, name):
                txt = method(txt)
        return txt


@lru_cache(maxsize=64)
def _fast_processor_class(lang: type) -> type[Processor] | None:
    """A processor for ``lang`` using _FastAbbreviations; None when the language overrides what it replaces."""
    base_replacer = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    base_processor = getattr(lang, "Processor", Processor)
    own_period = _own_period_rule(lang)
    own_scan = _own_scan_rule(lang)
    if any(
        getattr(base_replacer, m) is not getattr(AbbreviationReplacer, m)
        for m in _BASE_METHODS
        if not (own_period and m == "replace_period_of_abbr") and not (own_scan and m == "scan_for_replacements")
    ):
        return None
    if base_processor.abbreviations_replacer is not Processor.abbreviations_replacer:
        return None
    if base_processor.process is not Processor.process:
        return None
    replacer = type(
        f"_Fast{base_replacer.__name__}", (_FastAbbreviations, base_replacer),
        {"own_period": own_period, "own_scan": own_scan},
    )

    def abbreviations_replacer(self: Processor) -> AbbreviationReplacer:
        return replacer(self.text, self.lang)

    methods: dict[str, Any] = {"abbreviations_replacer": abbreviations_replacer}
    methods.update(
        (name, getattr(_FastProcessor, name)) for name in _PROCESSOR_METHODS
        if getattr(base_processor, name) is getattr(Processor, name)  # a language's own method stays
    )
    return type(f"_Fast{base_processor.__name__}", (base_processor,), methods)


_PROCESSOR_METHODS = ("process", "split_into_segments", "post_process_segments", "process_text", "between_punctuation")
