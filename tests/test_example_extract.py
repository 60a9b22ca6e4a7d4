"""Acceptance: extraction reproduces the bundled example's gold (chrome removed with reasons, captions apart,
metadata recovered, body kept)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counterpoint.examples import example_paths, load_gold
from counterpoint.pipeline import read_articles, split_results

GOLD = load_gold()


@pytest.fixture(scope="module")
def articles():
    arts, fails = split_results(read_articles([str(p) for p in example_paths()]))
    assert not fails, fails
    return {Path(a.source).name: a for a in arts}


@pytest.mark.parametrize("name", sorted(GOLD["articles"]))
def test_article_matches_gold(articles, name):
    a, g = articles[name], GOLD["articles"][name]
    removed = " ".join(r.text for r in a.removed)
    for line in g["chrome"]:
        assert line not in a.text, f"chrome kept in body: {line!r}"
        if g["format"] == "text":  # in HTML, page chrome outside the article never reaches the text cleaner
            for part in line.replace(". ", ".\n").splitlines():
                assert part.strip() in removed, f"chrome not recorded as removed: {part!r}"
    for cap in g["captions"]:
        assert cap not in a.text
        assert any(cap in c for c in a.captions), cap
    for snippet in g["must_keep"]:
        assert snippet in a.text, snippet
    assert all(r.reason for r in a.removed)
    if g.get("title"):
        assert a.title == g["title"]
    if g.get("byline"):
        assert a.byline == g["byline"]
    if g.get("published_from"):
        assert a.published == date.fromisoformat(g["published"])
    assert a.language == g["language"]
    if g["format"] == "html":
        assert a.outlet == g["outlet"]
