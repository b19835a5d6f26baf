"""Preparing the int8 encoder on a first start says so in one progress line and a "ready" line,
and nothing else logs while it is built."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from moderation.encoder import PREPARING, encoder_dir, ensure_onnx, onnx_path


def test_quantizing_logs_progress_and_nothing_from_onnxruntime(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    fp32 = ensure_onnx("fp32", encoder_dir())
    shutil.copy(fp32, tmp_path / fp32.name)  # the slow torch export is not what is checked here
    monkeypatch.setenv("PNP_MODEL_CACHE", str(tmp_path))
    caplog.set_level(logging.DEBUG)

    assert ensure_onnx("int8", encoder_dir()) == onnx_path("int8")

    assert [r.name for r in caplog.records] == ["moderation.encoder", "moderation.encoder"]
    progress, ready = caplog.records
    assert progress.getMessage() == f"{PREPARING}: 1/1 quantizing it to int8"
    assert getattr(progress, "progress", False) and not getattr(ready, "progress", False)
    assert ready.getMessage().startswith("moderation model ready in ")
    caplog.clear()
    ensure_onnx("int8", encoder_dir())
    assert caplog.records == []  # once: a start with the model cached says nothing about it
