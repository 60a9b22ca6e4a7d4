"""Near-duplicate detection: syndicated variants are linked, different articles on one story are not."""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import random
import re
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- the fast fingerprint path is the reference computation, value for value ---------------------------------

# Pinned before fingerprint() computed MinHash itself (through datasketch's MinHash.update_batch over
# zlib.crc32 of each shingle string): sha1 of the signature bytes, sha1 of repr(bands), exact key.
GOLDEN_TEXTS = {
    "wire": BASE,
    "restyled": restyled(BASE),
    "accented": "Le président Macron a visité l’École — «très bien», a-t-il dit. ﬁn",
    "short": "Only three words",
    "empty": "...",
}


@pytest.mark.parametrize(
    ("name", "signature_sha", "bands_sha", "exact_key", "n_bands"),
    [
        ("wire", "b5a2e1e36bfb69f4", "7dd4e1dd40ee0c0d", "5a6049ab2841645a", 32),
        ("restyled", "b5a2e1e36bfb69f4", "7dd4e1dd40ee0c0d", "5a6049ab2841645a", 32),
        ("accented", "94cb9259128314e4", "dd23666a2a559494", "a57da24532ead11c", 32),
        ("short", "e2b644c98aaf547c", "38ab29c8eac7654a", "a71e64e4eea8c0e0", 32),
        ("empty", "9d0ac37bb3ec8c95", "f9065fa7389750e1", "da39a3ee5e6b4b0d", 0),
    ],
)
def test_fingerprint_golden(name: str, signature_sha: str, bands_sha: str, exact_key: str, n_bands: int) -> None:
    fp = fingerprint(GOLDEN_TEXTS[name])
    assert fp.signature.dtype == np.uint32 and len(fp.signature) == dedup.NUM_PERM
    assert hashlib.sha1(fp.signature_bytes()).hexdigest()[:16] == signature_sha
    assert hashlib.sha1(repr(fp.bands).encode()).hexdigest()[:16] == bands_sha
    assert (fp.exact_key, len(fp.bands)) == (exact_key, n_bands)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii words, with punctuation; and_underscores 42x",
        "Curly \u201cquotes\u201d \u2014 dashes \u2013 and O\u2019Neil\u2019s \u2018single\u2019 \u00abguillemets\u00bb \u2022 \u00b7",
        "Accented: caf\u00e9 na\u00efve \u00c9COLE stra\u00dfe \u0130stanbul",
        "NFKC: \ufb01n \u00bd \u00b2 \u2163 \u00a0nbsp\u2026 \uff21\uff22",
        "control \x1c\x1d\x1e\x1f\x0b\x0c separators\u2028line\u2029para",
        "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \U0001f600 emoji",
    ],
)
def test_word_bytes_are_normalise_encoded(text: str) -> None:
    assert dedup._word_bytes(text) == [w.encode("utf-8") for w in normalise(text)]


_PIECES = st.sampled_from([
    "word", "Word", " ", "\n", "_", "1", ".", ",", "'", "\u2019", "\u201c", "\u201d", "\u2014", "\u2026", "\u00a0",
    "\u00e9", "\ufb01", "\u0130", "\u00df", "\x1c", "\u00b7", "-", "\t",
])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=30), st.text(max_size=20))
def test_word_bytes_are_normalise_encoded_fuzzed(pieces: list[str], noise: str) -> None:
    text = "".join(pieces) + noise
    assert dedup._word_bytes(text) == [w.encode("utf-8") for w in normalise(text)]


def test_blanked_punctuation_is_not_word_characters() -> None:
    assert not [c for c in dedup._NONWORD_PUNCTUATION if re.match(r"\w", c)]


@pytest.mark.parametrize("n_words", range(8))
@pytest.mark.parametrize("size", [1, 3, 5])
def test_shingle_hashes_are_crc32_of_the_shingles(n_words: int, size: int) -> None:
    words = ["alpha", "\u00e9t\u00e9", "b", "gamma", "\u65e5\u672c", "delta", "x", "omega"][:n_words]
    expected = [zlib.crc32(s.encode("utf-8")) for s in shingles(words, size=size)]
    assert dedup.shingle_hashes([w.encode("utf-8") for w in words], size=size) == expected


@pytest.mark.parametrize("num_perm", [16, 128])
@pytest.mark.parametrize(
    "hashes",
    [[0], [2**32 - 1], [7, 7, 7], list(range(50)), random.Random(3).choices(range(2**32), k=400)],
    ids=["zero", "max", "repeated", "sequential", "random"],
)
def test_minhash_is_datasketch_bit_for_bit(num_perm: int, hashes: list[int]) -> None:
    template = MinHash(num_perm=num_perm, seed=dedup.SEED, scheme=dedup.SCHEME)
    reference = MinHash(num_perm=num_perm, seed=dedup.SEED, scheme=dedup.SCHEME, hashfunc=lambda v: v,
                        permutations=template.permutations)
    reference.update_batch(hashes)
    ours = dedup.minhash(hashes, num_perm)
    assert ours.dtype == np.uint32
    assert ours.tobytes() == np.asarray(reference.hashvalues, dtype=np.uint32).tobytes()


def test_minhash_of_nothing_is_the_empty_signature() -> None:
    empty = MinHash(num_perm=32, seed=dedup.SEED, scheme=dedup.SCHEME).hashvalues
    assert dedup.minhash([], 32).tobytes() == np.asarray(empty, dtype=np.uint32).tobytes()


@pytest.mark.parametrize("seed", range(3))
def test_band_keys_are_the_masked_universal_hash(seed: int) -> None:
    sig = np.random.default_rng(seed).integers(0, 2**32, size=dedup.NUM_PERM, dtype=np.uint64).astype(np.uint32)
    b, r = dedup.lsh_params(dedup.THRESHOLD, dedup.NUM_PERM)
    mult = [int(m) for m in dedup._band_multipliers(r)]
    expected = tuple(
        ((sum(int(v) * m for v, m in zip(sig[i * r : (i + 1) * r], mult, strict=True)) % 2**64)
         ^ (i * 0x9E3779B97F4A7C15 % 2**64)) & (2**63 - 1)
        for i in range(b)
    )
    assert dedup.band_keys(sig) == expected


def test_reading_a_corpus_does_not_import_datasketch() -> None:
    # datasketch imports scipy.integrate (0.7-0.9 s): the modules that read a stored corpus (the stories and
    # compare commands, the web app) must not pay for it; the first fingerprint or an ingest's warm() imports it
    code = (
        "import sys\n"
        "import counterpoint.corpus, counterpoint.cli.corpus, counterpoint.web.app\n"
        "print(sorted(m for m in ('datasketch', 'scipy.integrate') if m in sys.modules))\n"
        "from counterpoint import dedup\n"
        "dedup.warm()\n"
        "print(sorted(m for m in ('datasketch', 'scipy.integrate') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "['datasketch', 'scipy.integrate']"]
