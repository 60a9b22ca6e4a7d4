"""Shared fixtures. Tests that need ../shared (seeds and public data) skip cleanly when it is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present")
    return seeds


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> dict[str, Path]:
    """The two seed articles by their number prefix: "000" (translated report) and "002" (partisan page)."""
    return {p.name[:3]: p for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example story ingested once per module; tests that write work on copies."""
    from counterpoint.corpus import Corpus
    from counterpoint.examples import example_paths

    path = tmp_path_factory.mktemp("web") / "example.db"
    with Corpus.open(path) as corpus:
        report = corpus.ingest([str(p) for p in example_paths()])
    assert report.failed == 0
    return path


@pytest.fixture(scope="module")
def client(example_db: Path) -> Iterator[Any]:
    """A test client of the web app over the example corpus (read-only use)."""
    from fastapi.testclient import TestClient
    from webtest import BASE_URL

    from counterpoint.web import create_app

    with TestClient(create_app(example_db), base_url=BASE_URL, raise_server_exceptions=False) as c:
        yield c
