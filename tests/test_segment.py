"""Sentence segmentation: abbreviations, quotes that span sentences, em dashes, repeated sentences."""

from __future__ import annotations

import random

import pytest

from counterpoint.segment import _easy_split, _pysbd_split, _splitter, split_offsets
from counterpoint.segment_pysbd import _apply, _required_prefix


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


# Paragraphs with double quotes that the fast path splits itself (segment_pairs._paired_split): one case per pysbd
# quote behaviour it reproduces. Each must take the fast path (else the comparison would test pysbd with itself).
QUOTED = [
    # bracket pairs hide the stops inside; a sentence that starts with "(" ends at its ")" before a capital
    "It was raised to a two - million - euro ($2. 6 - million) booty. Then.",
    "It ended. (It was over. Really.) Then more. (It rained.) Then it stopped. (no) It did.",
    "— Josh Apte (@joshapte) November 3, 2019",
    "Read it. [ESPN.] More. He (the mayor) said “It (the plan) works.” Then.",
    "(c) Example Wire. All rights reserved. Then it ended.",  # one list item of a kind
    # a quotation that goes on in the next paragraph: its opening quote pairs with nothing
    "“It works,” he said. “We will go. Then we will see.",
    'The minister said: "We will go. Then we will see.',
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
    "Die Firma Co. KG zahlte. Dann ging sie.",  # pysbd's KommanditgesellschaftRule
    "He drove the ID.3 Monday. Then he left.",
    "They left the U.S. I stayed. Then.",  # pysbd gives the stop after "U.S" back before " I "  # pysbd's NUMBERED_REFERENCE_REGEX breaks the line after "ID.3"
    "The War (xi) The end. Then.",  # a roman numeral in parentheses: pysbd's list pass hides them
    "He said (x b. c). Then.",  # a one-letter word before a stop in brackets: pysbd's list pass may act
    "He said (see 1.) and (more 2.) Then.",  # numbered items in brackets
    "It ended.(Then) more.",  # a stop glued to an opening bracket
    "In the U.S. The market fell. Then it rose.",  # U.S. before a sentence starter: pysbd gives the stop back
    "He arrived at 5 p.m. Then he left.",  # a.m./p.m. before a capital: pysbd's AmPmRules give it back
    "They said “U.S.” Monday was fine.",  # pysbd's post-processing splits after [.!?-] + quote + capital
    "He said “Hello” (quietly) “there.” Then.",  # pysbd's PARENS_BETWEEN_DOUBLE_QUOTES
    "He said “Hello “there” now.” Then.",  # nested quotes
]

# Full stops the fast path masks because pysbd never ends a sentence there.
MASKED = [
    "Mr. Smith met Sen. Warren on Monday. They talked.",
    "He met the Gov. Then he left.",
    "Particularly Sens. Ted Cruz and Marco Rubio. Then more.",
    "Inflation rose 3.5 percent in June. Prices fell 1.2 percent.",
    "I want them to know. I want to speak to me. I want them to know.",  # "me." is pysbd's Maine: before " I"
    "Walt Disney Co. executive Kevin Mayer spoke. Then he left.",  # a listed abbreviation before lower case
    "See no. 5 on the list. Then go.",  # a pre-number abbreviation before a digit
    "The U.S. market fell 2.5% in Q1. Then it rose.",  # multi-period abbreviations never end a sentence ...
    "It rose, e.g. in March, and fell in Washington, D.C. on Friday. Then it ended.",
    "Write to letters@nytimes.com or visit www.bbc.co.uk today. Then wait.",  # stops between word characters
    "She has a Ph.D. in physics and a D.phil. I'll ask. Then go.",  # dotted listed abbreviations
    # before a comma: listed abbreviations and capitals after whitespace ("Mr.," and "No.," keep their stop)
    "A voter in Roanoke, Va., who met James B. Comey Jr., the director, in Schenectady, N. Y., said so. Then.",
]

