"""First-chunk texts and cached embeddings of the training corpus (under $PNP_VAR_DIR)."""

from __future__ import annotations

import hashlib

import numpy as np

from moderation.datasets import Example
from moderation.encoder import EMBEDDING_DIM, Chunk, SentenceEncoder, var_dir


def first_chunks(encoder: SentenceEncoder, examples: list[Example]) -> list[Chunk]:
    """Training sees each text's first 128-token window, the unit the classifier scores."""
    firsts: dict[int, Chunk] = {}
    for chunk in encoder.chunk([e.text for e in examples]):
        firsts.setdefault(chunk.text_index, chunk)
    return [firsts[i] for i in range(len(examples))]


def cached_embeddings(encoder: SentenceEncoder, chunks: list[Chunk]) -> np.ndarray:
    digest = hashlib.sha256("\n".join(c.text for c in chunks).encode()).hexdigest()[:16]
    path = var_dir() / f"corpus-{encoder.precision}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = np.zeros((len(chunks), EMBEDDING_DIM), dtype=np.float32)
    step = 2048
    for start in range(0, len(chunks), step):
        vectors[start : start + step] = encoder.embed_chunks(chunks[start : start + step])
        print(f"embedded {min(start + step, len(chunks))}/{len(chunks)}", flush=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors
