"""`nkru compare A.json B.json`: a paired sentence bootstrap between two scored runs.

Both records must score the same corpus (same SHA-256s) over the same sentences; each replicate
draws the same sentences for A and B (the bootstrap seed of A, or `--seed`), so the interval and
p-value are those of the difference, not of two independent scores. The per-sentence counts kept in
each record (ALL, every mode) are all the test needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nkru.errors import NkruError
from nkru.evaluation.bootstrap import (
    PairedDifference,
    paired_difference,
    replicate_weights,
    resampled_totals,
)
from nkru.evaluation.scoring import MODES, metrics


@dataclass(frozen=True)
class Comparison:
    profile: str
    mode: str
    f1_a: float
    f1_b: float
    paired: PairedDifference


def compare_records(record_a: dict, record_b: dict, replicates: int | None = None, seed: int | None = None,
                    mode: str = "strict") -> list[Comparison]:
    """The paired comparison under every profile both records scored (entities), or of the strict,
    relaxed, type and value F1 (dates)."""
    layers = {record.get("layer", "ner") for record in (record_a, record_b)}
    if len(layers) != 1:
        raise NkruError(f"the two results files score different layers ({', '.join(sorted(layers))})")
    _require_same_ground(record_a, record_b)
    replicates = record_a["bootstrap"]["replicates"] if replicates is None else replicates
    seed = record_a["bootstrap"]["seed"] if seed is None else seed
    if replicates < 1:
        raise NkruError("the paired test needs at least 1 replicate (--bootstrap)")
    if mode not in MODES:
        raise NkruError(f"--mode {mode!r}: expected one of {', '.join(MODES)}")
    weights = replicate_weights(len(record_a["sentence_ids"]), replicates, seed)
    if layers == {"dates"}:
        return _compare_dates(record_a, record_b, weights)
    if layers != {"ner"}:
        raise NkruError(f"nkru compare compares entity or date runs, not {layers.pop()} runs")
    shared = [profile for profile in record_a["sentence_counts"] if profile in record_b["sentence_counts"]]
    if not shared:
        raise NkruError("the two runs share no profile")
    comparisons = []
    for profile in shared:
        mode_index = MODES.index(mode)
        f1 = []
        for record in (record_a, record_b):
            counts = _counts(record, profile)
            f1.append((metrics(counts.sum(axis=0))[2][mode_index],
                       metrics(resampled_totals(counts, weights))[2][:, mode_index]))
        (f1_a, replicate_a), (f1_b, replicate_b) = f1
        comparisons.append(Comparison(profile, mode, float(f1_a), float(f1_b),
                                      paired_difference(f1_a, f1_b, replicate_a, replicate_b)))
    return comparisons


DATE_MEASURES = ("strict_f1", "relaxed_f1", "type_f1", "value_f1")


def _compare_dates(record_a: dict, record_b: dict, weights: np.ndarray) -> list[Comparison]:
    from nkru.evaluation.date_scoring import COUNTS, measures

    scored = []
    for record in (record_a, record_b):
        counts = np.asarray(record["sentence_counts"], dtype=np.int64)
        if counts.shape != (len(record["sentence_ids"]), len(COUNTS)):
            raise NkruError(f"the sentence counts of run {record['run'].get('name')!r} have shape {counts.shape}, "
                            f"expected ({len(record['sentence_ids'])}, {len(COUNTS)})")
        scored.append((measures(counts.sum(axis=0)), measures(resampled_totals(counts, weights))))
    (point_a, replicate_a), (point_b, replicate_b) = scored
    return [Comparison("dates", measure, float(point_a[measure]), float(point_b[measure]),
                       paired_difference(point_a[measure], point_b[measure], replicate_a[measure], replicate_b[measure]))
            for measure in DATE_MEASURES]


def _counts(record: dict, profile: str) -> np.ndarray:
    counts = np.asarray(record["sentence_counts"][profile], dtype=np.int64)
    if counts.ndim != 3 or counts.shape[0] != len(record["sentence_ids"]) or counts.shape[1] != len(MODES):
        raise NkruError(f"the {profile} sentence counts of run {record['run'].get('name')!r} have shape "
                        f"{counts.shape}, expected ({len(record['sentence_ids'])}, {len(MODES)}, 5)")
    return counts


def _require_same_ground(record_a: dict, record_b: dict) -> None:
    if record_a["corpus"].get("sha256") != record_b["corpus"].get("sha256"):
        raise NkruError("the two runs were scored on different corpus files (their corpus SHA-256s differ); "
                        "score both on one corpus")
    if record_a["sentence_ids"] != record_b["sentence_ids"]:
        raise NkruError(f"the two runs score different sentences ({len(record_a['sentence_ids'])} and "
                        f"{len(record_b['sentence_ids'])}); a paired test needs the same ones (a --partial run "
                        "pairs only with a run over the same documents)")


def comparison_lines(name_a: str, name_b: str, comparisons: list[Comparison]) -> list[str]:
    replicates = comparisons[0].paired.replicates
    compared = "F1 by measure" if comparisons[0].profile == "dates" else f"{comparisons[0].mode} F1 over ALL labels"
    lines = [f"{name_a} (A) vs {name_b} (B): paired sentence bootstrap, {replicates} replicates, {compared}",
             f"  {'':<11}{'F1 A':>7}{'F1 B':>7}{'A - B':>8}  {'95 % CI':<18}{'p':>7}"]
    for comparison in comparisons:
        low, high = comparison.paired.interval
        row_name = comparison.mode if comparison.profile == "dates" else comparison.profile
        lines.append(f"  {row_name:<11}{comparison.f1_a:>7.3f}{comparison.f1_b:>7.3f}"
                     f"{comparison.paired.difference:>+8.3f}  [{low:+.3f}, {high:+.3f}]  {comparison.paired.p_value:>6.3f}")
    return lines
