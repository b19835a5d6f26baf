import msgspec
import pytest

from moderation.categories import CATEGORIES
from moderation.policy import PolicySettings, Thresholds, decide


def scores(**overrides: float) -> dict[str, float]:
    return dict.fromkeys(CATEGORIES, 0.01) | overrides


def test_clean_message_is_allowed():
    verdict = decide(scores())
    assert verdict.action == "allow"
    assert verdict.categories == []
    assert not verdict.needs_review


def test_score_between_review_and_block_is_flagged_for_review():
    settings = PolicySettings()
    review, block = settings.thresholds["HR"].review, settings.thresholds["HR"].block
    verdict = decide(scores(HR=(review + block) / 2), settings)
    assert verdict.action == "flag"
    assert verdict.categories == ["HR"]
    assert verdict.needs_review


def test_score_over_block_threshold_blocks():
    verdict = decide(scores(V=0.99, H=0.6))
    assert verdict.action == "block"
    assert verdict.categories == ["H", "V"]


def test_s3_hit_always_reaches_human_review_even_when_blocked():
    blocked = decide(scores(S=0.99, S3=0.9))
    assert blocked.action == "block"
    assert "S3" in blocked.categories
    assert blocked.needs_review
    flagged = decide(scores(S3=PolicySettings().thresholds["S3"].review))
    assert flagged.action == "flag"


def test_s3_and_h2_are_stricter_than_the_rest():
    limits = PolicySettings().thresholds
    for strict in ("S3", "H2"):
        for code in ("S", "H", "V", "HR", "SH", "V2"):
            assert limits[strict].review < limits[code].review
            assert limits[strict].block < limits[code].block


def test_thresholds_can_be_overridden_and_decoded_from_config():
    settings = PolicySettings().with_thresholds(S=Thresholds(review=0.25, block=0.3))
    assert decide(scores(S=0.35), settings).action == "block"
    assert decide(scores(S=0.35)).action == "flag"
    raw = msgspec.json.encode(settings)
    assert msgspec.json.decode(raw, type=PolicySettings) == settings


def test_inconsistent_thresholds_are_rejected():
    with pytest.raises(ValueError, match="review <= block"):
        PolicySettings().with_thresholds(V=Thresholds(review=0.9, block=0.5))
    with pytest.raises(ValueError, match="missing"):
        PolicySettings(thresholds={"S": Thresholds(0.5, 0.9)})
