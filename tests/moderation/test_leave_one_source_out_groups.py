"""Leave-one-source-out holds out whole sources: every synthetic template is one source, so
no template is ever on both sides of a fold."""

from moderation.datasets import Example, load_all, trainable
from moderation.evaluate import source_of, sources_named


def test_synthetic_rows_form_one_source_and_public_rows_keep_theirs():
    assert source_of(Example("x", {}, "synthetic", "V-threat/4")) == "synthetic"
    assert source_of(Example("x", {}, "authored", "story-ambush/7")) == "authored"
    assert source_of(Example("x", {}, "olid")) == "olid"


def test_each_fold_excludes_exactly_the_rows_it_scores():
    examples = trainable(load_all())
    sources = {source_of(e) for e in examples}
    assert {"synthetic", "convabuse", "davidson", "hatecheck", "olid", "redteam"} <= sources
    for source in sources:
        excluded = sources_named(source, examples)
        trained = [e for e in examples if e.source not in excluded]
        assert trained and not [e for e in trained if source_of(e) == source]
