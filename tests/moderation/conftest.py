import pytest

from moderation import ModerationClassifier, load_classifier


@pytest.fixture(scope="session")
def classifier() -> ModerationClassifier:
    return load_classifier()
