"""The corpus database: WAL, recorded migrations, atomic per-article writes, read-only readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counterpoint import store_dedup
from counterpoint.dedup import Fingerprint, fingerprint
from counterpoint.errors import StoreError
from counterpoint.migrations import LATEST, MIGRATIONS, Migration
from counterpoint.model import Article, Removed, article_id
from counterpoint.segment import sentences
from counterpoint.store import Store

TEXT = "The council approved the budget on Monday. The vote was 7 to 2.\nProtesters gathered outside the hall."


def article(text: str = TEXT, source: str = "a.txt") -> Article:
    aid = article_id(text)
    return Article(aid, source, text, title="Budget passes", removed=(Removed("Share this", "boilerplate"),),
                   sentences=sentences(aid, text), captions=("A photo",), meta={"k": 1})


def test_fresh_database_is_wal_with_every_migration_recorded(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [(v, n) for v, n, _ in store.migrations_applied()] == [(m.version, m.name) for m in MIGRATIONS]
        assert store.schema_version() == LATEST


def test_opening_an_old_database_applies_the_missing_migrations(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store.open(db, migrations=MIGRATIONS[:1]).close()
    with Store.open(db, readonly=True, migrations=MIGRATIONS[:1]) as old:
        assert old.schema_version() == 1
    with pytest.raises(StoreError, match="open it for writing once"):
        Store.open(db, readonly=True)
    with Store.open(db) as store:
        assert store.schema_version() == LATEST
        assert "minhash" in store.counts()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    future = (*MIGRATIONS, Migration(LATEST + 1, "from the future", ("CREATE TABLE later (x)",)))
    Store.open(db, migrations=future).close()
    with pytest.raises(StoreError, match="newer") as err:
        Store.open(db)
    assert err.value.code == "CP500"


@pytest.mark.parametrize(
    ("content", "readonly", "message"),
    [
        (None, True, "no such corpus database"),
        (b"this is not sqlite, just text" * 50, False, "not a corpus database"),
    ],
)
def test_unusable_files_raise_store_error(tmp_path: Path, content: bytes | None, readonly: bool, message: str) -> None:
    db = tmp_path / "c.db"
    if content is not None:
        db.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store.open(db, readonly=readonly)


def test_a_sqlite_database_of_something_else_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="no migrations table"):
        Store.open(db)


def test_article_round_trips(tmp_path: Path) -> None:
    art = article()
    with Store.open(tmp_path / "c.db") as store:
        with store.transaction():
            store.insert_article(art, at="t")
        back = store.article(art.id)
    assert back is not None
    assert back.to_dict() == art.to_dict()


def test_inserting_a_stored_article_again_writes_nothing(tmp_path: Path) -> None:
    art = article()
    other = art.with_changes(source="elsewhere.txt", title="Another headline", sentences=art.sentences[:1])
    with Store.open(tmp_path / "c.db") as store:
        with store.transaction():
            assert store.insert_article(art, at="t")
            assert not store.insert_article(other, at="later")  # same id: the stored row and sentences stay
        back = store.article(art.id)
        counts = store.counts()
    assert back is not None and back.to_dict() == art.to_dict()
    assert counts["articles"] == 1 and counts["sentences"] == len(art.sentences) > 1


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    art = article()
    with Store.open(tmp_path / "c.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.insert_article(art, at="t")
            store.add_source(art.id, art.source, outlet=None, url=None, at="t")
            raise RuntimeError("killed half way")
        counts = store.counts()
    assert counts["articles"] == counts["sentences"] == counts["sources"] == counts["removed"] == 0


def test_sources_are_recorded_once(tmp_path: Path) -> None:
    art = article()
    with Store.open(tmp_path / "c.db") as store, store.transaction():
        store.insert_article(art, at="t")
        assert store.add_source(art.id, "a.txt", outlet=None, url=None, at="t")
        assert not store.add_source(art.id, "a.txt", outlet=None, url=None, at="t")
        assert store.add_source(art.id, "b.jsonl#7", outlet="Wire", url=None, at="t")
        assert [s.source for s in store.sources(art.id)] == ["a.txt", "b.jsonl#7"]


def test_reader_sees_the_last_commit_while_a_writer_is_mid_transaction(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first, second = article(), article(TEXT + " More.", "b.txt")
    with Store.open(db) as writer:
        with writer.transaction():
            writer.insert_article(first, at="t")
        with writer.transaction():
            writer.insert_article(second, at="t")
            with Store.open(db, readonly=True) as reader:
                assert reader.article_ids() == [first.id]  # the open write is invisible
                with pytest.raises(StoreError, match="read-only"), reader.transaction():
                    pass
        with Store.open(db, readonly=True) as reader:
            assert reader.article_ids() == [first.id, second.id]


def test_problems_finds_broken_invariants(tmp_path: Path) -> None:
    art = article()
    with Store.open(tmp_path / "c.db") as store:
        with store.transaction():
            store.insert_article(art, at="t")
        found = store.problems()
    assert f"article without a source: {art.id}" in found
    assert f"article in no story: {art.id}" in found


def test_state_and_comparisons_are_upserted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        with store.transaction():
            store.put_state("k", {"a": 1}, at="t")
            store.put_state("k", {"a": 2}, at="t")
            store.put_comparison("key", "v1", '{"x": 1}', at="t")
        assert store.get_state("k") == {"a": 2}
        assert store.get_comparison("key", "v1") == '{"x": 1}'
        assert store.get_comparison("key", "v2") is None
        assert store.counts()["state"] == 1


def _ids(db: Path) -> list[str]:
    with Store.open(db, readonly=True) as reader:
        return reader.article_ids()


def test_a_write_group_commits_whole_units_and_hides_them_until_committed(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    arts = [article(f"{TEXT} Part {i}.", f"{i}.txt") for i in range(3)]
    with Store.open(db) as store:
        with store.group(units=2, seconds=3600):
            with store.transaction():
                store.insert_article(arts[0], at="t")
            assert not store.group_due() and store.group_pending == 1
            assert _ids(db) == []  # written, not yet durable: a reader (or a crash) does not see it
            with pytest.raises(RuntimeError), store.transaction():
                store.insert_article(arts[1], at="t")
                raise RuntimeError("killed half way")  # this unit only is rolled back
            with store.transaction():
                store.insert_article(arts[2], at="t")
            assert store.group_due()
            assert store.commit_group() == 2
            assert _ids(db) == [arts[0].id, arts[2].id]
        assert store.counts()["sentences"] == len(arts[0].sentences) + len(arts[2].sentences)


@pytest.mark.parametrize("error", [None, RuntimeError])
def test_leaving_a_write_group_commits_the_whole_units(tmp_path: Path, error: type[Exception] | None) -> None:
    db = tmp_path / "c.db"
    first, second = article(), article(TEXT + " More.", "b.txt")
    with Store.open(db) as store:
        try:
            with store.group(units=100, seconds=3600):
                with store.transaction():
                    store.insert_article(first, at="t")
                with store.transaction():
                    store.insert_article(second, at="t")
                    if error is not None:
                        raise error("stop")
        except RuntimeError:
            pass
        assert not store.conn.in_transaction
    assert _ids(db) == ([first.id] if error else [first.id, second.id])


def test_write_groups_do_not_nest(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store, store.group():
        with pytest.raises(StoreError, match="nested"), store.group():
            pass
        with store.transaction(), pytest.raises(StoreError, match="nested"), store.transaction():
            pass


def _fingerprinted(n: int) -> list[tuple[Article, Fingerprint]]:
    out = []
    for i in range(n):
        text = " ".join(f"word{i}x{j} and item{j}" for j in range(40))
        out.append((article(text, source=f"{i}.txt"), fingerprint(text)))
    return out


def _band_rows(db: Path) -> int:
    with Store.open(db, readonly=True) as reader:
        return reader.counts()["minhash_bands"]


def test_band_keys_wait_for_a_batch_yet_are_found_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_dedup, "BAND_BATCH", 3)
    db = tmp_path / "c.db"
    arts = _fingerprinted(3)
    with Store.open(db) as store:
        for art, fp in arts[:2]:
            with store.transaction():
                store.insert_article(art, at="t")
                store.insert(art.id, fp)
        assert _band_rows(db) == 0
        with Store.open(db, readonly=True) as reader:  # another connection finds them from their minhash rows
            assert [c[0] for c in reader.candidates(arts[1][1].bands)] == [arts[1][0].id]
        assert [c[0] for c in store.candidates(arts[0][1].bands)] == [arts[0][0].id]
        with store.transaction():
            store.insert_article(arts[2][0], at="t")
            store.insert(arts[2][0].id, arts[2][1])
        assert _band_rows(db) == sum(len(fp.bands) for _, fp in arts)
        assert store.conn.execute("SELECT count(*) FROM minhash WHERE bands IS NOT NULL").fetchone()[0] == 0
        assert [c[0] for c in store.candidates(arts[2][1].bands)] == [arts[2][0].id]


def test_a_rolled_back_unit_leaves_no_waiting_band_keys(tmp_path: Path) -> None:
    (kept, kept_fp), (lost, lost_fp) = _fingerprinted(2)
    with Store.open(tmp_path / "c.db") as store, store.group():
        with store.transaction():
            store.insert_article(kept, at="t")
            store.insert(kept.id, kept_fp)
        with pytest.raises(RuntimeError), store.transaction():
            store.insert_article(lost, at="t")
            store.insert(lost.id, lost_fp)
            raise RuntimeError("mid-unit")
        assert list(store.candidates(lost_fp.bands)) == []
        assert [c[0] for c in store.candidates(kept_fp.bands)] == [kept.id]
