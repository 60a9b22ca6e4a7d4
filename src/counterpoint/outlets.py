"""Outlet names: what to call the publisher of an article when no one told us."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["normalise_outlet", "outlet_from_url"]

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
