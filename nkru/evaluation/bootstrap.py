"""Sentence bootstrap: 95 % percentile intervals for every score, and a paired test between two runs.

Each replicate draws as many sentences as were scored, with replacement, and sums their counts
(nkru.evaluation.scoring keeps counts per sentence, so nothing is scored again). The replicates are
a function of the seed and the number of sentences only: two runs scored over the same sentences
with the same seed are resampled identically, which is what the paired test needs.

Sentences, not documents, are resampled: with five documents a document bootstrap has too few
distinct resamples to give a useful interval. Sentences of one document are not independent, so the
intervals are somewhat too narrow; README says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 20230913
INTERVAL = (2.5, 97.5)


def replicate_weights(sentence_count: int, replicates: int, seed: int) -> np.ndarray:
    """[replicate, sentence]: how many times each sentence is drawn in each replicate."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, sentence_count, size=(replicates, sentence_count))
    flat = draws + (np.arange(replicates) * sentence_count)[:, None]
    return np.bincount(flat.ravel(), minlength=replicates * sentence_count).reshape(replicates, sentence_count)


def resampled_totals(counts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The counts of every replicate: [replicate, ...] from per-sentence counts [sentence, ...]."""
    flat = counts.reshape(counts.shape[0], -1).astype(np.float64)
    return (weights.astype(np.float64) @ flat).reshape(weights.shape[0], *counts.shape[1:])


def percentile_interval(values: np.ndarray) -> np.ndarray:
    """[low, high] along the first axis (the replicates)."""
    return np.percentile(values, INTERVAL, axis=0)


def ratio(numerator, denominator):
    """numerator / denominator elementwise, 0 where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, 0.0)


def f1_of(precision, recall):
    """The harmonic mean of precision and recall, 0 where both are 0."""
    return ratio(2 * precision * recall, precision + recall)


def measures_with_intervals(counts: np.ndarray, measures: Callable[[np.ndarray], dict[str, np.ndarray]],
                            names: Sequence[str], replicates: int, seed: int) -> dict[str, dict]:
    """{name: {"value", "ci95"}} of the measures computed from the per-sentence counts [sentence,
    ...]: the value on their totals, the interval from the sentence bootstrap (None without
    replicates), both rounded to six decimals."""
    point = measures(counts.sum(axis=0))
    intervals = {}
    if replicates and len(counts):
        resampled = measures(resampled_totals(counts, replicate_weights(len(counts), replicates, seed)))
        intervals = {name: percentile_interval(values) for name, values in resampled.items()}
    return {name: {"value": round(float(point[name]), 6),
                   "ci95": [round(float(bound), 6) for bound in intervals[name]] if name in intervals else None}
            for name in names}


def interval_text(ci95: list[float] | None) -> str:
    """A measure's interval as the terminal tables show it."""
    return "–" if ci95 is None else f"[{ci95[0]:.3f}, {ci95[1]:.3f}]"


@dataclass(frozen=True)
class PairedDifference:
    difference: float            # A minus B, on all scored sentences
    interval: tuple[float, float]
    p_value: float
    replicates: int


def paired_difference(f1_a: float, f1_b: float, replicate_f1_a: np.ndarray, replicate_f1_b: np.ndarray
                      ) -> PairedDifference:
    """The paired bootstrap of A - B: its percentile interval and the two-sided p-value of "no
    difference", twice the share of replicates on the far side of zero (with the +1 correction that
    keeps it above zero); p < 0.05 exactly when the interval leaves zero out, up to that correction."""
    replicate_differences = replicate_f1_a - replicate_f1_b
    replicates = len(replicate_differences)
    low, high = percentile_interval(replicate_differences)
    at_or_below = int(np.sum(replicate_differences <= 0))
    at_or_above = int(np.sum(replicate_differences >= 0))
    p_value = min(1.0, 2 * (min(at_or_below, at_or_above) + 1) / (replicates + 1))
    return PairedDifference(float(f1_a - f1_b), (float(low), float(high)), p_value, replicates)
