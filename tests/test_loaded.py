"""The loaded-language lexicon and finding its words outside attributed quotes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from counterpoint import loaded
from counterpoint.errors import InputError
from counterpoint.model import Article, Quote, article_id


def _article(text: str) -> Article:
    return Article(article_id(text), "test", text)


def _curly_quotes(art: Article, *, speaker: str | None = "source") -> list[Quote]:
    """Every “…” passage as a quote (inner words only), attributed to ``speaker``."""
    return [
        Quote(f"q{i}", art.id, m.start() + 1, m.end() - 1, speaker=speaker)
        for i, m in enumerate(re.finditer(r"“[^”]*”", art.text))
    ]


def test_lexicon_is_documented_and_well_formed() -> None:
    lex = loaded.default_lexicon()
    words = loaded.lexicon()
    assert len(words) > 300
    assert set(words.values()) <= set(lex.categories)
    assert {"evaluative", "emotive", "pejorative label", "loaded verb", "intensifier", "hedge"} <= set(lex.categories)
    for category in lex.categories.values():
        assert category.reason and category.description
    for word in words:
        assert word == word.casefold().strip() and "  " not in word
    assert lex.loaded_categories() == {"evaluative", "emotive", "pejorative label", "loaded verb", "doubt-casting"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a rotten institution", [("rotten", "evaluative")]),
        ("which the force has GLEEFULLY accepted", [("GLEEFULLY", "emotive")]),
        ("the so\u2011called reform", [("so\u2011called", "doubt-casting")]),  # non-breaking hyphen
        ("far too many", [("far too", "intensifier")]),  # the phrase wins over "too"
        ("so far, too", [("so", "intensifier"), ("too", "intensifier")]),  # no phrase across a comma
        ("also rottenness and halfway", []),  # never inside a longer word
        ("a witch\n hunt", [("witch\n hunt", "pejorative label")]),
        ("Critics slammed the plan", [("slammed", "loaded verb")]),
        ("Perhaps it works", [("Perhaps", "hedge")]),
        # a capitalised word beside another inside a sentence is a name ("Greedy Williams", a cornerback, Zyte)
        ("#Browns Greedy Williams has been solid in run support", []),
        ("He said Greedy Williams was greedy", [("greedy", "evaluative")]),
        ("Greedy bankers won again", [("Greedy", "evaluative")]),  # a sentence's first word is read as usual
        ("Senators Slam Brutal Crackdown", [("Brutal", "emotive")]),  # a headline in capitals too
    ],
)
def test_find_matches_words_and_phrases(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], c) for s, e, c in loaded.default_lexicon().find(text)] == expected


def test_loaded_words_in_partisan_seed_skip_attributed_quotes(seed_paths: dict[str, Path]) -> None:
    art = _article(seed_paths["002"].read_text(encoding="utf-8"))
    quotes = _curly_quotes(art)
    found = loaded.find_loaded_words(art, quotes)
    words = {art.text[w.start : w.end].lower() for w in found}
    assert {"rotten", "gleefully", "damning", "harrowing"} <= words
    assert all(w.category in loaded.default_lexicon().loaded_categories() for w in found)
    for w in found:
        assert not any(q.start < w.end and w.start < q.end for q in quotes)
    # "the most insidious issues" is inside an insider's quote: theirs, not the outlet's
    assert "insidious" in art.text and "insidious" not in words
    assert "insidious" in {art.text[w.start : w.end] for w in loaded.find_loaded_words(art, [])}


def test_unattributed_scare_quotes_are_the_outlets_words() -> None:
    art = _article("Officials called it a “shambolic” plan. “It was shambolic,” Ms Reed said.")
    scare, said = _curly_quotes(art)
    quotes = [Quote(scare.id, art.id, scare.start, scare.end), Quote(said.id, art.id, said.start, said.end, cue="said")]
    found = loaded.find_loaded_words(art, quotes)
    assert [(w.start, w.end) for w in found] == [(scare.start, scare.end)]
    assert found[0].to_dict(art.text)["text"] == "shambolic"


def test_category_filter_and_unknown_category() -> None:
    art = _article("It is so clearly a rotten deal.")
    assert [w.category for w in loaded.find_loaded_words(art, [], categories=["intensifier", "certainty"])] == [
        "intensifier", "certainty",
    ]
    with pytest.raises(InputError, match="unknown lexicon categories"):
        loaded.find_loaded_words(art, [], categories=["sarcasm"])


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ("not json", "cannot read lexicon"),
        ({"categories": {"a": {"loaded": True, "reason": "r", "description": "d"}}}, "cannot read lexicon"),
        ({"categories": {"a": {"loaded": True, "reason": "r", "description": "d", "entries": []}}}, "no entries"),
        (
            {"categories": {
                "a": {"loaded": True, "reason": "r", "description": "d", "entries": ["vile"]},
                "b": {"loaded": False, "reason": "r", "description": "d", "entries": ["Vile"]},
            }},
            "in both",
        ),
    ],
)
def test_malformed_lexicon_is_an_input_error(tmp_path: Path, doc: object, message: str) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        loaded.load_lexicon(path)
    assert err.value.source == str(path)


def test_custom_lexicon_replaces_the_packaged_one(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"categories": {"slur": {
        "loaded": True, "reason": "slur", "description": "test", "entries": ["fat cats"]}}}), encoding="utf-8")
    art = _article("Fat cats and rotten bankers.")
    found = loaded.find_loaded_words(art, [], lexicon=loaded.load_lexicon(path))
    assert [(art.text[w.start : w.end], w.category) for w in found] == [("Fat cats", "slur")]
