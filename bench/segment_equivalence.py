"""Sentence-splitting equivalence and speed: counterpoint's fast path against pysbd's processor.

Run: ``.venv/bin/python -m bench.segment_equivalence`` (``--show N`` prints the first N differing paragraphs,
``--no-write`` skips docs/benchmarks.md, ``--repeat N`` times each path N times and keeps the best).

The reference splits every paragraph with pysbd's processor (``segment._pysbd_split``, falling back to
``Segmenter.segment`` as ``split_offsets`` does); the candidate is ``split_offsets(text)``, the path extraction
uses. A document "differs" when any sentence offset differs. Both paths run over every text in ../shared: ECB+
docs, PolNeAR texts (train+dev), BASIL bodies (paragraphs on lines), the 181 scrapinghub pages extracted with
counterpoint.extract.extract_html + counterpoint.clean.clean_text, the seeds, and the bundled examples
(src/counterpoint/examples/*/*.txt).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from counterpoint import segment
from counterpoint.clean import clean_text
from counterpoint.errors import ExtractionError
from counterpoint.extract import extract_html

from . import _report

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
COMMAND = ".venv/bin/python -m bench.segment_equivalence"

Offsets = list[tuple[int, int]]


def corpus() -> Iterator[tuple[str, str]]:
    """``(name, text)`` for every document in ../shared and the bundled examples."""
    for path in sorted((DATA / "stories" / "ecbplus" / "docs").glob("*.txt")):
        yield f"ecbplus/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted((DATA / "quotes" / "polnear").glob("*/text/*.txt")):
        yield f"polnear/{path.parent.parent.name}/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted((DATA / "stories" / "basil" / "articles").glob("*/*.json")):
        paras = json.loads(path.read_text(encoding="utf-8")).get("body-paragraphs") or []
        yield f"basil/{path.parent.name}/{path.name}", "\n".join(" ".join(p) for p in paras)
    for path in sorted((DATA / "extraction" / "scrapinghub" / "html").glob("*.html.gz")):
        try:
            page = extract_html(gzip.decompress(path.read_bytes()), source=path.name)
        except ExtractionError:
            continue
        yield f"scrapinghub/{path.name}", clean_text(page.text, title=page.title, captions=page.captions).body
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "src" / "counterpoint" / "examples").glob("*/*.txt")):
        yield f"examples/{path.parent.name}/{path.name}", path.read_text(encoding="utf-8")


def reference(text: str) -> Offsets:
    """Every paragraph through pysbd's processor (what ``split_offsets`` did before any fast path)."""
    return segment._offsets(text, "en", segment._processor_pieces)


def candidate(text: str) -> Offsets:
    return segment.split_offsets(text)


def timed(fn: Callable[[str], Offsets], texts: list[str], repeat: int) -> tuple[float, list[Offsets]]:
    best = float("inf")
    out: list[Offsets] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = [fn(t) for t in texts]
        best = min(best, time.perf_counter() - t0)
    return best, out


def differing_paragraphs(text: str, ref: Offsets, got: Offsets) -> Iterator[tuple[str, list[str], list[str]]]:
    """The paragraphs (lines) where the two splits differ, with both sentence lists."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        r = [text[s:e] for s, e in ref if start <= s < end + 1]
        g = [text[s:e] for s, e in got if start <= s < end + 1]
        if r != g:
            yield line, r, g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=5, help="print up to N differing paragraphs")
    parser.add_argument("--repeat", type=int, default=3, help="time each path N times, keep the best")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"no shared data at {DATA}", file=sys.stderr)
        return 2

    docs = list(corpus())
    names = [n for n, _ in docs]
    texts = [t for _, t in docs]
    n_chars = sum(len(t) for t in texts)
    ref_s, refs = timed(reference, texts, args.repeat)
    fast_s, gots = timed(candidate, texts, args.repeat)

    by_group: dict[str, list[int]] = {}
    shown = 0
    for name, text, ref, got in zip(names, texts, refs, gots, strict=True):
        group = by_group.setdefault(name.split("/")[0], [0, 0])
        group[0] += 1
        if ref == got:
            continue
        group[1] += 1
        for para, r, g in differing_paragraphs(text, ref, got):
            if shown < args.show:
                shown += 1
                print(f"--- {name}\n{para}\n  pysbd: {r}\n  fast:  {g}")
    n_diff = sum(d for _, d in by_group.values())
    n_sents = sum(len(r) for r in refs)

    lines = [
        f"{len(docs)} documents, {n_chars / 1e6:.2f} M characters, {n_sents} sentences (pysbd processor).",
        "",
        "| corpus | documents | differing |",
        "|---|---:|---:|",
        *(f"| {g} | {n} | {d} |" for g, (n, d) in by_group.items()),
        f"| **all** | **{len(docs)}** | **{n_diff}** |",
        "",
        f"Time, best of {args.repeat}: pysbd processor on every paragraph {ref_s:.2f} s, `split_offsets` "
        f"{fast_s:.2f} s: **{ref_s / fast_s:.1f}x** faster ({1000 * fast_s / len(docs):.2f} ms per document).",
    ]
    print("\n".join(lines))
    if not args.no_write:
        _report.write_section(
            "segment_equivalence", "Sentence splitting: fast path = pysbd's processor", COMMAND, "\n".join(lines)
        )
    return 1 if n_diff else 0


if __name__ == "__main__":
    sys.exit(main())
