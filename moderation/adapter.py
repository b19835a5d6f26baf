"""A LoRA delta for the encoder's attention projections, merged into its weights before export.

`adapter.npz` holds, per adapted linear layer of the BertModel (named by its module path,
e.g. `encoder.layer.0.attention.self.query`), the low-rank factors `<name>.a` (r × in) and
`<name>.b` (out × r), plus `scale` (alpha / r). Merging adds `scale * b @ a` to the layer's
weight, so the exported graph is the plain MiniLM graph with different numbers in it: the
adapter costs nothing at inference. It is written by `python -m moderation.train --finetune`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

ADAPTER_FILE = "adapter.npz"


def adapter_digest(path: Path | None) -> str:
    """sha256 of the adapter file; "" for no adapter (the plain encoder)."""
    if path is None:
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_adapter(path: Path) -> tuple[float, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(scale, {module path: (a, b)})."""
    with np.load(path) as arrays:
        scale = float(arrays["scale"])
        names = sorted({key.rsplit(".", 1)[0] for key in arrays.files if key != "scale"})
        return scale, {name: (arrays[f"{name}.a"], arrays[f"{name}.b"]) for name in names}


def save_adapter(path: Path, scale: float, factors: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    arrays = {"scale": np.array(scale, dtype=np.float32)}
    for name, (a, b) in factors.items():
        arrays[f"{name}.a"] = a.astype(np.float32)
        arrays[f"{name}.b"] = b.astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez(partial, **arrays)  # type: ignore[arg-type]
    partial.replace(path)


def merge_adapter(model: torch.nn.Module, path: Path) -> None:
    """Adds each layer's low-rank delta to its weight, in place."""
    import torch

    scale, factors = load_adapter(path)
    with torch.no_grad():
        for name, (a, b) in factors.items():
            layer = model.get_submodule(name)
            assert isinstance(layer, torch.nn.Linear), name
            layer.weight += scale * torch.from_numpy(b) @ torch.from_numpy(a)
