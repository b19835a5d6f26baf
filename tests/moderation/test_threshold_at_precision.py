"""Policy thresholds are read off held-out scores: the lowest cut that keeps a precision."""

import numpy as np

from moderation.evaluate import threshold_at


def test_lowest_cut_that_keeps_the_precision():
    truth = np.array([1, 1, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.1])
    assert threshold_at(truth, scores, 0.75) == 0.6
    assert threshold_at(truth, scores, 1.0) == 0.8


def test_no_cut_reaches_the_precision():
    assert threshold_at(np.array([0, 1]), np.array([0.9, 0.1]), 0.9) == 1.0
