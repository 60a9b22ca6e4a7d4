"""Loaded language: the documented lexicon and where its words occur in an article, outside attributed quotes.

The lexicon (``data/loaded_words.json``, documented in docs/lexicon.md) maps lower-case words and phrases to a
category. Some categories are *loaded* (evaluative, emotive, pejorative label, loaded verb, doubt-casting): an
outlet choosing them over neutral wording is what a reader comparing coverage wants to see. The others (judgement,
intensifier, certainty, hedge) are too common to flag as loaded but are opinion cues, used by :mod:`.opinion`.

Words inside an attributed direct quote are the speaker's, not the outlet's, so :func:`find_loaded_words` skips
them. Unattributed quote marks (scare quotes) are the outlet's own choice and are not skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import InputError
from .model import Article, LoadedWord, Quote
from .packaged import read_json_object

# Curly apostrophes and non-breaking / typographic hyphens are folded before matching, so "so‑called" (U+2011) and
# "so-called" match one entry. Every fold maps one character to one character: offsets stay valid.
# A word, hyphen- or apostrophe-joined compounds included ("so-called", "don't"): the unit of lexicon lookup.
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class Category:
    """One lexicon category: whether hits count as loaded words, and the reason label shown to users."""

    name: str
    loaded: bool
    reason: str
    description: str


@dataclass(frozen=True)
class Lexicon:
    """Entries (word or phrase → category name) and the categories they belong to."""

    entries: dict[str, str]
    categories: dict[str, Category]
    # first word of each phrase entry → the phrase lengths that start with it, longest first
    _phrases: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts: dict[str, set[int]] = {}
        for entry in self.entries:
            words = entry.split()
            if len(words) > 1:
                starts.setdefault(words[0], set()).add(len(words))
        object.__setattr__(self, "_phrases", {w: tuple(sorted(n, reverse=True)) for w, n in starts.items()})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, category)`` of every entry in ``text``, left to right, longest match first.

        Matching is by token lookup, not one big regex alternation (5x faster on CheckThat dev sentences). A phrase
        entry matches only tokens separated by whitespace ("far too", not "far, too").
        """
        folded = text.translate(_FOLD)
        tokens = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(folded)]
        hits: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            start, end, word = tokens[i]
            width = 1
            category = None
            for n in self._phrases.get(word, ()):
                span = tokens[i : i + n]
                if len(span) < n or any(folded[a[1] : b[0]].strip() for a, b in zip(span, span[1:], strict=False)):
                    continue
                category = self.entries.get(" ".join(t[2] for t in span))
                if category is not None:
                    width, end = n, span[-1][1]
                    break
            if category is None:
                category = self.entries.get(word)
                if category is not None and _in_name(folded, tokens, i):
                    category = None
            if category is not None:
                hits.append((start, end, category))
            i += width
        return hits

    def loaded_categories(self) -> frozenset[str]:
        return frozenset(name for name, c in self.categories.items() if c.loaded)


# A capitalised word inside a sentence, beside another capitalised word, is part of a name, not a judgement:
# "Greedy Williams" (a Browns cornerback, Zyte), "the Great Depression", "Sweet Briar College". At the start of a
# sentence, or in a sentence written mostly in capitals (a headline), the word is read as usual.
_SENTENCE_OPENERS = frozenset(".!?:;\"'([\n")


def _in_name(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    start = tokens[i][0]
    if not text[start].isupper():
        return False
    before = text[:start].rstrip()
    if not before or before[-1] in _SENTENCE_OPENERS or before.endswith("\u2014"):
        return False
    def capital(k: int) -> bool:
        return 0 <= k < len(tokens) and text[tokens[k][0]].isupper()
    if not (capital(i - 1) or capital(i + 1)):
        return False
    capitals = sum(text[a].isupper() for a, _, _ in tokens)
    return capitals * 5 < len(tokens) * 3  # under 60 % capitalised: prose, not a headline


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a lexicon JSON (the packaged one by default). Raises :class:`InputError` on a malformed file."""
    doc, source = read_json_object(path, "loaded_words.json", "lexicon")
    try:
        entries: dict[str, str] = {}
        categories: dict[str, Category] = {}
        for name, spec in doc["categories"].items():
            categories[name] = Category(name, bool(spec["loaded"]), str(spec["reason"]), str(spec["description"]))
            for entry in spec["entries"]:
                key = " ".join(str(entry).casefold().translate(_FOLD).split())
                if key in entries:
                    raise InputError(f"lexicon entry {key!r} is in both {entries[key]!r} and {name!r}", source=source)
                entries[key] = name
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"cannot read lexicon: {exc}", source=source) from exc
    if not entries:
        raise InputError("lexicon has no entries", source=source)
    return Lexicon(entries, categories)


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once (it is immutable package data)."""
    return load_lexicon()


def lexicon() -> dict[str, str]:
    """Every word or phrase of the packaged lexicon → its category."""
    return dict(default_lexicon().entries)


def attributed_ranges(quotes: Iterable[Quote], article_id: str) -> list[tuple[int, int]]:
    """Character ranges of ``article_id`` inside quotes that have a speaker or a reporting cue."""
    return sorted(
        (q.start, q.end) for q in quotes if q.article == article_id and (q.speaker is not None or q.cue is not None)
    )


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


def find_loaded_words(
    article: Article, quotes: Iterable[Quote], *, lexicon: Lexicon | None = None, categories: Iterable[str] | None = None
) -> list[LoadedWord]:
    """Loaded words of ``article`` outside its attributed quotes, in text order.

    ``categories`` restricts the search (default: the lexicon's loaded categories).
    """
    lex = lexicon or default_lexicon()
    wanted = frozenset(categories) if categories is not None else lex.loaded_categories()
    unknown = wanted - lex.categories.keys()
    if unknown:
        raise InputError(f"unknown lexicon categories {sorted(unknown)}; available: {sorted(lex.categories)}")
    quoted = attributed_ranges(quotes, article.id)
    return [
        LoadedWord(article.id, start, end, category)
        for start, end, category in lex.find(article.text)
        if category in wanted and not _inside(start, end, quoted)
    ]
