"""The aligner's TF-IDF equals scikit-learn's TfidfVectorizer (the calibration in bench/align.py was made with it)."""

from __future__ import annotations

import numpy as np
import pytest

from counterpoint.align import sentence_refs
from counterpoint.align_backends import content_words, normalise
from counterpoint.examples import example_paths
from counterpoint.pipeline import read_articles, split_results
from counterpoint.tfidf import Tfidf, char_wb_ngrams, english_stop_words

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")


@pytest.fixture(scope="module")
def docs() -> list[str]:
    arts, _ = split_results(read_articles([str(p) for p in example_paths()]))
    return [normalise(r.text) for r in sentence_refs(arts)] + ["", "a", "x y", "résumé naïve façade"]


def test_stop_words_are_scikit_learns():
    assert english_stop_words() == frozenset(sklearn_text.ENGLISH_STOP_WORDS)


def test_word_tfidf_matches(docs):
    ours = Tfidf(content_words).fit(docs)
    ref = sklearn_text.TfidfVectorizer(analyzer=content_words, sublinear_tf=True, norm=None).fit(docs)
    assert ours.vocabulary == ref.vocabulary_
    np.testing.assert_allclose(ours.idf, ref.idf_, rtol=1e-12)
    np.testing.assert_allclose(ours.transform(docs, normalise=False).toarray(), ref.transform(docs).toarray(),
                               rtol=1e-12, atol=1e-12)


def test_char_wb_tfidf_matches(docs):
    char_docs = [" ".join(content_words(d)) for d in docs]
    ours = Tfidf(lambda s: char_wb_ngrams(s, 4, 5)).fit(char_docs)
    ref = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True).fit(char_docs)
    assert ours.vocabulary == ref.vocabulary_
    np.testing.assert_allclose(ours.transform(char_docs).toarray(), ref.transform(char_docs).toarray(),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("word", ["a", "ab", "abc", "abcd", "abcde", "abcdefgh"])
def test_char_wb_ngrams_of_short_and_long_words(word):
    ref = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5)).build_analyzer()
    assert char_wb_ngrams(word, 4, 5) == ref(word)
