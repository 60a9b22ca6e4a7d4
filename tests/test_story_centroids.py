"""Story centroids as id arrays: the vocabulary, the batched dot products, and a live story's ids kept in step with
its dicts. The index's decisions over them are checked in test_stories.py."""

from __future__ import annotations

import json
import math
import random
from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from counterpoint.model import Article, article_id
from counterpoint.stories import StoryIndex
from counterpoint.story_centroids import _START, Centroid, LiveStory, Vocabulary, dots
from counterpoint.story_features import features
from counterpoint.story_params import StoryParams


def test_vocabulary_numbers_keys_from_one_in_order_of_first_sight() -> None:
    vocab = Vocabulary()
    assert vocab.assign(["b", "a", "b"]).tolist() == [1, 2, 1]  # a repeated key gets one id
    assert vocab.lookup(["a", "c", "b"], 3).tolist() == [2, 0, 1]  # unknown: 0, and not added
    assert len(vocab) == 2
    assert vocab.assign({"c": 1.0, "a": 2.0}).tolist() == [3, 2]  # a mapping's keys


def test_vocabulary_growth_keeps_the_snapshot_defaults_and_a_clear_query() -> None:
    vocab = Vocabulary()
    vocab.take_snapshot(3.5, vocab.assign(["x"]), np.array([1.25]), np.array([4]))
    ids = vocab.assign([f"k{i}" for i in range(3 * _START)])  # past the first two doublings
    assert len(vocab.snapshot) >= 3 * _START + 2
    assert vocab.snapshot[1] == 1.25
    assert set(vocab.snapshot[ids].tolist()) == {3.5}  # keys the snapshot did not count: `top`, and no documents
    assert vocab.counted[1] == 4 and not vocab.counted[ids].any()
    assert not vocab.query.any()


centroids_st = st.dictionaries(st.sampled_from([f"k{i}" for i in range(40)]), st.floats(0.01, 50.0), max_size=25)


@given(query=centroids_st, stories=st.lists(centroids_st, max_size=6))
def test_dots_are_the_exact_sums_over_shared_keys(query: dict[str, float], stories: list[dict[str, float]]) -> None:
    vocab = Vocabulary()
    arrays = [Centroid(vocab.assign(c), np.array(list(c.values()), dtype=float)) for c in stories]
    got = dots(vocab, vocab.lookup(query, len(query)), np.array(list(query.values()), dtype=float), arrays)
    assert not vocab.query.any()  # the article is cleared from the scratch array
    want = [math.fsum(query[k] * c[k] for k in query.keys() & c.keys()) for c in stories]
    assert got == want  # bit for bit, and 0.0 where nothing is shared


def test_a_live_story_keeps_its_ids_in_its_dicts_order() -> None:
    vocab = Vocabulary()
    story = LiveStory("st-x")
    for vec in ({"b": 1.0, "a": 2.0}, {"a": 0.5, "c": 1.0}, {"d": 0.25, "b": 1.0}):
        story.add_vectors((vec, {}, {}), (vocab.assign(vec), vocab.assign([]), vocab.assign([])))
    assert story.words == {"b": 2.0, "a": 2.5, "c": 1.0, "d": 0.25}
    assert story.ids[0].tolist() == vocab.lookup(story.words, 4).tolist()
    arrays = story.centroid_arrays()
    assert arrays[0].values.tolist() == [2.0, 2.5, 1.0, 0.25]
    story.keep_only(0, [("a", 2.5, int(vocab.lookup(["a"], 1)[0])), ("b", 2.0, int(vocab.lookup(["b"], 1)[0]))])
    assert story.words == {"a": 2.5, "b": 2.0}
    assert story.arrays is None and story.ids[0].tolist() == vocab.lookup(["a", "b"], 2).tolist()


def _word(n: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    return "zo" + "".join(letters[n // 20**i % 20] for i in range(3)) + "a"


def test_an_index_past_its_first_arrays_reloads_to_the_same_scores_and_decisions() -> None:
    """Thousands of distinct words (the id arrays grow) over stories that share some: an index and its reload
    give the same scores, bit for bit, and file new articles alike."""
    rng = random.Random(7)
    topics = [[_word(t * 400 + i) for i in range(400)] for t in range(6)]
    articles = []
    for n in range(90):
        words = rng.sample(topics[n % 6], 45)
        text = " ".join(words) + "."
        articles.append(
            Article(id=article_id(text), source="t", text=text, published=date(2024, 3, 1) + timedelta(days=n % 3),
                    language="en")
        )
    index = StoryIndex(StoryParams(idf_refresh=0.5))
    for a in articles[:70]:
        index.add(a.id, features(a))
    assert sum(len(v) for v in index._vocab) > _START
    again = StoryIndex.from_state(json.loads(json.dumps(index.to_state())))
    for a in articles[70:]:
        f = features(a)
        assert again.candidates(f) == index.candidates(f)
        assert again.add(a.id, f) == index.add(a.id, f)
    assert again.to_state() == index.to_state()
    assert len(index.stories()) < 20  # articles of one topic share words and join each other
