"""What every route of one app shares: its corpus access, its templates and its limits (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from ..fetch import FetchOptions
from .access import CorpusAccess
from .rendering import Pages


@dataclass(frozen=True)
class WebContext:
    access: CorpusAccess
    pages: Pages
    fetch_options: FetchOptions
    max_upload_bytes: int


def story_url(story_id: str) -> str:
    return f"/stories/{story_id}"


def article_url(article_id: str) -> str:
    return f"/articles/{article_id}"
