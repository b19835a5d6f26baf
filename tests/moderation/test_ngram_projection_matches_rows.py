"""The batched n-gram projection the classifier uses equals tf-idf rows @ weights, text by text
(repeated terms, unknown words and empty texts included)."""

import numpy as np

from moderation.ngrams import NgramVectorizer

TRAIN = ["you are an idiot", "you are a star", "idiot idiot idiot", "what a lovely stream",
         "shut up you idiot", "a lovely lovely star"]


def test_batched_projection_equals_per_text_rows():
    vectorizer = NgramVectorizer.fit(TRAIN, max_terms=500, min_df=1)
    weights = np.random.default_rng(0).normal(size=(len(vectorizer.vocabulary), 8)).astype(np.float32)
    texts = ["you idiot idiot", "", "zzzz qqqq", "a lovely star, you are", "IDIOT"]
    expected = np.stack([values @ weights[index] for index, values in vectorizer.rows(texts)])
    projected = vectorizer.project(texts, weights)
    assert projected.shape == (len(texts), 8)
    np.testing.assert_allclose(projected, expected, atol=1e-5)
    assert not projected[1].any() and not projected[2].any()
