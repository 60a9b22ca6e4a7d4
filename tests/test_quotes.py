"""Quote finding, attribution and speaker names (counterpoint.quotes, counterpoint.speakers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint import segment
from counterpoint.model import Article, Quote, article_id
from counterpoint.quotes import extract_quotes, find_quotes
from counterpoint.speakers import NameIndex, canonical_name, same_person

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "counterpoint" / "examples" / "marrowby_flood"


def _article(text: str, source: str = "t") -> Article:
    aid = article_id(text)
    return Article(id=aid, source=source, text=text, sentences=segment.sentences(aid, text))


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def _by_words(text: str, quotes: list[Quote], words: str) -> Quote:
    hits = [q for q in quotes if text[q.start : q.end].startswith(words)]
    assert hits, f"no quote starting {words!r} in {[text[q.start:q.end] for q in quotes]}"
    return hits[0]


# --- finding quotes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It is not our job,” Casey said.", ["It is not our job,"]),
        ('"We got everyone out," she said.', ["We got everyone out,"]),
        ("He said ‘it’s over’ and left Everard’s house.", ["it’s over"]),
        ("Insiders said there was ‘a boys’ club that looks after its own’ in the unit.",
         ["a boys’ club that looks after its own"]),
        ("The boys’ club and the girls’ team met; it’s fine.", []),
        ("«Les enfants vont bien», a dit Sabine.", ["Les enfants vont bien"]),
        ("„Das Wasser kam wie eine Wand“, sagte er.", ["Das Wasser kam wie eine Wand"]),
        ("Er sagte ‚nein‘ und ging.", ["nein"]),
        ("「大丈夫です」と彼は言った。", ["大丈夫です"]),
        # a nested quote belongs to the outer one
        ("It said, “We were told it was alright to ‘colour outside the lines’ here.”",
         ["We were told it was alright to ‘colour outside the lines’ here."]),
        # a spaced straight quote closes the one left open after a nested single quote
        ("\"What I see is 'a flight to quality,' \" he said.", ["What I see is 'a flight to quality,'"]),
        ("Rock ‘n’ roll in the ‘90s.", []),
        # quote pieces over paragraphs: one per paragraph, without the paragraph break or the stray mark
        ("The report said, “The Met has failed.\n\n“It has been treated differently.”",
         ["The Met has failed.", "It has been treated differently."]),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "partial"),
    [
        ("After all, there’s a “deep-seated homophobia” at the Met, Casey said.", True),
        ("Baroness Casey accused the Met of a “tick box” approach.", True),
        ("Casey said, “I cannot sufficiently assure you that that is not the case.”", False),
        ("“Female officers routinely face sexism,” the report said.", False),
    ],
)
def test_partial_flag(text: str, partial: bool) -> None:
    (q,) = find_quotes(text)
    assert q.partial is partial


def test_ids_offsets_and_article() -> None:
    text = "“One,” she said. “Two,” he said."
    art = _article(text)
    quotes = extract_quotes(art)
    assert [q.id for q in quotes] == [f"{art.id}:q0", f"{art.id}:q1"]
    assert all(q.article == art.id for q in quotes)
    assert [text[q.start - 1] for q in quotes] == ["“", "“"]  # offsets point inside the marks


# --- attribution -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        ("Louise Casey wrote the report. “It is not our job,” Casey said.", "It is not", "Louise Casey", "said"),
        ("“It is not our job,” said Baroness Louise Casey.", "It is not", "Louise Casey", "said"),
        ("Asked about it, Casey said, “I cannot assure you.”", "I cannot", "Casey", "said"),
        ("Baroness Casey told the PA news agency: “I was disappointed.”", "I was", "Casey", "told"),
        ("Tomahawk axes were bought, according to the Casey Review, as “a perk”.", "a perk", "the Casey Review",
         "according to"),
        ("“Female officers face sexism,” the report said.", "Female", "the report", "said"),
        ("Ruth Callander: “We got everyone out.”", "We got", "Ruth Callander", None),
        ("Chief Fire Officer Ruth Callander put it simply: “We got everyone out.”", "We got", "Ruth Callander",
         None),
        ("“This was not bad luck,” said Marek Varga, a professor at Fellshire University.", "This was",
         "Marek Varga", "said"),
        ("“Yes, I support him,” Brent Bozell, founder of the Media Research Center, tells reporters.", "Yes",
         "Brent Bozell", "tells"),
        ("„The water came like a wall“, told the 67-year-old pensioner Dennis Pryke.", "The water",
         "Dennis Pryke", "told"),
        ("Alice Vinten, who spent 11 years in the Met, said, “We were always told never to apologise.”", "We were",
         "Alice Vinten", "said"),
        ("The sisters of Port’s fourth victim, Jack Taylor, Donna and Jenny, said, “You can’t put it right.”",
         "You can’t", "Donna and Jenny", "said"),
        ("Casey called for the Met to “change itself”, adding, “It is not our job.”", "It is not", "Casey",
         "adding"),
    ],
)
def test_attribution(text: str, quote: str, speaker: str, cue: str | None) -> None:
    q = _by_words(text, find_quotes(text), quote)
    assert q.speaker == speaker
    assert q.cue == cue
    assert q.speaker_start is not None and q.speaker_end is not None
    assert same_person(text[q.speaker_start : q.speaker_end], speaker)  # the mention the attribution used


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # he/she: the last speaker whose title does not say otherwise (Baroness Casey is not "he")
        ("Baroness Louise Casey said the Met had failed. Commissioner Sir Mark Rowley said he accepted it. "
         "Asked whether the unit will be disbanded, he said, “It clearly needs radical reform.”",
         "It clearly", "Mark Rowley"),
        ("Sir Mark Rowley said he accepted it. Baroness Casey said she was disappointed. "
         "“I will wait,” she said.", "I will", "Casey"),
        # it: the last non-person source, else the last document named
        ("Armed officers got away with it, the review said.\n\nIt said, “We were told of one officer.”",
         "We were", "the review"),
        ("She was hired to write the report.\n\n“Employees face sexism,” it says.", "Employees", "the report"),
        # a person introduced as a sentence subject, then "he said"
        ("Retired postman Dennis Pryke, 67, was trapped.\n“It came down the street like a wall,” he said.",
         "It came", "Dennis Pryke"),
        # no cue: the speaker of the previous quote continues (same paragraph, then the next paragraph)
        ("“It is not our job,” Casey said. “Far too many Londoners have lost confidence.”", "Far too",
         "Casey"),
        ("The report said, “The Met has failed.\n\n“It has been treated differently.”", "It has been",
         "the report"),
    ],
)
def test_attribution_in_context(text: str, quote: str, speaker: str) -> None:
    assert _by_words(text, find_quotes(text), quote).speaker == speaker


def test_headline_quote_does_not_inherit() -> None:
    text = "“Far too many have lost faith,” the report said.\n\n‘A boys’ club that looks after its own’\n\nOfficers spent."
    q = _by_words(text, find_quotes(text), "A boys")
    assert q.speaker is None


def test_scare_quote_far_from_speaker_has_none() -> None:
    text = "Casey said the Met failed.\n\nMale cop used ‘revenge porn’ against female colleague\n\nOther news."
    assert find_quotes(text)[0].speaker is None


# --- speaker names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "canonical"),
    [
        ("Baroness Louise Casey", "Louise Casey"),
        ("Baroness Casey", "Casey"),
        ("Metropolitan Police Commissioner Sir Mark Rowley", "Mark Rowley"),
        ("Prime Minister Theresa May", "Theresa May"),
        ("Chief Constable Andy Marsh", "Andy Marsh"),
        ("Mr. Tindall", "Tindall"),
        ("Larry King", "Larry King"),  # a title word as the surname stays
        ("Casey’s", "Casey"),
        ("The report", "the report"),
        ("the Casey Review", "the Casey Review"),
    ],
)
def test_canonical_name(mention: str, canonical: str) -> None:
    assert canonical_name(mention) == canonical


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Baroness Louise Casey", "Casey", True),
        ("Louise Casey", "Baroness Casey", True),
        ("Metropolitan Police Commissioner Sir Mark Rowley", "Rowley", True),
        ("L. Casey", "Louise Casey", True),
        ("Bill Clinton", "William Clinton", True),
        ("Chris Smith", "Christopher Smith", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Louise Casey", "Mark Rowley", False),
        ("José Núñez", "Jose Nunez", True),
        ("the report", "The report", True),
        ("the report", "the review", False),
        ("the report", "Casey", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_name_index_prefers_frequent_then_first_full_form() -> None:
    idx = NameIndex.from_text("Louise Casey wrote it. Enlightener Casey said so. Hillary Clinton and Bill Clinton. "
                              "Hillary Clinton spoke.")
    assert idx.resolve("Casey") == "Louise Casey"
    assert idx.resolve("Baroness Casey") == "Louise Casey"
    assert idx.resolve("Clinton") == "Hillary Clinton"
    assert idx.resolve("Bill Clinton") == "Bill Clinton"


# --- real articles ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes(seed_paths: dict[str, Path]) -> dict[str, tuple[str, list[Quote]]]:
    out = {}
    for key, path in seed_paths.items():
        text = path.read_text(encoding="utf-8")
        out[key] = (text, extract_quotes(_article(text, key)))
    return out


@pytest.mark.parametrize(
    ("seed", "words", "speaker"),
    [
        ("000", "It is not our job as a public", "Louise Casey"),
        ("000", "Far too many Londoners", "Louise Casey"),
        ("000", "deep-seated homophobia", "Louise Casey"),
        ("002", "It is not our job as the public", "Louise Casey"),
        ("002", "I cannot sufficiently assure you", "Louise Casey"),
        ("002", "It clearly needs radical reform", "Mark Rowley"),
        ("002", "diagnosis", "Mark Rowley"),
        ("002", "You can’t put it right", "Donna and Jenny"),
        ("002", "Female officers and staff routinely face sexism", "the report"),
        ("002", "overstuffed, dilapidated", "the report"),
        ("002", "The Met has not protected its female employees", "the report"),
        ("002", "Despite the Met saying violence", "the report"),  # continues the report's quote
        ("002", "We were told of one senior Met officer", "the review"),
        ("002", "We were always told never to apologise", "Alice Vinten"),
        ("002", "power couples", "Insiders"),
    ],
)
def test_seed_speakers(seed_quotes: dict[str, tuple[str, list[Quote]]], seed: str, words: str, speaker: str) -> None:
    text, quotes = seed_quotes[seed]
    assert _by_words(text, quotes, words).speaker == speaker


@pytest.mark.parametrize("seed", ["000", "002"])
def test_seed_partial_quote_found(seed_quotes: dict[str, tuple[str, list[Quote]]], seed: str) -> None:
    text, quotes = seed_quotes[seed]
    q = _by_words(text, quotes, "deep-seated homophobia")
    assert text[q.start : q.end] == "deep-seated homophobia" and q.partial


def test_seed_nested_quote_not_reported_alone(seed_quotes: dict[str, tuple[str, list[Quote]]]) -> None:
    text, quotes = seed_quotes["002"]
    assert not any(text[q.start : q.end] == "colour outside the lines" for q in quotes)
    assert any("‘colour outside the lines’" in text[q.start : q.end] for q in quotes)


@pytest.mark.parametrize(
    ("name", "words", "speaker"),
    [
        ("wire.txt", "We got everyone", "Ruth Callander"),
        ("wire.txt", "The water is falling", "Ruth Callander"),
        ("wire.txt", "We are deeply sorry", "Graham Tindall"),
        ("wire.txt", "This was not bad luck", "Marek Varga"),
        ("translated.txt", "The water came like a wall", "Dennis Pryke"),
        ("translated.txt", "The children are well", "Sabine Hollmann"),
        ("opinion.txt", "We got everyone", "Ruth Callander"),
        ("opinion.txt", "a failure of maintenance", "Marek Varga"),
    ],
)
def test_example_corpus_speakers(name: str, words: str, speaker: str) -> None:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip("example corpus not present")
    text = path.read_text(encoding="utf-8")
    assert _by_words(text, find_quotes(text), words).speaker == speaker
