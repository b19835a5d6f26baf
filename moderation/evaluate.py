"""Honest evaluation: `python -m moderation.evaluate [--loso] [--precision int8|fp32]`.

Figures, each labelled with what it measures:
- **frozen foreign-genre set** (`datasets.frozen()`): prompts to an AI assistant from sources
  no head is trained or calibrated on — XSTest, SimpleSafetyTests, AILuminate demo;
- **leave-one-source-out** (`--loso`, retrains once per source, ~minutes each): for each
  training source (all synthetic data counts as one), heads trained on the others score it;
- **random split**: the seeded test split of the training sources. It shares templates and
  sources with training, so it measures memory, not generalisation; printed last, for drift.

Per category AUPRC, and precision/recall at the policy's review and block thresholds.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score

from moderation.categories import CATEGORIES
from moderation.classifier import HEADS, WEIGHTS_DIR, ModerationClassifier, category_scores, load_classifier
from moderation.datasets import Example, frozen, load_all, minors, trainable
from moderation.encoder import SentenceEncoder, all_cores
from moderation.policy import PolicySettings


def precision_recall(
    truth: np.ndarray, scores: np.ndarray, threshold: float
) -> tuple[float, float]:
    predicted = scores >= threshold
    hits = float((predicted & (truth == 1)).sum())
    precision = hits / predicted.sum() if predicted.any() else float("nan")
    return precision, hits / max(float((truth == 1).sum()), 1.0)


def score(classifier: ModerationClassifier, examples: list[Example]) -> list[dict[str, float]]:
    heads = classifier.pooled_heads([e.text for e in examples])
    minors_column = HEADS.index("MINORS")
    return [category_scores(row) | {"MINORS": float(row[minors_column])} for row in heads]


def auprcs(examples: list[Example], predictions: list[dict[str, float]]) -> dict[str, float]:
    """AUPRC per code that has labelled positives and negatives among `examples`."""
    out = {}
    for code in (*CATEGORIES, "MINORS"):
        rows = [i for i, e in enumerate(examples) if code in e.labels]
        truth = np.array([examples[i].labels[code] for i in rows])
        if rows and 0 < truth.sum() < len(truth):
            scores = np.array([predictions[i][code] for i in rows])
            out[code] = float(average_precision_score(truth, scores))
    return out


def macro(figures: dict[str, float]) -> float:
    values = [v for k, v in figures.items() if k in CATEGORIES]
    return float(np.mean(values)) if values else float("nan")


def report(title: str, examples: list[Example], predictions: list[dict[str, float]]) -> float:
    thresholds = PolicySettings().thresholds
    figures = auprcs(examples, predictions)
    print(f"\n## {title}: {len(examples)} texts")
    print(f"{'cat':6} {'n':>5} {'pos':>4} {'AUPRC':>6} {'review':>6} {'P':>5} {'R':>5}"
          f" {'block':>6} {'P':>5} {'R':>5}")
    for code in (*CATEGORIES, "MINORS"):
        rows = [i for i, e in enumerate(examples) if code in e.labels]
        truth = np.array([examples[i].labels[code] for i in rows])
        if code not in figures:
            print(f"{code:6} {len(rows):>5} {int(truth.sum()):>4}    n/a")
            continue
        scores = np.array([predictions[i][code] for i in rows])
        line = f"{code:6} {len(rows):>5} {int(truth.sum()):>4} {figures[code]:>6.3f}"
        if code in thresholds:
            for threshold in (thresholds[code].review, thresholds[code].block):
                p, r = precision_recall(truth, scores, threshold)
                line += f" {threshold:>6.2f} {p:>5.2f} {r:>5.2f}"
        print(line)
    result = macro(figures)
    print(f"macro AUPRC over {sum(k in CATEGORIES for k in figures)} categories: {result:.3f}")
    return result


def threshold_at(truth: np.ndarray, scores: np.ndarray, precision: float) -> float:
    """The lowest score whose flags (everything at or above it) keep `precision`; 1.0 when
    no cut reaches it."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(truth[order])
    kept = hits / np.arange(1, len(order) + 1)
    reaching = np.flatnonzero(kept >= precision)
    return float(scores[order][reaching[-1]]) if len(reaching) else 1.0


