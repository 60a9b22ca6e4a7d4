"""Self-consistency of the bundled example story and its gold file.

These tests do not run the comparison engine; they check that what gold.json claims is true of the texts, so that
engine tests built on it fail only for the engine's own faults. "Clean body" here is a deliberately simple reading of
each file (documented in the story's README), not the project's extractor.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from counterpoint.errors import InputError
from counterpoint.examples import (
    EXAMPLES_DIR,
    example_paths,
    example_stories,
    example_story_dir,
    load_gold,
)
from counterpoint.extract import extract_article
from counterpoint.model import RawDocument
from counterpoint.segment import split_offsets

GOLD = load_gold()
FILES = sorted(GOLD["articles"])
_DATE_HEADER = re.compile(r"^date \d{4}-\d{2}-\d{2} ")
_OPENING_MARKS = "\"“„«"


class _ArticleParagraphs(HTMLParser):
    """Text of each <p> inside <article>, skipping the article's own <header> and <figure>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._stack: list[str] = []
        self._buf: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append(tag)
        if tag == "p" and "article" in self._stack and not {"header", "figure"} & set(self._stack):
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._buf is not None:
            self.paragraphs.append("".join(self._buf).strip())
            self._buf = None
        while self._stack:
            if self._stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)


def _raw(name: str) -> str:
    return (example_story_dir() / name).read_text(encoding="utf-8")


def _body_paragraphs(name: str) -> list[str]:
    raw = _raw(name)
    if name.endswith(".html"):
        parser = _ArticleParagraphs()
        parser.feed(raw)
        return parser.paragraphs
    art = GOLD["articles"][name]
    dropped = set(art["chrome"]) | {art["title"], art["byline"] and f"By {art['byline']}"}
    dropped |= set(art["credits"])
    paragraphs = []
    for line in raw.splitlines():
        line = _DATE_HEADER.sub("", line.strip())
        if not line or line in dropped or any(line.startswith(c) for c in art["captions"]):
            continue
        paragraphs.append(line)
    return paragraphs


BODIES = {name: "\n\n".join(_body_paragraphs(name)) for name in FILES}


def _in_body(name: str, snippet: str) -> None:
    assert snippet in _raw(name), f"{snippet!r} is not in the raw text of {name}"
    assert snippet in BODIES[name], f"{snippet!r} is not in the clean body of {name}"


def _snippet_cases(section: str) -> list[Any]:
    return [pytest.param(item["file"], item["snippet"], id=f"{item['file']}:{item['snippet'][:30]}")
            for item in GOLD[section]]


# --- the package helpers ------------------------------------------------------------------------------------


def test_example_paths_are_exactly_the_gold_articles() -> None:
    paths = example_paths()
    assert [p.name for p in paths] == FILES
    assert paths == sorted(paths)
    assert all(p.parent == example_story_dir() and p.parent.parent == EXAMPLES_DIR for p in paths)
    assert example_stories() == ["marrowby_flood"]


def test_unknown_story_is_a_typed_error_listing_the_stories() -> None:
    with pytest.raises(InputError, match="marrowby_flood"):
        example_story_dir("no_such_story")


def test_load_gold_returns_a_fresh_dict() -> None:
    first = load_gold()
    first["articles"].clear()
    assert load_gold()["articles"], "load_gold must not hand out a shared, mutable cache"


def test_readme_says_fictional_and_mit() -> None:
    readme = (example_story_dir() / "README.md").read_text(encoding="utf-8")
    assert "fiction" in readme.lower() and "MIT" in readme


# --- the articles -------------------------------------------------------------------------------------------


def test_five_distinct_outlets_in_both_formats() -> None:
    arts = GOLD["articles"]
    assert len(FILES) == 5
    assert len({a["outlet"] for a in arts.values()}) == 5
    assert len({a["style"] for a in arts.values()}) == 5
    suffixes = [Path(f).suffix for f in FILES]
    assert suffixes.count(".txt") >= 2 and suffixes.count(".html") >= 2


