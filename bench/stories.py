"""Story clustering quality (B-cubed) on ECB+ and BASIL, and add() cost as the index grows.

Run: ``.venv/bin/python -m bench.stories`` (``--sweep`` prints the calibration grid on ECB+ odd topics;
``--allow-lower`` accepts figures under the pinned floors; ``--no-write`` skips docs/benchmarks.md;
``--idf-refresh R`` overrides :attr:`StoryParams.idf_refresh`, 0 for the IDF of everything seen before each article;
``--window-days D``, ``--late-window-days D`` and ``--late-threshold T`` override the time window's parameters).

Articles are ingested from their files with no labels: through ``counterpoint.extract`` when it exists, else built
directly from text, title and date (the output says which). ECB+ (../shared/data/stories/ecbplus): each file is
one article, sentences on lines; ECB+ files start with a URL line and a headline, ECB files have neither. Built
directly, they have no publication date, so the time window never applies and clustering is on content alone;
through counterpoint.extract about 100 ECB+ files get a date from their dateline, and the 7-day window then keeps
late follow-ups (weeks or months after) out of their event's story, which costs recall against ECB+'s labels.
Gold story = ``<topic>a`` / ``<topic>b`` from labels.csv, read only to score. Parameters were tuned on the odd
topics only; even topics are the held-out check. BASIL (../shared/data/stories/basil/articles): title, date and
body paragraphs from each JSON; gold story = ``triplet-uuid``.

Two modes: ``incremental`` adds articles one by one (in date-then-id order, IDF from what has been seen so far),
``batch`` is :func:`counterpoint.stories.cluster` (IDF of the whole collection first, same order).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from counterpoint.model import Article, RawDocument, article_id
from counterpoint.stories import StoryIndex
from counterpoint.story_features import StoryFeatures, features
from counterpoint.story_metrics import bcubed
from counterpoint.story_params import StoryParams

from . import _report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ECB = SHARED / "data" / "stories" / "ecbplus"
BASIL = SHARED / "data" / "stories" / "basil" / "articles"
COMMAND = ".venv/bin/python -m bench.stories"

# Pinned floors (B-cubed F1, batch mode), a little under the figures through counterpoint.extract (ECB+ all
# 0.857, odd 0.874, even 0.859, BASIL 0.984; direct ingest, undated, scores 0.896 / 0.901 / 0.887 / 0.984). ECB+
# all is pinned at its target. Lowering one needs --allow-lower and a reason in the commit.
FLOORS = {"ecb+ all": 0.85, "ecb+ odd (tuning)": 0.85, "ecb+ even (held out)": 0.85, "basil": 0.97}

Labelled = list[tuple[Article, str]]
HAS_EXTRACT = importlib.util.find_spec("counterpoint.extract") is not None
# "extract" (through counterpoint.extract), "direct" (Article from text, title, date), "auto" (extract if present)
INGEST = {"mode": "auto"}
EXTRACTION_FAILURES: list[str] = []


def _use_extract() -> bool:
    return INGEST["mode"] == "extract" or (INGEST["mode"] == "auto" and HAS_EXTRACT)


def _build(source: str, text: str, title: str | None, published: date | None, url: str | None) -> Article:
    if _use_extract():
        from counterpoint import extract  # type: ignore[attr-defined,unused-ignore]
        from counterpoint.errors import CounterpointError

        meta = {"title": title, "published": published.isoformat() if published else None, "url": url}
        try:
            art: Article = extract.extract_article(
                RawDocument(source, text, "text", url=url, meta={k: v for k, v in meta.items() if v})
            )
            return art
        except CounterpointError as err:  # kept, built directly, and counted in the output
            EXTRACTION_FAILURES.append(f"{source}: {err.reason}")
    return Article(id=article_id(text), source=source, text=text, title=title, published=published, url=url,
                   language="en")


def ingest_mode() -> str:
    if not _use_extract():
        return "Articles built directly from text, title and date (no counterpoint.extract)"
    failed = sorted(set(EXTRACTION_FAILURES))
    note = f"; {len(failed)} files it rejected were built directly" if failed else ""
    return f"counterpoint.extract.extract_article{note}"


def load_ecbplus(root: Path = ECB, topics: Callable[[int], bool] = lambda _t: True) -> Labelled:
    gold: dict[str, tuple[int, str]] = {}
    with open(root / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            gold[row["file"]] = (int(row["topic"]), row["story"])
    out: Labelled = []
    for name in sorted(gold):
        topic, story = gold[name]
        if not topics(topic):
            continue
        lines = [ln.strip() for ln in (root / "docs" / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
        url = title = None
        if lines and lines[0].startswith("http"):
            url = lines[0].replace(" ", "")
            title = lines[1] if len(lines) > 1 else None
            lines = lines[2:]
        out.append((_build(f"ecbplus/{name}", "\n".join(lines), title, None, url), story))
    return out


def load_basil(root: Path = BASIL) -> Labelled:
    out: Labelled = []
    for path in sorted(root.glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paras = d.get("body-paragraphs") or []
        text = "\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        published = date.fromisoformat(d["date"]) if d.get("date") else None
        out.append((_build(f"basil/{path.parent.name}/{path.name}", text, d.get("title"), published, d.get("url")),
                    d["triplet-uuid"]))
    return out


def _pairs(data: Labelled) -> list[tuple[str, StoryFeatures]]:
    return [(a.id, features(a)) for a, _ in data]


def run(data: Labelled, params: StoryParams, mode: str,
        feats: list[tuple[str, StoryFeatures]] | None = None) -> tuple[float, float, float, int]:
    gold = {a.id: g for a, g in data}
    pairs = feats if feats is not None else _pairs(data)
    if mode == "batch":
        stories = StoryIndex.rebuild(pairs, params).stories()
    else:
        index = StoryIndex(params)
        for aid, f in sorted(pairs, key=lambda p: (p[1].published is None, p[1].published or "", p[0])):
            index.add(aid, f)
        stories = index.stories()
    p, r, f1 = bcubed(stories, gold)
    return p, r, f1, len(stories)


def _check_ids(name: str, data: Labelled) -> Labelled:
    seen: dict[str, str] = {}
    out: Labelled = []
    for a, g in data:
        if a.id in seen:
            print(f"  {name}: {a.source} has the same text as an earlier file; kept once", file=sys.stderr)
            continue
        seen[a.id] = g
        out.append((a, g))
    return out


def sweep(data: Labelled) -> None:
    pairs = _pairs(data)
    rows = []
    for yc in (1.0, 0.8, 0.7, 0.6):
        for nw in (0.35, 0.4, 0.5):
            for th in (0.17, 0.2, 0.22, 0.25, 0.3):
                params = replace(StoryParams(), year_conflict=yc, name_weight=nw, threshold=th)
                fb = run(data, params, "batch", pairs)
                fi = run(data, params, "incremental", pairs)
                rows.append((yc, nw, th, fb[2], fi[2], fb[3]))
    rows.sort(key=lambda r: -(r[3] + r[4]))
    print("year_conflict name_w threshold  F1_batch F1_incr stories")
    for r in rows:
        print(f"{r[0]:6} {r[1]:8} {r[2]:9}  {r[3]:.4f}  {r[4]:.4f}  {r[5]}")


def _synthetic(n: int, seed: int = 7) -> list[tuple[str, StoryFeatures]]:
    """n articles in stories of about 4, over a Zipf-like vocabulary, dated over n/100 days: enough structure to
    exercise the candidate index like a news stream."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(50_000)]
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    out = []
    day0 = date(2020, 1, 1).toordinal()
    n_stories = max(1, n // 4)
    story_terms = [rng.sample(vocab[2000:], 12) for _ in range(n_stories)]
    story_names = [[f"name{rng.randrange(10 * n_stories)}" for _ in range(3)] for _ in range(n_stories)]
    for i in range(n):
        s = rng.randrange(n_stories)
        words: dict[str, int] = defaultdict(int)
        for w in rng.choices(vocab, weights, k=150) + rng.sample(story_terms[s], 8):
            words[w] += 1
        names = {nm: 1 for nm in story_names[s]}
        published = date.fromordinal(day0 + (s * 100 // max(1, n_stories)) * n // 400 + rng.randrange(2))
        out.append((f"a{i:07d}", StoryFeatures(words=tuple(sorted(words.items())), names=tuple(sorted(names.items())),
                                               numbers=((str(s), 1),), published=published.isoformat())))
    out.sort(key=lambda p: (p[1].published or "", p[0]))
    return out


def scale(sizes: Sequence[int], params: StoryParams) -> list[list[object]]:
    """add() cost on synthetic streams of each size, and on the 1,000 mixed-paragraph articles of
    ``bench.scale`` (long articles, centroids that grow: the stream the corpus ingest benchmark sees). CPU
    seconds (``time.process_time``), so that other processes on the machine do not count."""
    rows: list[list[object]] = []
    streams: list[tuple[str, list[tuple[str, StoryFeatures]]]] = [(f"synthetic {n}", _synthetic(n)) for n in sizes]
    streams.append(("bench.scale 1000", _scale_set(1000)))
    for name, pairs in streams:
        index = StoryIndex(params)
        t0 = time.process_time()
        for aid, f in pairs:
            index.add(aid, f)
        dt = time.process_time() - t0
        rows.append([name, len(pairs), f"{dt:.1f}", f"{dt / len(pairs) * 1e3:.2f}", len(index.stories())])
    return rows


def _scale_set(n: int) -> list[tuple[str, StoryFeatures]]:
    """Features of the ``bench.scale`` articles, in its order, built directly (no extraction), ids unique."""
    from .scale import synthetic

    out: dict[str, StoryFeatures] = {}
    for rec in synthetic(n):
        aid = article_id(rec["text"])
        if aid not in out:
            out[aid] = features(Article(id=aid, source=rec["id"], text=rec["text"], language="en"))
    return list(out.items())


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="print the calibration grid on ECB+ odd topics and exit")
    ap.add_argument("--allow-lower", action="store_true", help="do not fail when a figure is under its floor")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--scale", type=int, nargs="*", default=[5_000, 20_000],
                    help="synthetic stream sizes for the add() cost check (empty to skip)")
    ap.add_argument("--ingest", choices=["auto", "extract", "direct"], default="auto",
                    help="build Articles through counterpoint.extract, directly, or extract when it exists")
    ap.add_argument("--idf-refresh", type=float, help="override StoryParams.idf_refresh (0: exact, slow)")
    ap.add_argument("--window-days", type=int, help="override StoryParams.window_days (the time window)")
    ap.add_argument("--late-window-days", type=int, help="override StoryParams.late_window_days")
    ap.add_argument("--late-threshold", type=float, help="override StoryParams.late_threshold")
    args = ap.parse_args(list(argv) if argv is not None else None)
    INGEST["mode"] = args.ingest
    if (code := _report.missing_data(ECB, BASIL)) is not None:
        return code
    if args.sweep:
        sweep(_check_ids("ecb+ odd", load_ecbplus(topics=lambda t: t % 2 == 1)))
        return 0

    params = StoryParams()
    if args.idf_refresh is not None:
        params = replace(params, idf_refresh=args.idf_refresh)
    for name in ("window_days", "late_window_days", "late_threshold"):
        if getattr(args, name) is not None:
            params = replace(params, **{name: getattr(args, name)})
    sets = {
        "ecb+ odd (tuning)": _check_ids("ecb+", load_ecbplus(topics=lambda t: t % 2 == 1)),
        "ecb+ even (held out)": _check_ids("ecb+", load_ecbplus(topics=lambda t: t % 2 == 0)),
        "ecb+ all": _check_ids("ecb+", load_ecbplus()),
        "basil": _check_ids("basil", load_basil()),
    }
    rows: list[list[object]] = []
    failures = []
    for name, data in sets.items():
        pairs = _pairs(data)
        gold_n = len(set(g for _, g in data))
        for mode in ("batch", "incremental"):
            p, r, f1, n_st = run(data, params, mode, pairs)
            rows.append([name, mode, len(data), gold_n, n_st, f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}",
                         FLOORS[name] if mode == "batch" else "—"])
            if mode == "batch" and f1 < FLOORS[name]:
                failures.append(f"{name}: F1 {f1:.3f} < floor {FLOORS[name]}")
    # Undated articles arrive in id order, and ids are content hashes: the order is arbitrary, so show how much
    # the result moves with it (incremental mode, seeded shuffles of ECB+ all).
    data = sets["ecb+ all"]
    pairs = _pairs(data)
    shuffled = []
    for seed in range(5):
        order = pairs[:]
        random.Random(seed).shuffle(order)
        index = StoryIndex(params)
        for aid, f in order:
            index.add(aid, f)
        shuffled.append(bcubed(index.stories(), {a.id: g for a, g in data})[2])
    order_note = (f"ECB+ all, incremental, 5 shuffled arrival orders: B³ F1 mean {sum(shuffled) / 5:.3f},"
                  f" min {min(shuffled):.3f}, max {max(shuffled):.3f}.")
    quality = _report.table(
        ["set", "mode", "articles", "gold stories", "found stories", "B³ P", "B³ R", "B³ F1", "floor"], rows)
    print(f"ingest: {ingest_mode()}")
    print(quality)
    print(order_note)
    body = (
        f"Ingest: {ingest_mode()}; no labels given (gold read only to score). Undated ECB+ files join on content"
        f" alone; dated ones (datelines found by extraction) only join stories within the {params.window_days}-day"
        f" window, or up to {params.late_window_days} days on a score of at least {params.late_threshold}; BASIL uses"
        " each JSON's date."
        f" Parameters: `{params}`; tuned on ECB+ odd topics (`{COMMAND} --sweep`).\n\n{quality}\n\n{order_note}\n"
    )
    if args.scale:
        srows = scale(args.scale, params)
        stable = _report.table(["stream", "articles", "add() CPU s", "ms per add", "stories"], srows)
        print(stable)
        body += ("\nadd() cost (CPU time) on synthetic streams (stories of ~4 over a 50k-word Zipf vocabulary, dated):"
                 " roughly constant per article means linear total; and on the 1,000 long mixed-paragraph articles"
                 " of `bench.scale`, undated, whose centroids grow (the corpus ingest stream).\n\n"
                 f"{stable}\n")
    if not args.no_write:
        _report.write_section("stories", "Stories found automatically (B-cubed)", COMMAND, body)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        if not args.allow_lower:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
