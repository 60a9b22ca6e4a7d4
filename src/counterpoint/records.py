"""Article records: what one JSONL line or JSON file says about an article, under counterpoint's field names or
those of common article dumps.

counterpoint's own fields are ``text``, ``html`` or ``url`` for the article and ``title``, ``byline`` (or
``author``), ``published`` (or ``date``), ``outlet``, ``language``, ``url``, ``id`` for its metadata. The same
fields are also read under the names other tools write them:

- news-please: ``maintext``, ``date_publish``, ``authors`` (a list), ``source_domain``;
- BASIL (../shared/data/stories/basil): ``body-paragraphs``, a list of paragraphs, each a list of sentences;
- schema.org / JSON-LD style: ``datePublished``, ``publisher`` (a name or ``{"name": ...}``);
- generic dumps: ``body``, ``content``, ``paragraphs``, ``publish_date``, ``site_name``.

A body may be a string or a list of paragraphs (each a string, or a list of strings that are its sentences).
Where a record has both a field and an alias of it, counterpoint's own name wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import InputError

__all__ = ["BODY_FIELDS", "META_FIELDS", "RecordFields", "json_type", "record_fields"]

# Metadata fields, and the name each is stored under in RawDocument.meta.
META_FIELDS = {
    "title": "title",
    "byline": "byline",
    "author": "byline",
    "published": "published",
    "date": "published",
    "outlet": "outlet",
    "language": "language",
    "url": "url",
    "id": "id",
}
# Other tools' names for them; read first, so that a record's own counterpoint name overrides its alias.
META_ALIASES = {
    "authors": "byline",
    "date_publish": "published",
    "datePublished": "published",
    "publish_date": "published",
    "source_domain": "outlet",
    "publisher": "outlet",
    "site_name": "outlet",
}
# Where the article's text may be, in order of preference.
BODY_FIELDS = ("text", "body", "content", "maintext", "body-paragraphs", "paragraphs")


@dataclass(frozen=True)
class RecordFields:
    """The parts of a record an article is made from: ``html`` or ``text`` (either may be ""), ``url`` ("" when
    none) and the metadata under counterpoint's names."""

    html: str
    text: str
    url: str
    meta: dict[str, Any]


def record_fields(record: dict[str, Any], source: str) -> RecordFields:
    """Read a parsed record. Raises :class:`InputError` (naming ``source``) for a field of the wrong type."""
    for name in ("html", "url"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {name!r} is a JSON {json_type(value)}, not a string", source=source)
    text = ""
    for name in BODY_FIELDS:
        value = record.get(name)
        if value is not None and not text.strip():
            text = _body(value, name, source)
    meta: dict[str, Any] = {}
    for fields in (META_ALIASES, META_FIELDS):
        for key, value in record.items():
            if key in fields and value is not None:
                meta[fields[key]] = _meta_value(value)
    return RecordFields(record.get("html") or "", text, record.get("url") or "", meta)


def _body(value: Any, name: str, source: str) -> str:
    """A body given as a string, or as paragraphs (strings, or lists of sentence strings) joined by blank lines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(p, str) or _sentences(p) for p in value):
        paragraphs = (p if isinstance(p, str) else " ".join(s.strip() for s in p) for p in value)
        return "\n\n".join(p.strip() for p in paragraphs if p.strip())
    raise InputError(
        f"field {name!r} is a JSON {json_type(value)}, not a string or a list of paragraphs", source=source
    )


def _sentences(value: Any) -> bool:
    """Whether ``value`` is a paragraph given as its sentences: a list of strings."""
    return isinstance(value, list) and all(isinstance(s, str) for s in value)


def _meta_value(value: Any) -> Any:
    """A list of names ("authors") as one string; a schema.org object ({"name": ...}) as its name."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip())
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    return value


def json_type(value: Any) -> str:
    """JSON's name for the type of a parsed value ("string", not Python's "str")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object" if isinstance(value, dict) else type(value).__name__