@pytest.mark.parametrize("name", FILES)
def test_outlet_is_found_without_being_given(name: str) -> None:
    """Page metadata names the HTML pages' outlets and a reader-funding appeal the text files'; the translated
    text names none, so it stays unknown rather than guessed."""
    art = extract_article(RawDocument(name, _raw(name), "html" if name.endswith(".html") else "text"))
    assert art.outlet == (None if name == "translated.txt" else GOLD["articles"][name]["outlet"])


@pytest.mark.parametrize("name", FILES)
def test_article_length_and_metadata(name: str) -> None:
    art = GOLD["articles"][name]
    words = len(BODIES[name].split())
    assert 350 <= words <= 700, f"{name} has {words} words"
    raw = _raw(name)
    for field in ("title", "byline"):
        if art[field] is not None:
            assert art[field] in raw
    if art["published_from"] == "date header":
        assert raw.startswith(f"date {art['published']} ")
    elif art["published_from"] == "html meta":
        assert f'content="{art["published"]}T' in raw and f'datetime="{art["published"]}T' in raw
        assert f'<meta property="og:site_name" content="{art["outlet"]}">' in raw
        assert f'<meta name="author" content="{art["byline"]}">' in raw


@pytest.mark.parametrize("name", FILES)
def test_chrome_and_captions_are_in_the_file_but_not_the_body(name: str) -> None:
    art = GOLD["articles"][name]
    raw, body = _raw(name), BODIES[name]
    for text in art["chrome"] + art["captions"] + art["credits"]:
        assert text in raw, f"{text!r} not in {name}"
        assert text not in body, f"{text!r} leaked into the body of {name}"
    if name.endswith(".html"):
        for caption in art["captions"]:
            assert f"<figcaption>{caption}</figcaption>" in raw


def test_text_chrome_covers_every_kind_the_brief_names() -> None:
    text_files = [f for f in FILES if GOLD["articles"][f]["chrome"] and f.endswith(".txt") and GOLD["articles"][f]["byline"]]
    assert len(text_files) >= 2
    for name in text_files:
        art, raw = GOLD["articles"][name], _raw(name)
        chrome = " ".join(art["chrome"])
        assert f"By {art['byline']}\n" in raw and art["title"] in raw
        assert all(k in chrome for k in ("Sign up for our newsletter", "Share this article", "Latest News", "donation"))
        assert art["captions"] and any(c.startswith("(Picture: ") for c in art["credits"])


@pytest.mark.parametrize("name", FILES)
def test_must_keep_snippets_are_in_the_body(name: str) -> None:
    for snippet in GOLD["articles"][name]["must_keep"]:
        _in_body(name, snippet)


# --- facts, quotes, numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fact", GOLD["shared_facts"], ids=lambda f: f["id"])
def test_shared_fact_snippets_are_in_their_bodies(fact: dict[str, Any]) -> None:
    assert len(fact["snippets"]) >= 2
    for name, snippet in fact["snippets"].items():
        _in_body(name, snippet)
    # Paraphrased, not copied: no two outlets state the fact with the same words.
    assert len(set(fact["snippets"].values())) == len(fact["snippets"])


def test_enough_facts_are_shared_widely() -> None:
    assert sum(len(f["snippets"]) >= 3 for f in GOLD["shared_facts"]) >= 4
    assert len({f["id"] for f in GOLD["shared_facts"]}) == len(GOLD["shared_facts"])


@pytest.mark.parametrize(("name", "snippet"), _snippet_cases("unique_facts"))
def test_unique_fact_is_in_its_body(name: str, snippet: str) -> None:
    _in_body(name, snippet)


def _spans(name: str, snippet: str) -> tuple[int, int]:
    start = BODIES[name].index(snippet)
    return start, start + len(snippet)


@pytest.mark.parametrize(("name", "snippet"), _snippet_cases("unique_facts"))
def test_unique_fact_is_not_part_of_a_shared_fact(name: str, snippet: str) -> None:
    start, end = _spans(name, snippet)
    for fact in GOLD["shared_facts"]:
        if name in fact["snippets"]:
            s, e = _spans(name, fact["snippets"][name])
            assert e <= start or end <= s, f"overlaps shared fact {fact['id']}"


def test_every_outlet_has_two_unique_facts() -> None:
    for name in FILES:
        assert sum(f["file"] == name for f in GOLD["unique_facts"]) >= 2, name


