"""Stored benchmark runs: `nkru benchmark --save NAME` keeps a run, model or predictions file, as

    RUNS/predictions/LAYER/NAME.jsonl   what was scored (for entities the `spans` format, corpus
                                        labels, trimmed; for dates the dates JSON Lines)
    RUNS/results/LAYER/NAME.json        its results record (nkru.evaluation.results)

with LAYER one of ner, dates, stances, links,
where RUNS is `--runs DIR`, by default the `benchmarks/` folder beside the corpus (the checkout's,
or the copy an installed package carries, which is read-only). The generated benchmark tables are
rendered from the records; a test checks that they are a fresh scoring of the stored predictions.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from nkru.atomic import write_atomically
from nkru.errors import NkruError
from nkru.evaluation.labels import LabelSet
from nkru.evaluation.prediction_formats import PredictionFormat
from nkru.evaluation.predictions import (
    Predictions,
    Scope,
    prediction_lines,
    read_predictions,
)
from nkru.evaluation.results import read_record, write_record
from nkru.schema import Sentence

RUNS_FOLDER = "benchmarks"
PREDICTIONS_DIR = "predictions"
RESULTS_DIR = "results"
LAYERS = ("ner", "dates", "stances", "links")
RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def default_runs_root(data_root: Path) -> Path:
    return data_root / RUNS_FOLDER


def checked_run_name(name: str) -> str:
    if not RUN_NAME.fullmatch(name) or name.endswith((".json", ".jsonl")):
        raise NkruError(f"run name {name!r}: use letters, digits, '.', '_' and '-' (at most 100, first a letter or "
                        "digit, no .json ending)")
    return name


def results_folder(runs_root: Path, layer: str = "ner") -> Path:
    return runs_root / RESULTS_DIR / layer


def _paths(runs_root: Path, name: str, layer: str = "ner") -> tuple[Path, Path]:
    return (runs_root / PREDICTIONS_DIR / layer / f"{name}.jsonl", results_folder(runs_root, layer) / f"{name}.json")


def save_run(runs_root: Path, name: str, lines: list[str], record: dict, layer: str = "ner") -> list[Path]:
    """Store a scored run: what was scored, as JSON Lines, and its results record."""
    predictions_path, record_path = _paths(runs_root, checked_run_name(name), layer)
    write_atomically(predictions_path, "\n".join(lines) + "\n")
    return [predictions_path, write_record(record_path, record)]


def entity_prediction_lines(predictions: Predictions) -> list[str]:
    return prediction_lines(predictions.spans)


def stored_predictions_path(runs_root: Path, name: str, layer: str) -> Path:
    return _paths(runs_root, checked_run_name(name), layer)[0]


def stored_run_names(runs_root: Path, layer: str = "ner") -> list[str]:
    folder = results_folder(runs_root, layer)
    if not folder.is_dir():
        raise NkruError(f"expected stored runs in {folder} (nkru benchmark --save NAME writes them), found no such "
                        "folder")
    return sorted(path.name.removesuffix(".json") for path in folder.glob("*.json"))


def read_stored_record(runs_root: Path, name: str, layer: str = "ner") -> dict:
    record_path = _paths(runs_root, checked_run_name(name), layer)[1]
    if not record_path.is_file():
        known = ", ".join(stored_run_names(runs_root, layer)) or "none"
        raise NkruError(f"no stored run {name!r} in {runs_root} (stored runs: {known})")
    return read_record(record_path)


def read_stored_run(runs_root: Path, name: str, texts_by_doc: dict[str, str], sentences: list[Sentence]
                    ) -> tuple[dict, Predictions]:
    """(results record, predictions) of a stored run, its spans read back as they were scored."""
    record = read_stored_record(runs_root, name)
    predictions_path = _paths(runs_root, name)[0]
    stored = record.get("predictions", {})
    predictions = read_predictions(predictions_path, texts_by_doc, sentences, PredictionFormat.SPANS,
                                   partial=bool(record.get("scope", {}).get("partial")),
                                   label_set=LabelSet(stored.get("label_set", "coarse")))
    scope = record["scope"]
    sentence_ids = frozenset(record["sentence_ids"]) if stored.get("format") == "tokens" and scope["partial"] else None
    return record, replace(predictions, format=PredictionFormat(stored.get("format", "spans")),
                           scope=Scope(tuple(scope["doc_ids"]), sentence_ids, scope["partial"]),
                           trimmed=stored.get("trimmed", 0), emptied=stored.get("emptied", 0),
                           label_map=stored.get("label_map", {}))


def stored_records(runs_root: Path, layer: str = "ner") -> list[tuple[str, dict]]:
    """(name, record) of every stored run of a layer, in name order."""
    return [(name, read_stored_record(runs_root, name, layer)) for name in stored_run_names(runs_root, layer)]
