"""Speed of `counterpoint compare` with the default (lexical) backend, and how it grows.

1. The bundled 5-article story end to end: the CLI in a fresh process (imports, extraction, comparison, JSON), and
   the comparison alone in a warm process (median of 5).
2. Growth: stories of 2-50 real articles (ECB+ news articles of one topic, then of several topics), timing
   ``compare`` warm, against the number of articles and of sentences.

    .venv/bin/python -m bench.compare_speed
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time

from bench._report import SHARED, table, write_section
from counterpoint.comparison import compare
from counterpoint.examples import example_paths
from counterpoint.model import Article, RawDocument
from counterpoint.pipeline import extract_one, read_articles, split_results

TARGET_S = 2.0


def cli_seconds(paths: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "counterpoint.cli", "compare", *paths, "--format", "json"],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def warm_seconds(articles: list[Article], runs: int = 5) -> float:
    compare(articles)  # warm-up: imports, lexicon and model loading
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        compare(articles)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ecb_articles(n: int) -> list[Article]:
    root = SHARED / "data" / "stories" / "ecbplus"
    with open(root / "labels.csv", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (int(r["topic"]), r["file"]))
    out: list[Article] = []
    for row in rows:
        art = extract_one(RawDocument(row["file"], (root / "docs" / row["file"]).read_text(encoding="utf-8"), "text"))
        if isinstance(art, Article) and len(art.sentences) >= 3:
            out.append(art)
        if len(out) == n:
            break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    paths = [str(p) for p in example_paths()]
    cli = statistics.median(cli_seconds(paths) for _ in range(3))
    example, _ = split_results(read_articles(paths))
    warm = warm_seconds(example)
    rows = [["bundled example (CLI, fresh process, incl. extraction)", len(example),
             sum(len(a.sentences) for a in example), f"{cli:.2f}"],
            ["bundled example (compare only, warm)", len(example), sum(len(a.sentences) for a in example),
             f"{warm:.2f}"]]
    growth = []
    if (SHARED / "data" / "stories" / "ecbplus").is_dir():
        pool = ecb_articles(50)
        for n in (2, 5, 10, 20, 50):
            arts = pool[:n]
            sents = sum(len(a.sentences) for a in arts)
            s = warm_seconds(arts, runs=3 if n < 50 else 1)
            growth.append([n, sents, f"{s:.2f}", f"{1000 * s / sents:.1f}"])
    body = (
        f"Target: a 5-article story end to end in <= {TARGET_S:.0f} s on 2 cores with the default backend.\n\n"
        + table(["case", "articles", "sentences", "seconds (median)"], rows)
        + "\n\nGrowth (ECB+ articles, warm `compare`):\n\n"
        + table(["articles", "sentences", "seconds", "ms per sentence"], growth)
        + "\n\nAlignment scores every cross-article sentence pair, so the cost grows with the square of the number"
        " of sentences; the per-article stages (quotes, numbers, opinion, loaded words) grow linearly."
    )
    print(body)
    if not args.no_write:
        write_section("compare_speed", "Comparison speed", ".venv/bin/python -m bench.compare_speed", body)
    return 0 if cli <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
