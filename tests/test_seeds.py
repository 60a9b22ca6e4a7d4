"""The two seed articles (../shared/seeds): the first real input counterpoint must handle.

000 is a translated report whose first line has a "date YYYY-MM-DD" header glued to the first sentence; 002 is a
partisan web page pasted with its chrome (byline, PDF notice, issue numbers, caption, alt text, sign-up and
donation prompts). Golden snippets: what must appear in the body, and what must not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counterpoint.clean import Cleaned, clean_text
from counterpoint.extract import extract_article
from counterpoint.model import RawDocument

BODY_MUST_APPEAR = {
    "000": [
        "The London police are institutionally racist, misogynistic and homophobic.",
        "Police have been in crisis for years",
        "Racism and homophobia are also big problems",
        "He wouldn’t be surprised if two to three officers end up in court every week, Rowley said in January.",
    ],
    "002": [
        # the standfirst is kept: it is the outlet's own framing of the story
        "The institutional racism, sexism and homophobia of the Met goes deeper than one force—it’s the police "
        "that’s the problem",
        "Britain’s biggest police force is institutionally racist, misogynist and homophobic, a damning review has "
        "found.",
        "Male cop used ‘revenge porn’ against female colleague",
        "‘A boys’ club that looks after its own’",
        "because firearms officers are harder to replace than other officers and need to be cherished.”",
    ],
}
BODY_MUST_NOT_APPEAR = {
    "000": ["date 2023", "2023-03-21"],
    "002": [
        "By Charlie Kimber", "Downloading PDF", "Issue 2847", "Casey report: Met police", "A crowd shot of protest",
        "(Picture: Guy Smallman)", "Sign up for our daily email", "Latest News", "Make a donation",
        "Help fund the resistance",
    ],
}
REMOVED_002 = [
    ("Downloading PDF. Please wait...", "pdf notice"),
    ("Issue 2847", "issue number"),
    ("Sign up for our daily email update ‘Breakfast in Red’", "newsletter prompt"),
    ("Latest News", "related links heading"),
    ("Make a donation to Socialist Worker", "donation appeal"),
    ("Help fund the resistance", "donation appeal"),
]


@pytest.fixture(scope="module")
def cleaned(seed_paths: dict[str, Path]) -> dict[str, Cleaned]:
    return {k: clean_text(p.read_text(encoding="utf-8")) for k, p in seed_paths.items()}


def test_000_date_header(cleaned: dict[str, Cleaned]) -> None:
    c = cleaned["000"]
    assert c.published == date(2023, 3, 21)
    assert c.body.startswith("The London police are institutionally racist")
    assert [(r.text, r.reason) for r in c.removed] == [("date 2023-03-21", "date header")]


def test_002_header_fields(cleaned: dict[str, Cleaned]) -> None:
    c = cleaned["002"]
    assert c.title == "Casey report: Met police is institutionally racist, misogynist and homophobic"
    assert c.byline == "Charlie Kimber"
    assert c.published is None


def test_002_captions(cleaned: dict[str, Cleaned]) -> None:
    captions = cleaned["002"].captions
    assert len(captions) == 2
    assert captions[0].startswith("A crowd shot of protest on Whitehall")
    assert captions[1].startswith("Protesters demand justice for Chris Kaba in central London last year")
    assert not any(r.text in captions for r in cleaned["002"].removed)


def test_002_removed_chrome_with_reasons(cleaned: dict[str, Cleaned]) -> None:
    removed = [(r.text, r.reason) for r in cleaned["002"].removed]
    for item in REMOVED_002:
        assert item in removed
    assert removed.count(("Issue 2847", "issue number")) == 2


@pytest.mark.parametrize("seed", ["000", "002"])
def test_golden_snippets(cleaned: dict[str, Cleaned], seed: str) -> None:
    body = cleaned[seed].body
    for snippet in BODY_MUST_APPEAR[seed]:
        assert snippet in body
    for snippet in BODY_MUST_NOT_APPEAR[seed]:
        assert snippet not in body


@pytest.mark.parametrize("seed", ["000", "002"])
def test_nothing_lost(seed_paths: dict[str, Path], cleaned: dict[str, Cleaned], seed: str) -> None:
    """Every non-blank input line is a body paragraph, or is made of removed pieces, a caption, the title or the
    byline (a glued date header: removed piece + body paragraph)."""
    c = cleaned[seed]
    paragraphs = set(c.body.split("\n\n"))
    pieces = [r.text for r in c.removed]
    for raw in seed_paths[seed].read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line in paragraphs or line in c.captions or line in (c.title, f"By {c.byline}"):
            continue
        rest = line
        for piece in pieces:
            if rest.startswith(piece):
                rest = rest[len(piece) :].strip()
        assert rest == "" or rest in paragraphs, f"lost: {line!r}"


@pytest.mark.parametrize("seed", ["000", "002"])
def test_every_original_paragraph_is_kept_verbatim(
    seed_paths: dict[str, Path], cleaned: dict[str, Cleaned], seed: str
) -> None:
    """Each line of the input that ends a sentence (the prose) is a paragraph of the body, unchanged."""
    paragraphs = set(cleaned[seed].body.split("\n\n"))
    lines = [ln.strip() for ln in seed_paths[seed].read_text(encoding="utf-8").splitlines()]
    prose = [ln for ln in lines if ln.endswith((".", "”", "?", "!")) and not ln.startswith(("date ", "Downloading"))]
    assert len(prose) >= 6
    assert all(ln in paragraphs for ln in prose)


@pytest.mark.parametrize("seed", ["000", "002"])
def test_clean_is_idempotent_on_seed(cleaned: dict[str, Cleaned], seed: str) -> None:
    again = clean_text(cleaned[seed].body)
    assert again.body == cleaned[seed].body
    assert again.removed == () and again.captions == () and again.title is None


def test_seed_articles_extract(seed_paths: dict[str, Path]) -> None:
    art = extract_article(RawDocument(str(seed_paths["002"]), seed_paths["002"].read_text(encoding="utf-8"), "text"))
    assert art.language == "en"
    assert art.byline == "Charlie Kimber"
    assert art.outlet == "Socialist Worker"  # named by its donation appeal, "Make a donation to Socialist Worker"
    assert art.text.startswith("The institutional racism")
    assert all(art.sentence_text(s).strip() == art.sentence_text(s) for s in art.sentences)
    assert len(art.sentences) > 40


def test_the_translated_seed_names_no_outlet(seed_paths: dict[str, Path]) -> None:
    art = extract_article(RawDocument(str(seed_paths["000"]), seed_paths["000"].read_text(encoding="utf-8"), "text"))
    assert art.outlet is None
    assert art.published == date(2023, 3, 21)
