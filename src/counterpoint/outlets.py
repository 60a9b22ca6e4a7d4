"""Outlet names: what to call the publisher of an article when no one told us."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .model import Removed

__all__ = ["normalise_outlet", "outlet_from_chrome", "outlet_from_url"]

# Sub-domains that name a rendering of the site, not a different outlet (mobile and AMP copies of one paper).
_RENDERING_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_WS = re.compile(r"\s+")


def outlet_from_url(url: str | None) -> str | None:
    """The site of ``url`` as an outlet name: ``"https://www.theguardian.com/x"`` -> ``"theguardian.com"``.

    Lower-cased, without port, credentials or the www./m./amp. prefixes; None for a URL without a host.
    """
    if not url:
        return None
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").rstrip(".").lower()
    changed = True
    while changed:
        changed = False
        for prefix in _RENDERING_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
                changed = True
    return host or None


def normalise_outlet(name: str | None) -> str | None:
    """A site name from metadata, tidied: whitespace collapsed, a leading "@" (Twitter handle) dropped."""
    if not name:
        return None
    name = _WS.sub(" ", name).strip().lstrip("@").strip()
    return name or None


# --- Names in the page's own chrome ---------------------------------------------------------------------------
# A reader-funding appeal's subject is the outlet ("Northline is funded by its readers."); so is what a donation or
# subscription goes to ("Make a donation to Socialist Worker"): a publisher asks for money for itself. Only a
# name-shaped phrase counts: capitalised words (and "of", "and", ... between them), at most NAME_MAX_WORDS, not
# opening with a word that makes it a description ("This site is funded by readers", "Our journalism depends on
# readers"). A copyright footer is not read: on the Zyte/scrapinghub pages both footers kept in the text credit
# the wire a story came from ("© Reuters" on a ScienceAlert page, "© 2019 Associated Press"), not the publisher,
# and naming ten reprints of a wire story after the wire would hide that ten outlets ran it.
NAME_MAX_WORDS = 6
_FUNDED = re.compile(
    r"(?P<name>.+?)\s+(?:is|are)\s+(?:funded|supported|paid for)\s+by\b|(?P<name2>.+?)\s+(?:depends|relies)\s+on\b"
)
_GIVE_TO = re.compile(
    r"\b(?:donation|contribution|donate|donating|subscribe|subscribing|support(?:ing)?)\s+to\s+(?P<name>.+)", re.I
)
_CONNECTORS = frozenset({"of", "and", "&", "the", "for", "on", "de", "du", "la", "le", "der", "die", "das", "del", "el"})
# Words that make a phrase a description when it opens with them ("Independent journalism", "Support our work").
_NOT_A_NAME = frozenset({
    "that", "it", "its", "all", "every", "everything", "independent", "journalism", "quality", "good", "free",
    "local", "news", "support", "help", "keep", "get", "make", "fund", "join", "become", "continue", "read",
    "sign", "subscribe", "donate", "give", "click",
})
# Words no outlet name contains; prompts in title case do ("Donate To Support Our Journalism").
_PRONOUNS = frozenset({"this", "these", "our", "ours", "we", "your", "you", "us", "my", "me", "i"})
_TRIM = " \t.,;:!?'\"‘’“”()[]"


def outlet_from_chrome(removed: Iterable[Removed]) -> str | None:
    """The outlet that the first reader-funding or donation appeal among ``removed`` names, or None."""
    for r in removed:
        if r.reason == "reader-funding appeal" and (m := _FUNDED.match(r.text)):
            name = _name(m.group("name") or m.group("name2"), whole=True)
        elif r.reason == "donation appeal" and (m := _GIVE_TO.search(r.text)):
            name = _name(m.group("name"), whole=False)
        else:
            continue
        if name:
            return name
    return None


def _name(phrase: str, *, whole: bool) -> str | None:
    """``phrase`` as an outlet name, or None when it is not name-shaped. ``whole``: all of it must be the name;
    otherwise the name is its leading run of name words ("the Guardian today" -> "The Guardian")."""
    words = phrase.strip(_TRIM).split()
    taken: list[str] = []
    for i, w in enumerate(words):
        w = w.strip(_TRIM) if i == len(words) - 1 else w
        if w[:1].isupper() or w[:1].isdigit() or (taken and w.lower() in _CONNECTORS) or (not taken and w == "the"):
            taken.append(w)
        elif whole:
            return None
        else:
            break
    while taken and taken[-1].lower() in _CONNECTORS:
        taken.pop()
    if not taken or len(taken) > NAME_MAX_WORDS or taken[0].lower() in _NOT_A_NAME:
        return None
    if any(w.lower() in _PRONOUNS for w in taken):
        return None
    if taken[0] == "the":
        taken[0] = "The"
    return " ".join(taken)
