"""Article-body extraction quality and speed on the Zyte/scrapinghub article extraction benchmark.

Run: ``.venv/bin/python -m bench.extraction`` (``--allow-lower`` accepts an F1 under the pinned floor,
``--no-write`` skips docs/benchmarks.md, ``--limit N`` scores the first N pages only, ``--worst N`` lists the N
lowest-F1 pages, ``--sweep`` prints the trafilatura settings grid behind the choice in counterpoint.extract).

Data: ../shared/data/extraction/scrapinghub (181 pages, ``html/<id>.html.gz`` + ``ground-truth.json`` with the gold
``articleBody``). Metric: the benchmark's own (its evaluate.py): tokens are ``\\w+`` matches, shingles are 4-token
n-grams counted as a multiset; per page TP/FP/FN are normalised to sum to 1; precision is averaged over pages
with TP+FP > 0, recall over pages with TP+FN > 0, and F1 is the harmonic mean of the two averages. An extractor
that returns nothing for a page scores it with an empty prediction.

Side by side in one process, over the same pages: plain ``trafilatura.extract(html)`` (library defaults) and
counterpoint's ``extract_article`` on an HTML RawDocument (trafilatura as configured in counterpoint.extract, then
the text cleaner, language detection and sentence segmentation). The "extraction stage" column times
``extract_html`` + ``clean_text`` alone, i.e. everything but language detection and sentence segmentation. Calls
alternate which runs first on each page so neither side profits from warm caches. Each page is extracted
``--repeat`` times (default 3) by each system and its fastest time counts: the benchmark machine is shared, and a
single pass moved the speed ratio by ±0.05 between identical runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

from counterpoint.clean import clean_text
from counterpoint.errors import ExtractionError
from counterpoint.extract import extract_article, extract_html
from counterpoint.model import RawDocument

from . import _report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "extraction" / "scrapinghub"
COMMAND = ".venv/bin/python -m bench.extraction"

# Pinned floor for counterpoint's F1 (measured 0.964 when pinned). Lowering it needs --allow-lower and a reason.
F1_FLOOR = 0.96
# Bootstrap resamples for the ± (95% interval half-width), as the benchmark reports; fixed seed: stable docs.
N_BOOTSTRAP = 1000

_TOKEN = re.compile(r"\w+", re.UNICODE)
TpFpFn = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def match(true: str, pred: str) -> TpFpFn:
    """Normalised TP/FP/FN over 4-word shingles (the benchmark's ``string_shingle_matching``)."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(rows: list[TpFpFn]) -> dict[str, float]:
    p = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def bootstrap_ci(rows: list[TpFpFn], n: int = N_BOOTSTRAP, seed: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(n):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        for k, v in metrics(sample).items():
            samples.setdefault(k, []).append(v)
    return {k: 1.96 * statistics.stdev(v) for k, v in samples.items()}


def load_pages(limit: int | None = None) -> list[tuple[str, str, str, str | None]]:
    """(id, html, gold body, url) for every page of the benchmark, in id order."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    out = []
    for key in keys:
        with gzip.open(DATA / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as fh:
            out.append((key, fh.read(), truth[key].get("articleBody", ""), truth[key].get("url")))
    return out


def _trafilatura(key: str, html: str, url: str | None) -> str:
    return trafilatura.extract(html) or ""


def _counterpoint(key: str, html: str, url: str | None) -> str:
    try:
        return extract_article(RawDocument(key, html, "html", url=url)).text
    except ExtractionError:
        return ""


def _stage(key: str, html: str, url: str | None) -> str:
    try:
        page = extract_html(html, url=url, source=key)
    except ExtractionError:
        return ""
    return clean_text(page.text, title=page.title, captions=page.captions).body


SYSTEMS: dict[str, Callable[[str, str, str | None], str]] = {
    "trafilatura alone (defaults)": _trafilatura,
    "counterpoint extract_article": _counterpoint,
    "counterpoint extraction stage": _stage,
}


SWEEP: dict[str, dict[str, Any]] = {
    "defaults (comments on)": {},
    "include_comments=False": {"include_comments": False},
    "+ favor_recall": {"include_comments": False, "favor_recall": True},
    "+ favor_precision": {"include_comments": False, "favor_precision": True},
}


def sweep(limit: int | None) -> str:
    """trafilatura alone under each candidate setting (text only, before counterpoint's cleaner)."""
    pages = load_pages(limit)
    out: list[list[object]] = []
    for name, options in SWEEP.items():
        rows = [match(gold, trafilatura.extract(html, **options) or "") for _, html, gold, _ in pages]
        m = metrics(rows)
        out.append([name, f"{m['f1']:.4f}", f"{m['precision']:.4f}", f"{m['recall']:.4f}"])
    return _report.table(["trafilatura setting", "F1", "precision", "recall"], out)


def run(limit: int | None, repeat: int = 1) -> tuple[dict[str, list[TpFpFn]], dict[str, float], list[str]]:
    """Scores and seconds per system. Each page is extracted ``repeat`` times by every system, the systems taking
    turns (the order rotates); a page's time is its fastest run, so that a burst of load on the shared machine
    does not land on one side only."""
    pages = load_pages(limit)
    rows: dict[str, list[TpFpFn]] = {name: [] for name in SYSTEMS}
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    names = list(SYSTEMS)
    turn = 0
    for key, html, gold, url in pages:
        best = dict.fromkeys(names, float("inf"))
        preds: dict[str, str] = {}
        for _ in range(repeat):
            order = names[turn % len(names) :] + names[: turn % len(names)]  # rotate who goes first
            turn += 1
            for name in order:
                t0 = time.perf_counter()
                preds[name] = SYSTEMS[name](key, html, url)
                best[name] = min(best[name], time.perf_counter() - t0)
        for name in names:
            seconds[name] += best[name]
            rows[name].append(match(gold, preds[name]))
    return rows, seconds, [p[0] for p in pages]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--allow-lower", action="store_true", help="do not fail when F1 is under the pinned floor")
    ap.add_argument("--no-write", action="store_true", help="do not rewrite docs/benchmarks.md")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N pages (no doc update)")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where counterpoint scores lowest")
    ap.add_argument("--sweep", action="store_true", help="print the trafilatura settings grid and exit")
    ap.add_argument("--repeat", type=int, default=3, help="extract each page N times per system, keep the fastest")
    args = ap.parse_args(argv)
    if (code := _report.missing_data(DATA)) is not None:
        return code
    if args.sweep:
        print(sweep(args.limit))
        return 0

    rows, seconds, keys = run(args.limit, args.repeat)
    n = len(keys)
    base_speed = n / seconds["trafilatura alone (defaults)"]
    table_rows: list[list[object]] = []
    for name in SYSTEMS:
        m, ci = metrics(rows[name]), bootstrap_ci(rows[name])
        speed = n / seconds[name]
        table_rows.append([
            name, f"{m['f1']:.3f} ± {ci['f1']:.3f}", f"{m['precision']:.3f} ± {ci['precision']:.3f}",
            f"{m['recall']:.3f} ± {ci['recall']:.3f}", f"{speed:.1f}", f"{speed / base_speed:.2f}x",
        ])
    body = _report.table(["system", "F1", "precision", "recall", "pages/s", "speed vs trafilatura"], table_rows)
    cp = metrics(rows["counterpoint extract_article"])
    body += (
        f"\n\n{n} pages; pages/s from each page's fastest of {args.repeat} runs per system, the systems taking "
        f"turns. Pinned floor: counterpoint F1 >= {F1_FLOOR} (the bench exits 1 under it). "
        "\"extraction stage\" = HTML extraction + text cleaning, without language detection and sentence "
        "segmentation, which `extract_article` also does (about 2-3 ms a page: mostly the paragraphs that still "
        "need pysbd's rules; see bench.segment_equivalence)."
    )
    print(body)
    if args.worst:
        worst = sorted(range(n), key=lambda i: match_f1(rows["counterpoint extract_article"][i]))[: args.worst]
        for i in worst:
            tp, fp, fn = rows["counterpoint extract_article"][i]
            print(f"{keys[i]}  F1={match_f1((tp, fp, fn)):.3f}  extra={fp:.2f} missing={fn:.2f}")
    if not args.no_write and args.limit is None:
        _report.write_section("extraction", "Extraction (Zyte/scrapinghub article benchmark)", COMMAND, body)
    if cp["f1"] < F1_FLOOR and not args.allow_lower:
        print(f"FAIL: counterpoint F1 {cp['f1']:.4f} < floor {F1_FLOOR}", file=sys.stderr)
        return 1
    return 0


def match_f1(r: TpFpFn) -> float:
    p, rc = _precision(*r), _recall(*r)
    return 2 * p * rc / (p + rc) if p + rc else 0.0


if __name__ == "__main__":
    sys.exit(main())
