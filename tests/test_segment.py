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
