"""The foreign-genre evaluation set stays out of every training path, and keeps its shape."""

from moderation.categories import CATEGORIES
from moderation.datasets import frozen, load_all, minors


def test_no_frozen_text_is_among_the_training_texts():
    training = {e.text.lower() for e in load_all()} | {e.text.lower() for e in minors()}
    assert not [e.text for e in frozen() if e.text.lower() in training]


def test_frozen_set_has_each_source_with_positives_and_hard_negatives():
    examples = frozen()
    for source in ("xstest", "simplesafetytests", "ailuminate-demo"):
        rows = [e for e in examples if e.source == source]
        assert any(1 in e.labels.values() for e in rows), source
        assert any(e.labels and not any(e.labels.values()) for e in rows), source
    assert {code for e in examples for code in e.labels} <= set(CATEGORIES)


def test_no_sexual_or_minor_positive_is_kept():
    assert not [e.text for e in frozen() if e.labels.get("S3")]
