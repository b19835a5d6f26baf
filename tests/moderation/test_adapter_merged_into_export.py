"""A LoRA adapter is merged into the encoder's weights before the ONNX export: the exported
graph computes the plain encoder with W + scale * b @ a in the adapted layers, and its cache
file is named by the adapter's sha256 so another adapter's (or no adapter's) graph is never
reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch
from transformers import AutoModel

from moderation.adapter import adapter_digest, save_adapter
from moderation.encoder import encoder_dir, ensure_onnx, export_onnx, onnx_path

LAYER = "encoder.layer.5.attention.self.value"
IDS = np.array([[101, 1045, 2097, 3102, 2017, 102]], dtype=np.int64)  # [CLS] i will kill you [SEP]


def run(graph: Path) -> np.ndarray:
    session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": IDS, "attention_mask": np.ones_like(IDS)})[0][0]


def reference(delta: np.ndarray) -> np.ndarray:
    """The encoder in torch with `delta` added to LAYER's weight by hand, pooled as the graph."""
    model = AutoModel.from_pretrained(str(encoder_dir()), local_files_only=True).eval()
    with torch.no_grad():
        model.get_submodule(LAYER).weight += torch.from_numpy(delta)
        hidden = model(input_ids=torch.from_numpy(IDS))[0]
        return torch.nn.functional.normalize(hidden.mean(1), dim=1)[0].numpy()


def test_exported_graph_computes_the_encoder_with_the_delta_added(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 0.5, (2, 384)), rng.normal(0, 0.5, (384, 2))
    adapter = tmp_path / "adapter.npz"
    save_adapter(adapter, 0.5, {LAYER: (a, b)})
    export_onnx(encoder_dir(), tmp_path / "tuned.onnx", adapter)

    tuned, plain = run(tmp_path / "tuned.onnx"), run(ensure_onnx("fp32", encoder_dir()))

    assert np.allclose(tuned, reference((0.5 * b @ a).astype(np.float32)), atol=1e-4)
    assert float(tuned @ plain) < 0.99  # the delta moved the embedding, visibly


def test_a_zero_adapter_exports_the_plain_encoder(tmp_path: Path) -> None:
    adapter = tmp_path / "adapter.npz"
    save_adapter(adapter, 2.0, {LAYER: (np.ones((8, 384)), np.zeros((384, 8)))})  # LoRA's init
    export_onnx(encoder_dir(), tmp_path / "zero.onnx", adapter)

    assert np.allclose(run(tmp_path / "zero.onnx"), run(ensure_onnx("fp32", encoder_dir())), atol=1e-5)


def test_the_cache_file_is_named_by_the_adapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PNP_MODEL_CACHE", str(tmp_path))
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    save_adapter(first, 1.0, {LAYER: (np.ones((1, 384)), np.zeros((384, 1)))})
    save_adapter(second, 1.0, {LAYER: (np.ones((1, 384)), np.ones((384, 1)))})
    names = {onnx_path("int8", adapter=adapter_digest(p)).name for p in (None, first, second)}

    assert len(names) == 3
    assert onnx_path("int8", adapter=adapter_digest(None)) == onnx_path("int8")
