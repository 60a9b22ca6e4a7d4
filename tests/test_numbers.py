"""Numeric claims: golden snippets (must find / must not find), the seed articles, compare_values, and a
property test that spans are well-formed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.model import Article, NumberMention, article_id
from counterpoint.numbers import compare_values, extract_numbers, find_numbers


def one(text: str, snippet: str) -> NumberMention:
    """The mention whose span is exactly ``snippet`` (fails listing what was found otherwise)."""
    found = find_numbers(text)
    hits = [m for m in found if text[m.start : m.end] == snippet]
    assert hits, f"{snippet!r} not found in {[text[m.start:m.end] for m in found]}"
    return hits[0]


# (text, span, value, unit, kind, low, high)
GOLDEN = [
    ("black officers are 81 percent more likely", "81 percent", 81, "percent", "percent", None, None),
    ("rose 2.5% on the day", "2.5%", 2.5, "percent", "percent", None, None),
    ("a rise of 4 per cent", "4 per cent", 4, "percent", "percent", None, None),
    ("Casey's 363-page report", "363-page", 363, "page", "count", None, None),
    ("kidnapped the 33-year-old in March", "33-year-old", 33, "year-old", "age", None, None),
    ("a man aged 33 was held", "33", 33, "year-old", "age", None, None),
    ("Sarah Smith, 45, of Leeds", "45", 45, "year-old", "age", None, None),
    ("two to three officers end up in court", "two to three", 2, "officer", "range", 2, 3),
    ("between 5 and 7 people", "between 5 and 7", 5, "people", "range", 5, 7),
    ("10-15 cars were damaged", "10-15", 10, "car", "range", 10, 15),
    ("four to five thousand people", "four to five thousand", 4000, "people", "range", 4000, 5000),
    ("abused a dozen women", "a dozen", 12, "woman", "count", None, None),
    ("dozens of people were killed", "dozens", 12, "people", "range", 12, 120),
    ("tens of thousands of dollars", "tens of thousands of dollars", 10_000, "USD", "range", 10_000, 100_000),
    ("with a fifth of staff victimised", "a fifth", 0.2, None, "fraction", None, None),
    ("nearly two-thirds of sales", "two-thirds", 2 / 3, None, "fraction", None, None),
    ("one in five adults", "one in five", 0.2, None, "fraction", None, None),
    ("an investigation in 1999.", "1999", 1999, None, "year", None, None),
    ("who spent 11 years in the Met", "11 years", 11, "year", "measure", None, None),
    ("head of the Met for six months", "six months", 6, "month", "measure", None, None),
    ("He went on to murder three more men.", "three", 3, "man", "count", None, None),
    ("over a period of nearly 20 years", "nearly 20 years", 20, "year", "measure", 18, 20),
    ("more than 6,650 employees", "more than 6,650", 6650, "employee", "count", 6650, None),
    ("up to 400 jobs", "up to 400", 400, "job", "count", None, 400),
    ("about 1,300 meters long", "about 1,300 meters", 1300, "metre", "measure", 1170, 1430),
    ("Port's fourth victim", "fourth", 4, "victim", "ordinal", None, None),
    ("the 22nd amendment", "22nd", 22, "amendment", "ordinal", None, None),
    ("It cost £4.5m in total", "£4.5m", 4_500_000, "GBP", "money", None, None),
    ("a $1.2 billion deal", "$1.2 billion", 1.2e9, "USD", "money", None, None),
    ("fined 10.5 million Australian dollars", "10.5 million Australian dollars", 10.5e6, "AUD", "money", None,
     None),
    ("paid 333.6 million yen for it", "333.6 million yen", 333.6e6, "JPY", "money", None, None),
    ("a notebook for 1,200€ to work", "1,200€", 1200, "EUR", "money", None, None),
    ("up 19 cents at", "19 cents", 19, "cent", "money", None, None),
    ("a $3,500 a month mortgage", "$3,500 a month", 3500, "USD per month", "money", None, None),
    ("cuts of 800,000 barrels a day", "800,000", 800_000, "barrel per day", "count", None, None),
    ("it published a 2,900 year-old site", "2,900 year-old", 2900, "year-old", "age", None, None),
    ("There were 4 hundred million people.", "4 hundred million", 4e8, "people", "count", None, None),
    ("one hundred and twenty men", "one hundred and twenty", 120, "man", "count", None, None),
    ("the offence was minus-5 yards", "minus-5 yards", -5, "yard", "measure", None, None),
    ("shares rose 6.5% to 164p.", "164p", 164, "pence", "money", None, None),
    ("a 640bhp 5.2 litre V10", "640bhp", 640, "brake horsepower", "measure", None, None),
    ("a 5.2 litre V10", "5.2 litre", 5.2, "litre", "measure", None, None),
    ("the 50mph winds", "50mph", 50, "mile per hour", "measure", None, None),
    ("It was published on 21 March 2023.", "21 March 2023", 20230321, None, "date", None, None),
    ("date 2023-03-21 The London police", "2023-03-21", 20230321, None, "date", None, None),
    ("in March 2021 using", "March 2021", 20210300, None, "date", None, None),
    ("Brexit is due on March 29.", "March 29", 329, None, "date", None, None),
    ("The recipe requires 1/2 pound of chips", "1/2", 0.5, None, "fraction", None, None),
    ("1.5 to 2 degree range", "1.5 to 2 degree", 1.5, "degree", "range", 1.5, 2),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "kind", "low", "high"), GOLDEN,
                         ids=[g[1] for g in GOLDEN])
def test_golden(text: str, span: str, value: float, unit: str | None, kind: str, low: float | None,
                high: float | None) -> None:
    m = one(text, span)
    assert m.value == pytest.approx(value)
    assert (m.unit, m.kind) == (unit, kind)
    assert m.low == (pytest.approx(low) if low is not None else None)
    assert m.high == (pytest.approx(high) if high is not None else None)


# Text in which nothing (or nothing at the given snippet) is a number.
MUST_NOT = [
    ("As recently as February, an officer was sentenced.", None),
    ("Issue 2847", None),
    ("COVID-19 cases rose", None),
    ("the G7 summit", None),
    ("Article 50 was triggered", None),
    ("the meeting is at 3 p.m. on the day", None),
    ("it opened at 17:22", None),
    ("call 020 7946 0958 now", None),
    ("The S&P 500 closed lower.", None),
    ("Bristol City came from behind to beat Charlton 2-1 thanks to a late winner.", None),
    ("No one came to the door.", None),
    ("It was one of the best catches ever.", None),
    ("the new 5G network", None),
    ("see https://example.com/2023/03/21/story-123", None),
    ("A baker's dozen.", None),
    ("in the second half of the match", "half"),
    ("the flag flew at half-staff", None),
]


@pytest.mark.parametrize(("text", "snippet"), MUST_NOT, ids=[t for t, _ in MUST_NOT])
def test_must_not(text: str, snippet: str | None) -> None:
    found = [text[m.start : m.end] for m in find_numbers(text)]
    if snippet is None:
        assert found == []
    else:
        assert snippet not in found


@pytest.mark.parametrize(("text", "value", "kind"), [
    ("Dozens of people were killed Friday in shootings at two mosques.", 2, "count"),
    ("The Dow +0.2% today.", 0.2, "percent"),
    ("In Europe: Stoxx 50 -1.3% on the day.", -1.3, "percent"),
    ("the 1988 horror film", 1988, "year"),
    ("from 1000 to 2000 hires this year", 1000, "range"),
])
def test_context_decides(text: str, value: float, kind: str) -> None:
    assert any(m.value == pytest.approx(value) and m.kind == kind for m in find_numbers(text)), \
        [(text[m.start:m.end], m.value, m.kind) for m in find_numbers(text)]


def test_change_is_two_values_not_a_range() -> None:
    text = "Growth slowed from 4.8 to 4.7 percent in 2019."
    ms = [m for m in find_numbers(text) if m.kind == "percent"]
    assert [(m.value, m.unit) for m in ms] == [(4.8, "percent"), (4.7, "percent")]


# --- the seed articles ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_mentions(seed_paths: dict[str, Path]) -> dict[str, list[tuple[str, NumberMention]]]:
    out = {}
    for key, path in seed_paths.items():
        text = path.read_text(encoding="utf-8")
        out[key] = [(text[m.start : m.end], m) for m in find_numbers(text, key)]
    return out


@pytest.mark.parametrize(("seed", "span", "value", "unit", "kind"), [
    ("002", "81 percent", 81, "percent", "percent"),
    ("002", "363-page", 363, "page", "count"),
    ("000", "33-year-old", 33, "year-old", "age"),
    ("000", "a dozen", 12, "woman", "count"),
    ("002", "a fifth", 0.2, None, "fraction"),
    ("000", "1999", 1999, None, "year"),
    ("002", "1999", 1999, None, "year"),
    ("002", "11 years", 11, "year", "measure"),
    ("002", "99 percent", 99, "percent", "percent"),
    ("000", "six months", 6, "month", "measure"),
    ("000", "March 2021", 20210300, None, "date"),
    ("002", "fourth", 4, "victim", "ordinal"),
])
def test_seed_values(seed_mentions: dict[str, list[tuple[str, NumberMention]]], seed: str, span: str,
                     value: float, unit: str | None, kind: str) -> None:
    hits = [m for s, m in seed_mentions[seed] if s == span]
    assert hits, [s for s, _ in seed_mentions[seed]]
    assert (hits[0].value, hits[0].unit, hits[0].kind) == (pytest.approx(value), unit, kind)


def test_seed_range_and_exclusions(seed_mentions: dict[str, list[tuple[str, NumberMention]]]) -> None:
    two_three = [m for s, m in seed_mentions["000"] if s == "two to three"]
    assert two_three and (two_three[0].low, two_three[0].high) == (2, 3)
    spans = [s for s, _ in seed_mentions["002"]]
    assert "2847" not in " ".join(spans)  # "Issue 2847" is page chrome, not a claim
    assert not any("February" in s for s, _ in seed_mentions["000"])


def test_extract_numbers_uses_article_id() -> None:
    text = "Police said 14 people were hurt."
    art = Article(id=article_id(text), source="t", text=text)
    ms = extract_numbers(art)
    assert [(art.slice(m.span), m.article) for m in ms] == [("14", art.id)]


# --- compare_values ------------------------------------------------------------------------------------------


def _m(text: str, snippet: str) -> NumberMention:
    return one(text, snippet)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (("81 percent of them", "81 percent"), ("81% of them", "81%"), "agree"),
    (("81 percent of them", "81 percent"), ("80 percent of them", "80 percent"), "conflict"),
    (("14 people died", "14"), ("15 people died", "15"), "conflict"),
    (("14 people died", "14"), ("14 persons died", "14"), "agree"),
    (("two to three officers", "two to three"), ("three officers", "three"), "agree"),
    (("two to three officers", "two to three"), ("five officers", "five"), "conflict"),
    (("dozens of people", "dozens"), ("49 people", "49"), "agree"),
    (("dozens of people", "dozens"), ("3,000 people", "3,000"), "conflict"),
    # "thousands", "millions" reach one order further when compared: news copy uses them loosely
    (("millions of people", "millions"), ("an estimated 25 million people", "an estimated 25 million"), "agree"),
    (("thousands of people", "thousands"), ("25,000 people", "25,000"), "agree"),
    (("thousands of people", "thousands"), ("500,000 people", "500,000"), "conflict"),
    (("hundreds of people", "hundreds"), ("2,500 people", "2,500"), "conflict"),
    (("tens of thousands of people", "tens of thousands"), ("250,000 people", "250,000"), "conflict"),
    (("more than 300 people", "more than 300"), ("312 people", "312"), "agree"),
    (("more than 300 people", "more than 300"), ("250 people", "250"), "conflict"),
    (("about 300 people", "about 300"), ("312 people", "312"), "agree"),
    (("about 300 people", "about 300"), ("400 people", "400"), "conflict"),
    (("a $1.8bn loss", "$1.8bn"), ("a $1.762bn loss", "$1.762bn"), "agree"),
    (("a $2bn loss", "$2bn"), ("a €2bn loss", "€2bn"), None),
    (("14 people died", "14"), ("14 cars", "14"), None),
    (("a fifth of staff", "a fifth"), ("20 percent of staff", "20 percent"), "agree"),
    (("a fifth of staff", "a fifth"), ("30 percent of staff", "30 percent"), "conflict"),
    (("in March 2021 he", "March 2021"), ("on 3 March 2021 he", "3 March 2021"), "agree"),
    (("in March 2021 he", "March 2021"), ("in April 2021 he", "April 2021"), "conflict"),
    (("since 1999.", "1999"), ("in March 1999 he", "March 1999"), "agree"),
    (("his fourth victim", "fourth"), ("his fifth victim", "fifth"), "conflict"),
    (("his fourth victim", "fourth"), ("14 victims", "14"), None),
    (("a 33-year-old man", "33-year-old"), ("a man aged 33", "33"), "agree"),
])
def test_compare_values(a: tuple[str, str], b: tuple[str, str], expected: str | None) -> None:
    assert compare_values(_m(*a), _m(*b)) == expected
    assert compare_values(_m(*b), _m(*a)) == expected


# --- property: spans are well-formed ------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "81 percent", "two to three", "a dozen", "a fifth", "1999", "March 2021", "33-year-old", "£4.5m", "$1.2bn",
    "10-15", "between 5 and 7", "COVID-19", "Article 50", "one of", "dozens of", "3 p.m.", "nearly 20 years",
    "-", "–", "/", ",", ".", "and", "to", "or", "officers", "the", "a", "half", "fourth", "2-1", "%", "$", "12",
    "1,200", "0.5", "million", "hundred", "and a half", "aged", "more than", "Issue", "\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14), st.text(max_size=40))
def test_spans_are_inside_nonempty_and_disjoint(pieces: list[str], noise: str) -> None:
    text = " ".join(pieces) + noise
    ms = find_numbers(text, "x")
    prev_end = 0
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= prev_end
        assert text[m.start : m.end].strip() == text[m.start : m.end]
        prev_end = m.end
