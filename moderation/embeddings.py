"""First-chunk texts and cached embeddings of the training corpus (under $PNP_VAR_DIR)."""

from __future__ import annotations

import hashlib

import numpy as np

from moderation.datasets import Example
from moderation.encoder import EMBEDDING_DIM, RECIPES, Chunk, SentenceEncoder, var_dir


def first_chunks(encoder: SentenceEncoder, examples: list[Example]) -> list[Chunk]:
    """Training sees each text's first 128-token window, the unit the classifier scores."""
    firsts: dict[int, Chunk] = {}
    for chunk in encoder.chunk([e.text for e in examples]):
        firsts.setdefault(chunk.text_index, chunk)
    return [firsts[i] for i in range(len(examples))]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def cached_embeddings(encoder: SentenceEncoder, chunks: list[Chunk]) -> np.ndarray:
    """Embeddings keyed by text hash, so adding data only embeds the new texts."""
    lora = f"-lora-{encoder.adapter[:12]}" if encoder.adapter else ""
    path = var_dir() / f"corpus-{encoder.precision}-{RECIPES[encoder.precision]}{lora}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [text_key(c.text) for c in chunks]
    missing = list({k: c for k, c in zip(keys, chunks, strict=True) if k not in known}.items())
    step = 2048
    for start in range(0, len(missing), step):
        batch = missing[start : start + step]
        vectors = encoder.embed_chunks([c for _, c in batch])
        known.update(zip((k for k, _ in batch), vectors, strict=True))
        print(f"embedded {min(start + step, len(missing))}/{len(missing)} new texts", flush=True)
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    if not keys:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return np.stack([known[k] for k in keys])
