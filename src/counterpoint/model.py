"""The data model every stage shares.

An :class:`Article` owns its clean body text, which never changes after extraction. Everything found in it —
sentences, quotes, numbers, entity mentions — is a :class:`Span`: an article id plus character offsets into that
body, never a copy. ``article.text[span.start:span.end]`` is the evidence for any finding.

Every class round-trips through plain JSON-able dicts (``to_dict`` / ``from_dict``) without loss.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

SCHEMA_VERSION = "1.1"


def normalise_for_id(text: str) -> str:
    """The form of a body that its id is computed from: NFKC, case-folded, whitespace collapsed.

    Two copies of one text that differ only in line wrapping, curly vs straight quotes are *not* folded
    together on purpose: the id is exact identity; near-duplicates are the job of ``dedup``.
    """
    # str.split() splits on exactly the characters re's \s matches (checked over every code point), so this equals
    # re.sub(r"\s+", " ", ...).strip(), the first form of this function, at a third of its cost: ids must not change.
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def article_id(text: str) -> str:
    """Content-hash id of a clean body: 16 hex digits of SHA-256 over :func:`normalise_for_id`."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of the body of the article with id ``article``."""

    article: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end} in article {self.article}")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Span:
        return cls(d["article"], int(d["start"]), int(d["end"]))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: a span with its position in the article."""

    article: str
    index: int
    start: int
    end: int

    def __reduce__(self) -> tuple[type[Sentence], tuple[str, int, int, int]]:
        # Pickled as a constructor call: a frozen slots dataclass otherwise pickles through the generated
        # __getstate__/__setstate__, a Python loop of object.__setattr__ per field. Sentences cross the ingest's
        # process pipe with every article: loading 30 takes 0.03 ms this way against 0.11, and a whole prepared
        # bench.scale article (about 10 sentences) 0.09 against 0.12 (same process, alternated, median of 5).
        return (Sentence, (self.article, self.index, self.start, self.end))

    @property
    def id(self) -> str:
        return f"{self.article}:s{self.index}"

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "start": self.start, "end": self.end}
        if text is not None:
            d["text"] = text[self.start : self.end]
        return d


@dataclass(frozen=True, slots=True)
class Removed:
    """A block taken out of the body during cleaning, and why ("nothing lost")."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Article:
    """A clean news article. ``text`` is immutable; everything else points into it."""

    id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    captions: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __hash__(self) -> int:
        return hash((self.id, self.source))

    def slice(self, span: Span | Sentence) -> str:
        if span.article != self.id:
            raise ValueError(f"span of article {span.article} used on article {self.id}")
        return self.text[span.start : span.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset``, or None (strict: no guessing)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    @property
    def name(self) -> str:
        """Short human label: the outlet, else the file name or host of the source (:func:`source_name`)."""
        return self.outlet or source_name(self.source)

    def with_changes(self, **changes: Any) -> Article:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "byline": self.byline,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "captions": list(self.captions),
            "sentences": [s.to_dict(self.text) for s in self.sentences],
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        aid = d["id"]
        text = d["text"]
        sentences = []
        for i, s in enumerate(d.get("sentences", [])):
            sent = Sentence(aid, i, int(s["start"]), int(s["end"]))
            if "text" in s and text[sent.start : sent.end] != s["text"]:
                raise ValueError(f"sentence {sent.id} text does not match its offsets")
            sentences.append(sent)
        pub = d.get("published")
        return cls(
            id=aid,
            source=d["source"],
            text=text,
            url=d.get("url"),
            outlet=d.get("outlet"),
            title=d.get("title"),
            byline=d.get("byline"),
            published=date.fromisoformat(pub) if pub else None,
            language=d.get("language"),
            removed=tuple(Removed(r["text"], r["reason"]) for r in d.get("removed", [])),
            captions=tuple(d.get("captions", [])),
            sentences=tuple(sentences),
            meta=dict(d.get("meta", {})),
        )


def source_name(source: str) -> str:
    """What an article without an outlet is called: its URL's host, else its file's name (``source`` as given at
    ingest: a path, a URL, ``path#N`` for a record of a JSONL or WARC file)."""
    src = source.split("#", 1)[0].rstrip("/")
    if "://" in src:
        return src.split("://", 1)[1].split("/", 1)[0]
    return src.rsplit("/", 1)[-1] or source


# A story title longer than this is cut, with "…": an untitled article's first sentence can run for hundreds of
# characters.
TITLE_MAX = 200


def own_title(article: Article) -> str | None:
    """The article's title, stripped; None when it has none (or a blank one)."""
    return article.title.strip() or None if article.title else None


def story_title(articles: Iterable[Article]) -> str | None:
    """The title a story of ``articles`` (in story order) goes by: the first title among them, else the first
    article's first sentence (cut at :data:`TITLE_MAX` characters); None when there is neither. The one rule for
    a stored story (given its first article when it is created) and for a report on a comparison."""
    first: Article | None = None
    for article in articles:
        if (title := own_title(article)) is not None:
            return title
        first = first or article
    if first is None or not first.sentences:
        return None
    sentence = first.sentence_text(first.sentences[0])
    return sentence if len(sentence) <= TITLE_MAX else sentence[: TITLE_MAX - 1] + "…"


# --- Findings of the comparison -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote: ``start``/``end`` cover the quoted words (inside the marks) in article ``article``.

    ``speaker`` is the canonical name (variants merged) or None when no speaker could be found;
    ``speaker_start``/``speaker_end`` point at the mention the attribution used (may be a pronoun);
    ``cue`` is the reporting verb or phrase ("said", "according to").
    """

    id: str
    article: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    partial: bool = False

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "cue": self.cue,
            "partial": self.partial,
        }
        if text is not None:
            d["text"] = text[self.start : self.end]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quote:
        return cls(
            d["id"], d["article"], int(d["start"]), int(d["end"]), d.get("speaker"),
            d.get("speaker_start"), d.get("speaker_end"), d.get("cue"), bool(d.get("partial", False)),
        )


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A numeric claim. ``value`` is the number the words mean (``low``/``high`` for ranges such as
    "two to three"); ``unit`` is what is counted or measured ("percent", "GBP", "year-old", "page", a noun);
    ``kind`` is one of ``count, percent, money, age, measure, date, year, ordinal, fraction, range``."""

    article: str
    start: int
    end: int
    value: float
    unit: str | None = None
    kind: str = "count"
    low: float | None = None
    high: float | None = None

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "low": self.low,
            "high": self.high,
        }
        if text is not None:
            d["text"] = text[self.start : self.end]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> NumberMention:
        return cls(
            d["article"], int(d["start"]), int(d["end"]), float(d["value"]), d.get("unit"),
            d.get("kind", "count"), d.get("low"), d.get("high"),
        )


