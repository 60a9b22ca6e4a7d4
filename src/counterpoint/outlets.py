"""Outlet names: what to call the publisher of an article when no one told us."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .model import Removed

__all__ = ["normalise_outlet", "outlet_from_chrome", "outlet_from_url", "SiteNames", "site_name", "title_without_site"]

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


# --- A site's name in its page titles and metadata ---------------------------------------------------------------
# Page titles carry the site's name before or after the headline, and site names a tagline; seen on the Zyte/
# scrapinghub pages: "Spiced Honey Pear Jam Recipe | The Anti-June Cleaver", "... - SpaceNews.com", "LinkNaija |
# Nigeria's popular news platform: Kate Henshaw ...", and og:site_name "Autoracing | F1 | Indy | MotoGP | StockCar".
# Only a part that names the site is cut: one equal to the site name or to the URL's host name (letters and
# digits compared, case-folded), or the leading words of the site name ("Inexhibit" of "Inexhibit magazine"). A
# part that merely starts with the name stays ("Take C.A.R.E. - comwrap auf der DMEXCO 2018", site "comwrap"), as
# do section names ("Opinion | ...", "... | Editorial", "... - Auto News").
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022:]\s+|:\s+")
_COPYRIGHT_NAME = re.compile(r"(?i)(?:©|\(c\)|copyright\b|all rights reserved)")
_URL_NAME = re.compile(r"(?i)(?:https?://|www\.)\S+$")
_SITE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022]\s+")


def _key(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _host_key(url: str | None) -> str:
    """Letters and digits of the host's name without its suffix: "www.remember8090.it" -> "remember8090"."""
    host = outlet_from_url(url)
    return _key(host.split(".")[0]) if host and "." in host else ""


def site_name(name: str | None, url: str | None = None) -> str | None:
    """A site name from page metadata (:func:`normalise_outlet`), without its tagline when one of its parts is the
    URL's host name: ("Remember 80/90 - Memorabilia anni 80/90", "http://www.remember8090.it/...") ->
    "Remember 80/90". Without a URL, or when no part is the host, the name is kept whole. A name that is an address
    is its host ("https://www.hawaiinewsnow.com" -> "hawaiinewsnow.com"); a copyright line is no name (None)."""
    name = normalise_outlet(name)
    if name is not None and _URL_NAME.match(name):  # og:site_name "https://www.hawaiinewsnow.com"
        return outlet_from_url(name)
    if name is not None and _COPYRIGHT_NAME.match(name):  # og:site_name "Copyright 2014": not a name
        return None
    host = _host_key(url)
    if name is None or not host:
        return name
    parts = _SITE_SEPARATOR.split(name)
    if len(parts) > 1:
        for part in parts:
            if _key(part) == host:
                return part
    return name


class SiteNames:
    """What names a site: its site or outlet ``names`` and the host name of its ``url``. A part of a title or
    byline names it when it equals one of them (letters and digits, case-folded; the host alone or whole:
    "SpaceNews.com"), or is the leading words of a name ("Inexhibit" of "Inexhibit magazine"), not a lone short
    word ("The" of "The Anti-June Cleaver")."""

    def __init__(self, names: Iterable[str | None], url: str | None = None) -> None:
        given = [n for n in names if n]
        self._keys = {k for k in map(_key, given) if k}
        self._words = [w for n in given if (w := _key_words(n))]
        if host := _host_key(url):
            self._keys.update((host, _key(outlet_from_url(url) or "")))

    def __call__(self, part: str) -> bool:
        k = _key(part)
        if not k:
            return False
        if k in self._keys:
            return True
        pw = _key_words(part)
        return len(k) >= 4 and any(len(w) > len(pw) and w[: len(pw)] == pw for w in self._words)


def title_without_site(title: str | None, names: Iterable[str | None], url: str | None = None) -> str | None:
    """``title`` without a leading or trailing part that names the site (:class:`SiteNames` of ``names`` and
    ``url``). The headline is kept whole when nothing names the site, and never emptied."""
    if not title:
        return title
    names_site = SiteNames(names, url)
    # The longest part that names the site, trailing first: "... - Remember 80/90 - Memorabilia anni 80/90" loses
    # both parts of its site name, "LinkNaija | Nigeria's popular news platform: headline" both of its own.
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    for m in cuts:
        head, tail = title[: m.start()], title[m.end() :]
        if names_site(tail) and _has_words(head):
            return head.strip()
    for m in reversed(cuts):
        head, tail = title[: m.start()], title[m.end() :]
        if names_site(head) and _has_words(tail):
            return tail.strip()
    return title.strip()


def _key_words(name: str) -> tuple[str, ...]:
    return tuple(k for k in map(_key, name.split()) if k)


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in text)


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