# Paragraphs with "!", ellipses, apostrophes after a letter and years before a stop: the plain rules, not pysbd.
PLAIN_TOO = [
    "It worked! Then it broke. Nobody knew why!",
    "“It works!” Then he left.",
    "“Go!” Smith said. Then he left.",
    "He paused… Then he spoke… And he left.",
    "The Browns' defense held. Then it broke in 5' of rain.",
    "Sales peaked in 1993. Then they fell. He was 33. Then he left.",
    "It cost £5 and €3 (©). Then it rose • fast. He left. Élysée officials said so. — Nobody else did.",
    # a digit or a bracket after a stop and a space
    "It cost $2. 6 million was spent. It was 1993. 12 issues came. It ended. (See page 5 and [3]) then more.",
    # several spaces after a stop: pysbd's "[. ]{2,}" alternative makes them an empty segment, which it drops
    "It rained.  Then it stopped.   He left.\u00a0 Nobody came. \tThe end.",
    # initials: a capital after whitespace or at the start, then a stop and whitespace, is no boundary
    "George W. Bush spoke. A. B. Smith and J. Edgar Hoover listened. He left at Q. Then more.",
    # a listed abbreviation before a capital stays a boundary for pysbd, as for the plain rule
    "He lives in San Bernardino, Calif. Then more. He met Walt Disney Co. Today it is Inc. Now.",
]


@pytest.mark.parametrize("text", QUOTED + MASKED + PLAIN_TOO)
def test_fast_path_handles_quotes_and_masked_stops_like_pysbd(text):
    assert _easy_split(text) is not None
    assert split_offsets(text) == split_offsets(text, fast=False)


@pytest.mark.parametrize("text", HARD)
def test_hard_paragraphs_go_to_pysbd(text):
    assert _easy_split(text) is None
    assert split_offsets(text) == split_offsets(text, fast=False)


def assert_fast_processor_matches_pysbd(text: str, language: str) -> None:
    """Our processor class for ``language`` exists and gives pysbd's own processor's sentences for ``text``."""
    sp = _splitter(language)
    assert sp.processor is not None
    assert _pysbd_split(sp, text, sp.processor) == _pysbd_split(sp, text, None)


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
    assert_fast_processor_matches_pysbd(text, language)


# German scan_for_replacements: "." after the whole finder match (whitespace included, regex-unescaped) before a
# whitespace, whatever the abbreviation's kind; a word ending like one ("Ludr.") only counts after the finder saw it.
GERMAN_ABBREVIATIONS = [
    "Das ist Dr. Müller. Er kam am 3. Januar. Die Firma zahlte z.B. 5 Mio. Euro. Dann ging er usw. weiter.",
    "Der Preis stieg um ca. 5 Prozent. Art. 5 gilt. Siehe S. 12 ff. und vgl. Nr. 4. Prof. Dipl.-Ing. Meier sprach.",
    "Dr ist kein Wort. Ludr. Andr. Bart. Er sagte u.a. nichts. Ärger. Ä. Der 2. Teil. Ende.",
]


@pytest.mark.parametrize("text", GERMAN_ABBREVIATIONS)
def test_fast_abbreviation_pass_follows_german_scan_rule(text):
    assert_fast_processor_matches_pysbd(text, "de")


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
    assert_fast_processor_matches_pysbd(text, language)
    assert split_offsets(text, language=language) == split_offsets(text, language=language, fast=False)


# The plain rules for Russian and Bulgarian (_mask_own_period_stops): a listed abbreviation's stop is masked in any
# case ("г.", "Г.", "ГГ."), other stops stay boundaries ("Е." is not listed); «…» pairs hide the stops inside
# (_arrow_pairs), in English paragraphs too.
OWN_PERIOD_PLAIN = [
    ("Он жил в г. Москве. В 1990 г. он уехал. Цена 5 руб. Всё.", "ru"),
    ("Г. Москва. ГГ. Ушёл. Е. Иванов пришёл. Конец.", "ru"),
    ("Он сказал: «Мы уйдём. Завтра.» Потом ушёл. «Кто?» — спросил он. Всё.", "ru"),
    ("— Да, — сказал он. Он был уже. Дома. Было 3.5 млн человек. Конец.", "ru"),
    ("Той живее на бул. Витоша. Проф. Иванов каза. Край.", "bg"),
    ("He called it «a farce. Really.» Then he left. «Who is it?» Nobody knew.", "en"),
]
OWN_PERIOD_HARD = [
    ("Стоило 10 у.е. Потом. Он был уже. Дома.", "ru"),  # "у.е" present: its finder's "." matches "уже"
    ("Он был в США, т.е. U.S. Потом.", "ru"),  # a multi-period abbreviation
    ("Он сказал {в} нет. В. Иванов ушёл.", "ru"),  # a "{": pysbd's next-word pattern
    ("Он был в \u1c80. Москве. Ушёл.", "ru"),  # a "в" only for re.IGNORECASE
    ("Он сказал «нет «так» нет». Ушёл.", "ru"),  # nested arrow quotes
    ("Он сказал нет». Ушёл.", "ru"),  # a closing arrow quote alone
]


