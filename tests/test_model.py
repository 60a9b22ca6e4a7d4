"""The data model: content-hash ids, spans as views, and lossless JSON round-trips."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpoint.model import TITLE_MAX, Article, Removed, Span, article_id, normalise_for_id, story_title
from counterpoint.segment import sentences


def make(text: str, **kw) -> Article:
    aid = article_id(text)
    return Article(id=aid, source="mem", text=text, sentences=sentences(aid, text), **kw)


def test_id_is_content_hash_of_normalised_text():
    assert article_id("Hello  world\n") == article_id("hello world")
    assert article_id("Hello world") != article_id("Hello world!")
    assert len(article_id("x")) == 16
    assert normalise_for_id("  A\u00a0B  ") == "a b"


def test_id_of_a_known_text_never_changes():
    # stored corpora key articles by this id: a change to normalise_for_id must keep every id as it was
    text = "Baroness Casey\u2019s review\u00a0found the Met \u201cinstitutionally racist\u201d.\n\nIt should be abolished now.  "
    assert article_id(text) == "9099db42b59d88a0"


def test_json_round_trip_is_lossless():
    a = make(
        "First sentence here. Second one “quoted.”\n\nA new paragraph.",
        url="https://example.org/a", outlet="Example", title="T", byline="Jo Bloggs",
        published=date(2023, 3, 21), language="en", removed=(Removed("Latest News", "related links heading"),),
        captions=("A caption",), meta={"id": "r1"},
    )
    d = json.loads(json.dumps(a.to_dict()))
    b = Article.from_dict(d)
    assert b == a
    assert b.to_dict() == a.to_dict()
    assert [b.sentence_text(s) for s in b.sentences] == [a.sentence_text(s) for s in a.sentences]


def test_from_dict_rejects_sentence_text_that_does_not_match_offsets():
    d = make("One sentence. Two sentences.").to_dict()
    d["sentences"][0]["text"] = "tampered"
    with pytest.raises(ValueError, match="does not match"):
        Article.from_dict(d)


def test_span_is_strict():
    with pytest.raises(ValueError):
        Span("a", 5, 2)
    a = make("Alpha beta. Gamma delta.")
    with pytest.raises(ValueError):
        a.slice(Span("other", 0, 3))
    assert a.slice(Span(a.id, 0, 5)) == "Alpha"
    assert a.sentence_at(13) == a.sentences[1]
    assert a.sentence_at(11) is None  # the space between sentences belongs to none


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60),
                min_size=1, max_size=8))
def test_every_sentence_span_slices_to_its_text(paragraphs):
    text = "\n\n".join(paragraphs)
    a = make(text)
    d = a.to_dict()
    prev_end = 0
    for s, sd in zip(a.sentences, d["sentences"], strict=True):
        assert text[s.start : s.end] == sd["text"]
        assert sd["text"] == sd["text"].strip() and sd["text"]
        assert s.start >= prev_end
        prev_end = s.end
    assert Article.from_dict(d) == a


def test_an_article_pickles_whole_with_its_sentences():
    """As a worker process hands a prepared article to the writer (sentences pickle as constructor calls)."""
    import pickle

    a = make("Alpha beta. Gamma delta!\n\nA second paragraph, and “a quote.”", removed=(Removed("Sign up", "newsletter"),))
    back = pickle.loads(pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == a and back.sentences == a.sentences and len(a.sentences) == 3
    assert [s.id for s in back.sentences] == [s.id for s in a.sentences]
    assert [back.sentence_text(s) for s in back.sentences] == ["Alpha beta.", "Gamma delta!", "A second paragraph, and “a quote.”"]


def test_story_title_is_the_first_title_else_the_first_sentence():
    untitled = make("First sentence here. Second one.")
    titled = make("Another body. With words.", title="  The Casey review  ")
    assert story_title([untitled, titled]) == "The Casey review"  # the first title, stripped
    assert story_title([titled, untitled]) == "The Casey review"
    assert story_title([untitled, make("Other text.", title="   ")]) == "First sentence here."  # blank titles skipped
    long = make("word " * 100 + "end.")
    cut = story_title([long])
    assert cut is not None and len(cut) == TITLE_MAX and cut.endswith("…") and cut.startswith("word word")
    assert story_title([]) is None
    assert story_title([make("   ")]) is None  # no title and no sentence
