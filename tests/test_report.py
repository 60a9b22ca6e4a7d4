"""Human outputs: the self-contained HTML report and Markdown. Article text is hostile until escaped."""

from __future__ import annotations

import re

import pytest

from counterpoint.comparison import compare
from counterpoint.report import render_html, render_markdown
from helpers import make_article

HOSTILE = (
    'The mayor said <script>window.__pwned=1</script> the bridge fell. '
    '<img src=x onerror="window.__pwned=2"> Four people died. '
    'See <a href="javascript:window.__pwned=3">this</a> now. '
    '“It was <b>terrible</b>,” Mayor Ellen Hart said.'
)


@pytest.fixture(scope="module")
def hostile_comparison():
    a = make_article(HOSTILE, outlet='<script>alert("outlet")</script>', title="<img src=x onerror=alert(1)>")
    b = make_article("The bridge fell on Tuesday and four people died, the mayor said. "
                     "“It was terrible,” Ellen Hart said.", outlet="Calm Daily")
    return compare([a, b])


def test_html_report_escapes_every_piece_of_article_text(hostile_comparison):
    html = render_html(hostile_comparison)
    assert "<script>window.__pwned" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    text = re.sub(r"</?(?:mark|span)\b[^>]*>", "", html)  # our own markup around findings
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in text
    assert "&lt;script&gt;alert(" in text  # the outlet name, escaped
    # exactly one script element: the report's own, pinned by hash in the CSP
    assert len(re.findall(r"<script\b", html)) == 1
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_html_report_links_shared_facts_and_marks_findings(hostile_comparison):
    html = render_html(hostile_comparison)
    fact_ids = set(re.findall(r'data-fact="(f\d+)"', html))
    assert fact_ids, "no shared fact marked"
    for fid in fact_ids:
        assert len(re.findall(rf'data-fact="{fid}"', html)) >= 2
    assert 'class="s unique' in html or "unique" in html
    assert "Quotes as each outlet rendered them" in html
    assert "Who is named by whom" in html


def test_markdown_escapes_html_and_markdown(hostile_comparison):
    md = render_markdown(hostile_comparison)
    assert not re.search(r"(?<!\\)<", md), "an unescaped < reached the Markdown"
    assert r"\<script\>" in md
    assert "## Shared facts" in md and "## Quotes" in md
