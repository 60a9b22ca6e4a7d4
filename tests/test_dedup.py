"""Near-duplicate detection: syndicated variants are linked, different articles on one story are not."""

from __future__ import annotations

import csv
import itertools
import json
import random
from pathlib import Path

import pytest

from counterpoint import dedup
from counterpoint.dedup import NearDuplicateIndex, fingerprint, groups, normalise, shingles
from counterpoint.store import Store

WIRE = [
    "Firefighters battled a fire at the Riverside chemical plant for six hours on Tuesday before bringing it "
    "under control, the county fire service said.",
    "Around 400 residents living within two kilometres of the site were told to keep their windows closed while "
    "crews pumped foam onto a burning storage tank.",
    "Plant manager Elena Novak said the blaze started in a maintenance shed and spread to the tank farm, "
    "adding that all 58 workers on shift had been accounted for.",
    "Three firefighters were treated for smoke inhalation at St Mary's Hospital and released later the same "
    "evening, according to a hospital spokesman.",
    "The Environment Agency has opened an investigation and will test water samples from the river downstream "
    "of the plant over the coming week.",
    "Local councillor Tom Barker called for a full public inquiry into safety at the plant, which was fined in "
    "2019 for failing to report a smaller leak.",
    "The company said production would stay suspended until inspectors had checked every building on the site.",
]
BASE = "\n".join(WIRE)

# Different reporting of the same event: same facts and names, independently written.
OTHER = "\n".join(
    [
        "A six-hour blaze at a chemical works on the edge of Riverside sent a column of black smoke over the "
        "town on Tuesday and forced hundreds of people to stay indoors.",
        "Residents described hearing a series of bangs shortly after lunch. 'The whole sky went dark,' said "
        "Maria Lopez, who lives on Mill Lane.",
        "The operator's manager, Elena Novak, told reporters the fire had begun in a shed used for maintenance; "
        "no staff were hurt, she said.",
        "Councillor Tom Barker said the site had a troubled record and demanded that ministers order an inquiry.",
        "Investigators from the Environment Agency were on site by the evening, taking samples from the river.",
    ]
)


def reprint(text: str) -> str:
    paras = text.split("\n")
    del paras[3]
    return "\n".join(
        ["Chemical plant fire brought under control after six hours", "By Wire Staff | Updated 16:05", *paras,
         "Follow us on Twitter for the latest news.", "Copyright 2024 The Example Post. All rights reserved."]
    )


def restyled(text: str) -> str:
    """Word for word the same text: curly quotes, different case and line wrapping."""
    return text.replace("'", "\u2019").upper().replace("\n", "\n\n")


def test_normalise_drops_case_punctuation_and_layout() -> None:
    assert normalise("The  Mayor's \u201cplan\u201d,\nSAID: yes!") == ["the", "mayor", "s", "plan", "said", "yes"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [([], []), (["a", "b"], ["a b"]), (list("abcdef"), ["a b c d e", "b c d e f"])],
)
def test_shingles(words: list[str], expected: list[str]) -> None:
    assert shingles(words) == expected


def test_fingerprint_is_a_pure_function_of_the_text() -> None:
    a, b = fingerprint(BASE), fingerprint(BASE)
    assert (a.signature == b.signature).all() and a.bands == b.bands and a.exact_key == b.exact_key
    assert len(a.bands) == dedup.lsh_params(dedup.THRESHOLD, dedup.NUM_PERM)[0]


@pytest.mark.parametrize(
    ("variant", "kind", "low"),
    [(reprint, "near", 0.6), (restyled, "exact", 1.0)],
    ids=["reprint-headline-chrome-paragraph-cut", "restyled"],
)
def test_syndicated_variant_is_found(variant, kind: str, low: float) -> None:
    index = NearDuplicateIndex()
    assert index.add("base", BASE) == []
    assert index.add("other", OTHER) == []
    fp = index.fingerprint(variant(BASE))
    [match] = index.query(fp)
    assert match.article_id == "base" and match.kind == kind and match.similarity >= low


