"""The plain-text cleaner: each kind of chrome is removed with its reason, and prose that merely resembles chrome
is kept."""

from __future__ import annotations

from datetime import date

import pytest

from counterpoint.clean import clean_text, parse_date
from counterpoint.model import Removed

PARA_1 = "The city council voted on Tuesday to approve a new bridge across the river, ending a long debate."
PARA_2 = "Opponents argued that the money should have been spent on buses and on repairing existing roads."


def _article(*middle: str) -> str:
    return "\n\n".join([PARA_1, *middle, PARA_2])


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sign up for our daily email update ‘Breakfast in Red’", "newsletter prompt"),
        ("Subscribe to the Morning Review newsletter", "newsletter prompt"),
        ("Sign up to our newsletter.", "newsletter prompt"),
        ("Make a donation to Socialist Worker", "donation appeal"),
        ("Help fund the resistance", "donation appeal"),
        ("Support independent journalism today!", "donation appeal"),
        ("Downloading PDF. Please wait...", "pdf notice"),
        ("Latest News", "related links heading"),
        ("Read more", "related links heading"),
        ("Related", "related links heading"),
        ("READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing", "related links heading"),
        ("You may also like", "related links heading"),
        ("Share this article", "share/follow line"),
        ("Facebook Twitter WhatsApp Email", "share/follow line"),
        ("Follow us on Twitter", "share/follow line"),
        ("Issue 2847", "issue number"),
        ("Issue No. 12", "issue number"),
        ("Advertisement", "advertisement"),
        ("https://www.example.com/news/2023/03/21/story.html", "url line"),
        ("Published: 21 March 2023 10:00 GMT", "date header"),
        ("March 21, 2023", "date header"),
        ("© 2026 The Fellshire Chronicle Ltd. All rights reserved.", "copyright line"),
        ("© Reuters", "copyright line"),
        ("Copyright 2023 Example Media Group", "copyright line"),
        ("Copyright © 2019 Associated Press. All Rights Reserved.", "copyright line"),
        ("Most read in world news", "related links heading"),
        ("Get the latest updates right in your inbox.", "newsletter prompt"),
        ("Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter.",
         "newsletter prompt"),
        ("Plane passengers quarantined after BUBONIC PLAGUE outbreak\u00a0[NEWS]", "related link"),
        ("[CNET]", "related link"),
        ("With Post wires", "credit line"),
        ("— With files from The Canadian Press", "credit line"),
        ("Additional reporting by Joseph Hudak", "credit line"),
        ("Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Jane Doe", "credit line"),
        ("Fox News’ Jessica Napoli contributed to this report.", "credit line"),
        ("Associated Press writers Alan Fram, Zeke Miller and Laurie Kellman contributed to this report.", "credit line"),
    ],
)
def test_chrome_line_is_removed_with_its_reason(line: str, reason: str) -> None:
    cleaned = clean_text(_article(line))
    assert cleaned.body == f"{PARA_1}\n\n{PARA_2}"
    assert cleaned.removed == (Removed(line, reason),)
    assert cleaned.captions == ()


def test_a_line_of_several_chrome_pieces_is_split_into_them() -> None:
    cleaned = clean_text(_article("Downloading PDF. Please wait... Issue 2847"))
    assert cleaned.removed == (Removed("Downloading PDF. Please wait...", "pdf notice"), Removed("Issue 2847", "issue number"))


@pytest.mark.parametrize(
    "line",
    [
        "The council's newsletter reported that sign-ups fell by a fifth over the year.",
        "Subscribers to the newsletter complained about the price rise in March.",
        "By the end of the year, the council expects to have spent most of its budget.",
        "By Monday, the storm had passed.",
        "“Read more books,” she told the pupils at the school assembly.",
        "Read more carefully, and you will see the report says the opposite, he said.",
        "Donate blood, officials urged residents after the crash on the motorway.",
        "Issue 2847 of the magazine was pulped after the complaint, the publisher said.",
        "Police have been in crisis for years",
        "Racism and homophobia are also big problems",
        "‘A boys’ club that looks after its own’",
        "Male cop used ‘revenge porn’ against female colleague",
        "He shared the photograph of the crowd with reporters on Tuesday.",
        "Copyright law is changing fast across Europe, the lawyers said.",
        "Copyright reform",
        "(c) the minister must publish the review within three months.",
        "With the vote over, residents began to plan for the works.",
        "Get ready for a long wait at the bridge, the council told residents in an email.",
        "Research by Harvard University found that residents slept better after the works.",
        "With files from the archive, the museum reopened its doors on Tuesday.",
        "Writing by hand, she said, keeps the mind sharp.",
        "With wires cut across the district, the repairs took a week.",
        "He also contributed to the report.",
        "Professor Jones, who contributed to the report, said the findings were clear.",
        "The agency said it would act [FEMA].",
        "Most readers said they would use the bridge every day, the survey found.",
    ],
)
def test_prose_that_resembles_chrome_is_kept(line: str) -> None:
    cleaned = clean_text(_article(line))
    assert cleaned.removed == ()
    assert cleaned.captions == ()
    assert line in cleaned.body.split("\n\n")


