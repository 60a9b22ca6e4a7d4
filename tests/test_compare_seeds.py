"""Acceptance: the seed pair (../shared/seeds) compared end to end, as issue #3 requires."""

from __future__ import annotations

import pytest

from counterpoint import compare, read


@pytest.fixture(scope="module")
def comparison(seed_paths):
    return compare(read([str(seed_paths["000"]), str(seed_paths["002"])]))


def fact_with(c, *snippets):
    """The fact containing a sentence with each snippet, or None."""
    for f in c.facts:
        texts = [c.sentence_text(s) for s in f.sentences]
        if all(any(sn in t for t in texts) for sn in snippets):
            return f
    return None


def quote_group_with(c, *snippets):
    by_id = {q.id: q for q in c.quotes}
    for g in c.quote_groups:
        texts = [c.text_of(by_id[q]) for q in g.quotes]
        if all(any(sn in t for t in texts) for sn in snippets):
            return g, [by_id[q] for q in g.quotes]
    return None, []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("It is not our job as a public", "It is not our job as the public"),
        ("Far too many Londoners have lost confidence", "Far too many Londoners have now lost faith"),
    ],
)
def test_casey_quotes_aligned_with_casey_as_speaker(comparison, a, b):
    group, quotes = quote_group_with(comparison, a, b)
    assert group is not None, f"quotes {a!r} / {b!r} not aligned"
    assert {q.speaker for q in quotes} == {"Louise Casey"}
    assert group.speaker_agrees
    assert len({q.article for q in quotes}) == 2


@pytest.mark.parametrize(
    "snippets",
    [
        ("routinely confronted with sexism and misogyny", "routinely face sexism and misogyny"),
        ("perpetrators in the police force who use domestic violence", "police perpetrators of domestic abuse"),
        ("are institutionally racist, misogynistic and homophobic",
         "is institutionally racist, misogynist and homophobic, a damning review"),
        ("The agency is also institutionally racist", "Macpherson Inquiry in 1999"),
    ],
)
def test_reworded_report_passages_and_shared_findings_aligned(comparison, snippets):
    assert fact_with(comparison, *snippets) is not None, snippets


def test_tomahawk_passage_is_unique(comparison):
    a002 = comparison.articles[1]
    unique_texts = [comparison.sentence_text(s) for s in comparison.unique[a002.id]]
    assert any("tomahawk axes" in t for t in unique_texts)
    assert fact_with(comparison, "tomahawk") is None


def test_abolished_is_opinion_with_reason(comparison):
    a002 = comparison.articles[1]
    sid = next(s.id for s in a002.sentences if a002.sentence_text(s) == "It should be abolished now.")
    label = comparison.labels[sid]
    assert label.label == "opinion"
    assert any("should" in r for r in label.reasons)


@pytest.mark.parametrize(("text", "value", "unit"), [("81 percent", 81, "percent"), ("363-page", 363, "page")])
def test_numbers_extracted_with_values(comparison, text, value, unit):
    found = [n for n in comparison.numbers if comparison.text_of(n) == text]
    assert found, text
    assert found[0].value == value and found[0].unit == unit


def test_every_finding_points_at_its_source_characters(comparison):
    d = comparison.to_dict()
    texts = {a["id"]: a["text"] for a in d["articles"]}
    for q in d["quotes"]:
        assert texts[q["article"]][q["start"] : q["end"]] == q["text"]
    for n in d["numbers"]:
        assert texts[n["article"]][n["start"] : n["end"]] == n["text"]
    for a in d["articles"]:
        for s in a["sentences"]:
            assert a["text"][s["start"] : s["end"]] == s["text"]
            assert s["label"] in {"reporting", "opinion"}
    sentence_ids = {s["id"] for a in d["articles"] for s in a["sentences"]}
    for f in d["facts"]:
        assert set(f["sentences"]) <= sentence_ids
        assert len({s.split(":")[0] for s in f["sentences"]}) >= 2
    for e in d["entities"]:
        for m in e["mentions"]:
            assert texts[m["article"]][m["start"] : m["end"]]
    names = {e["name"] for e in d["entities"]}
    assert {"Louise Casey", "Mark Rowley"} <= names
