"""counterpoint: how different outlets cover the same news story, with evidence down to the character.

Python API (library first; the CLI and the web app are thin layers over it)::

    from counterpoint import read, compare
    articles = read(["a.html", "b.txt", "https://example.org/story"])
    result = compare(articles)
    result.to_dict()   # the JSON documented in docs/schema.md
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("counterpoint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

if TYPE_CHECKING:
    from .comparison import Comparison
    from .model import Article

__all__ = ["__version__", "read", "compare", "Comparison"]


def read(inputs: list[str], **kwargs: Any) -> list[Article]:
    """Clean articles from files, directories, JSONL, URLs; raises the first failure (see ``pipeline`` for
    batch use that collects failures instead)."""
    from .errors import InputError
    from .pipeline import read_articles, split_results

    articles, failures = split_results(read_articles(inputs, **kwargs))
    if failures:
        f = failures[0]
        raise InputError(f.reason, source=f.source)
    return articles


def compare(articles: Any, **kwargs: Any) -> Comparison:
    """Compare the articles of one story (see :func:`counterpoint.comparison.compare`)."""
    from .comparison import compare as _compare

    return _compare(articles, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Comparison":
        from .comparison import Comparison

        return Comparison
    raise AttributeError(name)
