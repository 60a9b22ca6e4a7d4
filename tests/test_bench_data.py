"""A benchmark whose data is missing says which path it needs and exits 2 (bench._report.NO_DATA): it measured
nothing, so it must look neither like a pass (0) nor like a result under its floor (1)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bench import _report

# benchmark module -> the module attributes naming the data it reads
DATA_ATTRS = {
    "bench.extraction": ["DATA"],
    "bench.numbers": ["DATA"],
    "bench.opinion": ["DATA"],
    "bench.opinion_cv": ["DATA"],
    "bench.quotes": ["POLNEAR"],
    "bench.stories": ["ECB", "BASIL"],
    "bench.segment_equivalence": ["DATA"],
}


@pytest.mark.parametrize("name", sorted(DATA_ATTRS))
def test_a_benchmark_without_its_data_exits_2_naming_it(name, tmp_path, monkeypatch, capsys):
    module = importlib.import_module(name)
    gone = tmp_path / "not-there"
    for attr in DATA_ATTRS[name]:
        monkeypatch.setattr(module, attr, gone / attr.lower())
    assert module.main(["--no-write"] if name not in ("bench.opinion", "bench.opinion_cv") else []) == _report.NO_DATA
    err = capsys.readouterr().err
    assert all(f"benchmark data not found: {gone / attr.lower()}" in err for attr in DATA_ATTRS[name])


def test_scale_without_its_data_exits_2(tmp_path, monkeypatch, capsys):
    from bench import scale

    monkeypatch.setattr(scale, "SHARED", tmp_path)
    monkeypatch.setattr("sys.argv", ["bench.scale", "--sizes", "10", "--no-write"])
    assert scale.main() == _report.NO_DATA
    assert f"benchmark data not found: {Path(tmp_path) / 'data/stories/ecbplus/docs'}" in capsys.readouterr().err


def test_missing_data_is_none_when_everything_is_there(tmp_path):
    assert _report.missing_data(tmp_path) is None
