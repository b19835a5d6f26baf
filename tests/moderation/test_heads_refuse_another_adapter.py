"""Heads fitted over one encoder are never run over another: heads.json records the adapter's
sha256 and the classifier refuses an encoder whose adapter differs; an adapter.npz that
heads.json does not name (stray, or a checkpoint of an interrupted run) is never loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import numpy as np
import pytest

from moderation.adapter import ADAPTER_FILE, save_adapter
from moderation.classifier import WEIGHTS_DIR, HeadsMeta, ModerationClassifier, load_classifier


def test_heads_fitted_over_an_adapter_refuse_the_plain_encoder(
        classifier: ModerationClassifier, tmp_path: Path) -> None:
    shutil.copy(WEIGHTS_DIR / "heads.npz", tmp_path / "heads.npz")
    meta = msgspec.json.decode((WEIGHTS_DIR / "heads.json").read_bytes(), type=HeadsMeta)
    other = msgspec.structs.replace(meta, adapter="ab" * 32)
    (tmp_path / "heads.json").write_bytes(msgspec.json.encode(other))

    with pytest.raises(ValueError, match="adapter abababababab"):
        ModerationClassifier(classifier.encoder, tmp_path)


def test_an_adapter_the_heads_do_not_name_is_ignored(
        classifier: ModerationClassifier, tmp_path: Path) -> None:
    assert classifier.meta.adapter == ""  # the shipped heads: plain encoder (MODEL_CARD.md)
    for name in ("heads.npz", "heads.json"):
        shutil.copy(WEIGHTS_DIR / name, tmp_path / name)
    save_adapter(tmp_path / ADAPTER_FILE, 1.0, {"encoder.layer.0.attention.self.query": (
        np.ones((1, 384)), np.ones((384, 1)))})

    stray = load_classifier(weights_dir=tmp_path)

    assert stray.encoder.adapter == ""
    assert stray.predict(["I will kill you"]) == classifier.predict(["I will kill you"])