@pytest.mark.parametrize(
    "caption",
    [
        "Protesters demand justice for Chris Kaba in central London last year (Picture: Guy Smallman)",
        "The old bridge at dawn (Photo: John Doe/Reuters)",
        "Residents at the meeting on Tuesday. Photograph: Jane Roe/Getty Images",
        "Photograph: Jane Roe/Getty Images",
        "Image source, Getty Images",
    ],
)
def test_captions_and_credits_go_to_captions_not_body_nor_removed(caption: str) -> None:
    cleaned = clean_text(_article(caption))
    assert cleaned.captions == (caption,)
    assert cleaned.removed == ()
    assert caption not in cleaned.body


def test_alt_text_next_to_a_caption_is_a_caption() -> None:
    alt = "A crowd shot of a protest on Whitehall, people hold signs, illustrating a story on the report"
    cleaned = clean_text(_article(alt, "Protesters in central London last year (Picture: Guy Smallman)"))
    assert cleaned.captions[0] == alt
    assert alt not in cleaned.body


def test_descriptive_line_without_a_caption_nearby_is_kept() -> None:
    line = "A close-up of the report shows the figures the police did not publish in the end"
    assert line in clean_text(_article(line)).body


@pytest.mark.parametrize(
    ("first_line", "published", "rest"),
    [
        ("date 2023-03-21 The London police are institutionally racist.", date(2023, 3, 21),
         "The London police are institutionally racist."),
        ("Published: 2024-01-05 The vote was held on Friday.", date(2024, 1, 5), "The vote was held on Friday."),
    ],
)
def test_date_header_glued_to_the_first_sentence(first_line: str, published: date, rest: str) -> None:
    cleaned = clean_text(f"{first_line}\n\n{PARA_2}")
    assert cleaned.published == published
    assert cleaned.body.startswith(rest)
    assert cleaned.removed[0].reason == "date header"
    assert first_line.startswith(cleaned.removed[0].text)


def test_date_mentioned_in_a_body_sentence_is_not_a_header() -> None:
    text = f"{PARA_1}\n\nThe date 2023-03-21 was chosen for the vote because it fell on a Tuesday."
    cleaned = clean_text(text)
    assert cleaned.body == text
    assert cleaned.published is None


def test_updated_date_does_not_set_published() -> None:
    cleaned = clean_text(f"Updated: 22 March 2023\nPublished: 21 March 2023\n\n{PARA_1}")
    assert cleaned.published == date(2023, 3, 21)
    assert [r.reason for r in cleaned.removed] == ["date header", "date header"]


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Charlie Kimber", "Charlie Kimber"),
        ("By Jane Smith and John Doe", "Jane Smith and John Doe"),
        ("By Jane Smith, Political Editor", "Jane Smith, Political Editor"),
        ("Words by Ana de la Cruz", "Ana de la Cruz"),
    ],
)
def test_byline(line: str, byline: str) -> None:
    cleaned = clean_text(f"{line}\n{PARA_1}\n\n{PARA_2}")
    assert cleaned.byline == byline
    assert cleaned.removed == (Removed(line, "byline"),)
    assert line not in cleaned.body


def test_title_is_taken_from_a_header_with_page_furniture() -> None:
    text = f"By Jane Smith\n\nCouncil approves new bridge\n\nA standfirst that frames the story for readers\n\n{PARA_1}"
    cleaned = clean_text(text)
    assert cleaned.title == "Council approves new bridge"
    assert Removed("Council approves new bridge", "title") in cleaned.removed
    # the standfirst is the outlet's own framing: it stays in the body
    assert cleaned.body == f"A standfirst that frames the story for readers\n\n{PARA_1}"


def test_a_bare_first_line_is_not_taken_as_title_without_evidence() -> None:
    text = f"Police have been in crisis for years\n\n{PARA_1}"
    cleaned = clean_text(text)
    assert cleaned.title is None
    assert cleaned.body == text


def test_known_title_is_removed_when_it_heads_the_text() -> None:
    cleaned = clean_text(f"Council approves new bridge\n{PARA_1}", title="Council  approves new bridge")
    assert cleaned.title == "Council approves new bridge"
    assert cleaned.body == PARA_1


