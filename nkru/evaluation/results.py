"""A scored run as one JSON record: what `nkru benchmark --json` writes, what a stored run keeps in
benchmarks/results/ner/, and what `nkru compare` and the generated tables read.

    record["profiles"][profile][label][mode] -> {precision, recall, f1, precision_ci95, recall_ci95,
        f1_ci95, correct, incorrect, partial, missed, spurious}     (label: ALL or a type)
    record["seqeval"][profile][label] -> {precision, recall, f1}
    record["counts"][profile][label] -> {gold, predicted}
    record["run"], record["scope"], record["bootstrap"], record["corpus"], record["versions"],
    record["seconds"], record["entities"], record["entities_per_second"], record["not_scored"]
    record["sentence_counts"][profile] -> [sentence][mode][category] for ALL, in
        record["sentence_ids"] order: what the paired test resamples.
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from nkru import __version__
from nkru.errors import NkruError
from nkru.evaluation.bootstrap import (
    percentile_interval,
    replicate_weights,
    resampled_totals,
)
from nkru.evaluation.labels import LabelSet
from nkru.evaluation.predictions import Predictions
from nkru.evaluation.scoring import (
    CATEGORIES,
    MODES,
    Profile,
    RunCounts,
    metrics,
    profiles_for,
)
from nkru.manifest import config_sha256s

RECORD_FORMAT = 1
LIBRARIES = ("nervaluate", "seqeval", "numpy", "datasets", "pyarrow")


def _rounded(value: float) -> float:
    return round(float(value), 6)


def score_record(counts: RunCounts, replicates: int, seed: int) -> dict:
    """The scores part of a record: profiles with intervals, seqeval, counts, the bootstrap's settings."""
    weights = replicate_weights(len(counts.sentence_ids), replicates, seed) if counts.sentence_ids and replicates else None
    profiles, seqeval, label_counts, sentence_counts = {}, {}, {}, {}
    for profile, profile_counts in counts.profiles.items():
        totals = profile_counts.totals()
        point = metrics(totals)
        intervals = _intervals(profile_counts.counts, weights)
        profiles[profile] = {
            label: {mode: _mode_entry(totals[label_index, mode_index], [array[label_index, mode_index] for array in point],
                                      [array[:, label_index, mode_index] for array in intervals])
                    for mode_index, mode in enumerate(MODES)}
            for label_index, label in enumerate(profile_counts.labels)}
        seqeval[profile] = {label: {"precision": _rounded(score.precision), "recall": _rounded(score.recall),
                                    "f1": _rounded(score.f1)} for label, score in profile_counts.seqeval.items()}
        strict = totals[:, MODES.index("strict")]
        label_counts[profile] = {label: _gold_and_predicted(strict[index])
                                 for index, label in enumerate(profile_counts.labels)}
        sentence_counts[profile] = profile_counts.counts[:, 0].tolist()
    return {"profiles": profiles, "seqeval": seqeval, "counts": label_counts,
            "bootstrap": {"unit": "sentence", "replicates": replicates, "seed": seed,
                          "sentences": len(counts.sentence_ids)},
            "sentence_ids": counts.sentence_ids, "sentence_counts": sentence_counts}


def _gold_and_predicted(strict: np.ndarray) -> dict[str, int]:
    correct, incorrect, partial, missed, spurious = (int(value) for value in strict)
    return {"gold": correct + incorrect + partial + missed, "predicted": correct + incorrect + partial + spurious}


def run_record(run: dict, predictions: Predictions, counts: RunCounts, replicates: int, seed: int,
               corpus: dict, all_doc_ids: list[str]) -> dict:
    """The whole record of a scored run. `run` says what ran (runner, model, version, seconds…);
    `corpus` is its version and the SHA-256 of each shipped file."""
    seconds = run.get("seconds")
    entities = sum(len(spans) for spans in predictions.spans.values())
    return {
        "format": RECORD_FORMAT,
        "layer": "ner",
        "run": run,
        "scope": {"partial": predictions.scope.partial, "doc_ids": list(predictions.scope.doc_ids),
                  "description": predictions.scope.describe(all_doc_ids)},
        "predictions": {"format": str(predictions.format), "label_set": str(predictions.label_set),
                        "trimmed": predictions.trimmed, "emptied": predictions.emptied,
                        "label_map": dict(sorted(predictions.label_map.items()))},
        "entities": entities,
        "seconds": seconds,
        "entities_per_second": round(entities / seconds, 1) if seconds else None,
        "not_scored": not_scored(predictions.label_set),
        **score_record(counts, replicates, seed),
        "corpus": corpus,
        "versions": library_versions(),
    }


def _intervals(counts: np.ndarray, weights: np.ndarray | None) -> list[np.ndarray]:
    """[low/high, label, mode] intervals of precision, recall and f1 (NaN with no replicate)."""
    if weights is None:
        return [np.full((2, *counts.shape[1:3]), np.nan) for _ in range(3)]
    return [percentile_interval(values) for values in metrics(resampled_totals(counts, weights))]


def _mode_entry(totals: np.ndarray, point: list, intervals: list) -> dict:
    precision, recall, f1 = point
    entry = {"precision": _rounded(precision), "recall": _rounded(recall), "f1": _rounded(f1)}
    for name, interval in zip(("precision", "recall", "f1"), intervals):
        entry[f"{name}_ci95"] = None if np.isnan(interval[0]) else [_rounded(interval[0]), _rounded(interval[1])]
    entry.update({category: int(total) for category, total in zip(CATEGORIES, totals)})
    return entry


def not_scored(label_set: LabelSet) -> dict[str, str]:
    missing = [profile for profile in Profile if profile not in profiles_for(label_set)]
    return {profile: "the run uses the CoNLL-4 label set, which cannot express the fine types" for profile in missing}


def library_versions() -> dict[str, str]:
    found = {"nkru": __version__, "python": platform.python_version()}
    for library in LIBRARIES:
        try:
            found[library] = version(library)
        except PackageNotFoundError:
            found[library] = "not installed"
    return found


def corpus_of_record(root: Path, configs) -> dict:
    """What a record says of the corpus it scored against: the version, and the SHA-256 of every
    file the configs read (what `nkru compare` checks two runs share)."""
    return {"version": __version__, "sha256": config_sha256s(root, configs)}


def write_record(path: Path, record: dict) -> Path:
    from nkru.atomic import write_atomically

    write_atomically(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return path


def read_record(path: Path) -> dict:
    """A results record written by `nkru benchmark --json` or stored with a run, checked enough to be used."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise NkruError(f"cannot read {path} ({error.strerror or error})") from error
    except (ValueError, RecursionError) as error:
        raise NkruError(f"{path}: not a JSON results file ({error})") from error
    layer = record.get("layer", "ner") if isinstance(record, dict) else None
    scores = "profiles" if layer == "ner" else "measures"
    required = ("format", "run", scores, "bootstrap", "sentence_ids", "sentence_counts", "corpus")
    if not isinstance(record, dict) or any(key not in record for key in required):
        raise NkruError(f"{path}: expected a results file of `nkru benchmark --json` (keys {', '.join(required)})")
    if record["format"] != RECORD_FORMAT:
        raise NkruError(f"{path}: results format {record['format']!r}, this nkru reads {RECORD_FORMAT}")
    return record
