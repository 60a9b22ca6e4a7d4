"""Reporting vs opinion on CheckThat! 2023 task 2 (English): macro-F1 of SUBJ (= opinion) / OBJ (= reporting).

    .venv/bin/python -m bench.opinion             # evaluate the packaged model on dev, write docs/benchmarks.md
    .venv/bin/python -m bench.opinion --train     # refit src/counterpoint/data/opinion_model.json on train only

The TSVs have four tab-separated columns: sentence id, sentence, SUBJ|OBJ, and a flag for labels settled by
adjudication. The data is CC BY-NC-SA: it is read from ../shared, never copied; only the fitted weights (one number
per interpretable feature) are shipped.

CheckThat sentences come without quote spans, so :func:`quoted_ranges` finds attributed direct quotes inside one
sentence the simple way (quote marks plus a reporting verb, or a quote of five words or more); the pipeline passes
the spans of the quotes stage instead. Training and evaluation use the same finder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from counterpoint import loaded, opinion

from ._report import ROOT, SHARED, table, write_section

DATA = SHARED / "data" / "opinion" / "checkthat2023-en"
MODEL_OUT = ROOT / "src" / "counterpoint" / "data" / "opinion_model.json"
COMMAND = ".venv/bin/python -m bench.opinion"

# Pinned gate: dev macro-F1 of the packaged model was 0.682 when this floor was set; the floor sits 0.02 below so
# that a lexicon edit that costs a sentence or two passes, and one that costs more needs --allow-lower.
FLOOR = 0.66
TARGET = 0.75  # the project's goal; the best CheckThat 2023 system (fine-tuned transformer) scored 0.78 on test

# L2 strength of the logistic fit. 5-fold CV on train, C in {0.03, 0.1, 0.3, 1, 3}: 1 was best (macro-F1 0.689).
C = 1.0

_QUOTE = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
_LONG_QUOTE_WORDS = 5  # shorter quotes with no reporting verb are usually scare quotes, the outlet's own words


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Attributed direct quotes in one sentence: quote marks plus a reporting verb outside them, or a long quote."""
    out = []
    for m in _QUOTE.finditer(text):
        rest = text[: m.start()] + " " + text[m.end() :]
        if len(m.group().split()) >= _LONG_QUOTE_WORDS or opinion._ATTRIBUTION.search(rest):
            out.append((m.start(), m.end()))
    return out


def load(split: str) -> tuple[list[str], list[int]]:
    """Sentences and labels (1 = SUBJ/opinion) of ``train`` or ``dev``."""
    texts, labels = [], []
    with open(DATA / f"{split}_en.tsv", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or cols[2] not in ("SUBJ", "OBJ"):
                continue
            texts.append(cols[1])
            labels.append(1 if cols[2] == "SUBJ" else 0)
    return texts, labels


def train() -> None:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts, y = load("train")
    feats = [opinion.features(t, quoted=quoted_ranges(t)) for t in texts]
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    # balanced weights: train is 36% SUBJ, articles in the wild vary, so neither class is favoured by its prior
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    cv = cross_val_predict(lr, x, np.array(y), cv=StratifiedKFold(5, shuffle=True, random_state=0))
    lr.fit(x, np.array(y))
    model = opinion.OpinionModel(
        bias=float(lr.intercept_[0]),
        weights={name: float(w) for name, w in zip(vec.feature_names_, lr.coef_[0], strict=True)},
        threshold=0.5,
        about={
            "fitted_by": "python -m bench.opinion --train",
            "fitted_on": "CheckThat! 2023 task 2 English train split (830 sentences; CC BY-NC-SA 4.0)",
            "method": f"logistic regression, L2, C={C}, class_weight=balanced; features = counterpoint.opinion.features",
            "train_cv_macro_f1": round(float(f1_score(y, cv, average="macro")), 4),
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "note": "weights only: no sentence of the training data is stored here; see docs/lexicon.md",
        },
    )
    MODEL_OUT.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_OUT.relative_to(ROOT)}: {len(model.weights)} weights, train 5-fold CV macro-F1 "
          f"{model.about['train_cv_macro_f1']}")


def _prf(gold: list[int], pred: list[int], cls: int) -> tuple[float, float, float]:
    tp = sum(g == cls and p == cls for g, p in zip(gold, pred, strict=True))
    fp = sum(g != cls and p == cls for g, p in zip(gold, pred, strict=True))
    fn = sum(g == cls and p != cls for g, p in zip(gold, pred, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def evaluate(allow_lower: bool) -> int:
    t0 = time.perf_counter()
    model = opinion.load_model()
    lexicon = loaded.load_lexicon()
    load_s = time.perf_counter() - t0

    texts, gold = load("dev")
    spans = [quoted_ranges(t) for t in texts]
    pred = [
        int(opinion.label_sentence(t, quoted=q, model=model, lexicon=lexicon)[0] == opinion.OPINION)
        for t, q in zip(texts, spans, strict=True)
    ]
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t, q in zip(texts, spans, strict=True):
            opinion.label_sentence(t, quoted=q, model=model, lexicon=lexicon)
    per_s = rounds * len(texts) / (time.perf_counter() - t0)

    subj, obj = _prf(gold, pred, 1), _prf(gold, pred, 0)
    macro = (subj[2] + obj[2]) / 2
    with_reason = sum(
        bool(opinion.label_sentence(t, quoted=q, model=model, lexicon=lexicon)[1])
        for t, q, p in zip(texts, spans, pred, strict=True) if p
    )
    rows = [
        ["SUBJ (opinion)", f"{subj[0]:.3f}", f"{subj[1]:.3f}", f"{subj[2]:.3f}", sum(gold)],
        ["OBJ (reporting)", f"{obj[0]:.3f}", f"{obj[1]:.3f}", f"{obj[2]:.3f}", len(gold) - sum(gold)],
    ]
    gate = "pass" if macro >= FLOOR else ("below floor (allowed by --allow-lower)" if allow_lower else "FAIL")
    body = "\n".join([
        "CheckThat! 2023 task 2, English: weights fitted on train only (`--train`), scored on dev "
        f"({len(texts)} sentences). Interpretable cues + logistic weights; no model download, no GPU.",
        "",
        table(["class", "precision", "recall", "F1", "gold"], rows),
        "",
        f"- **macro-F1 {macro:.3f}** (floor {FLOOR}, gate: {gate}; project target {TARGET}: "
        f"{'met' if macro >= TARGET else 'not met'}; best 2023 system, a fine-tuned transformer: 0.78 on test)",
        f"- train 5-fold CV macro-F1 recorded in the model file: {model.about.get('train_cv_macro_f1', 'n/a')}",
        f"- opinion labels carrying at least one reason: {with_reason}/{sum(pred)}",
        f"- speed: {per_s:,.0f} sentences/s (label_sentence, one core); loading model + lexicon {load_s * 1000:.0f} ms",
    ])
    print(body)
    write_section("opinion", "Reporting vs opinion (CheckThat! 2023 dev)", COMMAND, body)
    return 0 if macro >= FLOOR or allow_lower else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.opinion", description=__doc__.split("\n")[0])
    ap.add_argument("--train", action="store_true", help="refit the packaged weights on the train split")
    ap.add_argument("--allow-lower", action="store_true", help="do not fail when macro-F1 is under the pinned floor")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} is not present", file=sys.stderr)
        return 0
    if args.train:
        train()
        return 0
    return evaluate(args.allow_lower)


if __name__ == "__main__":
    sys.exit(main())
