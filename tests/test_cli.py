"""The CLI end to end: formats, exit codes, one-line errors for bad input, demo."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli, main
from counterpoint.examples import example_paths
from counterpoint.report.markdown import md

EXAMPLE = [str(p) for p in example_paths()]


def run(args: list[str], **kw):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kw)


def test_extract_json_has_the_documented_keys():
    r = run(["extract", EXAMPLE[0], "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    a = d["articles"][0]
    for key in ("id", "source", "outlet", "title", "byline", "published", "language", "text", "removed",
                "sentences"):
        assert key in a
    for s in a["sentences"]:
        assert a["text"][s["start"] : s["end"]] == s["text"]
    assert all(set(r) >= {"text", "reason"} for r in a["removed"])


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_extract_other_formats(fmt):
    r = run(["extract", EXAMPLE[-1], "--format", fmt])
    assert r.exit_code == 0 and "Stennick" in r.stdout


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 3_000_000 + b"</p>"))
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gzip.compress(b"<html><body><p>hello</p></body></html>" * 50)[:40])
    missing = tmp_path / "nope.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "counterpoint.cli", "extract", str(empty), str(binary), str(bomb), str(truncated),
         str(missing), EXAMPLE[0], "--max-bytes", "1000000"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, proc.stderr
    for path in (empty, binary, bomb, truncated, missing):
        assert any(str(path) in line for line in errors), (path, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert len(json.loads(proc.stdout)["articles"]) == 1


def test_compare_formats_and_out(tmp_path: Path):
    out = tmp_path / "r.html"
    r = run(["compare", *EXAMPLE, "--format", "html", "--out", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert html.startswith("<!doctype html>") and "data-fact=" in html
    r = run(["compare", *EXAMPLE[:2], "--format", "json"])
    d = json.loads(r.stdout)
    for key in ("articles", "facts", "quotes", "quote_groups", "numbers", "unique", "entities", "conflicts"):
        assert key in d
    assert all(s["label"] in ("reporting", "opinion") for a in d["articles"] for s in a["sentences"])


def test_compare_unknown_backend_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", EXAMPLE[0], "--backend", "nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unknown align backend 'nope'" in err and "lexical" in err


def test_compare_with_no_readable_input_fails_clearly(tmp_path: Path, capsys):
    empty = tmp_path / "e.txt"
    empty.write_text("   ")
    with pytest.raises(SystemExit) as exc:
        main(["compare", str(empty)])
    assert exc.value.code == 2
    assert "no article could be read" in capsys.readouterr().err


def test_demo_writes_the_report(tmp_path: Path):
    out = tmp_path / "demo.html"
    r = run(["demo", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "5 articles" in r.stdout and str(out.resolve()) in r.stdout
    html = out.read_text()
    for outlet in ("Northline", "The Fellshire Chronicle", "The Daily Klaxon", "The People’s Ledger"):
        assert outlet in html


def test_ingest_stories_and_compare_a_stored_story(tmp_path: Path):
    db = tmp_path / "c.db"
    r = run(["ingest", *EXAMPLE, "--db", str(db)])
    assert r.exit_code == 0, r.output
    r2 = run(["ingest", *EXAMPLE, "--db", str(db)])  # idempotent
    assert "0 new" in r2.stderr
    d = json.loads(run(["stories", "--db", str(db), "--format", "json"]).stdout)
    assert len(d["stories"]) == 1
    story = d["stories"][0]
    assert {a["source"] for a in story["articles"]} == set(EXAMPLE)
    assert all(set(a) >= {"id", "source", "outlet", "published"} for a in story["articles"])
    r3 = run(["compare", "--db", str(db), "--story", story["id"], "--format", "md"])
    assert r3.exit_code == 0 and "## Shared facts" in r3.stdout
    # the report is headed by the title the story is listed under
    assert story["title"] and r3.stdout.splitlines()[0] == f"# {md(story['title'])}"
    # the web app's search, from the command line
    def listed(*options: str) -> list[str]:
        r = run(["stories", "--db", str(db), "--format", "json", *options])
        assert r.exit_code == 0, r.output
        return [s["id"] for s in json.loads(r.stdout)["stories"]]

    days = sorted(a["published"] for a in story["articles"] if a["published"])
    assert days, "the example articles are dated"
    outlet = next(a["outlet"] for a in story["articles"] if a["outlet"])
    word = story["title"].split()[0]
    assert listed("--query", word.upper()) == [story["id"]]
    assert listed("--query", f"{word} zzyzxnotaword") == []
    assert listed("--outlet", outlet[1:-1].lower()) == [story["id"]]
    assert listed("--since", days[0], "--until", days[0]) == [story["id"]]
    assert listed("--since", "2999-01-01") == []
    assert run(["stories", "--db", str(db), "--since", "yesterday"]).exit_code == 2  # a usage error
