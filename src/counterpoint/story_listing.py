"""The stories list: newest first, searchable by words, outlet and date range, with each story's size; one page
at a time (:meth:`counterpoint.corpus.Corpus.find_stories`, which the web app's list and API serve; the
``counterpoint stories`` filters use :func:`story_ids`).

Loading every article to filter in Python costs seconds on a large corpus, so this module asks the store's tables
directly (schema of :mod:`counterpoint.migrations`, versions 1-3) with read-only SQL. A story's dates are
the first and last publication dates of its articles (ingest days when none has one); the date filter keeps a
story when one of its articles is dated (published, else ingested) in the range.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import source_name
from .store import Store

# More words than this in one query are ignored: each word is one LIKE scan over the story's article texts.
MAX_QUERY_WORDS = 8
MAX_LIMIT = 200
DEFAULT_LIMIT = 50

# Day of an article: its publication date, else the day it was ingested.
_DATED = """
    SELECT m.story_id AS sid, a.published AS published, substr(a.ingested_at, 1, 10) AS ingested,
           coalesce(a.published, substr(a.ingested_at, 1, 10)) AS day
    FROM memberships m JOIN articles a ON a.id = m.article_id
"""


@dataclass(frozen=True)
class StoryFilter:
    """``q``: words that must all appear (case-insensitive) in the story's title or in some article's title or
    text; ``outlet``: part of the name of an outlet that covered it; ``since``/``until``: some article is dated
    in that range (inclusive)."""

    q: str = ""
    outlet: str = ""
    since: date | None = None
    until: date | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def words(self) -> list[str]:
        return self.q.split()[:MAX_QUERY_WORDS]

    @property
    def narrows(self) -> bool:
        """Whether it leaves any story out: it has words, an outlet or a date bound (its page aside)."""
        return bool(self.words() or self.outlet.strip() or self.since or self.until)


@dataclass(frozen=True)
class StorySummary:
    id: str
    title: str | None
    articles: int
    outlets: tuple[str, ...]
    first_day: str | None
    last_day: str | None
    updated_at: str
    article_ids: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": self.articles,
            "outlets": list(self.outlets),
            "first_day": self.first_day,
            "last_day": self.last_day,
            "updated_at": self.updated_at,
            "article_ids": list(self.article_ids),
        }


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(f: StoryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    for word in f.words():
        pattern = _like(word)
        clauses.append(
            "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM memberships mq JOIN articles aq ON aq.id = "
            "mq.article_id WHERE mq.story_id = s.id AND (aq.title LIKE ? ESCAPE '\\' OR aq.text LIKE ? ESCAPE '\\')))"
        )
        args += [pattern, pattern, pattern]
    if f.outlet.strip():
        pattern = _like(f.outlet.strip())
        clauses.append(
            "EXISTS (SELECT 1 FROM memberships mo JOIN articles ao ON ao.id = mo.article_id WHERE mo.story_id = s.id "
            "AND (ao.outlet LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM sources so WHERE so.article_id = ao.id "
            "AND so.outlet LIKE ? ESCAPE '\\')))"
        )
        args += [pattern, pattern]
    if f.since is not None or f.until is not None:
        clauses.append(f"EXISTS (SELECT 1 FROM ({_DATED}) d WHERE d.sid = s.id AND d.day >= ? AND d.day <= ?)")
        args += [f.since.isoformat() if f.since else "0000-00-00", f.until.isoformat() if f.until else "9999-99-99"]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def list_stories(store: Store, f: StoryFilter) -> tuple[list[StorySummary], int]:
    """One page of the stories matching ``f``, newest first, and how many match in all."""
    where, args = _where(f)
    conn = store.conn
    total = int(conn.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0])
    rows = conn.execute(
        # An undated article (pasted text, a page without metadata) must not make a story look days newer
        # than its dated reports: the ingest day counts only for a story with no publication date at all.
        "WITH agg AS (SELECT sid, count(*) AS n, coalesce(min(published), min(ingested)) AS first_day, "
        f"coalesce(max(published), max(ingested)) AS last_day FROM ({_DATED}) "
        f"GROUP BY sid) SELECT s.id, s.title, s.updated_at, agg.n, agg.first_day, agg.last_day "
        f"FROM stories s JOIN agg ON agg.sid = s.id{where} "
        "ORDER BY agg.last_day DESC, s.updated_at DESC, s.rowid DESC LIMIT ? OFFSET ?",
        [*args, max(1, min(f.limit, MAX_LIMIT)), max(0, f.offset)],
    ).fetchall()
    ids = [r[0] for r in rows]
    outlets: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    if ids:
        marks = ",".join("?" * len(ids))
        for sid, aid, outlet, source in conn.execute(
            f"SELECT m.story_id, a.id, a.outlet, a.source FROM memberships m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.story_id IN ({marks}) ORDER BY m.seq",
            ids,
        ):
            members[sid].append(aid)
            name = outlet or source_name(source)
            if name not in outlets[sid]:
                outlets[sid].append(name)
    return [
        StorySummary(sid, title, int(n), tuple(outlets[sid]), first, last, updated, tuple(members[sid]))
        for sid, title, updated, n, first, last in rows
    ], total


def story_ids(store: Store, f: StoryFilter) -> set[str]:
    """The ids of every story matching ``f`` (its limit and offset ignored)."""
    where, args = _where(f)
    return {r[0] for r in store.conn.execute(f"SELECT s.id FROM stories s{where}", args)}


def outlets(store: Store) -> list[str]:
    """Every outlet name in the corpus, sorted (for the search form's suggestions)."""
    rows = store.conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY lower(outlet)")
    return [r[0] for r in rows]


def totals(store: Store) -> dict[str, int]:
    """Articles and stories in the corpus (two index counts; :meth:`Store.counts` also counts every band row)."""
    articles, stories = store.conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)").fetchone()
    return {"articles": int(articles), "stories": int(stories)}
