"""Stored benchmark runs and their results files.

A run is stored as benchmarks/predictions/<name>.jsonl (the predictions, see
nkru.evaluation.predictions) and <name>.meta.json (model, version, pipes that ran, seconds,
entities). Its scores are stored in benchmarks/results/ner/<name>.json: the meta and, for each
profile, every score; publishing renders the benchmark table from these files, and a test checks
that they are a fresh scoring of the stored predictions.
"""

from __future__ import annotations

import json
from pathlib import Path

from nkru.atomic import write_atomically
from nkru.errors import NkruError
from nkru.evaluation.predictions import prediction_lines, read_predictions
from nkru.evaluation.scoring import ProfileScores

RUNS_DIR = "benchmarks/predictions"
RESULTS_DIR = "benchmarks/results/ner"


def save_run(corpus_root: Path, name: str, run, scores: dict[str, ProfileScores]) -> list[Path]:
    """Store a model run: its predictions, its meta and its results file."""
    folder = corpus_root / RUNS_DIR
    predictions, meta = folder / f"{name}.jsonl", folder / f"{name}.meta.json"
    write_atomically(predictions, "\n".join(prediction_lines(run.predicted)) + "\n")
    write_atomically(meta, json.dumps(run_meta(run), ensure_ascii=False, indent=1) + "\n")
    return [predictions, meta, save_results(corpus_root, name, results_record(run_meta(run), scores))]


def run_meta(run) -> dict:
    return {"model": run.model, "version": run.version, "pipes": run.pipes, "seconds": round(run.seconds, 3),
            "entities": run.entity_count}


def stored_runs(corpus_root: Path, texts: dict[str, str]) -> list[tuple[str, dict, dict]]:
    """(name, meta, predictions) of every stored run, in name order."""
    runs = []
    for meta_path in sorted((corpus_root / RUNS_DIR).glob("*.meta.json")):
        name = meta_path.name.removesuffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        runs.append((name, meta, read_predictions(meta_path.with_name(f"{name}.jsonl"), texts)))
    return runs


def results_record(meta: dict, scores: dict[str, ProfileScores]) -> dict:
    return {**meta, "profiles": {profile: result.to_json() for profile, result in scores.items()}}


def save_results(corpus_root: Path, name: str, record: dict) -> Path:
    target = corpus_root / RESULTS_DIR / f"{name}.json"
    write_atomically(target, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return target


def stored_results(corpus_root: Path) -> list[tuple[dict, dict[str, ProfileScores]]]:
    """(meta, profile -> scores) of every stored results file, in name order."""
    folder = corpus_root / RESULTS_DIR
    if not folder.is_dir():
        raise NkruError(f"expected the stored benchmark results in {folder} (nkru benchmark --save or --write-docs "
                        "writes them), found no such folder")
    results = []
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            scores = {profile: ProfileScores.from_json(result) for profile, result in record.pop("profiles").items()}
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise NkruError(f"{path}: expected a benchmark results file ({error})") from error
        results.append((record, scores))
    return results
