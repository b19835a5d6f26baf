from moderation.datasets import Example


def test_split_is_deterministic_and_roughly_80_10_10():
    examples = [Example(f"chat line {i}", {"S": 0}, "test") for i in range(5000)]
    splits = [e.split() for e in examples]
    assert splits == [e.split() for e in examples]
    for name, share in (("train", 0.8), ("val", 0.1), ("test", 0.1)):
        assert abs(splits.count(name) / len(splits) - share) < 0.03


def test_synthetic_rows_are_split_by_template_not_by_text():
    same_template = [Example(f"variant {i}", {"V": 1}, "synthetic", "V-threat/4") for i in range(9)]
    assert {e.split() for e in same_template} == {"test"}
    assert Example("x", {}, "synthetic", "V-threat/13").split() == "val"
    assert Example("x", {}, "synthetic", "V-threat/0").split() == "train"