def test_known_caption_line_is_a_caption() -> None:
    cleaned = clean_text(_article("The old bridge at dawn"), captions=["The old bridge at dawn"])
    assert cleaned.captions == ("The old bridge at dawn",)
    assert cleaned.body == f"{PARA_1}\n\n{PARA_2}"


def test_paragraph_repeated_back_to_back_is_a_duplicate_but_distant_repeats_are_kept() -> None:
    cleaned = clean_text("\n".join([PARA_1, PARA_1, PARA_2, "Eat every two to three hours", PARA_2,
                                    "Eat every two to three hours"]))
    assert cleaned.removed == (Removed(PARA_1, "duplicate line"),)
    assert cleaned.body.count("Eat every two to three hours") == 2


def test_body_lines_are_kept_verbatim_inside() -> None:
    line = "  Spaces  inside   stay,\tand so do tabs —  and dashes.\u00a0"
    assert clean_text(line).body == "Spaces  inside   stay,\tand so do tabs —  and dashes."


def test_windows_line_endings() -> None:
    assert clean_text(f"{PARA_1}\r\nLatest News\r\n{PARA_2}").body == f"{PARA_1}\n\n{PARA_2}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-21", date(2023, 3, 21)),
        ("Tuesday 21 March 2023", date(2023, 3, 21)),
        ("Mar. 21st, 2023", date(2023, 3, 21)),
        ("31 February 2023", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


ECB_URL_LINE = "http: / / articles. latimes. com / 2013 / may / 03 / local / la - me - 0504 - lohan - rehab - 20130504"


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (ECB_URL_LINE, "http://articles.latimes.com/2013/may/03/local/la-me-0504-lohan-rehab-20130504"),
        ("http: / / www. fannation. com / truth _ and _ rumors / view / 78310", "http://www.fannation.com/truth_and_rumors/view/78310"),
        ("https://www.example.com/news/2023/03/21/story.html", "https://www.example.com/news/2023/03/21/story.html"),
    ],
)
def test_a_header_url_line_is_removed_and_is_the_pages_address(line: str, url: str) -> None:
    """ECB+ files start with their page's URL as a tokenizer left it, then the headline and the date."""
    cleaned = clean_text(f"{line}\nLindsay Lohan checks into Betty Ford Center\nMay 03, 2013\n{PARA_1}\n{PARA_2}")
    assert cleaned.url == url
    assert cleaned.removed[0] == Removed(line, "url line")
    assert cleaned.title == "Lindsay Lohan checks into Betty Ford Center"
    assert cleaned.published == date(2013, 5, 3)
    assert cleaned.body == f"{PARA_1}\n\n{PARA_2}"


def test_a_url_line_after_the_header_is_chrome_but_not_the_pages_address() -> None:
    cleaned = clean_text(_article(ECB_URL_LINE))
    assert cleaned.removed == (Removed(ECB_URL_LINE, "url line"),)
    assert cleaned.url is None


@pytest.mark.parametrize(
    "line",
    ["https://status.example.com is down again, users said on Tuesday.", "http: / / is how old addresses began"],
)
def test_a_sentence_opening_with_an_address_is_kept(line: str) -> None:
    cleaned = clean_text(_article(line))
    assert line in cleaned.body.split("\n\n")
    assert cleaned.url is None


@pytest.mark.parametrize(
    "line",
    [
        "PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM",
        "UPDATED: FRIDAY, MAY 3, 2013, 9: 56 AM",
        "May 2, 2013 | 5:03pm",
        "05 / 02 / 2013",
        "Originally published 05/03/2013 at 10:20 AM EDT",
        "12: 52 p. m. EDT May 2, 2013",
        ", May. 3, 2013 11: 45 AM PDT",
        "Last updated 13: 26 14 / 09 / 2013",
        "26 September 2013, 10: 00 (GMT+05: 00)",
        "Story Created: Aug 7, 2012 at 9: 56 AM AKDT",
        "8:44AM BST 16 Sep 2013",
    ],
)
def test_a_timestamp_line_is_removed_without_dating_the_article(line: str) -> None:
    cleaned = clean_text(_article(line))
    assert cleaned.body == f"{PARA_1}\n\n{PARA_2}"
    assert cleaned.removed == (Removed(line, "timestamp line"),)
    assert cleaned.published is None  # see clean._STAMP_LINE: stamps do not date articles yet


@pytest.mark.parametrize(
    "line",
    [
        "Reid checked herself in on Tuesday, December 9, 2008.",
        "March 20, 2007 - Arrested in Ohio",
        "The hearing is on May 2, 2013 at the county court.",
        "Born 05/02/1961 in Leeds",
    ],
)
def test_a_line_with_a_date_and_words_is_not_a_timestamp(line: str) -> None:
    cleaned = clean_text(_article(line))
    assert line in cleaned.body.split("\n\n")
    assert cleaned.removed == ()
