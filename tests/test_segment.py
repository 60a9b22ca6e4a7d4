"""Sentence segmentation: abbreviations, quotes that span sentences, em dashes, repeated sentences."""

from __future__ import annotations

import pytest

from counterpoint.segment import _easy_split, _pysbd_split, _splitter, split_offsets


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_offsets(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sir Mark Rowley said it. Mr. Brown left.", ["Sir Mark Rowley said it.", "Mr. Brown left."]),
        ("Lt. Col. John Smith of the U.K. Army agreed. He left.",
         ["Lt. Col. John Smith of the U.K. Army agreed.", "He left."]),
        ("He said, “It needs reform. I can’t disband it overnight.” He added more.",
         ["He said, “It needs reform. I can’t disband it overnight.”", "He added more."]),
        ("The Met—it’s the police—failed. Others agreed.", ["The Met—it’s the police—failed.", "Others agreed."]),
        ("Same. Same. Same.", ["Same.", "Same.", "Same."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
    ],
)
def test_split(text, expected):
    assert split(text) == expected


def test_repeated_sentences_get_their_own_offsets():
    text = "It rained. It rained. It rained."
    offsets = split_offsets(text)
    assert [s for s, _ in offsets] == [0, 11, 22]


def test_lone_closing_quote_joins_previous_sentence():
    assert all(any(ch.isalnum() for ch in s) for s in split("He said: “Go. Now.” ” Yes."))


EASY_AND_HARD = [
    "The council met on Monday. It voted to close the bridge. Repairs will take 3 weeks.",
    "Mr. Smith arrived at 3 p.m. on Monday. He left at 5.",
    "“We did all we could. We are proud,” she said. Then she left.",
    "First, 'Meth. We're On It,' was the slogan. Nobody liked it.",
    "1. Ditch the diet 2. Avoid skipping meals",
    "So, there's reason -- lots of it! -- to wonder. Really.",
    "Why? Because, capitalism, of course. *Sharks begin circling*",
    "| DL | Chad Thomas | 57 | 3 tackles (3 combined). 1 sack. |",
    "The U.S. economy grew 2.5% in Q1. Analysts were surprised... Markets rose.",
    "Die Polizei ist rassistisch. Das sagt der Bericht. Er wurde am Dienstag veröffentlicht.",
]


@pytest.mark.parametrize("text", EASY_AND_HARD)
def test_fast_path_gives_exactly_pysbds_sentences(text):
    assert split_offsets(text) == split_offsets(text, fast=False)


def test_fast_path_matches_pysbd_on_the_seeds(seed_paths):
    for path in seed_paths.values():
        text = path.read_text(encoding="utf-8")
        assert split_offsets(text) == split_offsets(text, fast=False)


# Paragraphs with double quotes that the fast path splits itself (segment._quoted_split): one case per pysbd
# quote behaviour it reproduces. Each must take the fast path (else the comparison would test pysbd with itself).
QUOTED = [
    # a sentence ends after [.?-] + closing quote when one space and a capital follow
    "He said “It works. Really.” Then he left.",
    'He said "It works. Really." Then he left.',
    "“Why?” He asked again.",
    "He said “go-” Then he left.",
    # ... but not after a comma
    "“It works. Really,” he said. Then he left.",
    # a paragraph-initial quote without a stop still ends a sentence before a capital ...
    "“Go” Smith said.",
    '"Go" Smith said. He left.',
    # ... unless the paragraph has no full stop or question mark at all, or the quote is mid-sentence
    "“Hello” World",
    "He said “go” Then he left.",
    # the quote's own stops never end a sentence
    "He said “It works. Really. Truly” and left.",
    "It was “big”. He said “yes” and “nah.” Then it ended.",
    "“We won’t.” He left after 2.5 hours.",
    "Smith said: “Yes.”",
    "He said “it’s over. Done.”",
]

# Paragraphs the fast path must leave to pysbd, where a plain boundary rule would split differently.
HARD = [
    "You can choose (a) the red one or (b) the blue one today. Then go.",  # alphabetical list: pysbd breaks lines
    "It was (i) good and (ii) bad. Yes.",
    "He came\rShe went. Then",  # pysbd splits at \r
    "While both Yahoo! News and CNN News were silent, Fox News is.",  # pysbd's exclamation words
    "He lives in San Bernardino, Calif. Then more.",  # pysbd's own abbreviation list
    "It was raised to a two - million - euro ($2. 6 - million) booty. Then.",  # a stop inside brackets
    "I want them to know. I want to speak to me. I want them to know.",  # "me." is pysbd's Maine
    "He said “Hello” (quietly) “there.” Then.",  # pysbd's PARENS_BETWEEN_DOUBLE_QUOTES
    "He said “Hello “there” now.” Then.",  # nested quotes
]

# Full stops the fast path masks because pysbd never ends a sentence there.
MASKED = [
    "Mr. Smith met Sen. Warren on Monday. They talked.",
    "He met the Gov. Then he left.",
    "Particularly Sens. Ted Cruz and Marco Rubio. Then more.",
    "Inflation rose 3.5 percent in June. Prices fell 1.2 percent.",
]


@pytest.mark.parametrize("text", QUOTED + MASKED)
def test_fast_path_handles_quotes_and_masked_stops_like_pysbd(text):
    assert _easy_split(text) is not None
    assert split_offsets(text) == split_offsets(text, fast=False)


@pytest.mark.parametrize("text", HARD)
def test_hard_paragraphs_go_to_pysbd(text):
    assert _easy_split(text) is None
    assert split_offsets(text) == split_offsets(text, fast=False)


ABBREVIATION_HEAVY = [
    "Mr. and Mrs. Smith met Lt. Col. Jones at 5 p.m. on Jan. 5. They left at 6 a.m. on Feb. 2 with Dr. Who.",
    "No. 5 was on p. 12, i.e. the U.S. version (cf. Fig. 3). It is 2 vs. 1. Is it? Man. May. Me. I'll go.",
    "He lives in Springfield, Ill. His sister is in St. Louis, Mo., near Ft. Smith, Ark. She is a Ph.D.",
    "Capt. MR. mr. Mrs. ms. He said {Mr} no. 4 is on the St. Lawrence. E.g. this. A.M. Then.",
    "Il est né à Paris. M. Dupont est arrivé. Il est parti.",
]


@pytest.mark.parametrize("text", ABBREVIATION_HEAVY)
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_fast_abbreviation_pass_gives_pysbds_sentences(text, language):
    sp = _splitter(language)
    assert sp.processor is not None
    assert _pysbd_split(sp, text, sp.processor) == _pysbd_split(sp, text, None)


# Russian and Bulgarian replace_period_of_abbr: "." after whitespace or the line start + the abbreviation, whatever
# follows; dotted abbreviations ("у.е", "y.e") are regex patterns there; "\u1c80" is a "в" only for re.IGNORECASE.
CYRILLIC_ABBREVIATIONS = [
    "Он жил в г. Москве. В 1990 г. он уехал. Проф. Иванов сказал: т. е. нет. Цена 5 руб. Всё.",
    "г. Москва, ул. Тверская, д. 5. Тел. 123. Стоило 10 у.е. и 3 y.e. Потом.",
    "В. И. Ленин родился в 1870 г. Г. Иванов. ГГ. Вв. вв. Конец. Акад. Петров.",
    "Он был в \u1c80. Москве. Потом в. Твери. Ушёл.",
    "Той живее на бул. Витоша, гр. София. Проф. Иванов. Доц. д-р Петров каза. Край.",
]


@pytest.mark.parametrize("text", CYRILLIC_ABBREVIATIONS)
@pytest.mark.parametrize("language", ["ru", "bg"])
def test_fast_abbreviation_pass_follows_cyrillic_period_rules(text, language):
    sp = _splitter(language)
    assert sp.processor is not None
    assert _pysbd_split(sp, text, sp.processor) == _pysbd_split(sp, text, None)
    assert split_offsets(text, language=language) == split_offsets(text, language=language, fast=False)


# Full stops masked by _mask_stops, and the pieces of _HARD checked only when their character is present.
MASK_AND_HARD_EDGES = [
    "Mr. Smith left. MRS. Jones stayed.",  # prepositive at the paragraph start, any case
    "The x-Mr. Smith left. Then.",  # a prepositive word not preceded by whitespace
    "Version 1.2.3 shipped. Then 4.5 did.",  # decimal points in a row
    "1. Ditch the diet. Then eat.",  # a numbered item at the start ...
    "Eat well. 12. Sleep more.",  # ... and after a space
    "He said “It works.” Then “Yes.” Now he left.",  # two quote ends in one segment
]


@pytest.mark.parametrize("text", MASK_AND_HARD_EDGES)
def test_stop_masks_and_hard_checks_match_pysbd(text):
    assert split_offsets(text) == split_offsets(text, fast=False)


# _lists_unchanged: pysbd's list pass is skipped only when each of its finders matches at most once and its own
# markers are absent; each text here has one finder matching once or twice, or a marker.
LIST_LIKE = [
    "You can pick a. the red one or b. the blue one. Then go.",
    "You can pick a. the red one. Then go.",
    "Choose (a) red or (b) blue. Then go.",
    "Choose (a) red. Then go.",
    "It was (i) good and (ii) bad. Yes. And (iii) more.",
    "Steps: 1. Mix 2. Bake 3. Eat. Done.",
    "Step 1. Mix it. Then eat.",
    "Do 1) this and 2) that. Then rest.",
    "Do 1) this. Then rest.",
    "A hot ♨ spring. Then 1. one. Fine ☝ here.",
]


@pytest.mark.parametrize("text", LIST_LIKE)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_list_pass_skip_gives_pysbds_sentences(text, language):
    sp = _splitter(language)
    assert sp.processor is not None
    assert _pysbd_split(sp, text, sp.processor) == _pysbd_split(sp, text, None)
