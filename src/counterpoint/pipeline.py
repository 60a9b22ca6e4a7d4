"""Composes the per-article stages: inputs -> raw documents -> clean articles.

Each stage is a pure function of its record (``extract_one``), so a batch never stops on one bad input and the
same code runs unchanged on a distributed engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .errors import CounterpointError
from .fetch import FetchOptions
from .model import Article, Failure, RawDocument


def extract_one(doc: RawDocument, *, outlet: str | None = None) -> Article | Failure:
    """Extract one raw document; a failure is returned as a :class:`Failure`, never raised."""
    from .extract import extract_article

    try:
        return extract_article(doc, outlet=outlet)
    except CounterpointError as exc:
        return Failure(doc.source, exc.reason, exc.code)


def read_articles(
    inputs: Iterable[str],
    *,
    options: FetchOptions | None = None,
    outlet: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Failure]:
    """Articles (or failures, in input order) from files, directories, JSONL, URLs and ``-`` for stdin."""
    from .ingest import iter_documents

    for item in iter_documents(inputs, options=options or FetchOptions(), stdin=stdin):
        yield item if isinstance(item, Failure) else extract_one(item, outlet=outlet)


def split_results(results: Iterable[Article | Failure]) -> tuple[list[Article], list[Failure]]:
    articles: list[Article] = []
    failures: list[Failure] = []
    for r in results:
        (failures if isinstance(r, Failure) else articles).append(r)  # type: ignore[arg-type]
    return articles, failures
