"""The corpus database: SQLite in WAL mode, one writer and any number of readers at once.

The store only reads and writes rows; deciding what to write (dedup, stories) is :mod:`counterpoint.corpus`'s
job. A writer groups everything about one article in :meth:`Store.transaction` so a process killed mid-ingest
leaves each article either fully stored or absent. Readers open with ``readonly=True`` (a ``mode=ro`` URI) and
see the last committed state while the writer goes on. The near-duplicate tables (MinHash signatures, LSH band
keys, duplicate links) are read and written by :class:`counterpoint.store_dedup.DedupTables`, mixed into
:class:`Store`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import StoreError
from .migrations import MIGRATIONS, Migration
from .model import Article, Failure, Removed, Sentence
from .store_dedup import DedupTables

# Seconds a connection waits for another writer's lock before giving up. A single article's transaction takes
# milliseconds, so 30 s only runs out when another process holds the database for a long batch.
BUSY_TIMEOUT = 30.0

# A write group (:meth:`Store.group`) commits after this many units or this many seconds since its first unit,
# whichever comes first. Calibrated with bench.scale (1,000 articles, 2 workers, 2 shared cores): a commit costs
# about 1 ms whatever it holds, a third of the writer's time per article when each article commits alone; groups
# of 64 cut it to a few hundredths of a ms per article, and bigger groups gained nothing measurable. 0.2 s bounds
# what a kill can lose (re-ingested by the next run) and how late a progress report may come.
GROUP_UNITS = 64
GROUP_SECONDS = 0.2

# Page cache of a writing connection, in KiB (SQLite's default is 2 MB): holds the upper levels of the
# minhash_bands and articles B-trees, which every lookup and insert walks. A fixed size, so memory stays flat.
# At 10k bench.scale articles it made no difference beyond noise (writer CPU 3.04 vs 2.96 ms per article); kept
# for the larger tables of bigger corpora, where the default no longer holds the indexes' upper levels.
CACHE_KIB = 32768


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One input that produced an article."""

    source: str
    outlet: str | None
    url: str | None
    added_at: str


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str | None
    created_at: str
    updated_at: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LogEntry:
    source: str
    status: str
    article_id: str | None
    reason: str | None
    code: str | None
    at: str


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class Store(DedupTables):
    """A connection to one corpus database. Open with :meth:`open`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._in_tx = False
        self._grouping = False  # inside group(): transaction() is a savepoint of the open group transaction
        self._group_open = False  # BEGIN issued, COMMIT not yet
        self._group_units = 0
        self._group_started = 0.0
        self._group_limits = (GROUP_UNITS, GROUP_SECONDS)
        self._forget_bands()

    # --- opening ----------------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        timeout: float = BUSY_TIMEOUT,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> Store:
        """Open (creating it unless ``readonly``) the database at ``path`` and bring its schema up to date.

        Raises :class:`StoreError` when the file is missing (read-only), is not a SQLite database, was written
        by a newer counterpoint, or (read-only) still needs migrations that only a writer may apply.
        """
        spath = os.fspath(path)
        try:
            if readonly:
                if not os.path.exists(spath):
                    raise StoreError("no such corpus database", source=spath)
                uri = f"file:{quote(os.path.abspath(spath))}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            else:
                parent = Path(spath).resolve().parent
                if not parent.is_dir():
                    raise StoreError(f"folder {parent} does not exist", source=spath)
                conn = sqlite3.connect(spath, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database: {exc}", source=spath) from exc
        store = cls(conn, spath, readonly=readonly)
        try:
            store._configure(timeout)
            store._migrate(migrations)
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self, timeout: float) -> None:
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not self.readonly:
                mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"cannot switch the database to WAL mode (got {mode})", source=self.path)
                # In WAL mode NORMAL keeps the database consistent after a crash or power loss (a commit may be
                # lost on power loss, never half applied), and saves an fsync per commit over FULL.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
                self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a corpus database ({exc})", source=self.path) from exc

    def schema_version(self) -> int:
        """The highest migration recorded in the database (0 for an empty one)."""
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "migrations" not in tables:
            if tables:
                raise StoreError("not a corpus database (no migrations table)", source=self.path)
            return 0
        row = self.conn.execute("SELECT max(version) FROM migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        latest = migrations[-1].version if migrations else 0
        try:
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"not a corpus database ({exc})", source=self.path) from exc
        if version > latest:
            raise StoreError(
                f"database schema version {version} is newer than this counterpoint knows ({latest}); upgrade",
                source=self.path,
            )
        if version == latest:
            return
        if self.readonly:
            raise StoreError(
                f"database schema version {version} needs migrating to {latest}; open it for writing once",
                source=self.path,
            )
        for migration in migrations:
            if migration.version <= version:
                continue
            with self.transaction():
                # Another process may have migrated while we waited for the write lock.
                if self.schema_version() >= migration.version:
                    continue
                if migration.version == 1 or self.schema_version() == 0:
                    self.conn.execute(
                        "CREATE TABLE IF NOT EXISTS migrations "
                        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                    )
                for statement in migration.statements:
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, now()),
                )

    def migrations_applied(self) -> list[tuple[int, str, str]]:
        return [(int(v), n, a) for v, n, a in self.conn.execute("SELECT * FROM migrations ORDER BY version")]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -----------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One atomic write: everything inside commits together or not at all. Not re-entrant.

        Inside :meth:`group` the unit is a savepoint of the group's transaction: still all or nothing (an error
        rolls back this unit only), but durable only once the group commits (:meth:`commit_group`)."""
        if self.readonly:
            raise StoreError("corpus opened read-only", source=self.path)
        if self._in_tx:
            raise StoreError("nested transaction", source=self.path)
        if self._grouping:
            with self._unit():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot start a write: {exc}", source=self.path) from exc
        self._in_tx = True
        try:
            yield self
            self._flush_bands(force=False)
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._forget_bands()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                self._forget_bands()
                raise StoreError(f"cannot commit: {exc}", source=self.path) from exc
        finally:
            self._in_tx = False

    @contextmanager
    def _unit(self) -> Iterator[None]:
        if not self._group_open:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot start a write: {exc}", source=self.path) from exc
            self._group_open, self._group_started = True, time.monotonic()
        self.conn.execute("SAVEPOINT unit")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO unit")
            self.conn.execute("RELEASE unit")
            self._forget_bands()
            raise
        else:
            self.conn.execute("RELEASE unit")
            self._group_units += 1
        finally:
            self._in_tx = False

    @contextmanager
    def group(self, *, units: int = GROUP_UNITS, seconds: float = GROUP_SECONDS) -> Iterator[Store]:
        """Batch many :meth:`transaction` units into few commits (one commit costs about as much as writing an
        article). Units stay all-or-nothing; a crash loses the units since the last commit, never part of one.
        The caller commits with :meth:`commit_group` when :meth:`group_due` says so (and before telling anyone
        a unit is stored); leaving the block commits what is left, also when an error ends it (the completed
        units are whole: only the unit that raised was rolled back)."""
        if self.readonly:
            raise StoreError("corpus opened read-only", source=self.path)
        if self._grouping or self._in_tx:
            raise StoreError("nested transaction", source=self.path)
        self._grouping, self._group_limits = True, (max(1, units), seconds)
        try:
            yield self
        finally:
            try:
                self.commit_group()
            finally:
                self._grouping = False

    def group_due(self) -> bool:
        """Whether the open group has reached its size or age limit."""
        units, seconds = self._group_limits
        return self._group_open and (
            self._group_units >= units or time.monotonic() - self._group_started >= seconds
        )

    @property
    def group_pending(self) -> int:
        """Units written since the last group commit (not yet durable)."""
        return self._group_units

    def commit_group(self) -> int:
        """Commit the open group; the number of units it held. Raises :class:`StoreError` when the commit fails,
        after rolling every uncommitted unit back."""
        if not self._group_open:
            return 0
        done = self._group_units
        self._group_open, self._group_units = False, 0
        try:
            self._flush_bands(force=False)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._forget_bands()
            raise StoreError(f"cannot commit: {exc}", source=self.path) from exc
        return done

    # --- articles ---------------------------------------------------------------------------------------------

    def insert_article(self, article: Article, *, at: str) -> bool:
        """The article row with its sentences and removed blocks (call inside :meth:`transaction`); False, and
        nothing written, when an article with this id is already stored. (One statement where a lookup and an
        insert were two: the corpus writes every article through here.)"""
        c = self.conn
        cur = c.execute(
            "INSERT INTO articles (id, source, url, outlet, title, byline, published, language, text, captions, "
            "meta, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            (
                article.id,
                article.source,
                article.url,
                article.outlet,
                article.title,
                article.byline,
                article.published.isoformat() if article.published else None,
                article.language,
                article.text,
                json.dumps(list(article.captions), ensure_ascii=False),
                json.dumps(dict(article.meta), ensure_ascii=False, default=_json_default),
                at,
            ),
        )
        if cur.rowcount != 1:
            return False
        c.executemany(
            'INSERT INTO sentences (article_id, idx, start, "end") VALUES (?, ?, ?, ?)',
            [(article.id, s.index, s.start, s.end) for s in article.sentences],
        )
        c.executemany(
            "INSERT INTO removed (article_id, seq, text, reason) VALUES (?, ?, ?, ?)",
            [(article.id, i, r.text, r.reason) for i, r in enumerate(article.removed)],
        )
        return True

    def _article_from_row(self, row: Sequence[Any]) -> Article:
        aid, source, url, outlet, title, byline, published, language, text, captions, meta = row
        sents = tuple(
            Sentence(aid, int(i), int(s), int(e))
            for i, s, e in self.conn.execute(
                'SELECT idx, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx', (aid,)
            )
        )
        removed = tuple(
            Removed(t, r)
            for t, r in self.conn.execute("SELECT text, reason FROM removed WHERE article_id = ? ORDER BY seq", (aid,))
        )
        return Article(
            id=aid,
            source=source,
            text=text,
            url=url,
            outlet=outlet,
            title=title,
            byline=byline,
            published=date.fromisoformat(published) if published else None,
            language=language,
            removed=removed,
            captions=tuple(json.loads(captions)),
            sentences=sents,
            meta=json.loads(meta),
        )

    _ARTICLE_COLUMNS = "id, source, url, outlet, title, byline, published, language, text, captions, meta"

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article_from_row(row) if row else None

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every article in ingest order, read in batches so memory stays flat."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT rowid, {self._ARTICLE_COLUMNS} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article_from_row(row[1:])
            last = rows[-1][0]

    def article_heads(self) -> dict[str, tuple[str | None, str | None]]:
        """Article id -> (outlet, published ISO date), read without loading any text (for listings)."""
        return {aid: (outlet, published) for aid, outlet, published in
                self.conn.execute("SELECT id, outlet, published FROM articles")}

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    # --- sources and the ingest log ---------------------------------------------------------------------------

    def add_source(self, article_id: str, source: str, *, outlet: str | None, url: str | None, at: str) -> bool:
        """Record that ``source`` produced ``article_id``; False when that was already recorded."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO sources (article_id, source, outlet, url, added_at) VALUES (?, ?, ?, ?, ?)",
            (article_id, source, outlet, url, at),
        )
        return cur.rowcount == 1

    def sources(self, article_id: str) -> list[SourceRecord]:
        return [
            SourceRecord(*r)
            for r in self.conn.execute(
                "SELECT source, outlet, url, added_at FROM sources WHERE article_id = ? ORDER BY added_at, source",
                (article_id,),
            )
        ]

    def log(
        self,
        source: str,
        status: str,
        *,
        article_id: str | None = None,
        reason: str | None = None,
        code: str | None = None,
        at: str,
    ) -> None:
        self.conn.execute(
            "INSERT INTO ingest_log (source, status, article_id, reason, code, at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(source) DO UPDATE SET status = excluded.status, article_id = excluded.article_id, "
            "reason = excluded.reason, code = excluded.code, at = excluded.at",
            (source, status, article_id, reason, code, at),
        )

    def log_entries(self, *, status: str | None = None) -> list[LogEntry]:
        sql = "SELECT source, status, article_id, reason, code, at FROM ingest_log"
        args: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            args = (status,)
        return [LogEntry(*r) for r in self.conn.execute(sql + " ORDER BY at, source", args)]

    def failures(self) -> list[Failure]:
        """Inputs whose last ingest failed (and have not succeeded since)."""
        return [Failure(e.source, e.reason or "", e.code or "CP000") for e in self.log_entries(status="failed")]

    # --- stories ----------------------------------------------------------------------------------------------

    def add_membership(
        self, story_id: str, article_id: str, *, title: str | None, at: str, via: str = "index", titled: bool = False
    ) -> int:
        """Put an article in a story, creating the story (titled ``title``) when it is new; the membership's seq.
        ``titled``: ``title`` is the article's own title, not a stand-in (its first sentence). The story then takes
        it if none of its articles had a title before (model.story_title: the first title among its articles)."""
        self.conn.execute(
            "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, title = CASE WHEN ? AND NOT EXISTS "
            "(SELECT 1 FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.story_id = stories.id "
            "AND trim(coalesce(a.title, ''), ' ' || char(9, 10, 11, 12, 13)) <> '') THEN excluded.title "
            "ELSE coalesce(title, excluded.title) END",
            (story_id, title, at, at, titled),
        )
        cur = self.conn.execute(
            "INSERT INTO memberships (story_id, article_id, via) VALUES (?, ?, ?)", (story_id, article_id, via)
        )
        return int(cur.lastrowid or 0)

    def story_of(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM memberships WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story(self, story_id: str) -> StoryRow | None:
        row = self.conn.execute(
            "SELECT id, title, created_at, updated_at FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return None
        ids = tuple(
            r[0] for r in self.conn.execute("SELECT article_id FROM memberships WHERE story_id = ? ORDER BY seq", (row[0],))
        )
        return StoryRow(row[0], row[1], row[2], row[3], ids)

    def stories(self) -> list[StoryRow]:
        """Every story in order of creation, members in order of arrival."""
        members: dict[str, list[str]] = {}
        for sid, aid in self.conn.execute("SELECT story_id, article_id FROM memberships ORDER BY seq"):
            members.setdefault(sid, []).append(aid)
        return [
            StoryRow(sid, title, created, updated, tuple(members.get(sid, ())))
            for sid, title, created, updated in self.conn.execute(
                "SELECT id, title, created_at, updated_at FROM stories ORDER BY rowid"
            )
        ]

    def memberships_after(self, seq: int, *, via: str = "index") -> list[tuple[int, str, str]]:
        """(seq, story id, article id) of every membership placed by ``via`` after ``seq``, in order."""
        return self.conn.execute(
            "SELECT seq, story_id, article_id FROM memberships WHERE seq > ? AND via = ? ORDER BY seq", (seq, via)
        ).fetchall()

    def last_membership(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM memberships").fetchone()[0])

    # --- saved state and cached comparisons -------------------------------------------------------------------

    def put_state(self, key: str, value: Any, *, at: str) -> None:
        self.conn.execute(
            "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at",
            (key, json.dumps(value, separators=(",", ":"), ensure_ascii=False), at),
        )

    def get_state(self, key: str) -> Any | None:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_comparison(self, key: str, engine_version: str, payload: str, *, at: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO comparisons (key, engine_version, json, created_at) VALUES (?, ?, ?, ?)",
            (key, engine_version, payload, at),
        )

    def get_comparison(self, key: str, engine_version: str) -> str | None:
        row = self.conn.execute(
            "SELECT json FROM comparisons WHERE key = ? AND engine_version = ?", (key, engine_version)
        ).fetchone()
        return row[0] if row else None

    # --- checks -----------------------------------------------------------------------------------------------

    TABLES = ("articles", "sources", "removed", "sentences", "duplicates", "stories", "memberships", "comparisons",
              "ingest_log", "minhash", "minhash_bands", "state")

    def counts(self) -> dict[str, int]:
        return {t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in self.TABLES}

    def problems(self) -> list[str]:
        """Broken invariants, one line each (empty when the corpus is consistent)."""
        out = [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        queries = {
            "article without a source": "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM sources)",
            "article in no story": "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM memberships)",
            "article without a signature": "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM minhash)",
            "story without members": "SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM memberships)",
            "orphan sentence": "SELECT DISTINCT article_id FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)",
            "sentence numbering gap": "SELECT article_id FROM sentences GROUP BY article_id "
            "HAVING max(idx) + 1 != count(*)",
        }
        for what, sql in queries.items():
            out += [f"{what}: {r[0]}" for r in self.conn.execute(sql + " LIMIT 20")]
        return out
