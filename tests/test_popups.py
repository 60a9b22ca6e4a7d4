"""Hover pop-ups leave the text and enter the audit trail; the visible words that open them stay."""

from __future__ import annotations

import lxml.html

from counterpoint.extract import extract_article
from counterpoint.model import RawDocument, Removed
from counterpoint.popups import POPUP_REASON, drop_popups, may_have_popups

# The Hill's markup (Zyte/scrapinghub page), shortened: the name a reader sees, then its hidden card.
ROLLOVER = (
    '<p>South Dakota Gov. <span class="rollover-people"><a class="rollover-people-link" href="/people/kn">Kristi '
    'Noem</a><span class="rollover-people-block"><span class="rollover-block"><a class="name">Kristi Lynn Noem</a>'
    '<a class="people-articles">South Dakota drops pipeline protest laws</a> <a class="more">MORE</a></span></span>'
    '</span> (R) is defending the state’s anti-drug campaign.</p>'
)
TOOLTIP = (
    '<p>Use the <span class="tooltip-wrapper">Phase 1 calculation<span class="tooltiptext">Your calorie target '
    'for the first phase</span></span> to plan meals.</p>'
)


def _body(inner: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><body><article>{inner}</article></body></html>")


def test_the_card_goes_and_the_name_stays() -> None:
    tree = _body(ROLLOVER + TOOLTIP)
    removed = drop_popups(tree)
    assert removed == (
        Removed("Kristi Lynn Noem South Dakota drops pipeline protest laws MORE", POPUP_REASON),
        Removed("Your calorie target for the first phase", POPUP_REASON),
    )
    text = " ".join(tree.text_content().split())
    assert "South Dakota Gov. Kristi Noem (R) is defending" in text
    assert "Use the Phase 1 calculation to plan meals." in text


def test_hidden_text_and_plain_classes_are_left_alone() -> None:
    tree = _body('<p class="lead">Lead.</p><div style="display:none">The rest of the story.</div>'
                 '<span class="has-tooltip">term</span>')
    assert drop_popups(tree) == ()
    assert "The rest of the story." in tree.text_content()


def test_extracted_article_keeps_the_name_and_records_the_card() -> None:
    para = "<p>" + "The council voted on Tuesday to approve a new bridge across the river after a long debate. " * 3
    page = f"<html><head><title>Noem</title></head><body><article>{ROLLOVER}{para}</p>{para}</p></article></body></html>"
    art = extract_article(RawDocument("hill.html", page, "html"))
    assert art.text.startswith("South Dakota Gov. Kristi Noem (R) is defending")
    assert "Kristi Lynn Noem" not in art.text
    assert Removed("Kristi Lynn Noem South Dakota drops pipeline protest laws MORE", POPUP_REASON) in art.removed


def test_the_source_check_finds_every_page_with_a_pop_up() -> None:
    assert may_have_popups(ROLLOVER) and may_have_popups(TOOLTIP.encode())
    assert not may_have_popups("<p class='lead'>No cards here.</p>")
