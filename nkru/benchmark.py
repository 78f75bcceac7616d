"""The NER benchmark: stored model runs, their scores, and the generated results table.

A run is stored as benchmarks/predictions/<name>.jsonl (the predictions, see nkru.predictions)
and <name>.meta.json (model, version, pipes that ran, seconds, entities). The table in README.md
and DATASHEET.md is always re-scored from these files, so a test can check it.
"""

from __future__ import annotations

import json
from pathlib import Path

from nkru.evaluate import PROFILES, score
from nkru.atomic import write_atomically
from nkru.predictions import prediction_lines, read_predictions
from nkru.schema import COARSE_LABELS, ENTITY_LABELS

RUNS_DIR = "benchmarks/predictions"


def gold_and_sentences(tables: dict) -> tuple[dict, list[dict], dict[str, str]]:
    texts = {row["doc_id"]: row["text"] for row in tables["documents"]}
    gold = {doc_id: [] for doc_id in texts}
    for mention in tables["entities"]:
        gold[mention["doc_id"]].append((mention["start"], mention["end"], ENTITY_LABELS[mention["label"]]))
    return gold, tables["ner"], texts


def save_run(corpus_root: Path, name: str, run) -> list[Path]:
    folder = corpus_root / RUNS_DIR
    predictions, meta = folder / f"{name}.jsonl", folder / f"{name}.meta.json"
    write_atomically(predictions, "\n".join(prediction_lines(run.predicted)) + "\n")
    write_atomically(meta, json.dumps({"model": run.model, "version": run.version, "pipes": run.pipes,
                                       "seconds": round(run.seconds, 3), "entities": run.entity_count},
                                      ensure_ascii=False, indent=1) + "\n")
    return [predictions, meta]


def stored_runs(corpus_root: Path, texts: dict[str, str]) -> list[tuple[dict, dict]]:
    """(meta, predictions) of every stored run, in name order."""
    runs = []
    for meta_path in sorted((corpus_root / RUNS_DIR).glob("*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        predictions = read_predictions(meta_path.with_name(meta_path.name.replace(".meta.json", ".jsonl")), texts)
        runs.append((meta, predictions))
    return runs


def _cell(value: float) -> str:
    return f"{value:.3f}"


def results_tables(runs: list[tuple[dict, dict]], gold: dict, sentences: list[dict]) -> str:
    timing = ["| model | version | pipes that ran | seconds | entities | entities per second |", "|---|---|---|---|---|---|"]
    scores = ["| model | profile | label | strict P | strict R | strict F1 | partial P | partial R | partial F1 | "
              "exact F1 | type F1 | seqeval strict F1 |", "|" + "---|" * 12]
    for meta, predicted in runs:
        timing.append(f"| `{meta['model']}` | {meta['version']} | {', '.join(meta['pipes'])} | {meta['seconds']:.2f} | "
                      f"{meta['entities']} | {meta['entities'] / meta['seconds']:.0f} |")
        for profile, result in score(gold, predicted, sentences).items():
            for label in ("ALL", *COARSE_LABELS):
                strict, partial = result.span["strict"][label], result.span["partial"][label]
                scores.append(
                    f"| `{meta['model']}` | {profile} | {label} | {_cell(strict.precision)} | {_cell(strict.recall)} | "
                    f"{_cell(strict.f1)} | {_cell(partial.precision)} | {_cell(partial.recall)} | {_cell(partial.f1)} | "
                    f"{_cell(result.span['exact'][label].f1)} | {_cell(result.span['ent_type'][label].f1)} | "
                    f"{_cell(result.token[label].f1)} |")
    return "\n".join(timing) + "\n\n" + "\n".join(scores) + "\n"


def print_scores(name: str, predicted: dict, gold: dict, sentences: list[dict]) -> None:
    for profile, result in score(gold, predicted, sentences).items():
        print(f"{name} [{profile}]  label  strict P/R/F1  partial P/R/F1  seqeval F1")
        for label in ("ALL", *COARSE_LABELS):
            strict, partial = result.span["strict"][label], result.span["partial"][label]
            print(f"  {label:<5} {strict.precision:.3f}/{strict.recall:.3f}/{strict.f1:.3f}  "
                  f"{partial.precision:.3f}/{partial.recall:.3f}/{partial.f1:.3f}  {result.token[label].f1:.3f}")


__all__ = ["PROFILES", "RUNS_DIR", "gold_and_sentences", "print_scores", "results_tables", "save_run", "stored_runs"]