@pytest.mark.parametrize("quote", GOLD["quotes"], ids=lambda q: q["id"])
def test_quote_renderings(quote: dict[str, Any]) -> None:
    renderings: dict[str, str] = quote["renderings"]
    assert len(renderings) >= 2
    for name, words in renderings.items():
        _in_body(name, words)
        opening = quote["marks"][name][0]
        start = BODIES[name].index(words)
        before = BODIES[name][:start]
        assert before.rstrip().endswith(opening) or before.endswith(opening), f"{name}: no {opening} before quote"
        assert quote["speaker_mention"][name] in BODIES[name]
    texts = list(renderings.values())
    if quote["verdict"] == "identical":
        assert len(set(texts)) == 1
    elif quote["verdict"] == "trimmed":
        longest = max(texts, key=len)
        assert all(t in longest for t in texts) and len(set(texts)) > 1
    else:
        assert quote["verdict"] == "reworded"
        assert not any(a in b for a in texts for b in texts if a is not b)
    for name in quote.get("partial_in", []):
        assert quote["marks"][name][0] in _OPENING_MARKS
        assert not BODIES[name].split(renderings[name])[0].endswith(("\n“", "\n\"")), "a partial quote sits mid-sentence"


def test_quote_set_covers_verdicts_styles_and_roles() -> None:
    quotes = GOLD["quotes"]
    assert {q["verdict"] for q in quotes} == {"identical", "trimmed", "reworded"}
    assert {q["role"] for q in quotes} == {"official", "expert", "witness"}
    marks = {m for q in quotes for m in q["marks"].values()}
    assert {"“ ”", "\" \""} <= marks and marks & {"„ “", "« »"}
    assert any(q.get("partial_in") for q in quotes)
    for q in quotes:
        assert GOLD["entities"][q["speaker"]]["kind"] == "person"
        assert set(q["renderings"]) <= set(GOLD["entities"][q["speaker"]]["named_by"]) | {
            f for f, m in q["speaker_mention"].items() if m in {"he", "she"}
        }


def test_multi_paragraph_quote_runs_on() -> None:
    runs = [(q, name, cont) for q in GOLD["quotes"] for name, cont in q.get("continuation", {}).items()]
    assert runs
    for quote, name, continuation in runs:
        opening, closing = quote["marks"][name].split()
        first = quote["renderings"][name]
        paragraphs = BODIES[name].split("\n\n")
        i = next(i for i, p in enumerate(paragraphs) if first in p)
        assert closing not in paragraphs[i].split(first, 1)[1], "the first paragraph must not close the quote"
        assert paragraphs[i + 1].startswith(opening + continuation)


@pytest.mark.parametrize("uq", GOLD["unique_quotes"], ids=lambda q: q["text"][:30])
def test_unique_quotes_are_in_one_outlet(uq: dict[str, Any]) -> None:
    _in_body(uq["file"], uq["text"])
    assert uq["speaker_mention"] in BODIES[uq["file"]]
    assert sum(uq["text"] in BODIES[f] for f in FILES) == 1


@pytest.mark.parametrize("num", GOLD["numbers"], ids=lambda n: f"{n['file']}:{n['text']}")
def test_number_spans(num: dict[str, Any]) -> None:
    _in_body(num["file"], num["context"])
    assert num["text"] in num["context"]
    if num["kind"] == "range":
        assert num["low"] < num["high"] and num["value"] == num["low"]
    if num["kind"] == "fraction":
        assert 0 < num["value"] < 1
    if num["kind"] == "percent":
        assert num["unit"] == "percent"
    if num["kind"] == "money":
        assert num["unit"] in {"GBP", "EUR"}


def test_number_variety() -> None:
    kinds = {n["kind"] for n in GOLD["numbers"]}
    assert {"percent", "money", "age", "date", "range", "fraction", "count", "year"} <= kinds
    assert any(n["unit"] == "page" and n["text"].endswith("-page") for n in GOLD["numbers"])
    assert {n["unit"] for n in GOLD["numbers"] if n["kind"] == "money"} == {"GBP", "EUR"}


@pytest.mark.parametrize("nn", GOLD["not_numbers"], ids=lambda n: n["text"])
def test_not_numbers_are_in_the_body(nn: dict[str, Any]) -> None:
    _in_body(nn["file"], nn["text"])


