"""Bylines as people: what a page's author metadata or a "By ..." line credits, without the rest.

trafilatura joins a page's authors with "; ", and pages put more than people there. Seen on the Zyte/scrapinghub
pages: the site itself ("Troy Smith; Cleveland com", "Jill Disis; CNN Business"), job titles ("Paul Takahashi; Staff
writer", "STEVE PEOPLES; AP National Political Writer"), credentials ("Ilana Muhlstein; MS; RDN"), a name twice
("Troy Smith; Troy L Smith", "Kevin Rebong; Kevin-R") and a kind of piece ("Analysis by Chris Cillizza").
:func:`tidy_byline` drops those parts, keeping the people and any other credit (a wire, a syndicating site:
"Victor Tangermann; Futurism"). A byline that is only a credit ("HNN Staff", "Science X staff") stays as it is:
something is left of every byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .outlets import SiteNames

__all__ = ["tidy_byline"]

# Between the parts of a byline: trafilatura's "; ", commas, bars and spaced dashes ("Jane Smith - Staff Writer").
_SEPARATOR = re.compile(r"(\s*;\s*|\s*,\s*|\s+[|\u2013\u2014-]\s+)")
# What a piece is, before "by" ("Analysis by Chris Cillizza"); "By" alone is dropped too.
_KIND_BY = re.compile(r"(?i)^(?:(?:news\s+)?analysis|opinion|commentary|review|words|story|reporting|written)?\s*by\s+")
# A job title ends with one of these words ("Staff writer", "AP National Security Writer", "CNN Editor-at-large").
_ROLES = frozenset({
    "writer", "editor", "correspondent", "reporter", "columnist", "contributor", "producer", "editor-at-large",
    "photographer", "journalist", "analyst", "critic",
})
# Letters after a name ("Ilana Muhlstein; MS; RDN"), listed: "AP" or "BBC" after a name is a credit, not a degree.
_CREDENTIALS = frozenset({
    "ms", "ma", "msc", "mba", "mph", "md", "do", "dds", "rd", "rdn", "rn", "np", "cpa", "phd", "jd", "llb", "llm",
    "jr", "sr", "ii", "iii", "qc", "kc", "obe", "mbe", "cbe",
})
_ALL_CAPS_MIN = 5  # letters: "STEVE PEOPLES" is written as a name, "AP" or "BBC" stay


def tidy_byline(byline: str | None, names: Iterable[str | None] = (), url: str | None = None) -> str | None:
    """``byline`` without the parts that are not a credit: the site (``names`` and ``url``, as
    :class:`~counterpoint.outlets.SiteNames` reads them, or what starts with its name: "CNN Business"), job titles,
    credentials, a repeated name; names written in capitals are title-cased ("JANIE HAR" -> "Janie Har")."""
    if not byline:
        return byline
    text = " ".join(byline.split())
    text = _KIND_BY.sub("", text, count=1) or text
    site = SiteNames(names, url)
    pieces = _SEPARATOR.split(text)
    parts, seps = pieces[0::2], [""] + pieces[1::2]
    kept: list[tuple[str, str]] = []
    for sep, part in zip(seps, parts, strict=True):
        if not part.strip():
            continue
        if _drop(part, site, [p for _, p in kept]):
            continue
        kept.append((sep if kept else "", _cased(part)))
    if not kept:  # only a credit ("HNN Staff"): keep it
        return _cased(text)
    return "".join(sep + part for sep, part in kept)


def _drop(part: str, site: SiteNames, earlier: list[str]) -> bool:
    words = part.split()
    if site(part) or (len(words) > 1 and _starts_with_site(words, site)):
        return True
    if words[-1].lower() in _ROLES:
        return True
    if earlier and part.replace(".", "").strip().lower() in _CREDENTIALS:
        return True
    # the same person again, with a middle initial or without ("Troy Smith; Troy L Smith"), or as a handle
    # ("Kevin Rebong; Kevin-R")
    if len(words) == 1 and not part.isalpha() and any(part.lower().startswith(e.split()[0].lower()) for e in earlier):
        return True
    return len(words) > 1 and any(_same_person(words, e.split()) for e in earlier)


def _starts_with_site(words: list[str], site: SiteNames) -> bool:
    """Whether the part's leading words name the site: an affiliation ("CNN Business", "NJ Advance Media")."""
    return any(site(" ".join(words[:n])) for n in range(1, len(words)))


def _same_person(a: list[str], b: list[str]) -> bool:
    return len(b) > 1 and a[0].lower() == b[0].lower() and a[-1].lower() == b[-1].lower()


def _cased(part: str) -> str:
    letters = [c for c in part if c.isalpha()]
    if len(letters) >= _ALL_CAPS_MIN and part.isupper() and len(part.split()) > 1:
        return part.title()
    return part