@pytest.mark.parametrize(("text", "language"), OWN_PERIOD_PLAIN)
def test_plain_rules_for_own_period_languages_and_arrow_quotes(text, language):
    assert _easy_split(text, _splitter(language).abbreviations) is not None
    assert split_offsets(text, language=language) == split_offsets(text, language=language, fast=False)


@pytest.mark.parametrize(("text", "language"), OWN_PERIOD_HARD)
def test_own_period_paragraphs_the_plain_rules_cannot_split(text, language):
    assert _easy_split(text, _splitter(language).abbreviations) is None
    assert split_offsets(text, language=language) == split_offsets(text, language=language, fast=False)


# Full stops masked by _mask_stops, and the pieces of _HARD checked only when their character is present.
MASK_AND_HARD_EDGES = [
    "Mr. Smith left. MRS. Jones stayed.",  # prepositive at the paragraph start, any case
    "The x-Mr. Smith left. Then.",  # a prepositive word not preceded by whitespace
    "Version 1.2.3 shipped. Then 4.5 did.",  # decimal points in a row
    "1. Ditch the diet. Then eat.",  # a numbered item at the start ...
    "Eat well. 12. Sleep more.",  # ... and after a space
    "Steps: 1. Mix 2. Bake. Done.",  # two numbered items: pysbd's list pass acts
    "Wow! that was it. Then more.",  # "!" before lower case: pysbd's MidSentenceRule
    "While both Yahoo! News and CNN were silent. Then.",  # an exclamation word
    "He said it's 'meth, we're on it' today. Then.",  # a straight single quote after a space
    "World War I. The end. He said I. However it rang.",  # "I" before a sentence starter gets its stop back
    "Type I V. The end. Vitamin V. It works.",  # ... and "V" after "I" + a character ("I.V", a wildcard)
    "He met W., who left. Then X.. Then.",  # before a comma, or glued: pysbd's other rules
    "It rained.  then it stopped.  (Really.) Then.",  # after the spaces, what follows decides
    "He met Mr., and No., 5 there. Then A., B. left.",  # a comma after prepositive and pre-number abbreviations
    "He read [see). (1] Then left. It was (a] b. C) there.",  # bracket pairs end at their own closing mark
    "He said “U.S.” Monday. Then he left.",
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
    assert_fast_processor_matches_pysbd(text, language)


# A seeded fuzz of the same comparison: sentences of plain words with, now and then, a token that one of the fast
# path's rules is about (stops, abbreviations, quotes, apostrophes, symbols). Kept small for the suite; the same
# generator with more seeds and paragraphs found the footnote and "’"-after-abbreviation cases above.
_FUZZ_STARTS = ["The", "It", "He", "However", "I", "‘We", "“We", '"We', "Élysée", "—", "1993", "Being", "A"]
_FUZZ_PLAIN = ["council", "met", "on", "Monday", "voted", "said", "told", "reporters", "the", "big", "day", "in"]
_FUZZ_SPICE = [
    "U.S.", "u.s.", "p.m.", "P.M.", "D.C.", "e.g.", "Ph.D.", "D.phil.", "Co.", "Co. KG", "Inc.", "no.", "me.",
    "Mr.", "Gov.", "Calif.", "vs.", "Yahoo!", "wow!", "“go!”", "'quoted'", "Browns'", "don't", "it’s", "Jones’",
    "‘scare quotes’", "‘Go.’", "…", "£5", "€3.", "©", "½.", "ID.3", "nytimes.com", "3.5", "33.", "1993.", "(see",
    "page)", "--", "I", "I'm", "5", "12)", "(a)", "x.", "\u00a0", "A.I.", "W.", "I.", "V.", "W.,",
]
_FUZZ_ENDS = [".", ".", ".", ".", ".", "!", "?", "?", ".’", ".”", "!”", '."', "!!", "?!", "...", ")."]


# The same comparison for Russian: Cyrillic abbreviations in every case, «…» quotes, Latin abbreviations and the
# characters _mask_own_period_stops refuses.
_RU_STARTS = ["Он", "Это", "—", "«Мы", "В", "Президент", "А.", "Е.", "1993", "The", "«Да»", "Тыс.", "Уже"]
_RU_PLAIN = ["сказал", "в", "понедельник", "уже", "принял", "решение", "и", "с", "году", "руб", "тыс", "города"]
_RU_SPICE = [
    "г.", "Г.", "гг.", "т.е.", "у.е.", "уже.", "ул.", "руб.", "тыс.", "ТЫС.", "в.", "В.", "и.", "U.S.", "Mr.",
    "3.5", "1993.", "(см.", "стр.)", "«цитата»", "«Мы идём.»", "«Кто?»", "»", "“го”", "…", "ID.3", "x.", "y.",
    "y.e.", "{в}", "\u1c80.", "адм.-терр.", "'так'", "‘так’", "проф.", "Проф.",
]
_RU_ENDS = [".", ".", ".", "!", "?", "?»", ".»", "...", ")."]


# (language, seed, paragraphs, starts, plain words, spice, spice rate, sentence ends)
_FUZZ_SETS = [
    ("en", 20261121, 600, _FUZZ_STARTS, _FUZZ_PLAIN, _FUZZ_SPICE, 0.08, _FUZZ_ENDS),
    ("ru", 20261122, 400, _RU_STARTS, _RU_PLAIN, _RU_SPICE, 0.15, _RU_ENDS),
]


def _fuzz_paragraph(rng, starts, plain, spice, rate, ends) -> str:
    sentences = []
    for _ in range(rng.randint(1, 4)):
        words = [rng.choice(starts)]
        for _ in range(rng.randint(0, 9)):
            words.append(rng.choice(spice) if rng.random() < rate else rng.choice(plain))
        sentences.append(" ".join(words) + rng.choice(ends))
    return " ".join(sentences)


@pytest.mark.parametrize(("language", "seed", "count", "starts", "plain", "spice", "rate", "ends"), _FUZZ_SETS)
def test_fast_path_matches_pysbd_on_random_paragraphs(language, seed, count, starts, plain, spice, rate, ends):
    rng = random.Random(seed)
    paragraphs = [_fuzz_paragraph(rng, starts, plain, spice, rate, ends) for _ in range(count)]
    table = _splitter(language).abbreviations
    # the comparison must exercise the plain rules, not pysbd against itself
    assert sum(_easy_split(p, table) is not None for p in paragraphs) >= 60
    for p in paragraphs:
        assert split_offsets(p, language=language) == split_offsets(p, language=language, fast=False), p


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        ("∯", "∯"), ("&ᓰ&", "&ᓰ&"), (r"\.\.\.(?=\s+[A-Z])", "..."), (r"\?!", "?!"), ("ab*c", "a"), ("ab{2}", "a"),
        (r"\!(?=\,\s[a-z])", "!"), ("a|b", ""), (r"(?<=\s)\.", ""), (r"\d\.", ""), ("[ab]c", ""),
    ],
)
def test_required_prefix_is_what_every_match_starts_with(pattern, prefix):
    assert _required_prefix(pattern) == prefix


def test_gated_rules_give_pysbds_own_application():
    """_apply skips a rule only where it cannot match: the same text as pysbd's Text.apply, on every language's
    rule lists, for paragraphs full of the placeholders and marks the rules read."""
    from pysbd.languages import LANGUAGE_CODES
    from pysbd.utils import Text

    rng = random.Random(7)
    pieces = ["∯", "&ᓴ&", "ƪƪƪ", "...", "?!", "!!", "!", "?", "'s ", "Co. KG", "P∯M ", "a", " ", "A", "1", ".", "ȸ", "،"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    for lang in LANGUAGE_CODES.values():
        for rules in (lang.SubSymbolsRules.All, lang.EllipsisRules.All, lang.ReinsertEllipsisRules.All,
                      lang.DoublePunctuationRules.All, lang.ExclamationPointRules.All):
            for text in texts:
                assert _apply(text, *rules) == Text(text).apply(*rules)
