"""Reporting vs opinion: labels, reasons, attributed quotes and reported speech."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from counterpoint import opinion
from counterpoint.errors import InputError
from counterpoint.model import Label
from helpers import seed_article_with_quotes


@pytest.fixture(scope="module")
def seed_labels(seed_paths: dict[str, Path]) -> dict[str, Label]:
    """Labels of the partisan seed, keyed by sentence text."""
    art, quotes = seed_article_with_quotes(seed_paths["002"])
    labels = opinion.label_article(art, quotes)
    assert [lab.sentence for lab in labels] == [s.id for s in art.sentences]
    return {art.sentence_text(s): lab for s, lab in zip(art.sentences, labels, strict=True)}


def _find(labels: dict[str, Label], prefix: str) -> Label:
    (label,) = [lab for text, lab in labels.items() if text.startswith(prefix)]
    return label


@pytest.mark.parametrize(
    ("prefix", "label", "reason"),
    [
        ("It should be abolished now.", "opinion", "obligation modal: 'should'"),
        ("It’s a good thing that many people", "opinion", "evaluative frame: 'it's a good thing that'"),
        ("Casey’s 363-page report, published on Tuesday, found", "reporting", None),
        ("Casey called for the Met to “change itself”", "reporting", "attributed quote"),
        ("What remains is that the police in general", "opinion", "evaluative language: 'corrupt', 'rotten'"),
        ("All that has happened is that the Tories", "opinion", "emotive language: 'gleefully'"),
        ("Baroness Casey told the PA news agency", "reporting", None),
    ],
)
def test_partisan_seed_sentences(seed_labels: dict[str, Label], prefix: str, label: str, reason: str | None) -> None:
    got = _find(seed_labels, prefix)
    assert got.label == label, got
    if reason is None:
        assert got.reasons == ()
    else:
        assert reason in got.reasons


def test_damning_review_sentence_reports_the_finding_but_keeps_the_outlets_adjective(
    seed_labels: dict[str, Label],
) -> None:
    # The finding ("institutionally racist, misogynist and homophobic") is the review's: reported speech adds
    # nothing to the opinion score. "damning" is the outlet's own verdict on the review, outside the reported
    # clause, and that single evaluative word is the only reason given (documented in docs/lexicon.md).
    got = _find(seed_labels, "Britain’s biggest police force is institutionally racist")
    assert got.reasons == ("evaluative language: 'damning'",)
    text = "Britain’s biggest police force is institutionally racist, misogynist and homophobic, a review has found."
    assert opinion.label_sentence(text)[0] == opinion.REPORTING


def test_every_opinion_label_has_reasons(seed_paths: dict[str, Path]) -> None:
    for key in ("000", "002"):
        art, quotes = seed_article_with_quotes(seed_paths[key])
        labels = opinion.label_article(art, quotes)
        assert len(labels) == len(art.sentences)
        assert {lab.label for lab in labels} == {"opinion", "reporting"}
        for lab in labels:
            assert 0.0 <= lab.score <= 1.0
            assert lab.label == "reporting" or lab.reasons


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("This is a damning and rotten deal.", "evaluative language: 'damning', 'rotten'"),
        ("The force gleefully accepted the powers.", "emotive language: 'gleefully'"),
        ("The thugs of the regime marched.", "pejorative label: 'thugs', 'regime'"),
        ("The minister slammed the plan.", "loaded verb: 'slammed'"),
        ("The so-called reform passed.", "doubt-casting qualifier: 'so-called'"),
        ("The plan is so expensive.", "intensifier: 'so'"),
        ("It clearly needs reform.", "unattributed claim of certainty: 'clearly'"),
        ("Perhaps the plan works.", "hedge: 'perhaps'"),
        ("Sadly the plan failed.", "stance adverb: 'sadly'"),
        ("It should be abolished now.", "obligation modal: 'should'"),
        ("We cannot wait any longer.", "first-person voice: 'we'"),
        ("Your taxes pay for this.", "addresses the reader: 'your'"),
        ("The police never listen.", "sweeping generalisation: 'never'"),
        ("Who benefits from this?", "rhetorical question"),
        ("Enough is enough!", "exclamation"),
        ("It is a shame that the plan failed.", "evaluative frame: 'it is a shame that'"),
        ("This is the most shameful episode.", "superlative: 'most shameful'"),
        ("Yet the plan failed.", "argumentative connective: 'yet'"),
    ],
)
def test_each_cue_names_its_reason(sentence: str, reason: str) -> None:
    found = opinion.cues(sentence)
    family, _, words = reason.partition(": ")
    assert family in {c.reason for c in found}
    for word in re.findall(r"'([^']+)'", words):
        assert any(c.reason == family and c.word == word for c in found), (word, found)


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("It should be abolished now.", "obligation modal: 'should'"),
        ("This disgraceful, shameful farce must end.", "evaluative language: 'disgraceful', 'shameful', 'farce'"),
        ("Why do we keep paying for their rotten failures?", "first-person voice: 'we'"),
        ("The thugs who run this regime are gleefully wrecking the country!", "exclamation"),
    ],
)
def test_outlet_voice_is_opinion(sentence: str, reason: str) -> None:
    label, reasons, p = opinion.label_sentence(sentence)
    assert (label, p >= 0.5) == ("opinion", True)
    assert reason in reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "The council approved the budget on Tuesday by 32 votes to 11.",
        "Police said two men were arrested in Leeds.",
        "The report was published on 21 March 2023 by the Home Office.",
        "According to the review, the force is institutionally racist.",
    ],
)
def test_plain_reports_are_reporting(sentence: str) -> None:
    label, reasons, p = opinion.label_sentence(sentence)
    assert (label, reasons) == ("reporting", ())
    assert p < 0.5


def test_words_inside_an_attributed_quote_are_the_speakers() -> None:
    text = "“This is a rotten, disgraceful and shameful farce,” the mayor said."
    inner = (1, text.index("”"))
    assert opinion.label_sentence(text)[0] == opinion.OPINION
    label, reasons, _ = opinion.label_sentence(text, quoted=[inner])
    assert (label, reasons) == (opinion.REPORTING, (opinion.ATTRIBUTED_QUOTE,))
    assert opinion.cues(text, quoted=[inner]) == [opinion.Cue("attribution", "attribution", "said")]


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("The force is racist, a damning review has found.", "The force is racist"),
        ("Rowley said he would not use the term.", "he would not use the term."),
        ("Casey told reporters that she was disappointed.", "she was disappointed."),
        ("Jane Doe, the head of the union, said pay was falling.", "pay was falling."),
        ("According to the review, the force is rotten.", "the force is rotten."),
        ("The report, which found nothing, is a farce.", None),
        ("The report which found nothing is a farce.", None),
        ("It should be abolished now.", None),
    ],
)
def test_reported_clause(sentence: str, reported: str | None) -> None:
    ranges = opinion.reported_ranges(sentence)
    assert [sentence[s:e] for s, e in ranges] == ([reported] if reported else [])


def test_mask_keeps_offsets() -> None:
    assert opinion.mask("abcdef", [(1, 3), (5, 99)]) == "a  de "


def test_model_round_trips_and_rejects_malformed(tmp_path: Path) -> None:
    model = opinion.default_model()
    assert model.about["fitted_on"].startswith("CheckThat! 2023")
    assert model.weights["lex:evaluative"] > 0 > model.weights["quote_share"]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    again = opinion.load_model(path)
    assert again.weights == pytest.approx(dict(model.weights), abs=1e-4)
    path.write_text(json.dumps({"bias": 0.0}), encoding="utf-8")
    with pytest.raises(InputError, match="malformed opinion model"):
        opinion.load_model(path)
    with pytest.raises(InputError, match="cannot read opinion model"):
        opinion.load_model(tmp_path / "missing.json")


def test_threshold_decides_the_label() -> None:
    always = opinion.OpinionModel(bias=0.0, weights={}, threshold=0.0)
    label, reasons, p = opinion.label_sentence("The council met on Tuesday.", model=always)
    assert (label, reasons, p) == (opinion.OPINION, (opinion.UNATTRIBUTED,), 0.5)
