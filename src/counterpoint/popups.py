"""Hover pop-ups in an HTML page: cards the page shows on hover, which text extraction reads as part of a sentence.

The Hill wraps each person it names in a "rollover" card, and trafilatura glued the card into the sentence:
"South Dakota Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down on 'meth, we're on it' ... MORE
(R) is defending ...", so the quote's speaker came out as "Kristi NoemKristi Lynn NoemSouth Dakota". Tooltips do the
same with a definition (Beachbody's "tooltiptext"). :func:`drop_popups` removes them from the parsed page before
extraction and returns their text, for the article's audit trail.

A pop-up is found by its class: a class token that has "rollover", "hovercard" or "tooltip" in it, and does not
name what opens it ("rollover-people-link", "tooltip-wrapper", "has-tooltip"). Only the innermost such element
goes: The Hill's outer "rollover-people" span holds the visible name (the link "Kristi Noem") beside the card.
Elements hidden by a style or the ``hidden`` attribute are left to trafilatura: some pages hide the rest of the
article behind a "read more" button that way.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .model import Removed

__all__ = ["POPUP_REASON", "drop_popups", "may_have_popups"]

POPUP_REASON = "hover pop-up"
_POPUP_TOKEN = re.compile(r"rollover|hovercard|tooltip", re.I)
# The elements whose class mentions one of them, found through the class attributes (the parent of each match):
# 0.44 ms a page on the 181 Zyte pages, against 2.1 ms for a test on every element of the body (which also took
# "popup" and "popover": share buttons, cookie banners and galleries there, never text inside a sentence). The
# first letter is left out, so a capitalised "Rollover" or "Tooltip" matches too.
_NEEDLES = ("ollover", "overcard", "ooltip")
_CANDIDATES = f"/html/body//@class[{' or '.join(f'contains(., {n!r})' for n in _NEEDLES)}]/.."


# A class token for what opens a pop-up, not the pop-up: The Hill's "rollover-people-link" is the visible name,
# "tooltip-wrapper" and "has-tooltip" hold the visible term, "tooltip-icon" is what a reader hovers.
_TRIGGER_TOKEN = re.compile(
    r"(?:^|[-_])(?:link|wrapper|wrap|trigger|indicator|anchor|toggle|button|btn|icon|open|has)(?:$|[-_])", re.I
)


def _is_popup(el: HtmlElement) -> bool:
    return any(
        _POPUP_TOKEN.search(token) and not _TRIGGER_TOKEN.search(token) for token in (el.get("class") or "").split()
    )


def may_have_popups(html: str | bytes) -> bool:
    """Whether the page's source contains what :data:`_CANDIDATES` looks for (any class that matches must): a plain
    substring search, about 0.03 ms a page, so the tree is searched only on pages that might have a pop-up (51 of
    the 181 Zyte pages; most of them mention a tooltip in a script)."""
    if isinstance(html, bytes):
        return any(n.encode() in html for n in _NEEDLES)
    return any(n in html for n in _NEEDLES)


def drop_popups(tree: HtmlElement) -> tuple[Removed, ...]:
    """Remove the innermost pop-up elements from ``tree`` (in place, their tails kept) and return their text."""
    popups = [el for el in tree.xpath(_CANDIDATES) if _is_popup(el)]
    chosen = set(popups)
    innermost = [el for el in popups if not any(d in chosen for d in el.iterdescendants())]
    removed: list[Removed] = []
    for el in innermost:
        text = " ".join(" ".join(el.itertext()).split())  # pieces apart: "Kristi Lynn Noem" "South Dakota ..."
        if text:
            removed.append(Removed(text, POPUP_REASON))
        el.drop_tree()  # keeps the element's tail (the text after it) in the parent
    return tuple(removed)
