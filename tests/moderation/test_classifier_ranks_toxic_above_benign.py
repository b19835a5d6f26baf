import pytest

from moderation.policy import PolicySettings, decide

BENIGN = "thanks for the stream, see you all tomorrow"

TOXIC = {
    "S": "send me nudes and take your top off for me",
    "H": "all immigrants are filthy animals and should go back where they came from",
    "V": "I'm going to find you and stab you tonight",
    "HR": "shut up you ugly worthless loser, nobody wants you here",
    "SH": "I want to kill myself, I can't go on living anymore",
    "H2": "we should round up all the muslims and shoot them",
    "V2": "his skull was split open and blood and brains were all over the road",
}


@pytest.mark.parametrize("code", sorted(TOXIC))
def test_toxic_example_scores_higher_than_benign(classifier, code):
    """Each toxic example is blocked and reaches its own category's review bar (H2's example is
    blocked through H: its H2 score, ~0.4 since ETHOS left training, is under 0.5)."""
    toxic, benign = classifier.predict([TOXIC[code], BENIGN])
    review = PolicySettings().thresholds[code].review
    assert toxic[code] > review > benign[code]
    verdict = decide(toxic)
    assert verdict.action == "block" and code in verdict.categories
    assert decide(benign).action == "allow"


def test_long_text_is_chunked_and_the_worst_chunk_counts(classifier):
    filler = "we talked about the weather and the football results for a while. " * 40
    alone, buried = classifier.predict([TOXIC["V"], filler + TOXIC["V"]])
    assert buried["V"] > 0.5
    assert buried["V"] == pytest.approx(alone["V"], abs=0.1)


def test_s3_needs_both_sexual_content_and_a_reference_to_a_minor(classifier):
    minor, adult_sexual, neutral = classifier.predict(
        ["my daughter is 12 and just started 7th grade", TOXIC["S"], BENIGN]
    )
    assert minor["S3"] < 0.1
    assert adult_sexual["S3"] < adult_sexual["S"]
    assert neutral["S3"] < 0.1
