"""A direct threat to the reader is blocked (the V block threshold), however short; violent
idioms and boasts are allowed."""

import pytest

from moderation.policy import decide

THREATS = (
    "I will kill you",
    "I am going to kill you and your family",
    "I'm going to stab you tonight",
    "I will find you and hurt you",
    "keep it up and I'll shoot you",
)

NOT_THREATS = (
    "this workout will kill me",
    "I killed it on stage",
    "you absolutely killed that song",
    "my feet are killing me after that show",
    "I'd kill for a slice of pizza",
)


@pytest.mark.parametrize("text", THREATS)
def test_direct_threat_is_blocked(classifier, text):
    verdict = decide(classifier.predict([text])[0])
    assert verdict.action == "block", verdict.scores
    assert "V" in verdict.categories


@pytest.mark.parametrize("text", NOT_THREATS)
def test_violent_idiom_is_allowed(classifier, text):
    verdict = decide(classifier.predict([text])[0])
    assert verdict.action == "allow", verdict.scores
