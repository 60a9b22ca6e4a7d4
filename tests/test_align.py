"""Fact alignment: paraphrases align, different facts do not, backends come from the registry."""

from __future__ import annotations

import pytest

from counterpoint import registry
from counterpoint.align import align_facts
from counterpoint.errors import UnknownBackendError
from helpers import make_article

A = make_article(
    "The bridge over the Dunmore river collapsed on Tuesday, killing four people.\n\n"
    "Engineers had warned about corrosion in 2019. The mayor, Ellen Hart, called it a tragedy.\n\n"
    "Traffic was diverted through the old town.",
    outlet="Wire",
)
B = make_article(
    "Four people died when the Dunmore river bridge collapsed on Tuesday.\n\n"
    "Local bakeries handed out free bread to rescue workers.\n\n"
    "Corrosion had been flagged by engineers as early as 2019, documents show.",
    outlet="Daily",
)


def sentence_text(arts, sid):
    aid, _, idx = sid.partition(":s")
    a = next(a for a in arts if a.id == aid)
    s = a.sentences[int(idx)]
    return a.text[s.start : s.end]


def test_paraphrased_facts_align_and_the_rest_is_unique():
    al = align_facts([A, B])
    pairs = [{sentence_text([A, B], s)[:20] for s in f.sentences} for f in al.facts]
    assert {"The bridge over the ", "Four people died whe"} in pairs
    assert {"Engineers had warned", "Corrosion had been f"} in pairs
    unique_b = {sentence_text([A, B], s) for s in al.unique[B.id]}
    assert "Local bakeries handed out free bread to rescue workers." in unique_b
    unique_a = {sentence_text([A, B], s) for s in al.unique[A.id]}
    assert "Traffic was diverted through the old town." in unique_a
    for f in al.facts:
        assert len({s.split(":")[0] for s in f.sentences}) >= 2
        assert 0 < f.score <= 1.5 and f.reason


def test_single_article_aligns_nothing():
    al = align_facts([A])
    assert al.facts == ()
    assert len(al.unique[A.id]) == len(A.sentences)


def test_same_article_sentences_never_form_a_fact_alone():
    twin = make_article("The bridge collapsed. The bridge collapsed again.", outlet="Echo")
    assert align_facts([twin]).facts == ()


def test_different_languages_are_not_aligned_lexically():
    de = make_article("Die Brücke über den Fluss Dunmore stürzte am Dienstag ein, vier Menschen starben.",
                      outlet="Zeitung", language="de")
    assert align_facts([A, de]).facts == ()


def test_unknown_backend_lists_available_names():
    with pytest.raises(UnknownBackendError, match="available: lexical, semantic"):
        align_facts([A, B], backend="nope")
    assert {"lexical", "semantic"} <= set(registry.available("align"))


def test_threshold_controls_precision():
    strict = align_facts([A, B], threshold=0.95)
    assert strict.facts == ()


def test_sentences_that_share_only_names_are_not_one_fact(monkeypatch: pytest.MonkeyPatch):
    from counterpoint.align_backends import LexicalBackend

    one = make_article("Baroness Louise Casey criticised Sir Mark Rowley.", outlet="Wire")
    two = make_article("Sir Mark Rowley answered Baroness Louise Casey.", outlet="Daily")
    assert align_facts([one, two]).facts == ()
    # the names alone score above the threshold: it is the shared-word rule that keeps them apart
    monkeypatch.setattr(LexicalBackend, "MIN_SHARED_WORDS", 0)
    assert len(align_facts([one, two]).facts) == 1


def test_a_reason_names_words_as_written_and_each_name_once():
    from counterpoint.align_backends import LexicalBackend, SentenceRef

    refs = [
        SentenceRef("a:s0", 0, "Casey said the Met had not protected its female employees."),
        SentenceRef("b:s0", 1, "The Met failed to protect female staff, Casey found."),
    ]
    (pair,) = LexicalBackend().pair_scores(refs, floor=0.0)
    assert pair.reason.startswith("shared words: protected, female; shared names: Casey, Met")
    assert "case" not in pair.reason.split("names")[0]  # the stem of "Casey" is not a shared word


def test_a_number_shared_only_through_a_neighbouring_sentence_is_said_to_be_there():
    """The seed pair: "The agency is also institutionally racist, Casey said." borrows its next sentence ("This
    means ... an investigation in 1999."); the reason must not claim 1999 is in the linked sentence itself."""
    from counterpoint.align_backends import LexicalBackend, SentenceRef

    refs = [
        SentenceRef("a:s0", 0, "The agency is also institutionally racist, Casey said.",
                    following="This means that the situation has hardly changed since an investigation in 1999."),
        SentenceRef("b:s0", 1, "Casey's finding that the force is institutionally racist echoes the inquiry in 1999."),
    ]
    (pair,) = LexicalBackend().pair_scores(refs, floor=0.0)
    assert "shared numbers in a neighbouring sentence: 1999" in pair.reason
    assert "shared numbers: 1999" not in pair.reason
    refs[0] = SentenceRef("a:s0", 0, "The agency is also institutionally racist since 1999, Casey said.")
    (pair,) = LexicalBackend().pair_scores(refs, floor=0.0)
    assert "shared numbers: 1999" in pair.reason and "neighbouring" not in pair.reason


def test_a_lone_letter_in_common_is_not_a_fact():
    """Two ECB+ pages write "around 1: 30 a. m."; segmentation leaves each a sentence "m.", which aligned."""
    from counterpoint.align_backends import LexicalBackend, SentenceRef

    refs = [SentenceRef("a:s0", 0, "m."), SentenceRef("b:s0", 1, "m.")]
    assert LexicalBackend().pair_scores(refs, floor=0.0) == []