def suggest_thresholds(examples: list[Example], predictions: list[dict[str, float]]) -> None:
    """Review near precision 0.6 and block near 0.9 on text no head was trained on: the
    figures PolicySettings' defaults are read from (MODEL_CARD.md)."""
    print("\n## thresholds from leave-one-source-out (review at P>=0.6, block at P>=0.9)")
    for code in CATEGORIES:
        rows = [i for i, e in enumerate(examples) if code in e.labels]
        truth = np.array([examples[i].labels[code] for i in rows])
        if not rows or truth.sum() == 0:
            continue
        scores = np.array([predictions[i][code] for i in rows])
        review, block = threshold_at(truth, scores, 0.6), threshold_at(truth, scores, 0.9)
        print(f"{code:6} review {review:.2f} block {max(review, block):.2f}")


def source_of(example: Example) -> str:
    """The fold a row belongs to: its source; all synthetic templates are the one source
    "synthetic", and all rows written for this project the one source "authored"."""
    return example.source


def leave_one_source_out(
    encoder: SentenceEncoder, *, finetune: bool = False, only: frozenset[str] = frozenset()
) -> tuple[list[Example], list[dict[str, float]]]:
    """Retrains the shipped recipe once per source without it, and scores all of its rows.
    With `finetune`, each fold also fine-tunes its own encoder without the source (~25 min a
    fold on 2 cores); `only` limits the folds to those sources."""
    from moderation.train import fit  # scikit-learn and scipy are needed only here

    examples = trainable(load_all())
    by_source: dict[str, list[Example]] = {}
    for example in examples:
        by_source.setdefault(source_of(example), []).append(example)
    held: list[Example] = []
    predictions: list[dict[str, float]] = []
    for source, rows in sorted(by_source.items()):
        if only and source not in only:
            continue
        started = time.perf_counter()
        excluded = frozenset({*sorted(sources_named(source, examples)), "ethos"})
        with tempfile.TemporaryDirectory() as out:
            fold_encoder = encoder
            if finetune:
                from moderation.finetune import finetune as tune  # torch training, only here

                adapter = tune(Path(out), excluded)
                fold_encoder = SentenceEncoder(encoder.precision, all_cores(), adapter)
            fit(fold_encoder, excluded, Path(out), quiet=True)
            fold = score(ModerationClassifier(fold_encoder, Path(out)), rows)
        report(f"left out: {source} (trained on the other sources, {time.perf_counter() - started:.0f}s)",
               rows, fold)
        held += rows
        predictions += fold
    return held, predictions


def sources_named(source: str, examples: list[Example]) -> set[str]:
    return {e.source for e in examples if source_of(e) == source}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--precision", choices=("int8", "fp32"), default=None)
    parser.add_argument("--weights", type=Path, default=WEIGHTS_DIR, help="heads.{npz,json} folder")
    parser.add_argument("--loso", action="store_true", help="also leave-one-source-out (retrains)")
    parser.add_argument("--finetune", action="store_true",
                        help="with --loso: each fold fine-tunes its own encoder (LoRA) without the source")
    parser.add_argument("--sources", nargs="*", default=[], metavar="SOURCE",
                        help="with --loso: only these folds (source_of names)")
    args = parser.parse_args()
    classifier = load_classifier(args.precision, args.weights, threads=all_cores())
    print(f"classifier {classifier.version}, precision {classifier.encoder.precision}, "
          f"trained without {classifier.meta.trained_without or 'nothing left out'}")
    foreign = frozen()
    predictions = score(classifier, foreign)
    for source in sorted({e.source for e in foreign}):
        rows = [i for i, e in enumerate(foreign) if e.source == source]
        report(f"frozen foreign-genre set, {source}", [foreign[i] for i in rows],
               [predictions[i] for i in rows])
    headline = report("frozen foreign-genre set, all (never trained on)", foreign, predictions)
    if args.loso:
        held, loso = leave_one_source_out(
            classifier.encoder, finetune=args.finetune, only=frozenset(args.sources))
        pooled = report("leave-one-source-out, pooled", held, loso)
        suggest_thresholds(held, loso)
        print(f"\nheadline: foreign-genre {headline:.3f}, leave-one-source-out {pooled:.3f}")
    test = [e for e in load_all() + list(minors()) if e.split() == "test"]
    report("random split of the training sources (memory, not generalisation)", test,
           score(classifier, test))


if __name__ == "__main__":
    main()