@dataclass(frozen=True, slots=True)
class Label:
    """Reporting-or-opinion label of one sentence with the reasons that decided it."""

    sentence: str
    label: str  # "reporting" | "opinion"
    reasons: tuple[str, ...] = ()
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "label": self.label, "reasons": list(self.reasons), "score": self.score}


@dataclass(frozen=True, slots=True)
class LoadedWord:
    """A word from the loaded-language lexicon found in an article (outside attributed quotes)."""

    article: str
    start: int
    end: int
    category: str

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"article": self.article, "start": self.start, "end": self.end, "category": self.category}
        if text is not None:
            d["text"] = text[self.start : self.end]
        return d


@dataclass(frozen=True, slots=True)
class Entity:
    """A person or organisation named in the story, with every mention (variants merged)."""

    id: str
    name: str
    kind: str  # "person" | "organisation" | "place" | "other"
    mentions: tuple[Span, ...] = ()

    def articles(self) -> set[str]:
        return {m.article for m in self.mentions}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """Sentences from two or more articles that state the same fact."""

    id: str
    sentences: tuple[str, ...]
    score: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "sentences": list(self.sentences), "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same quote as each outlet rendered it."""

    id: str
    quotes: tuple[str, ...]
    verdict: str  # "identical" | "trimmed" | "reworded"
    speaker_agrees: bool
    score: float = 1.0
    diff: tuple[tuple[str, str], ...] = ()  # word diff of the first two quotes: ("=", w) ("-", w) ("+", w)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quotes": list(self.quotes),
            "verdict": self.verdict,
            "speaker_agrees": self.speaker_agrees,
            "score": round(self.score, 4),
            "diff": [list(p) for p in self.diff],
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two passages of an aligned fact that disagree (numbers, dates or polarity)."""

    id: str
    fact: str
    kind: str  # "number" | "date" | "polarity"
    a: Span
    b: Span
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fact": self.fact, "kind": self.kind, "a": self.a.to_dict(), "b": self.b.to_dict(),
                "detail": self.detail}


@dataclass(frozen=True)
class RawDocument:
    """One input record before extraction: what was read, from where, and what kind of content it is.

    ``source`` is the input exactly as given (a path, a URL, ``path#ID`` / ``path#N`` for a record inside a JSONL
    or WARC file, ``-`` for stdin). ``kind`` is ``"html"`` or ``"text"``. ``meta`` holds metadata supplied with the
    record (JSONL fields such as title, outlet, published, url) which take precedence over what extraction finds.
    """

    source: str
    content: str
    kind: str
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into an article, and why. Batches collect these instead of stopping."""

    source: str
    reason: str
    code: str = "CP000"

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "code": self.code}
