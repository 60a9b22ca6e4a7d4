"""The corpus database schema, as an ordered list of migrations.

Each migration runs once, in its own transaction, and is recorded in the ``migrations`` table (version, name,
applied_at). Opening an older database applies the missing ones; a database recorded at a version newer than the
last one here is refused (:class:`~counterpoint.errors.StoreError`) rather than written to by code that does not
know its shape. Never edit a released migration: append a new one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        (
            # id is the content hash of the clean body (model.article_id): the same text from two inputs is one row.
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                url TEXT,
                outlet TEXT,
                title TEXT,
                byline TEXT,
                published TEXT,
                language TEXT,
                text TEXT NOT NULL,
                captions TEXT NOT NULL DEFAULT '[]',
                meta TEXT NOT NULL DEFAULT '{}',
                ingested_at TEXT NOT NULL
            )""",
            # Every input that produced an article: a wire story from ten inputs is one article, ten sources.
            """CREATE TABLE sources (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                outlet TEXT,
                url TEXT,
                added_at TEXT NOT NULL,
                PRIMARY KEY (article_id, source)
            ) WITHOUT ROWID""",
            "CREATE INDEX sources_by_source ON sources(source)",
            """CREATE TABLE removed (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                text TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (article_id, seq)
            ) WITHOUT ROWID""",
            """CREATE TABLE sentences (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                PRIMARY KEY (article_id, idx)
            ) WITHOUT ROWID""",
            # Near (or word-for-word but differently punctuated) copies; a < b so each pair is stored once.
            """CREATE TABLE duplicates (
                a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                similarity REAL NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('near', 'exact')),
                PRIMARY KEY (a, b),
                CHECK (a < b)
            ) WITHOUT ROWID""",
            "CREATE INDEX duplicates_by_b ON duplicates(b)",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            # seq orders memberships as the story index saw them, so the index can be replayed after a crash.
            # via: 'index' when the story index placed the article, 'duplicate' when it joined the story of the
            # text it is a near copy of (such copies never reach the index, so ten reprints do not outweigh one
            # story's other articles in its centroid).
            """CREATE TABLE memberships (
                seq INTEGER PRIMARY KEY,
                story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
                article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
                via TEXT NOT NULL DEFAULT 'index' CHECK (via IN ('index', 'duplicate'))
            )""",
            "CREATE INDEX memberships_by_story ON memberships(story_id)",
            """CREATE TABLE comparisons (
                key TEXT NOT NULL,
                engine_version TEXT NOT NULL,
                json TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (key, engine_version)
            ) WITHOUT ROWID""",
            # The last outcome per input, for the failure report; one row per source keeps re-runs idempotent.
            """CREATE TABLE ingest_log (
                source TEXT PRIMARY KEY,
                status TEXT NOT NULL CHECK (status IN ('new', 'duplicate', 'known', 'failed')),
                article_id TEXT,
                reason TEXT,
                code TEXT,
                at TEXT NOT NULL
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        2,
        "minhash signatures and LSH bands",
        (
            """CREATE TABLE minhash (
                rid INTEGER PRIMARY KEY,
                article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
                signature BLOB NOT NULL,
                exact_key TEXT NOT NULL
            )""",
            # Bands in the database, not in memory: a reopened corpus keeps detecting copies, and memory stays
            # flat at any corpus size (each lookup is a handful of index probes).
            """CREATE TABLE minhash_bands (
                key INTEGER NOT NULL,
                rid INTEGER NOT NULL REFERENCES minhash(rid) ON DELETE CASCADE,
                PRIMARY KEY (key, rid)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        3,
        "saved index state",
        (
            """CREATE TABLE state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        4,
        "LSH bands written in batches",
        (
            # The band keys of an article whose bands are not yet in minhash_bands (NULL once they are). Band keys
            # are random, so each row written to minhash_bands dirties its own page of that table: written a few
            # thousand articles at a time they share pages, instead of every commit rewriting most of the table.
            "ALTER TABLE minhash ADD COLUMN bands BLOB",
            "CREATE INDEX minhash_pending ON minhash(rid) WHERE bands IS NOT NULL",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version
