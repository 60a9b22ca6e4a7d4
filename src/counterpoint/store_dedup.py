"""The corpus database's near-duplicate tables: MinHash signatures, their LSH band keys and duplicate links.

:class:`DedupTables` is the part of :class:`~counterpoint.store.Store` that implements the
:class:`counterpoint.dedup.Buckets` protocol (``candidates``, ``insert``) over the ``minhash`` and
``minhash_bands`` tables, and records the links between near copies (``duplicates``). Band keys are written in
batches (:data:`BAND_BATCH`); the store's transactions flush them when they commit and forget them when they roll
back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .dedup import Fingerprint, signature_from_bytes

# SQLite allows 32,766 bound parameters (3.32+); stay well under it for IN (...) lists.
_MAX_PARAMS = 900

# LSH band keys wait in memory (and in their article's minhash row, so a crash loses none) until this many
# articles have some, then go to minhash_bands in one sorted batch at the next commit. Band keys are random, so
# written per article each one dirties its own page of that table: bench.scale at 10k articles spent 0.6 ms of
# the writer's 3 ms per article on them (CPU, with and without band rows), growing with the table. In batches of
# 2,048 articles (65,536 keys, about 8 MB while waiting) most pages take many keys each: the writer's CPU at 10k
# went from 3.0 to 2.3-2.7 ms per article (runs on a loaded machine). Not swept further.
BAND_BATCH = 2048


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    a: str
    b: str
    similarity: float
    kind: str


class DedupTables:
    """Near-duplicate reads and writes over :attr:`conn`, mixed into :class:`~counterpoint.store.Store`, whose
    transactions call :meth:`_flush_bands` before they commit and :meth:`_forget_bands` when they roll back."""

    conn: sqlite3.Connection
    # Band keys not yet in minhash_bands: key -> rids, and the rids (see BAND_BATCH). None: read them from the
    # database on next use (after a rollback, or before the first use).
    _pending: dict[int, list[int]] | None
    _pending_rids: list[int]

    def _forget_bands(self) -> None:
        self._pending, self._pending_rids = None, []

    def candidates(self, bands: Sequence[int]) -> Iterator[tuple[str, np.ndarray, str]]:
        if not bands:
            return
        pending = self._pending_bands()
        recent = {rid for k in bands for rid in pending.get(k, ())}
        sql = (
            "SELECT m.article_id, m.signature, m.exact_key FROM minhash m WHERE m.rid IN "
            f"(SELECT rid FROM minhash_bands WHERE key IN ({','.join('?' * len(bands))}))"
        )
        if recent:
            sql += f" OR m.rid IN ({','.join('?' * len(recent))})"
        rows = self.conn.execute(sql, (*bands, *sorted(recent))).fetchall()
        for aid, sig, exact in rows:
            yield aid, signature_from_bytes(sig), exact

    def insert(self, article_id: str, fp: Fingerprint) -> None:
        """Record an article's fingerprint; its band keys reach minhash_bands with the next batch (BAND_BATCH)."""
        pending = self._pending_bands()
        keys = np.asarray(fp.bands, dtype="<i8").tobytes() if fp.bands else None
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO minhash (article_id, signature, exact_key, bands) VALUES (?, ?, ?, ?)",
            (article_id, fp.signature_bytes(), fp.exact_key, keys),
        )
        if cur.rowcount != 1 or keys is None:
            return
        rid = int(cur.lastrowid or 0)
        self._pending_rids.append(rid)
        for k in fp.bands:
            pending.setdefault(k, []).append(rid)

    def _pending_bands(self) -> dict[int, list[int]]:
        if self._pending is None:
            self._pending, self._pending_rids = {}, []
            rows = self.conn.execute("SELECT rid, bands FROM minhash WHERE bands IS NOT NULL ORDER BY rid")
            for rid, blob in rows:
                self._pending_rids.append(rid)
                for k in np.frombuffer(blob, dtype="<i8").tolist():
                    self._pending.setdefault(k, []).append(rid)
        return self._pending

    def _flush_bands(self, *, force: bool) -> None:
        """Write the waiting band keys to minhash_bands, sorted (inside the transaction being committed)."""
        if self._pending is None or not self._pending_rids or (not force and len(self._pending_rids) < BAND_BATCH):
            return
        rows = sorted((k, rid) for k, rids in self._pending.items() for rid in rids)
        self.conn.executemany("INSERT OR IGNORE INTO minhash_bands (key, rid) VALUES (?, ?)", rows)
        rids = self._pending_rids
        for i in range(0, len(rids), _MAX_PARAMS):
            chunk = rids[i : i + _MAX_PARAMS]
            self.conn.execute(f"UPDATE minhash SET bands = NULL WHERE rid IN ({','.join('?' * len(chunk))})", chunk)
        self._pending, self._pending_rids = {}, []

    def add_duplicate(self, a: str, b: str, similarity: float, kind: str) -> None:
        if a == b:
            return
        lo, hi = sorted((a, b))
        self.conn.execute(
            "INSERT INTO duplicates (a, b, similarity, kind) VALUES (?, ?, ?, ?) ON CONFLICT(a, b) DO UPDATE SET "
            "similarity = max(similarity, excluded.similarity), kind = CASE WHEN excluded.kind = 'exact' "
            "THEN 'exact' ELSE kind END",
            (lo, hi, float(similarity), kind),
        )

    def duplicates_of(self, article_id: str) -> list[DuplicateLink]:
        return [
            DuplicateLink(*r)
            for r in self.conn.execute(
                "SELECT a, b, similarity, kind FROM duplicates WHERE a = ? OR b = ? ORDER BY similarity DESC",
                (article_id, article_id),
            )
        ]

    def duplicates_among(self, article_ids: Iterable[str]) -> list[DuplicateLink]:
        ids = list(dict.fromkeys(article_ids))
        out: list[DuplicateLink] = []
        wanted = set(ids)
        for i in range(0, len(ids), _MAX_PARAMS):
            chunk = ids[i : i + _MAX_PARAMS]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT a, b, similarity, kind FROM duplicates WHERE a IN ({marks})", chunk):
                if r[1] in wanted:
                    out.append(DuplicateLink(*r))
        return out
