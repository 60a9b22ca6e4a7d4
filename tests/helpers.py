"""Small builders shared by tests."""

from __future__ import annotations

from counterpoint.model import Article, article_id
from counterpoint.segment import sentences


def make_article(text: str, *, outlet: str = "Test Outlet", language: str = "en", source: str | None = None,
                 **kw) -> Article:
    aid = article_id(text)
    return Article(id=aid, source=source or f"{outlet}.txt", text=text, outlet=outlet, language=language,
                   sentences=sentences(aid, text, language=language), **kw)
