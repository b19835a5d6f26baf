"""A text scores the same alone as in any batch: the int8 encoder quantises each token's
activations on their own (moderation/quantize.py), never over the batch and its padding."""

import pytest

TEXTS = (
    "I'd kill for a slice of pizza right now",
    "that guy is a moron",
    "I will find you and hurt you",
    "see you all tomorrow, thanks for the stream",
)
LONG = (
    "The storm had been building over the hills all afternoon, and by the time the ferry left "
    "the harbour the sky was the colour of wet slate. Nobody on deck said much. An old man fed "
    "the gulls from a paper bag while two children argued about whose turn it was to hold the "
    "binoculars, and the engine droned under everything like a held breath. " * 3
)
COMPANY = (
    [LONG, "lol", "ok", "u there?"],
    ["hi"] * 20 + [LONG] * 3,
    [LONG.upper(), "you absolute clown", "nice shot!!", "what time is the next show?"] * 6,
)


@pytest.mark.parametrize("text", TEXTS)
def test_text_scores_the_same_alone_and_in_a_batch(classifier, text):
    (alone,) = classifier.predict([text])
    for company in COMPANY:
        for batch in ([text, *company], [*company, text]):
            together = classifier.predict(batch)[batch.index(text)]
            assert together == pytest.approx(alone, abs=1e-5)
