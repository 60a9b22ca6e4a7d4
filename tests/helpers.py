"""Small builders shared by tests."""

from __future__ import annotations

import re
from pathlib import Path

from counterpoint.model import Article, Quote, article_id
from counterpoint.segment import sentences


def make_article(text: str, *, outlet: str = "Test Outlet", language: str = "en", source: str | None = None,
                 **kw) -> Article:
    aid = article_id(text)
    return Article(id=aid, source=source or f"{outlet}.txt", text=text, outlet=outlet, language=language,
                   sentences=sentences(aid, text, language=language), **kw)


def seed_article_with_quotes(path: Path) -> tuple[Article, list[Quote]]:
    """A seed file as one article (raw text, no cleaning) with every “…” span as an attributed quote: the opinion
    tests need quotes without depending on the quote extractor."""
    text = path.read_text(encoding="utf-8")
    aid = article_id(text)
    art = Article(aid, str(path), text, sentences=sentences(aid, text))
    quotes = [Quote(f"q{i}", aid, m.start() + 1, m.end() - 1, speaker="source", cue="said")
              for i, m in enumerate(re.finditer(r"“[^”]*”", text))]
    return art, quotes
