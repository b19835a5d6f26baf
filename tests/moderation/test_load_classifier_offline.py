import socket

import pytest

from moderation import CATEGORIES, load_classifier
from moderation.encoder import EncoderIntegrityError, verify_encoder


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access during classifier load")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_loads_and_predicts_without_network(no_network):
    predictions = load_classifier().predict(["hello everyone, great show tonight"])
    assert len(predictions) == 1


def test_one_probability_per_category_for_every_text(classifier):
    texts = ["hi", "", "I love this song", "word " * 2000]
    predictions = classifier.predict(texts)
    assert len(predictions) == len(texts)
    for scores in predictions:
        assert list(scores) == list(CATEGORIES)
        assert all(0.0 <= p <= 1.0 for p in scores.values())
    assert classifier.predict([]) == []


def test_refuses_encoder_weights_with_another_sha(tmp_path):
    tampered = tmp_path / "model.safetensors"
    tampered.write_bytes(b"not the pinned weights")
    with pytest.raises(EncoderIntegrityError, match="expected 53aa5117"):
        verify_encoder(tmp_path)


def test_loader_refuses_a_tampered_encoder(tmp_path, monkeypatch):
    (tmp_path / "model.safetensors").write_bytes(b"\0" * 1024)
    monkeypatch.setattr("moderation.encoder.encoder_dir", lambda: tmp_path)
    with pytest.raises(EncoderIntegrityError):
        load_classifier()