def test_different_article_on_the_same_story_is_not_linked() -> None:
    index = NearDuplicateIndex()
    index.add("base", BASE)
    assert index.add("other", OTHER) == []
    assert fingerprint(BASE).jaccard(fingerprint(OTHER).signature) < 0.1


def test_empty_text_matches_nothing() -> None:
    index = NearDuplicateIndex()
    index.add("a", "...")
    assert index.add("b", "!!!") == []


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.5])
def test_threshold_must_be_a_similarity(bad: float) -> None:
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=bad)


@pytest.mark.parametrize(
    ("ids", "links", "expected"),
    [
        (["a", "b", "c"], [], [{"a"}, {"b"}, {"c"}]),
        (["a", "b", "c"], [("c", "a")], [{"a", "c"}, {"b"}]),
        (["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("x", "d")], [{"a", "b", "c"}, {"d"}]),
    ],
)
def test_groups(ids: list[str], links: list[tuple[str, str]], expected: list[set[str]]) -> None:
    assert groups(ids, links) == expected


def test_index_in_the_store_survives_reopening(tmp_path: Path) -> None:
    """Buckets kept in SQLite: a new process (a new connection) still finds copies of what was indexed."""
    from counterpoint.model import Article, article_id

    db = tmp_path / "c.db"
    with Store.open(db) as store, store.transaction():
        art = Article(article_id(BASE), "base.txt", BASE)
        store.insert_article(art, at="t")
        NearDuplicateIndex(buckets=store).insert(art.id, fingerprint(BASE))
    with Store.open(db, readonly=True) as store:
        [match] = NearDuplicateIndex(buckets=store).query(fingerprint(reprint(BASE)))
        assert match.article_id == article_id(BASE)


# --- calibration on public data (the figures in dedup.THRESHOLD's comment) -----------------------------------


def _bodies(shared: Path) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Paragraph lists of BASIL and ECB+ articles, and pairs of different articles on one story."""
    bodies: dict[str, list[str]] = {}
    triplets: dict[str, list[str]] = {}
    for f in sorted((shared / "data/stories/basil/articles").rglob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        bodies[f.name] = [" ".join(p) for p in d["body-paragraphs"] if p]
        triplets.setdefault(d["triplet-uuid"], []).append(f.name)
    rows = (shared / "data/stories/ecbplus/labels.csv").read_text(encoding="utf-8").splitlines()
    labels = {r["file"]: r["story"] for r in csv.DictReader(rows)}
    topics: dict[str, dict[str, list[str]]] = {}
    for f in sorted((shared / "data/stories/ecbplus/docs").glob("*.txt")):
        lines = [x for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        bodies[f.name] = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
        story = labels.get(f.name)
        if story:
            topics.setdefault(story[:-1], {}).setdefault(story[-1], []).append(f.name)
    pairs = [p for names in triplets.values() for p in itertools.combinations(names, 2)]
    pairs += [(a, b) for t in topics.values() for a in t.get("a", []) for b in t.get("b", [])]
    return bodies, pairs


@pytest.mark.shared
def test_calibration_on_shared_data(shared_dir: Path) -> None:
    bodies, pairs = _bodies(shared_dir)
    rng = random.Random(7)
    long = [k for k, v in bodies.items() if len(" ".join(v).split()) > 150]
    found = 0
    bases = rng.sample(long, 60)
    for name in bases:
        paras = list(bodies[name])
        if len(paras) > 2:
            del paras[rng.randrange(1, len(paras))]
        variant = "\n".join(["A new headline", "By Wire Staff", *paras, "Follow us for more news."])
        found += fingerprint("\n".join(bodies[name])).jaccard(fingerprint(variant).signature) >= dedup.THRESHOLD
    assert found / len(bases) >= 0.9
    worst = max(
        fingerprint("\n".join(bodies[a])).jaccard(fingerprint("\n".join(bodies[b])).signature)
        for a, b in rng.sample(pairs, 600)
    )
    assert worst < dedup.THRESHOLD - 0.1
