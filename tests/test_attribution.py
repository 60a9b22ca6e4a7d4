"""Attribution rules (counterpoint.attribution): cue lexicon, clause subjects, trailing verbs, relative "who"."""

from __future__ import annotations

import pytest

from counterpoint.attribution import inflect
from counterpoint.quotes import attributed_quotes


def _attribution(text: str, words: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(speaker, mention as written, cue, rule) of the quote that starts with ``words``."""
    for q, a in attributed_quotes(text):
        if text[q.start : q.end].startswith(words):
            mention = text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else None
            return q.speaker, mention, q.cue, a.rule
    raise AssertionError(f"no quote starting {words!r}")


@pytest.mark.parametrize(
    ("base", "forms"),
    [
        ("quote", ["quote", "quotes", "quoted", "quoting"]),
        ("reply", ["reply", "replies", "replied", "replying"]),
        ("stress", ["stress", "stresses", "stressed", "stressing"]),
        ("riff", ["riff", "riffs", "riffed", "riffing"]),
    ],
)
def test_inflect(base: str, forms: list[str]) -> None:
    assert inflect(base) == forms


@pytest.mark.parametrize(
    ("text", "words", "speaker", "mention", "cue"),
    [
        # every form of a cue verb, and phrasal cues
        ("Bernie Sanders spoke in Iowa. He asks, “Do we really feel confident?”", "Do we", "Bernie Sanders", "He",
         "asks"),
        ("Trump riffed: “We will win so much.”", "We will", "Trump", "Trump", "riffed"),
        ("Hillary Clinton spoke first.\n\n“And it is a bit concerning,” she went on.", "And it", "Hillary Clinton",
         "she", "went on"),
        # a parenthesis between the name and the cue
        ("Sen. Jack Reed (D-R.I.), said he had not read it but called it a “starting point.”", "starting",
         "Jack Reed", "Sen. Jack Reed", "said"),
        # inverted after a clause: "…, said the director, James Comey"
        ("The FBI did not find “ties of any consequence,” aside from a link, said the director, James Comey.",
         "ties of", "James Comey", "James Comey", "said"),
        # a participle hangs on the subject of its clause, not on the noun before it
        ("Trump blasted the yoga instructor, calling her a “horrible, horrible witness.”", "horrible", "Trump",
         "Trump", "calling"),
        # a cue used as a noun ("Clinton's remarks") is not a cue
        ("Party Chairman Reince Priebus called Clinton's remarks a “new low.”", "new low", "Reince Priebus",
         "Party Chairman Reince Priebus", "called"),
    ],
)
def test_cues(text: str, words: str, speaker: str, mention: str, cue: str) -> None:
    assert _attribution(text, words)[:3] == (speaker, mention, cue)


@pytest.mark.parametrize(
    ("text", "words", "speaker", "mention", "rule"),
    [
        # no cue: the subject of the quote's clause
        ("Trump took a risk by winking at stereotypes, and the audience laughed at “I’m a negotiator.”",
         "I’m a", "Trump", "Trump", "subject"),
        ("Trump has made his wealth a centerpiece and will spend “whatever it takes” to win.", "whatever",
         "Trump", "Trump", "subject"),
        ("Outside the arena, about 200 protesters gathered, holding signs with “Dump Trump.”", "Dump", "about 200 protesters",
         "about 200 protesters", "subject"),
        ("When Donald Trump entered the race, he lumped immigrants together as “criminals.”", "criminals",
         "Donald Trump", "he", "subject"),
        # a relative "who": the mention is "who", the speaker the name before it
        ("Donald Trump spoke. Contrast that with Trump, who has called the pact “insanity.”", "insanity",
         "Donald Trump", "who", "subject"),
        # any verb right after a quote that does not end its sentence
        ("Donald Trump took questions. “I would say this,” Trump answered.", "I would", "Donald Trump", "Trump",
         "verb-after"),
        ("“Hey, hey! Ho, ho! Rahm has got to go!” some protesters hollered on Friday.", "Hey", "some protesters",
         "some protesters", "verb-after"),
        ("“It's about time,” exhorted actress Jamie Lee Curtis.", "It's about", "Jamie Lee Curtis",
         "Jamie Lee Curtis", "verb-after"),
    ],
)
def test_rules_without_a_cue(text: str, words: str, speaker: str, mention: str, rule: str) -> None:
    got_speaker, got_mention, _, got_rule = _attribution(text, words)
    assert (got_speaker, got_mention, got_rule) == (speaker, mention, rule)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a sentence that opens with the quote gets no clause subject (continuation decides, or nothing)
        ("“Anybody but Trump.”", "Anybody"),
        # a headline is nobody's clause
        ("Male cop used ‘revenge porn’ against female colleague\n\nOther news.", "revenge"),
        # a quote closed by a full stop ends its sentence: the next one is not its attribution
        ("The crowd waited. “It is over.” Trump left the stage.", "It is over"),
    ],
)
def test_unattributed(text: str, words: str) -> None:
    assert _attribution(text, words)[0] is None
