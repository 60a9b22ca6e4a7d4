"""Sentence segmentation: abbreviations, quotes that span sentences, em dashes, repeated sentences."""

from __future__ import annotations

import pytest

from counterpoint.segment import split_offsets


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_offsets(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sir Mark Rowley said it. Mr. Brown left.", ["Sir Mark Rowley said it.", "Mr. Brown left."]),
        ("Lt. Col. John Smith of the U.K. Army agreed. He left.",
         ["Lt. Col. John Smith of the U.K. Army agreed.", "He left."]),
        ("He said, “It needs reform. I can’t disband it overnight.” He added more.",
         ["He said, “It needs reform. I can’t disband it overnight.”", "He added more."]),
        ("The Met—it’s the police—failed. Others agreed.", ["The Met—it’s the police—failed.", "Others agreed."]),
        ("Same. Same. Same.", ["Same.", "Same.", "Same."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
    ],
)
def test_split(text, expected):
    assert split(text) == expected


def test_repeated_sentences_get_their_own_offsets():
    text = "It rained. It rained. It rained."
    offsets = split_offsets(text)
    assert [s for s, _ in offsets] == [0, 11, 22]


def test_lone_closing_quote_joins_previous_sentence():
    assert all(any(ch.isalnum() for ch in s) for s in split("He said: “Go. Now.” ” Yes."))


EASY_AND_HARD = [
    "The council met on Monday. It voted to close the bridge. Repairs will take 3 weeks.",
    "Mr. Smith arrived at 3 p.m. on Monday. He left at 5.",
    "“We did all we could. We are proud,” she said. Then she left.",
    "First, 'Meth. We're On It,' was the slogan. Nobody liked it.",
    "1. Ditch the diet 2. Avoid skipping meals",
    "So, there's reason -- lots of it! -- to wonder. Really.",
    "Why? Because, capitalism, of course. *Sharks begin circling*",
    "| DL | Chad Thomas | 57 | 3 tackles (3 combined). 1 sack. |",
    "The U.S. economy grew 2.5% in Q1. Analysts were surprised... Markets rose.",
    "Die Polizei ist rassistisch. Das sagt der Bericht. Er wurde am Dienstag veröffentlicht.",
]


@pytest.mark.parametrize("text", EASY_AND_HARD)
def test_fast_path_gives_exactly_pysbds_sentences(text):
    assert split_offsets(text) == split_offsets(text, fast=False)


def test_fast_path_matches_pysbd_on_the_seeds(seed_paths):
    for path in seed_paths.values():
        text = path.read_text(encoding="utf-8")
        assert split_offsets(text) == split_offsets(text, fast=False)
