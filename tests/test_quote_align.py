"""Grouping the same quote across outlets (counterpoint.quote_align)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint import segment
from counterpoint.model import Article, Quote, QuoteGroup, article_id
from counterpoint.quote_align import MATCH_THRESHOLD, align_quotes, pair_score, verdict, word_diff
from counterpoint.quotes import extract_quotes

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "counterpoint" / "examples" / "marrowby_flood"


def _article(text: str, source: str) -> Article:
    aid = article_id(text)
    return Article(id=aid, source=source, text=text, sentences=segment.sentences(aid, text))


def _group_of(groups: list[QuoteGroup], quote_id: str) -> QuoteGroup | None:
    return next((g for g in groups if quote_id in g.quotes), None)


def _quote(arts: list[Article], quotes: list[Quote], source: str, words: str) -> Quote:
    art = next(a for a in arts if a.source == source)
    hits = [q for q in quotes if q.article == art.id and art.text[q.start : q.end].startswith(words)]
    assert hits, words
    return hits[0]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("It is not our job", "It is not our job", [("=", "It"), ("=", "is"), ("=", "not"), ("=", "our"),
                                                    ("=", "job")]),
        ("as a public", "as the public", [("=", "as"), ("-", "a"), ("+", "the"), ("=", "public")]),
        ("It’s the job.", "it's the job", [("=", "It’s"), ("=", "the"), ("=", "job")]),
        ("lost confidence", "have now lost faith", [("+", "have"), ("+", "now"), ("=", "lost"),
                                                    ("-", "confidence"), ("+", "faith")]),
    ],
)
def test_word_diff(a: str, b: str, expected: list[tuple[str, str]]) -> None:
    assert word_diff(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We got everyone out, and I am proud.", "“We got everyone out and I am proud”", "identical"),
        ("This was not bad luck. It was a failure of maintenance, not of nature.",
         "a failure of maintenance, not of nature", "trimmed"),
        ("failure of maintenance", "This was not bad luck. It was a failure of maintenance, not of nature",
         "trimmed"),
        ("It came down the street like a wall, brown and roaring.",
         "The water came like a wall through the street, brown and very loud.", "reworded"),
    ],
)
def test_verdict(a: str, b: str, expected: str) -> None:
    assert verdict(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("Female civil servants and employees are routinely confronted with sexism and misogyny",
         "Female officers and staff routinely face sexism and misogyny", True),  # re-translation
        ("failure of maintenance", "It was a failure of maintenance, not of nature", True),
        ("diagnosis", "He accepts the diagnosis of prejudice in the force", False),  # too short to be a sub-part
        ("tick box", "tick box", True),
        ("diagnosis", "diagnosis", True),
        ("We", "We.", False),  # function words alone: a term in quote marks (the trademark "We"), no one's words
        ("it is what it is", "It is what it is", True),
        ("Takin’ It to the Streets.", "Takin' It To The Streets,", False),  # a song's title, not speech
        ("What A Fool Believes,", "What a Fool Believes.", False),
        ("Meth. We’re on it.", "Meth. We're on it.", True),  # a slogan of two sentences stays a quote
        ("Stop the boats", "Stop the boats", True),  # a chant: not every word is capitalised
        ("They were heroes, every one of them",
         "We got everyone we could reach out of the lower town before the water arrived", False),
        ("It is not our job as a public to protect ourselves from the police.",
         "The Met has not protected its female employees or members of the public", False),
    ],
)
def test_pair_score_threshold(a: str, b: str, match: bool) -> None:
    assert (pair_score(a, b) >= MATCH_THRESHOLD) is match


def test_many_to_one_and_same_article_not_grouped() -> None:
    a = _article("“It is not our job as a public to protect ourselves from the police,” Casey said. "
                 "“Far too many Londoners have lost confidence in the police.”\n\n"
                 "“It is not our job as a public to protect ourselves from the police,” she repeated.", "a")
    b = _article("Casey said, “It is not our job as the public to keep ourselves safe from the police. "
                 "Far too many Londoners have now lost faith in policing to do that.”", "b")
    quotes = extract_quotes(a) + extract_quotes(b)
    groups = align_quotes([a, b], quotes)
    assert len(groups) == 1
    (g,) = groups
    assert [q.split(":")[0] for q in g.quotes].count(b.id) == 1
    assert len([q for q in g.quotes if q.startswith(a.id)]) == 3  # both pieces and the repeat of a
    assert g.verdict == "reworded" and g.speaker_agrees
    assert ("-", "a") in g.diff and ("+", "the") in g.diff
    # the same words twice in one article alone make no group
    assert align_quotes([a], extract_quotes(a)) == []


@pytest.fixture(scope="module")
def seeds(seed_paths: dict[str, Path]) -> tuple[list[Article], list[Quote], list[QuoteGroup]]:
    arts = [_article(seed_paths[k].read_text(encoding="utf-8"), k) for k in ("000", "002")]
    quotes = [q for a in arts for q in extract_quotes(a)]
    return arts, quotes, align_quotes(arts, quotes)


@pytest.mark.parametrize(
    ("words_000", "words_002", "verdict_", "agrees"),
    [
        ("It is not our job as a public", "It is not our job as the public", "reworded", True),
        ("Far too many Londoners", "It is not our job as the public", "reworded", True),
        ("deep-seated homophobia", "deep-seated homophobia", "identical", False),  # Casey vs "it" (the report)
        ("The Met has not protected its women", "The Met has not protected its female", "reworded", True),
    ],
)
def test_seed_pair_alignment(seeds: tuple[list[Article], list[Quote], list[QuoteGroup]], words_000: str,
                             words_002: str, verdict_: str, agrees: bool) -> None:
    arts, quotes, groups = seeds
    qa = _quote(arts, quotes, "000", words_000)
    qb = _quote(arts, quotes, "002", words_002)
    g = _group_of(groups, qa.id)
    assert g is not None and qb.id in g.quotes
    assert g.verdict == verdict_
    assert g.speaker_agrees is agrees


def test_seed_casey_group_speaker_and_diff(seeds: tuple[list[Article], list[Quote], list[QuoteGroup]]) -> None:
    arts, quotes, groups = seeds
    qa = _quote(arts, quotes, "000", "It is not our job as a public")
    qb = _quote(arts, quotes, "002", "It is not our job as the public")
    assert qa.speaker == qb.speaker == "Louise Casey"
    g = _group_of(groups, qa.id)
    assert g is not None
    assert g.diff[:6] == (("=", "It"), ("=", "is"), ("=", "not"), ("=", "our"), ("=", "job"), ("=", "as"))
    assert ("+", "Far") not in g.diff  # 000's second piece is part of its rendering, so it is no addition


def test_seed_unrelated_quotes_stay_apart(seeds: tuple[list[Article], list[Quote], list[QuoteGroup]]) -> None:
    arts, quotes, groups = seeds
    q = _quote(arts, quotes, "002", "You can’t put it right")
    assert _group_of(groups, q.id) is None
    assert all(len({x.split(":")[0] for x in g.quotes}) == 2 for g in groups)


@pytest.mark.parametrize(
    ("names", "words", "verdict_"),
    [
        (("wire.txt", "opinion.txt"), "We got everyone", "identical"),
        (("wire.txt", "opinion.txt"), "This was not bad luck", "trimmed"),
    ],
)
def test_example_corpus_alignment(names: tuple[str, str], words: str, verdict_: str) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("example corpus not present")
    arts = [_article((EXAMPLES / n).read_text(encoding="utf-8"), n) for n in names]
    quotes = [q for a in arts for q in extract_quotes(a)]
    groups = align_quotes(arts, quotes)
    g = _group_of(groups, _quote(arts, quotes, names[0], words).id)
    assert g is not None and g.verdict == verdict_ and g.speaker_agrees
