"""Train the per-category heads: `python -m moderation.train [--precision int8|fp32] [--finetune]`.

Needs scikit-learn and scipy (training only). Writes moderation/weights/heads.{npz,json}.
With `--finetune` it first fine-tunes the encoder (LoRA, moderation/finetune.py; needs torch,
~25 min on 2 quiet cores) and writes its delta to adapter.npz beside the heads, which are then
fitted over the fine-tuned encoder's embeddings. `--adapter FILE` reuses a trained delta.
Without either, the heads are fitted over the plain encoder. heads.json records the sha256 of
the adapter its heads were fitted over ("" for none); only then is adapter.npz loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import msgspec
import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from moderation.adapter import ADAPTER_FILE
from moderation.classifier import (
    HEADS,
    WEIGHTS_DIR,
    ZERO_SHOT_GROUPS,
    HeadsMeta,
    description_embeddings,
    zero_shot,
)
from moderation.datasets import NOT_TRAINED_ON, Example, load_all, minors, trainable
from moderation.embeddings import cached_embeddings, first_chunks
from moderation.encoder import EMBEDDING_DIM, SentenceEncoder, all_cores
from moderation.ngrams import NgramVectorizer

C_GRID = (0.25, 1.0, 4.0)
MAX_TERMS = 40_000


@dataclass(frozen=True)
class Corpus:
    examples: list[Example]
    features: sparse.csr_matrix
    splits: np.ndarray


def ngram_matrix(vectorizer: NgramVectorizer, texts: list[str]) -> sparse.csr_matrix:
    rows = vectorizer.rows(texts)
    indptr = np.cumsum([0] + [len(index) for index, _ in rows])
    index = np.concatenate([i for i, _ in rows]) if rows else np.array([], dtype=np.int64)
    values = np.concatenate([v for _, v in rows]) if rows else np.array([], dtype=np.float32)
    shape = (len(texts), len(vectorizer.vocabulary))
    return sparse.csr_matrix((values, index, indptr), shape=shape)


def build_corpus(
    encoder: SentenceEncoder, excluded: frozenset[str] = NOT_TRAINED_ON
) -> tuple[Corpus, NgramVectorizer]:
    """Features per example: [embedding | zero-shot similarities | n-gram tf-idf]."""
    examples = trainable(load_all(), excluded) + list(minors())
    chunks = first_chunks(encoder, examples)
    texts = [c.text for c in chunks]
    embeddings = cached_embeddings(encoder, chunks)
    splits = np.array([e.split() for e in examples])
    vectorizer = NgramVectorizer.fit(
        [t for t, s in zip(texts, splits, strict=True) if s == "train"], MAX_TERMS
    )
    descriptions, owners = description_embeddings(encoder)
    features = sparse.hstack(
        [
            sparse.csr_matrix(embeddings),
            sparse.csr_matrix(zero_shot(embeddings, descriptions, owners)),
            ngram_matrix(vectorizer, texts),
        ],
        format="csr",
    )
    return Corpus(examples, features, splits), vectorizer


def labelled(corpus: Corpus, head: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    rows = [
        i for i, e in enumerate(corpus.examples) if head in e.labels and corpus.splits[i] == split
    ]
    return np.array(rows), np.array([corpus.examples[i].labels[head] for i in rows])


def train_head(
    corpus: Corpus, head: str, dense_columns: int, *, quiet: bool = False
) -> tuple[np.ndarray, float, np.ndarray, float]:
    """Fit on train, pick C and the feature set (with or without n-grams) by validation
    AUPRC, then Platt-calibrate on validation. Returns (weights, bias, platt, val AUPRC)."""
    train_rows, train_y = labelled(corpus, head, "train")
    val_rows, val_y = labelled(corpus, head, "val")
    n_columns = corpus.features.shape[1]
    if len(set(train_y)) < 2 or len(set(val_y)) < 2:
        # A leave-one-source-out fold can remove every positive of a head (V2 without the
        # synthetic source): that head then scores every text alike.
        return np.zeros(n_columns, dtype=np.float32), -10.0, np.array([1.0, 0.0]), float("nan")
    best: tuple[float, LogisticRegression, int] | None = None
    for columns in (dense_columns, n_columns):
        features = corpus.features[:, :columns]
        for c in C_GRID:
            model = LogisticRegression(
                C=c, class_weight="balanced", solver="liblinear", max_iter=3000
            )
            model.fit(features[train_rows], train_y)
            score = average_precision_score(val_y, model.decision_function(features[val_rows]))
            label = "all" if columns == n_columns else "dense"
            if not quiet:
                print(f"  {head:6} {label:5} C={c:<5} val AUPRC {score:.3f}", flush=True)
            if best is None or score > best[0]:
                best = (score, model, columns)
    assert best is not None
    score, model, columns = best
    logits = model.decision_function(corpus.features[val_rows][:, :columns]).reshape(-1, 1)
    platt = LogisticRegression(C=100.0).fit(logits, val_y)
    weights = np.zeros(n_columns, dtype=np.float32)
    weights[:columns] = model.coef_[0]
    return (
        weights,
        float(model.intercept_[0]),
        np.array([platt.coef_[0, 0], platt.intercept_[0]]),
        score,
    )


def fit(encoder: SentenceEncoder, excluded: frozenset[str], out: Path, *, quiet: bool = False) -> str:
    """Trains every head without the `excluded` sources and writes heads.{npz,json} to `out`.
    Returns the version written."""
    corpus, vectorizer = build_corpus(encoder, excluded)
    dim, n_zero_shot = EMBEDDING_DIM, len(ZERO_SHOT_GROUPS)
    weights = np.zeros((corpus.features.shape[1], len(HEADS)), dtype=np.float32)
    bias = np.zeros(len(HEADS), dtype=np.float32)
    calibration = np.zeros((2, len(HEADS)), dtype=np.float32)
    for k, head in enumerate(HEADS):
        weights[:, k], bias[k], calibration[:, k], score = train_head(
            corpus, head, dim + n_zero_shot, quiet=quiet
        )
        if not quiet:
            print(f"{head}: val AUPRC {score:.3f}", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out / "heads.npz",
        embedding=weights[:dim],
        zero_shot=weights[dim : dim + n_zero_shot],
        ngram=weights[dim + n_zero_shot :],
        bias=bias,
        calibration=calibration,
        idf=vectorizer.idf,
    )
    vocabulary = sorted(vectorizer.vocabulary, key=vectorizer.vocabulary.__getitem__)
    version = f"minilm-l6-{encoder.precision}-lr-{dt.datetime.now(dt.UTC):%Y%m%d%H%M}"
    meta = HeadsMeta(
        version, encoder.precision, list(HEADS), vocabulary, sorted(excluded), encoder.adapter
    )
    (out / "heads.json").write_bytes(msgspec.json.encode(meta))
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--precision", choices=("int8", "fp32"), default="int8")
    parser.add_argument(
        "--exclude", nargs="*", default=sorted(NOT_TRAINED_ON), metavar="SOURCE",
        help="sources left out of training (Example.source), e.g. to measure a licence choice",
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR, help="where heads.* are written")
    parser.add_argument("--finetune", action="store_true",
                        help="fine-tune the encoder (LoRA) first and ship its delta as adapter.npz")
    parser.add_argument("--adapter", type=Path, help="fit the heads over this trained adapter.npz")
    args = parser.parse_args()
    adapter: Path | None = args.out / ADAPTER_FILE
    if args.finetune:
        from moderation.finetune import finetune  # torch training loop, only here

        finetune(args.out, frozenset(args.exclude))
        print(f"wrote {adapter} (log: {args.out}/finetune.log)", flush=True)
    elif args.adapter:
        if args.adapter.resolve() != args.out.resolve() / ADAPTER_FILE:
            args.out.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(args.adapter, args.out / ADAPTER_FILE)
    else:
        adapter = None
    encoder = SentenceEncoder(args.precision, threads=all_cores(), adapter=adapter)
    version = fit(encoder, frozenset(args.exclude), args.out)
    print(f"wrote {args.out}/heads.npz and heads.json ({version})")


if __name__ == "__main__":
    main()
