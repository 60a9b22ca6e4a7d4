"""tidy_byline: the people a byline credits, without the site, job titles, credentials and repeats (cases from the
Zyte/scrapinghub pages), and never less than something."""

from __future__ import annotations

import pytest

from counterpoint.bylines import tidy_byline
from counterpoint.extract import extract_article
from counterpoint.model import RawDocument


@pytest.mark.parametrize(
    ("byline", "names", "url", "expected"),
    [
        # the site, or an affiliation starting with its name
        ("Troy Smith; Troy L Smith; Cleveland com", ["cleveland"], "https://www.cleveland.com/x", "Troy Smith"),
        ("Amy Kuperinsky; NJ Advance Media", ["nj"], "https://www.nj.com/x", "Amy Kuperinsky"),
        ("Jill Disis; CNN Business", ["CNN"], "https://www.cnn.com/x", "Jill Disis"),
        ("Tanza Loudenback; Business Insider", ["Business Insider Deutschland"], None, "Tanza Loudenback"),
        ("Jane Smith, Reuters", ["Reuters"], None, "Jane Smith"),
        # job titles, credentials, the kind of piece, capitals
        ("Paul Takahashi; Staff writer", ["Houston Chronicle"], None, "Paul Takahashi"),
        ("STEVE PEOPLES; AP National Political Writer", ["Associated Press"], None, "Steve Peoples"),
        ("Ilana Muhlstein; MS; RDN", ["The Beachbody Blog"], None, "Ilana Muhlstein"),
        ("Analysis by Chris Cillizza; CNN Editor-at-large", ["CNN"], None, "Chris Cillizza"),
        ("JANIE HAR", [], None, "Janie Har"),
        # kept: people, other credits (a wire, the site a story came from), a byline that is only a credit
        ("Lia Eustachewich; Yaron Steinbuch", ["New York Post"], None, "Lia Eustachewich; Yaron Steinbuch"),
        ("David Jeans; Kevin Rebong; Kevin-R", ["The Real Deal New York"], None, "David Jeans; Kevin Rebong"),
        ("Mary-Ann Lee; Mary-Ann Lee-Smith", [], None, "Mary-Ann Lee; Mary-Ann Lee-Smith"),
        ("Victor Tangermann; Futurism", ["ScienceAlert"], None, "Victor Tangermann; Futurism"),
        ("Jane Smith, Associated Press", ["Daily Post"], None, "Jane Smith, Associated Press"),
        ("Jane Smith and Bob Jones", [], None, "Jane Smith and Bob Jones"),
        ("HNN Staff", ["hawaiinewsnow.com"], None, "HNN Staff"),
        ("Reuters", ["Reuters"], None, "Reuters"),
        ("Staff writer", [], None, "Staff writer"),
        ("AP", [], None, "AP"),
        ("Jane Smith; AP", ["Daily Post"], None, "Jane Smith; AP"),
        ("John Doe, Ph.D.; Jr.", [], None, "John Doe"),
        ("Byron Smith", [], None, "Byron Smith"),
        (None, ["CNN"], None, None),
    ],
)
def test_tidy_byline(byline: str | None, names: list[str], url: str | None, expected: str | None) -> None:
    assert tidy_byline(byline, names, url) == expected


def test_extracted_bylines_are_tidied() -> None:
    page = (
        "<html><head><title>Bridge vote</title><meta name='author' content='JANE SMITH; Staff writer'>"
        "<meta property='og:site_name' content='Daily Post'></head><body><article><h1>Bridge vote</h1>"
        + "<p>The council voted on Tuesday to approve a new bridge across the river after a long debate.</p>" * 6
        + "</article></body></html>"
    )
    assert extract_article(RawDocument("p.html", page, "html")).byline == "Jane Smith"
    text = "By Jane Smith, Daily Post\n\nThe council voted on Tuesday to approve a new bridge across the river."
    assert extract_article(RawDocument("a.txt", text, "text"), outlet="Daily Post").byline == "Jane Smith"
