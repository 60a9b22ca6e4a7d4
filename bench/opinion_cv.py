"""Cross-validation of the fine-tuned opinion recipe on CheckThat! 2023 *train* only (dev is never read).

    .venv/bin/python -m bench.opinion_cv [--seeds 0,1,2] [--folds 5] [--pseudo N [--confidence 0.9]]

How recipe variants are decided without spending the 219-sentence dev set: stratified k-fold CV on the 830 train
sentences (folds drawn by ``random.Random(0)`` per class, the same folds every run). Each fold trains one model per
seed with the shipped code (:func:`counterpoint.opinion_training.train`, the recipe of ``TrainingConfig``) into a
temporary directory that is deleted afterwards, and labels the held-out sentences with the shipped backend
(:class:`counterpoint.opinion_finetuned.FinetunedOpinion`, attributed quotes blanked as in articles). It prints
macro-F1 per fold for each seed alone and for the ensemble of all seeds (their opinion probabilities averaged,
opinion at 0.5 or more). Needs ``counterpoint[finetune]``; about 90 s per model on 2 cores (15 models: 24 minutes).

``--pseudo N`` adds a self-training variant per seed: the fold's model labels N unlabelled news sentences (drawn
with a fixed seed from the BASIL and ECB+ articles in ../shared, 6 to 60 words), the ones it is sure of (P(opinion)
at least ``--confidence`` or at most 1 minus it) join the fold's training sentences with those labels, and a second
model trained from the base weights on both is scored on the held-out fold.

Results and the decisions taken with them are in docs/lexicon.md ("Tried and not kept").
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from counterpoint import loaded, opinion

from ._report import SHARED, missing_data, table
from .opinion import DATA, load

COMMAND = ".venv/bin/python -m bench.opinion_cv"


def stratified_folds(labels: Sequence[int], k: int, seed: int = 0) -> list[list[int]]:
    """Indices of ``labels`` in ``k`` folds with each class spread evenly (shuffled per class by ``seed``). Not
    sklearn's StratifiedKFold (bench.opinion's): these are the folds the decisions in docs/lexicon.md were taken
    on, so that their figures reproduce."""
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for cls in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == cls]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(i)
    return folds


def unlabelled_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` sentences of 6 to 60 words drawn (``random.Random(seed)``) from the BASIL and ECB+ articles."""
    import json

    from counterpoint.segment import split_offsets

    bodies = []
    for path in sorted((SHARED / "data/stories/basil/articles").glob("*/*.json")):
        paras = json.loads(path.read_text(encoding="utf-8")).get("body-paragraphs") or []
        bodies.append("\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras))
    for path in sorted((SHARED / "data/stories/ecbplus/docs").glob("*.txt")):
        bodies.append("\n".join(path.read_text(encoding="utf-8").splitlines()[2:]))
    pool = sorted({body[a:b] for body in bodies for a, b in split_offsets(body) if 6 <= len(body[a:b].split()) <= 60})
    return random.Random(seed).sample(pool, min(n, len(pool)))


def probabilities(train_texts: list[str], train_labels: list[int], texts: Sequence[list[str]],
                  seed: int) -> list[list[float]]:
    """P(opinion) of each list of ``texts`` from a model trained with ``seed``, by the shipped code."""
    from counterpoint import opinion_finetuned, opinion_training

    lexicon = loaded.load_lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        path = opinion_training.train(train_texts, train_labels, Path(tmp) / "model",
                                      config=opinion_training.TrainingConfig(seed=seed))
        impl = opinion_finetuned.FinetunedOpinion(model=opinion_finetuned.load_model(path))
        return [[p for _, _, p in impl.label_sentences(t, [opinion.sentence_quote_ranges(x) for x in t],
                                                       lexicon=lexicon)] for t in texts]


def main(argv: Iterable[str] | None = None) -> int:
    from counterpoint.opinion_finetuned import require_torch
    from counterpoint.opinion_training import macro_f1

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="0,1,2", help="comma-separated training seeds (default 0,1,2)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--pseudo", type=int, default=0, help="unlabelled sentences for the self-training variant")
    ap.add_argument("--confidence", type=float, default=0.9)
    args = ap.parse_args(list(argv) if argv is not None else None)
    seeds = [int(s) for s in args.seeds.split(",")]
    if (code := missing_data(DATA)) is not None:
        return code
    require_torch()
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    texts, labels = load("train")
    pool = unlabelled_sentences(args.pseudo) if args.pseudo else []
    names = [f"seed {s}" for s in seeds] + (["ensemble"] if len(seeds) > 1 else [])
    names += [f"seed {s} + pseudo" for s in seeds] if pool else []
    scores: dict[str, list[float]] = {n: [] for n in names}
    print(f"{COMMAND} --seeds {args.seeds} --folds {args.folds} --pseudo {args.pseudo} --confidence "
          f"{args.confidence}: {len(texts)} train sentences, {len(pool)} unlabelled", flush=True)
    folds = stratified_folds(labels, args.folds)
    for k, held in enumerate(folds):
        t0 = time.perf_counter()
        # the other folds in fold order: the order of training sentences is part of what a seed fixes
        rest = [i for j, fold in enumerate(folds) if j != k for i in fold]
        gold = [labels[i] for i in held]
        train_x, train_y, held_x = [texts[i] for i in rest], [labels[i] for i in rest], [texts[i] for i in held]
        probs = []
        for s in seeds:
            p_held, p_pool = probabilities(train_x, train_y, [held_x, pool], s)
            probs.append(p_held)
            scores[f"seed {s}"].append(macro_f1(gold, [int(v >= 0.5) for v in p_held]))
            if pool:
                sure = [(t, int(p >= 0.5)) for t, p in zip(pool, p_pool, strict=True)
                        if p >= args.confidence or p <= 1 - args.confidence]
                print(f"  seed {s}: {len(sure)} sure pseudo-labels, {sum(y for _, y in sure)} opinion", flush=True)
                (p_student,) = probabilities(train_x + [t for t, _ in sure], train_y + [y for _, y in sure],
                                             [held_x], s)
                scores[f"seed {s} + pseudo"].append(macro_f1(gold, [int(v >= 0.5) for v in p_student]))
        if len(seeds) > 1:
            mean_p = [statistics.fmean(v) for v in zip(*probs, strict=True)]
            scores["ensemble"].append(macro_f1(gold, [int(v >= 0.5) for v in mean_p]))
        print(f"fold {k}: " + ", ".join(f"{n} {scores[n][-1]:.4f}" for n in names)
              + f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    print("\n" + table(["model", *(f"fold {k}" for k in range(args.folds)), "mean"],
                       [[n, *(f"{v:.3f}" for v in scores[n]), f"{statistics.fmean(scores[n]):.3f}"] for n in names]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
