"""Corpus ingest at scale: throughput (articles/s) and peak memory of ingest + dedup + story clustering.

Sets of 1k / 10k / 100k text articles are made from the public articles in ../shared (ECB+ documents, BASIL
bodies, PolNeAR texts; never copied into the repo) by a fixed-seed method:

- each synthetic article takes 5 paragraphs drawn from 3 random base articles, in random order, and every number
  in it is shifted by a per-article offset, so articles are distinct texts (pairwise word 5-shingle Jaccard
  mostly under 0.1) about mixed topics;
- every 10th article is instead a syndicated copy of one of the last 1,000 (a new headline, one paragraph cut, an
  outlet footer), so the near-duplicate path is exercised at a realistic 10 % rate;
- ``--dates stream`` (the default) dates them like a news stream: 2,000 articles a day in arrival order from
  2024-01-01, one in 20 dated a day or two earlier (late arrivals); ``--dates none`` leaves them undated, so
  only the story index's arrival-order window (``StoryParams.idle_articles``) closes stories.

The set is generated as it is written (only the last 1,000 texts are held), so the peak RSS is the ingest's.

Each size runs in its own subprocess (so ``ru_maxrss`` is that size's peak) that writes the set as JSONL to a
temp folder and ingests it into a fresh corpus with :meth:`Corpus.ingest`-equivalent stages, timing separately
the per-article stages (read + extract + :func:`prepare`) and the corpus write (dedup lookup, story index,
transactions grouped as in :meth:`Corpus.ingest`). ``--workers 2`` runs the per-article stages in two processes, as ``Corpus.ingest(workers=2)``.

    .venv/bin/python -m bench.scale [--sizes 1000,10000,100000] [--workers 1] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from bench._report import missing_data, table, write_section

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_NUM = re.compile(r"\d+")


def base_paragraphs() -> list[list[str]]:
    """Paragraphs of every public article: one list per article."""
    out: list[list[str]] = []
    for f in sorted((SHARED / "data/stories/ecbplus/docs").glob("*.txt")):
        lines = [x for x in f.read_text(encoding="utf-8").splitlines()[2:] if x.strip()]
        out.append([" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)])
    for f in sorted((SHARED / "data/stories/basil/articles").rglob("*.json")):
        out.append([" ".join(p) for p in json.loads(f.read_text(encoding="utf-8"))["body-paragraphs"] if p])
    for f in sorted((SHARED / "data/quotes/polnear").rglob("text/*.txt")):
        out.append([p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()])
    return [a for a in out if len(a) >= 2]


# A big crawl's daily volume; about 5 % of articles reach a crawler a day or two after their date.
PER_DAY = 2000
LATE_SHARE = 0.05
RECENT = 1000  # syndicated copies are of recent articles
DAY0 = date(2024, 1, 1).toordinal()


def _shifted(shift: int, m: re.Match[str]) -> str:
    return str(int(m.group()) + shift)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


def synthetic(n: int, seed: int = 1, *, dated: bool = False) -> Iterator[dict[str, str]]:
    bases = base_paragraphs()
    rng = random.Random(seed)
    records: deque[dict[str, str]] = deque(maxlen=RECENT)
    for i in range(n):
        if i % 10 == 9 and records:
            src = records[rng.randrange(len(records))]["text"].split("\n\n")
            if len(src) > 2:
                del src[rng.randrange(1, len(src))]
            text = "\n\n".join(["Reprinted: " + src[0][:60], *src, "(c) Example Wire. All rights reserved."])
        else:
            paras = [p for b in rng.sample(bases, 3) for p in b]
            picked = rng.sample(paras, min(5, len(paras)))
            shift = rng.randint(1, 997)
            text = "\n\n".join(_NUM.sub(partial(_shifted, shift), p) for p in picked)
        rec = {"id": str(i), "text": text, "outlet": f"Outlet {i % 37}"}
        if dated:
            late = rng.choice((1, 2)) if rng.random() < LATE_SHARE else 0
            rec["published"] = date.fromordinal(max(DAY0, DAY0 + i // PER_DAY - late)).isoformat()
        records.append(rec)
        yield rec


def child(size: int, workers: int, dated: bool) -> dict[str, Any]:
    # datasketch is imported before the clock, as it was when counterpoint.dedup imported it at the top
    import datasketch  # noqa: F401

    from counterpoint import dedup
    from counterpoint.corpus import Corpus, iter_inputs
    from counterpoint.prepare import ordered_map, process

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "set.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for rec in synthetic(size, dated=dated):
                fh.write(json.dumps(rec) + "\n")
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        corpus = Corpus.open(Path(tmp) / "c.db")
        stage_s = write_s = 0.0
        new = near = failed = 0
        start = time.perf_counter()
        cpu0 = time.process_time()
        dedup.warm(**corpus.dedup_params)  # as Corpus.ingest does, before the workers start
        last = start

        stage = partial(process, **corpus.dedup_params)
        store = corpus.store
        # As Corpus.ingest: articles committed in groups (every 64 or 0.2 s), and when the input stalls.
        trace: list[float] = []  # RSS at each tenth of the stream: flat memory shows as a flat trace
        with store.group():
            stream = ordered_map(stage, iter_inputs([str(jsonl)]), workers, idle=lambda: None if store.commit_group() else None)
            for i, item in enumerate(stream, 1):
                got = time.perf_counter()
                stage_s += got - last
                if hasattr(item, "article"):
                    res = corpus.add_prepared(item)  # type: ignore[arg-type]
                    new += res.status == "new"
                    near += bool(res.near_duplicates)
                else:
                    failed += 1
                if store.group_due():
                    store.commit_group()
                if i % max(1, size // 10) == 0:
                    trace.append(_rss_mb())
                last = time.perf_counter()
                write_s += last - got
        corpus.checkpoint()
        total = time.perf_counter() - start
        # CPU is what a loaded shared machine does not distort: the writing process is the serial stage, so
        # 1000 / its ms per article bounds the throughput; total CPU / 2 cores bounds it too.
        main_cpu = time.process_time() - cpu0
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker processes, reaped by now
        worker_cpu = kids.ru_utime + kids.ru_stime
        stories = store.counts()["stories"]  # not corpus.stories(): that loads every membership
        live = corpus._story_index().live
        db_mb = (Path(tmp) / "c.db").stat().st_size / 1e6
        corpus.close()
    return {
        "size": size, "total_s": total, "stage_s": stage_s, "write_s": write_s, "new": new, "near": near,
        "failed": failed, "stories": stories, "live": live, "db_mb": db_mb, "main_cpu_s": main_cpu, "worker_cpu_s": worker_cpu,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": rss0 / 1024,
        "rss_trace_mb": trace,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dates", choices=["stream", "none"], default="stream",
                    help="date the articles like a news stream (default) or leave them undated")
    ap.add_argument("--child", type=int)
    # Measurements during development must not overwrite the committed figures in docs/benchmarks.md.
    ap.add_argument("--no-write", action="store_true", help="print the table; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    data = (SHARED / "data/stories/ecbplus/docs", SHARED / "data/stories/basil/articles", SHARED / "data/quotes/polnear")
    if (code := missing_data(*data)) is not None:
        return code
    if args.child:
        print(json.dumps(child(args.child, args.workers, args.dates == "stream")))
        return 0
    rows: list[list[object]] = []
    for size in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run(
            [sys.executable, "-m", "bench.scale", "--child", str(size), "--workers", str(args.workers),
             "--dates", args.dates],
            capture_output=True, text=True, check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        load = os.getloadavg()[1]  # 5-minute load average: other processes sharing the 2 cores
        print(r, f"load {load:.1f}", flush=True)
        n = r["size"]
        rows.append([
            f"{n:,}", f"{n / r['total_s']:.0f}", f"{r['total_s'] / n * 1000:.1f}",
            f"{r['stage_s'] / n * 1000:.1f}", f"{r['write_s'] / n * 1000:.2f}",
            f"{r['main_cpu_s'] / n * 1000:.2f}", f"{(r['main_cpu_s'] + r['worker_cpu_s']) / n * 1000:.2f}",
            f"{(r['main_cpu_s'] + r['worker_cpu_s']) / r['total_s']:.2f}",
            f"{r['maxrss_mb']:.0f}", f"{r['maxrss_mb'] - r['rss_before_mb']:.0f}",
            " / ".join(f"{r['rss_trace_mb'][k]:.0f}" for k in (0, 4, -1)),
            f"{r['near']:,}", f"{r['stories']:,}", f"{r['live']:,}", f"{r['db_mb']:.0f}", f"{load:.1f}",
        ])
    # With workers, the writer's time outside writes is its wait for their results, not the stages themselves.
    stage = "extract+prepare ms/article" if args.workers <= 1 else "writer waiting on the workers ms/article"
    body = table(
        ["articles", "articles/s", "s per 1k", stage, "write ms/article (dedup, "
         "stories, transaction)", "writing process CPU ms/article", "all processes CPU ms/article",
         "cores busy (all CPU / wall time)", "peak RSS MB",
         "RSS added by ingest MB", "RSS MB at 10 % / 50 % / 100 % of the stream", "near copies found", "stories", "stories live at the end", "DB MB",
         "load average (5 min)"],
        rows,
    )
    dates = ("dated like a news stream (2,000 a day, 5 % a day or two late)" if args.dates == "stream"
             else "undated")
    body += (
        f"\n\nWorkers for the per-article stages: {args.workers}. Sets: synthetic articles mixed from the public "
        "ECB+/BASIL/PolNeAR texts with shifted numbers, every 10th a syndicated copy of a recent one, "
        f"{dates} (see bench/scale.py). "
        "Throughput is bounded by CPU: 2 cores / all processes' CPU per article, and 1 / the writing process's "
        "CPU per article (the serial stage); cores busy tells how close a run came to the first bound, and a "
        "load average above 2 means other processes took part of the cores. "
        "Extract+prepare is dominated by extraction and sentence segmentation. "
        "Near copies found exceed the 10 % injected because mixed-paragraph articles sometimes share paragraphs."
    )
    cmd = f".venv/bin/python -m bench.scale --sizes {args.sizes}" + (
        f" --workers {args.workers}" if args.workers != 1 else ""
    ) + (" --dates none" if args.dates == "none" else "")
    if args.no_write:
        print(body)
        return 0
    write_section("scale", "Corpus ingest at scale", cmd, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
