"""Kill an ingest with SIGKILL at a random (seeded) point, run it again, and check the corpus is whole:
every article and source exactly once, no orphan rows, every article in exactly one existing story."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counterpoint.corpus import Corpus

ROOT = Path(__file__).resolve().parents[1]
N = 200
CHILD = """
import json, sys
from counterpoint.corpus import Corpus
with Corpus.open(sys.argv[1]) as corpus:
    report = corpus.ingest(sys.argv[3:], workers=int(sys.argv[2]))
    print(json.dumps({"new": report.new, "known": report.known, "failed": report.failed,
                      "mismatches": corpus.replay_mismatches}))
"""


def _text(seed: int) -> str:
    rng = random.Random(seed)
    words = ["council", "harbour", "budget", "bridge", "school", "strike", "court", "storm", "mayor", "union",
             "railway", "hospital", "election", "factory", "river", "police", "museum", "airport"]
    paras = []
    for _ in range(3):
        paras.append(" ".join(
            f"{rng.choice(words).title()} officials said {rng.randint(2, 99999)} {rng.choice(words)} workers "
            f"{rng.choice(['joined', 'left', 'opposed', 'backed'])} the {rng.choice(words)} plan." for _ in range(3)
        ))
    return "\n\n".join(paras)


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _run(db: Path, files: list[str], *, workers: int, kill_after: int | None = None) -> dict[str, int] | None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(workers), *files], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    if kill_after is None:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        result: dict[str, int] = json.loads(out)
        return result
    deadline = time.monotonic() + 60
    while _count(db) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    # the pipes close only once every process holding them has gone: worker processes must follow their parent
    proc.communicate(timeout=30)
    return None


# workers=2: the writing process is killed while worker processes hold documents in flight
@pytest.mark.parametrize(("seed", "workers"), [(11, 1), (12, 2)])
def test_sigkill_mid_ingest_then_rerun_leaves_a_whole_corpus(tmp_path: Path, seed: int, workers: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = []
    for i in range(N):
        path = folder / f"{i:03d}.txt"
        path.write_text(_text(seed * 1000 + i), encoding="utf-8")
        files.append(str(path))
    db = tmp_path / "c.db"
    kill_after = random.Random(seed).randint(20, N - 40)
    _run(db, files, workers=workers, kill_after=kill_after)
    stored = _count(db)
    assert 0 < stored < N, "the kill should land mid-ingest"

    result = _run(db, files, workers=workers)
    assert result is not None
    assert result["failed"] == 0 and result["mismatches"] == 0
    assert result["new"] + result["known"] == N and result["known"] >= stored

    with Corpus.open(db, readonly=True) as corpus:
        assert corpus.problems() == []
        counts = corpus.counts()
        assert counts["articles"] == counts["sources"] == counts["memberships"] == counts["minhash"] == N
        sources = [s.source for a in corpus.articles() for s in corpus.sources(a.id)]
        assert sorted(sources) == sorted(files)
        members = [aid for story in corpus.stories() for aid in story.article_ids]
        assert len(members) == len(set(members)) == N
