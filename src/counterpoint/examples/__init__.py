"""The bundled example story: one fictional event told by five fictional outlets, and a gold file saying what is true.

The story ships inside the package so that ``counterpoint`` can demonstrate itself (and its tests can check the
comparison engine) without network access or third-party data. Each story is a folder under this package holding
the article files (``.txt`` pasted/scraped text with site chrome, ``.html`` full pages), a ``gold.json`` whose
snippets are exact substrings of the clean body text, and a ``README.md``; see the story's README for the gold
schema and the conventions behind its values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError

EXAMPLES_DIR = Path(__file__).resolve().parent
EXAMPLE_STORY = "marrowby_flood"

# Article files are told apart from the story's metadata by suffix; gold.json and README.md are not articles.
ARTICLE_SUFFIXES = (".txt", ".html")
GOLD_FILE = "gold.json"


def example_stories() -> list[str]:
    """Names of the bundled stories (folders holding a gold file), sorted."""
    return sorted(p.parent.name for p in EXAMPLES_DIR.glob(f"*/{GOLD_FILE}"))


def example_story_dir(name: str = EXAMPLE_STORY) -> Path:
    """The folder of the bundled story ``name``; raises :class:`InputError` listing the stories that exist."""
    story = EXAMPLES_DIR / name
    if not (story / GOLD_FILE).is_file():
        available = ", ".join(example_stories()) or "none"
        raise InputError(f"no bundled example story {name!r}; available: {available}", source=str(story))
    return story


def example_paths(name: str = EXAMPLE_STORY) -> list[Path]:
    """The article files of story ``name``, sorted by file name (not the gold file or the README)."""
    return sorted(p for p in example_story_dir(name).iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)


def load_gold(name: str = EXAMPLE_STORY) -> dict[str, Any]:
    """The parsed ``gold.json`` of story ``name`` (a fresh dict on every call, so callers may mutate it)."""
    path = example_story_dir(name) / GOLD_FILE
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file is not valid JSON: {exc}", source=str(path)) from exc
    if not isinstance(gold, dict):
        raise InputError("gold file must hold a JSON object", source=str(path))
    return gold


def example_outlets(name: str = EXAMPLE_STORY) -> dict[str, str | None]:
    """File name -> outlet of each article of the example story: the metadata a user would give with ``--outlet``
    or a JSONL ``outlet`` field (the translated text names no outlet anywhere)."""
    return {fname: art.get("outlet") for fname, art in load_gold(name)["articles"].items()}
