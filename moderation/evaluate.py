"""Held-out evaluation: `python -m moderation.evaluate [--precision int8|fp32]`.

Scores the test split (never trained on, never used to pick C or calibrate) end to end
through load_classifier().predict, and reports per category AUPRC and precision/recall at
the policy's review and block thresholds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score

from moderation.categories import CATEGORIES
from moderation.classifier import HEADS, WEIGHTS_DIR, category_scores, load_classifier
from moderation.datasets import load_all, minors
from moderation.encoder import all_cores
from moderation.policy import PolicySettings


def precision_recall(
    truth: np.ndarray, scores: np.ndarray, threshold: float
) -> tuple[float, float]:
    predicted = scores >= threshold
    hits = float((predicted & (truth == 1)).sum())
    precision = hits / predicted.sum() if predicted.any() else float("nan")
    return precision, hits / max(float((truth == 1).sum()), 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--precision", choices=("int8", "fp32"), default=None)
    parser.add_argument("--weights", type=Path, default=WEIGHTS_DIR, help="heads.{npz,json} folder")
    args = parser.parse_args()
    classifier = load_classifier(args.precision, args.weights, threads=all_cores())
    test = [e for e in load_all() + list(minors()) if e.split() == "test"]
    started = time.perf_counter()
    heads = classifier.pooled_heads([e.text for e in test])
    minors_column = HEADS.index("MINORS")
    predictions = [category_scores(row) | {"MINORS": float(row[minors_column])} for row in heads]
    elapsed = time.perf_counter() - started
    thresholds = PolicySettings().thresholds
    print(f"classifier {classifier.version}, precision {classifier.encoder.precision}, "
          f"trained without {classifier.meta.trained_without or 'nothing left out'}")
    print(f"test split: {len(test)} texts scored in {elapsed:.1f}s")
    print(
        f"{'cat':4} {'n':>5} {'pos':>4} {'AUPRC':>6} {'review':>6} {'P':>5} {'R':>5}"
        f" {'block':>6} {'P':>5} {'R':>5}"
    )
    auprcs = []
    for code in (*CATEGORIES, "MINORS"):
        rows = [i for i, e in enumerate(test) if code in e.labels]
        truth = np.array([test[i].labels[code] for i in rows])
        scores = np.array([predictions[i][code] for i in rows])
        if not rows or truth.sum() == 0:
            print(f"{code:4} {len(rows):>5} {0:>4}  n/a (no labelled positives; composed score)")
            continue
        auprc = float(average_precision_score(truth, scores))
        line = f"{code:4} {len(rows):>5} {int(truth.sum()):>4} {auprc:>6.3f}"
        if code in thresholds:
            auprcs.append(auprc)
            for threshold in (thresholds[code].review, thresholds[code].block):
                p, r = precision_recall(truth, scores, threshold)
                line += f" {threshold:>6.2f} {p:>5.2f} {r:>5.2f}"
        print(line)
    print(f"macro AUPRC over {len(auprcs)} categories with positives: {np.mean(auprcs):.3f}")


if __name__ == "__main__":
    main()
