"""Heads fitted over one encoder are never run over another: heads.json records the adapter's
sha256 and the classifier refuses an encoder whose adapter differs; with no adapter.npz beside
the shipped heads, load_classifier runs the plain encoder."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest

from moderation.classifier import WEIGHTS_DIR, HeadsMeta, ModerationClassifier, adapter_in


def test_heads_fitted_over_an_adapter_refuse_the_plain_encoder(
        classifier: ModerationClassifier, tmp_path: Path) -> None:
    shutil.copy(WEIGHTS_DIR / "heads.npz", tmp_path / "heads.npz")
    meta = msgspec.json.decode((WEIGHTS_DIR / "heads.json").read_bytes(), type=HeadsMeta)
    other = msgspec.structs.replace(meta, adapter="ab" * 32)
    (tmp_path / "heads.json").write_bytes(msgspec.json.encode(other))

    with pytest.raises(ValueError, match="adapter abababababab"):
        ModerationClassifier(classifier.encoder, tmp_path)


def test_without_an_adapter_file_the_plain_encoder_runs(tmp_path: Path) -> None:
    assert adapter_in(tmp_path) is None
