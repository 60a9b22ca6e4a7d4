"""Article records: counterpoint's field names, the aliases other tools write, and bodies given as paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.errors import InputError
from counterpoint.pipeline import read_articles, split_results
from counterpoint.records import record_fields


def test_news_please_fields_are_read() -> None:
    fields = record_fields({"maintext": "The dam broke.", "date_publish": "2024-05-01 10:00:00", "title": "Dam",
                            "authors": ["Ann Lee", "Bo Chan"], "source_domain": "example.org", "language": "en"},
                           "x.json")
    assert (fields.text, fields.html, fields.url) == ("The dam broke.", "", "")
    assert fields.meta == {"published": "2024-05-01 10:00:00", "byline": "Ann Lee, Bo Chan", "outlet": "example.org",
                           "title": "Dam", "language": "en"}


def test_a_body_of_paragraphs_of_sentences_is_joined() -> None:
    fields = record_fields({"body-paragraphs": [["One.", "Two."], [], "Three."], "publisher": {"name": "Wire"}}, "x")
    assert fields.text == "One. Two.\n\nThree."
    assert fields.meta == {"outlet": "Wire"}


def test_counterpoint_names_win_over_aliases() -> None:
    fields = record_fields({"outlet": "Given", "publisher": "Alias", "text": "Own body.", "maintext": "Other."}, "x")
    assert (fields.text, fields.meta["outlet"]) == ("Own body.", "Given")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": 42}, "field 'text' is a JSON number, not a string or a list of paragraphs"),
        ({"paragraphs": [["a", 1]]}, "field 'paragraphs' is a JSON list, not a string or a list of paragraphs"),
        ({"html": ["<p>x</p>"]}, "field 'html' is a JSON list, not a string"),
    ],
)
def test_a_field_of_the_wrong_type_is_a_clear_error(record: dict, reason: str) -> None:
    with pytest.raises(InputError) as err:
        record_fields(record, "x.jsonl#3")
    assert (err.value.reason, err.value.source) == (reason, "x.jsonl#3")


def test_basil_articles_are_read_from_their_files(shared_dir: Path) -> None:
    """A BASIL triplet (the same event by Fox, NYT and HuffPost) compares from its JSON files as they are."""
    root = shared_dir / "data" / "stories" / "basil" / "articles" / "2014"
    files = sorted(root.glob("33521e65-12da-4521-b132-7b606243b0e4_*.json"))
    if len(files) != 3:
        pytest.skip("BASIL is not in ../shared/data")
    articles, failures = split_results(read_articles([str(f) for f in files]))
    assert failures == []
    assert {a.outlet for a in articles} == {"foxnews.com", "nytimes.com", "huffingtonpost.com"}
    assert all(a.title and a.published and a.published.year == 2014 for a in articles)
    fox = next(a for a in articles if a.outlet == "foxnews.com")
    assert fox.text.startswith("New York Republican Rep. Michael Grimm's attorney confirmed late Friday")
