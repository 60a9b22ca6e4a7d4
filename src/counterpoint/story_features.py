"""What story clustering looks at in one article: a pure, picklable, JSON-able summary.

:func:`features` turns an :class:`~counterpoint.model.Article` into :class:`StoryFeatures`:

- ``words``: content-word counts (lower-cased, stopwords and numbers out, a light plural/possessive fold);
- ``names``: capitalised word sequences not at the start of a sentence ("Tara Reid", "Promises Treatment Center"),
  normalised (case-folded, possessive dropped), with counts;
- ``numbers``: number values ("6.1", "33", "200000000") and month-day dates ("date:06-13"), with counts, also
  from the timestamp lines the cleaner removed;
- ``years``: four-digit years 1900–2099 mentioned in the text or a removed timestamp line, and the year of
  publication;
- ``published``: the ISO date the article was published, or None;
- ``language``: the article's language code, or None;
- ``title``: content-word tokens of the title.

Nothing here depends on other articles, so it can run in parallel (Spark, process pools) and be stored with the
article. Names and numbers are what tell apart two events of the same kind (two earthquakes, two arrests of one
actor); words say what kind of event it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any, cast

from .model import Article
from .tfidf import english_stop_words


# English from scikit-learn, plus the commonest function words of the other languages pysbd segments best; a
# content word in one language that is a stopword in another only loses a little weight on the word channel.
def _wordlist(words: str) -> frozenset[str]:
    return frozenset(words.split())


_EXTRA_STOP = _wordlist("""
said says say told according would could also just like new one two three year years day days week time
mr mrs ms dr reported report reports news percent people including
le la les un une des du de et en est pour que qui dans sur au aux pas plus par avec ce cette il elle ils sont
der die das den dem des ein eine einer und ist nicht mit von zu im auf für sich auch es wird werden hat wurde
el los las una unos y es por con para lo como más pero sus le se del al ha fue
il lo gli di da che non per una sono della nel alla
""")
STOPWORDS: frozenset[str] = english_stop_words() | _EXTRA_STOP

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CAP_SEQ = re.compile(
    r"(?:[A-Z][\w'’.-]*[^\W\d_]|[A-Z])(?:[ \t]+(?:(?:of|de|la|van|von|der|al|bin)[ \t]+)?(?:[A-Z][\w'’.-]*[^\W\d_]|[A-Z]))*"
)
# A number not glued to a word or a decimal point: "(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)...", written with the
# first digit ahead of the lookbehind ("\d(?<![\w.]\d)" tests the same character before it) so that the pattern
# starts with a character class and re skips to digits in C: 0.041 -> 0.023 ms per bench.scale article.
_NUMBER = re.compile(
    r"(\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?:\s?\.\s?(\d+))?(?:\s*(million|billion|thousand))?", re.IGNORECASE
)
# Where a sentence starts: the text's start, and the ends of
#   (?:^|[.!?]['"”’)]*\s+|\n\s*|[:;]\s+["“]?|["“]\s*)
# as re.finditer finds them. Written with the first character as one class and the rest chosen by a lookbehind on
# it (the alternatives start with disjoint characters, so exactly one can go on), the pattern lets re skip to
# candidates in C: 0.08 -> 0.015 ms per bench.scale article. The start, "^", is added by _sentence_starts: its
# empty match did not stop a match starting at 0 ('"Foo' gives {0, 1} both ways).
_SENT_BOUNDARY = re.compile(
    r"[.!?\n:;\"“](?:(?<=[.!?])['\"”’)]*\s+|(?<=\n)\s*|(?<=[:;])\s+[\"“]?|(?<=[\"“])\s*)"
)
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
         "september sep sept", "october oct", "november nov", "december dec"]
    )
    for m in names.split()
}


def _month_alternation() -> str:
    """The month names as a trie ("sep(?:tember|t)?"): at one position the regex tries the same names in the same
    order as the flat longest-first list ("september|sept|sep"), with one test of the first letters instead of
    22. Flat: 0.19 ms per bench.scale article; trie: 0.11."""
    by_prefix: dict[str, list[str]] = {}
    for m in _MONTHS:
        by_prefix.setdefault(m[:3], []).append(m[3:])
    parts = []
    for prefix, tails in by_prefix.items():
        longer = sorted((t for t in tails if t), key=len, reverse=True)
        parts.append(f"{prefix}(?:{'|'.join(longer)})?" if longer else prefix)
    return "|".join(parts)


_MONTH_NAMES = _month_alternation()
_MONTH_DAY_PATTERN = (
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b"
)
_MONTH_DAY = re.compile(_MONTH_DAY_PATTERN, re.IGNORECASE)
# The same pattern without IGNORECASE, run on str.lower() of the text: case-insensitive matching cost twice as
# much (0.11 -> 0.05 ms per bench.scale article). It finds the same matches at the same offsets (the groups come
# lower-cased, which is how they are read) unless the text holds one of the four characters whose case mapping
# re.IGNORECASE and str.lower() see differently ("İ" lowers to two characters; "ı", "ſ" and the Kelvin sign match
# "i", "s", "k" under IGNORECASE). Checked over every code point: no other character's lower() changes its
# length, or whether it is a word character, digit, space or ASCII letter.
_MONTH_DAY_LOWER = re.compile(_MONTH_DAY_PATTERN)
_CASE_MAPPING_DIFFERS = "\u0130\u0131\u017f\u212a"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}

_NOT_NAMES = frozenset(_MONTHS) | _wordlist(
    "monday tuesday wednesday thursday friday saturday sunday am pm edt est gmt utc pst pdt cet bst "
    "i i'm i've i'll i'd"
)
# A line with at least this many words, most of them capitalised, is a title-cased headline: its capitals say
# nothing about names. 0.6 keeps "Report: Red Sox offer Teixeira $200 million" (4/7 caps) as prose.
_HEADLINE_MIN_WORDS = 4
_HEADLINE_CAPS = 0.6

# Longer capitalised runs are headline fragments or lists, not one name.
_MAX_NAME_WORDS = 6


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """The story-clustering view of one article. Tuples of ``(token, count)`` pairs keep it hashable and
    picklable; :meth:`to_dict` / :meth:`from_dict` give a lossless JSON form."""

    words: tuple[tuple[str, int], ...] = ()
    names: tuple[tuple[str, int], ...] = ()
    numbers: tuple[tuple[str, int], ...] = ()
    years: tuple[int, ...] = ()
    published: str | None = None
    language: str | None = None
    title: tuple[str, ...] = ()

    def word_counts(self) -> dict[str, int]:
        return dict(self.words)

    def name_tokens(self) -> dict[str, int]:
        """Counts of the single words inside names, so "Tara Reid" and a later bare "Reid" meet."""
        out: Counter[str] = Counter()
        for name, n in self.names:
            for tok in name.split():
                if tok not in STOPWORDS and len(tok) > 1:
                    out[tok] += n
        return dict(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": dict(self.words),
            "names": dict(self.names),
            "numbers": dict(self.numbers),
            "years": list(self.years),
            "published": self.published,
            "language": self.language,
            "title": list(self.title),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryFeatures:
        return cls(
            words=_pairs(d.get("words", {})),
            names=_pairs(d.get("names", {})),
            numbers=_pairs(d.get("numbers", {})),
            years=tuple(sorted(int(y) for y in d.get("years", []))),
            published=d.get("published"),
            language=d.get("language"),
            title=tuple(d.get("title", [])),
        )


def _pairs(counts: Mapping[str, int] | Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(k), int(v)) for k, v in counts.items()))


def _sorted_pairs(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """``_pairs`` of a Counter this module built (str keys, int counts): sorted by its distinct keys, so with no
    conversions and no tuple comparisons (0.07 -> 0.02 ms per bench.scale article for the three channels)."""
    return tuple(sorted(counts.items(), key=itemgetter(0)))


# fold() is pure and news vocabularies are Zipfian: memoised, it ran 0.5 of features()' 2.6 s on 1,000 bench.scale
# articles (profiled). Bounded, so a worker's memory stays flat.
@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Case-fold and strip a possessive and a plain plural, so "earthquakes", "Earthquake's" meet."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


def _content(word: str) -> str:
    """``fold(word)`` if it is a content word, else ""."""
    f = fold(word)
    return f if len(f) > 1 and f not in STOPWORDS else ""


# _content() of the words seen, so that an article's words are looked up in one C-level map over a dict (0.005
# ms for the ~220 words of a bench.scale article) rather than one lru_cache call each (0.05 ms). Cleared when
# full, so a worker's memory stays flat; what it holds never changes a value, only how fast it comes.
_CONTENT: dict[str, str] = {}
_CONTENT_MAX = 1 << 16


def _contents(words: list[str]) -> list[str]:
    """``_content`` of each word, "" for a word that is dropped."""
    out = list(map(_CONTENT.get, words))
    if None in out:
        fresh = {w: _content(w) for w in set(compress(words, map(is_, out, repeat(None))))}
        # fresh.get(word, cached): the new value where the first pass had none (correct even if another thread
        # clears the memo meanwhile)
        out = list(map(fresh.get, words, out))
        if len(_CONTENT) + len(fresh) > _CONTENT_MAX:
            _CONTENT.clear()
        _CONTENT.update(fresh)
    return cast(list[str], out)  # no None left: each word is in the memo or in ``fresh``


def tokens(text: str) -> list[str]:
    """Content-word tokens of ``text`` (folded, stopwords and one-letter words out)."""
    return list(filter(None, _contents(_WORD.findall(text))))


def _sentence_starts(text: str) -> set[int]:
    starts = {m.end() for m in _SENT_BOUNDARY.finditer(text)}
    starts.add(0)
    return starts


_first = itemgetter(0)


def _is_headline(words: list[str]) -> bool:
    """Whether a line with these words is a title-cased headline."""
    if len(words) < _HEADLINE_MIN_WORDS:
        return False
    return sum(map(str.isupper, map(_first, words))) / len(words) >= _HEADLINE_CAPS


def _scan(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """``_WORD.findall(text)`` and the (start, end) of its title-cased headline lines, in one pass over the
    lines: a word cannot span a newline, so the words of the text are those of its lines. Words, headline test
    and lower-case words share one findall instead of three (0.27 -> 0.11 ms per bench.scale article)."""
    words: list[str] = []
    headlines: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        if line:
            found = _WORD.findall(line)
            words += found
            if _is_headline(found):
                headlines.append((start, start + len(line)))
        start += len(line) + 1
    return words, headlines


def _name_form(word: str) -> str:
    w = word.casefold().replace("’", "'").strip(".")
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


def names(text: str) -> Counter[str]:
    """Capitalised word sequences, normalised. At a sentence start, a lone capitalised word counts only if the
    article also capitalises it mid-sentence, and the first word of a longer sequence is dropped when the article
    also uses it in lower case ("Another Day" vs "Lindsay Lohan"). Title-cased headline lines, months and weekdays
    are skipped."""
    words, headlines = _scan(text)
    return _names(text, words, headlines)


def _names(text: str, text_words: list[str], headline_spans: list[tuple[int, int]]) -> Counter[str]:
    starts = _sentence_starts(text)
    found: list[tuple[list[str], bool]] = []
    mid_caps: set[str] = set()
    # A capitalised sequence cannot cross a newline, so searching only between headline lines finds the same
    # sequences as searching everywhere and dropping those that start on a headline.
    for lo, hi in _between(headline_spans, len(text)):
        for m in _CAP_SEQ.finditer(text, lo, hi):
            words = m.group().split()
            at_start = m.start() in starts
            mid_caps.update(words[1:] if at_start else words)
            found.append((words, at_start))
    lower_words: set[str] | None = None  # needed only for a sentence-start sequence, so built on demand
    out: Counter[str] = Counter()
    for words, at_start in found:
        if at_start and words[0] not in mid_caps:
            if len(words) == 1:
                continue
            if lower_words is None:
                lower_words = set(filter(str.islower, text_words))
            if words[0].lower() in lower_words:
                words = words[1:]
        name = _name_of(tuple(words))
        if name:
            out[name] += 1
    return out


def _between(spans: list[tuple[int, int]], end: int) -> list[tuple[int, int]]:
    """The stretches of ``[0, end)`` outside the sorted, disjoint ``spans``."""
    out = []
    lo = 0
    for a, b in spans:
        if a > lo:
            out.append((lo, a))
        lo = b
    if lo < end:
        out.append((lo, end))
    return out


# What a capitalised sequence contributes depends on its words only: memoised per sequence, since an article
# repeats its names (0.17 -> 0.11 ms of names() per bench.scale article, with the two changes above).
@lru_cache(maxsize=1 << 16)
def _name_of(words: tuple[str, ...]) -> str:
    """The normalised name in a capitalised sequence, or "" when it holds none."""
    # "The White House", "In Malibu": leading function words are not part of the name
    lo, hi = 0, len(words)
    while lo < hi and (words[lo].casefold() in STOPWORDS or _name_form(words[lo]) in _NOT_NAMES):
        lo += 1
    while lo < hi and _name_form(words[hi - 1]) in _NOT_NAMES:
        hi -= 1
    kept = words[lo:hi]
    if not kept or len(kept) > _MAX_NAME_WORDS:
        return ""
    if all(w.isupper() and len(w) > 3 for w in kept):  # SHOUTED HEADLINE, not an acronym
        return ""
    name = " ".join(map(_name_form, kept))
    return name if len(name) > 1 else ""


def numbers(text: str) -> tuple[Counter[str], set[int]]:
    """Number values (scaled: "$200 million" → "200000000") and month-day dates, with the years mentioned."""
    out: Counter[str] = Counter()
    years: set[int] = set()
    for whole, frac, scale in _NUMBER.findall(text):
        whole = whole.replace(",", "")
        if not frac and not scale and len(whole) == 4 and 1900 <= int(whole) <= 2099:
            years.add(int(whole))
            continue
        value = float(f"{whole}.{frac}") if frac else float(whole)
        if scale:
            value *= _SCALE[scale.lower()]
        out[str(int(value)) if value.is_integer() else f"{value:g}"] += 1
    if any(c in text for c in _CASE_MAPPING_DIFFERS):
        dates = _MONTH_DAY.findall(text)
    else:
        dates = _MONTH_DAY_LOWER.findall(text.lower())
    for month_day, day_month, day_first, month_last in dates:
        # None: a name matched only through re.IGNORECASE's folding ("ſept", "Aprıl"), which lower() does not undo
        month = _MONTHS.get((month_day or month_last).lower())
        day = int(day_month or day_first)
        if month is not None and 1 <= day <= 31:
            out[f"date:{month:02d}-{day:02d}"] += 1
    return out, years


def features(article: Article) -> StoryFeatures:
    """The :class:`StoryFeatures` of ``article``: a pure function of its title, text, date, language and removed timestamps."""
    body = article.text
    full = f"{article.title}\n{body}" if article.title else body
    # A removed timestamp line ("May 2, 2013 | 5:03pm") does not date the article (clean._STAMP_LINE says why), but
    # its year and month-day still say which of two same-kind events this is, as they did in the body.
    stamps = [r.text for r in article.removed if r.reason == "timestamp line"]
    nums, years = numbers("\n".join([full, *stamps]) if stamps else full)
    if article.published:
        # extraction moves a dateline ("First Published: June 13, 2013") into ``published``; its year is still
        # the strongest sign of which of two same-kind events this is
        years.add(article.published.year)
    words, headlines = _scan(full)
    return StoryFeatures(
        words=_sorted_pairs(Counter(filter(None, _contents(words)))),
        names=_sorted_pairs(_names(full, words, headlines)),
        numbers=_sorted_pairs(nums),
        years=tuple(sorted(years)),
        published=article.published.isoformat() if article.published else None,
        language=article.language,
        title=tuple(tokens(article.title or "")),
    )