@pytest.mark.parametrize("conflict", GOLD["conflicts"], ids=lambda c: c["fact"])
def test_conflicting_values_differ(conflict: dict[str, Any]) -> None:
    values = conflict["values"]
    assert len(set(values.values())) >= 2
    assert set(values) == set(conflict["snippets"])
    assert conflict["fact"] in {f["id"] for f in GOLD["shared_facts"]}
    for name, snippet in conflict["snippets"].items():
        _in_body(name, snippet)
        assert re.search(rf"(?<![\d,.]){int(values[name])}(?![\d,])", snippet), f"{name}: value not in snippet"


@pytest.mark.parametrize("agreement", GOLD["agreements"], ids=lambda a: a["fact"])
def test_agreeing_values_agree_and_match_the_number_list(agreement: dict[str, Any]) -> None:
    assert len(set(agreement["values"].values())) == 1
    fact = next(f for f in GOLD["shared_facts"] if f["id"] == agreement["fact"])
    for name, value in agreement["values"].items():
        in_fact = [n for n in GOLD["numbers"] if n["file"] == name and n["text"] in fact["snippets"][name]]
        assert any(n["value"] == value for n in in_fact), f"{name}: no gold number {value} in the fact snippet"
    wordings = {n["text"] for n in GOLD["numbers"] if n["value"] == next(iter(agreement["values"].values()))}
    assert len(wordings) >= 2, "agreeing numbers should be worded differently somewhere"


def _sentence_snippets() -> list[Any]:
    cases = [(n, s) for f in GOLD["shared_facts"] for n, s in f["snippets"].items()]
    cases += [(n, s) for c in GOLD["conflicts"] for n, s in c["snippets"].items()]
    cases += [(x["file"], x["snippet"]) for k in ("unique_facts", "opinion_sentences", "reporting_sentences") for x in GOLD[k]]
    cases += [(n["file"], n["context"]) for n in GOLD["numbers"]]
    return [pytest.param(n, s, id=f"{n}:{s[:30]}") for n, s in cases]


@pytest.mark.parametrize(("name", "snippet"), _sentence_snippets())
def test_sentence_snippets_sit_inside_one_sentence(name: str, snippet: str) -> None:
    # Facts and labels are per sentence; a snippet straddling a boundary could never be matched by the engine.
    body = BODIES[name]
    start = body.index(snippet)
    end = start + len(snippet)
    assert any(s <= start and end <= e for s, e in split_offsets(body)), f"{snippet!r} crosses a sentence boundary"


# --- opinion, entities --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "snippet"), _snippet_cases("opinion_sentences") + _snippet_cases("reporting_sentences"))
def test_labelled_sentences_are_in_the_body(name: str, snippet: str) -> None:
    _in_body(name, snippet)


def test_opinion_lives_in_tabloid_and_opinion_piece_not_the_wire() -> None:
    by_file = {f: [s for s in GOLD["opinion_sentences"] if s["file"] == f] for f in FILES}
    assert not by_file["wire.txt"]
    assert len(by_file["tabloid.html"]) >= 3 and len(by_file["opinion.txt"]) >= 3
    assert any(s["snippet"].endswith("?") for s in by_file["opinion.txt"])
    assert any("should" in s["snippet"] for s in by_file["opinion.txt"])
    assert re.search(r"\bI\b", BODIES["opinion.txt"])


@pytest.mark.parametrize("name", sorted(GOLD["entities"]))
def test_entity_named_by_exactly_its_files(name: str) -> None:
    entity = GOLD["entities"][name]
    assert entity["kind"] in {"person", "organisation"}
    named = {f for f in FILES if any(re.search(rf"\b{re.escape(v)}\b", BODIES[f]) for v in entity["variants"])}
    assert named == set(entity["named_by"])


def test_some_entities_everywhere_some_left_out() -> None:
    counts = [len(e["named_by"]) for e in GOLD["entities"].values()]
    assert 5 in counts and any(2 <= c < 5 for c in counts)
    kinds = {e["kind"] for e in GOLD["entities"].values() if len(e["named_by"]) == 5}
    assert kinds == {"person", "organisation"}
