"""What story clustering looks at in one article: a pure, picklable, JSON-able summary.

:func:`features` turns an :class:`~counterpoint.model.Article` into :class:`StoryFeatures`:

- ``words``: content-word counts (lower-cased, stopwords and numbers out, a light plural/possessive fold);
- ``names``: capitalised word sequences not at the start of a sentence ("Tara Reid", "Promises Treatment Center"),
  normalised (case-folded, possessive dropped), with counts;
- ``numbers``: number values ("6.1", "33", "200000000") and month-day dates ("date:06-13"), with counts;
- ``years``: four-digit years 1900–2099 mentioned in the text, and the year of publication;
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
from typing import Any

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
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\s?\.\s?(\d+))?(?:\s*(million|billion|thousand))?",
                     re.IGNORECASE)
_SENT_BOUNDARY = re.compile(r"(?:^|[.!?]['\"”’)]*\s+|\n\s*|[:;]\s+[\"“]?|[\"“]\s*)")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
         "september sep sept", "october oct", "november nov", "december dec"]
    )
    for m in names.split()
}
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
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


def tokens(text: str) -> list[str]:
    """Content-word tokens of ``text`` (folded, stopwords and one-letter words out)."""
    words = _WORD.findall(text)
    # an article repeats its words: fold each distinct one once ("" marks one that is dropped)
    kept = {}
    for w in set(words):
        f = fold(w)
        kept[w] = f if len(f) > 1 and f not in STOPWORDS else ""
    return [f for f in map(kept.__getitem__, words) if f]


def _sentence_starts(text: str) -> set[int]:
    return {m.end() for m in _SENT_BOUNDARY.finditer(text)}


def _is_headline(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < _HEADLINE_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= _HEADLINE_CAPS


def _name_form(word: str) -> str:
    w = word.casefold().replace("’", "'").strip(".")
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


def names(text: str) -> Counter[str]:
    """Capitalised word sequences, normalised. At a sentence start, a lone capitalised word counts only if the
    article also capitalises it mid-sentence, and the first word of a longer sequence is dropped when the article
    also uses it in lower case ("Another Day" vs "Lindsay Lohan"). Title-cased headline lines, months and weekdays
    are skipped."""
    starts = _sentence_starts(text)
    headline_spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if _is_headline(m.group())]
    found: list[tuple[list[str], bool]] = []
    mid_caps: set[str] = set()
    for m in _CAP_SEQ.finditer(text):
        if headline_spans and any(a <= m.start() < b for a, b in headline_spans):
            continue
        words = m.group().split()
        at_start = m.start() in starts
        mid_caps.update(words[1:] if at_start else words)
        found.append((words, at_start))
    lower_words = {w for w in _WORD.findall(text) if w.islower()}
    out: Counter[str] = Counter()
    for words, at_start in found:
        if at_start and words[0] not in mid_caps and (len(words) == 1 or words[0].lower() in lower_words):
            words = words[1:]
        # "The White House", "In Malibu": leading function words are not part of the name
        while words and (words[0].casefold() in STOPWORDS or _name_form(words[0]) in _NOT_NAMES):
            words = words[1:]
        while words and _name_form(words[-1]) in _NOT_NAMES:
            words = words[:-1]
        if not words or len(words) > _MAX_NAME_WORDS:
            continue
        if all(w.isupper() and len(w) > 3 for w in words):  # SHOUTED HEADLINE, not an acronym
            continue
        name = " ".join(_name_form(w) for w in words)
        if len(name) > 1:
            out[name] += 1
    return out


def numbers(text: str) -> tuple[Counter[str], set[int]]:
    """Number values (scaled: "$200 million" → "200000000") and month-day dates, with the years mentioned."""
    out: Counter[str] = Counter()
    years: set[int] = set()
    for m in _NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        frac = m.group(2)
        scale = m.group(3)
        if frac is None and scale is None and len(whole) == 4 and 1900 <= int(whole) <= 2099:
            years.add(int(whole))
            continue
        value = float(f"{whole}.{frac}") if frac else float(whole)
        if scale:
            value *= _SCALE[scale.lower()]
        out[str(int(value)) if value.is_integer() else f"{value:g}"] += 1
    for m in _MONTH_DAY.finditer(text):
        month = _MONTHS[(m.group(1) or m.group(4)).lower()]
        day = int(m.group(2) or m.group(3))
        if 1 <= day <= 31:
            out[f"date:{month:02d}-{day:02d}"] += 1
    return out, years


def features(article: Article) -> StoryFeatures:
    """The :class:`StoryFeatures` of ``article``: a pure function of its title, text, date and language."""
    body = article.text
    full = f"{article.title}\n{body}" if article.title else body
    nums, years = numbers(full)
    if article.published:
        # extraction moves a dateline ("First Published: June 13, 2013") into ``published``; its year is still
        # the strongest sign of which of two same-kind events this is
        years.add(article.published.year)
    return StoryFeatures(
        words=_pairs(Counter(tokens(full))),
        names=_pairs(names(full)),
        numbers=_pairs(nums),
        years=tuple(sorted(years)),
        published=article.published.isoformat() if article.published else None,
        language=article.language,
        title=tuple(tokens(article.title or "")),
    )
