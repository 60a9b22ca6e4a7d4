"""Sentence-splitting equivalence and speed: counterpoint's fast path against pysbd's processor.

Run: ``.venv/bin/python -m bench.segment_equivalence`` (``--show N`` prints the first N differing paragraphs,
``--no-write`` skips docs/benchmarks.md, ``--repeat N`` times each path N times and keeps the best).
Takes about two minutes, nearly all of it in the reference path.

The reference splits every paragraph with pysbd's processor (``segment._pysbd_split``, falling back to
``Segmenter.segment`` as ``split_offsets`` does); the candidate is ``split_offsets(text)``, the path extraction
uses. Each document is split in the language counterpoint.language.detect_language gives it (as
extract_article does; English when undetected), so other languages' pysbd rules are compared too. A document
"differs" when any sentence offset differs. Both paths run over every text in ../shared: ECB+
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
from counterpoint.language import detect_language

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


def reference(text: str, language: str) -> Offsets:
    """Every paragraph through pysbd's own processor, sentences located with str.find (``_pysbd_split``)."""
    return segment._offsets(text, language, segment._processor_pieces)


def candidate(text: str, language: str) -> Offsets:
    return segment.split_offsets(text, language=language)


def timed(docs: list[tuple[str, str]], repeat: int) -> tuple[float, float, list[Offsets], list[Offsets]]:
    """Seconds for each path over all documents (per document, the best of ``repeat``) and their offsets.
    The two paths alternate document by document, and which goes first alternates, so that load from other
    processes on a shared machine falls on both alike."""
    ref_s = fast_s = 0.0
    refs: list[Offsets] = []
    gots: list[Offsets] = []
    for i, (text, lang) in enumerate(docs):
        best = {reference: float("inf"), candidate: float("inf")}
        out: dict[Callable[[str, str], Offsets], Offsets] = {}
        order = (reference, candidate) if i % 2 == 0 else (candidate, reference)
        for _ in range(repeat):
            for fn in order:
                t0 = time.perf_counter()
                out[fn] = fn(text, lang)
                best[fn] = min(best[fn], time.perf_counter() - t0)
        ref_s += best[reference]
        fast_s += best[candidate]
        refs.append(out[reference])
        gots.append(out[candidate])
    return ref_s, fast_s, refs, gots


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
    parser.add_argument("--repeat", type=int, default=2, help="time each path N times per document, keep the best")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    if (code := _report.missing_data(DATA)) is not None:
        return code

    docs = list(corpus())
    names = [n for n, _ in docs]
    texts = [t for _, t in docs]
    langs = [detect_language(t) or "en" for t in texts]
    n_chars = sum(len(t) for t in texts)
    ref_s, fast_s, refs, gots = timed(list(zip(texts, langs, strict=True)), args.repeat)

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
        f"{len(docs)} documents ({sum(lang != 'en' for lang in langs)} not English), {n_chars / 1e6:.2f} M characters, "
        f"{n_sents} sentences (pysbd processor).",
        "",
        "| corpus | documents | differing |",
        "|---|---:|---:|",
        *(f"| {g} | {n} | {d} |" for g, (n, d) in by_group.items()),
        f"| **all** | **{len(docs)}** | **{n_diff}** |",
        "",
        f"Time (per document the best of {args.repeat}, the two paths interleaved): pysbd processor on every "
        f"paragraph {ref_s:.2f} s, `split_offsets` "
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
