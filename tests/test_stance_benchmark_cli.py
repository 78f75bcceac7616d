"""`nkru benchmark --layer stances` from the command line, and the stored lexicon baseline."""

import json
from dataclasses import replace

import pytest

from nkru.cli import _stance_gold, main
from nkru.evaluation.runs import default_runs_root, read_stored_record, stored_predictions_path, stored_run_names
from nkru.evaluation.stance_predictions import read_stance_predictions
from nkru.evaluation.stance_scoring import score_stance_run

from conftest import CHECKOUT

RUNS = default_runs_root(CHECKOUT)


def test_the_export_scores_one_through_the_command_line(tmp_path, capsys):
    assert main(["export", "--format", "semeval22", "--out", str(tmp_path)]) == 0
    target = tmp_path / "self.json"
    assert main(["benchmark", "--layer", "stances", "--predictions", str(tmp_path / "semeval22/test.json"),
                 "--bootstrap", "50", "--json", str(target)]) == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["layer"] == "stances" and record["measures"]["sf1"]["value"] == 1.0
    assert record["measures"]["polarity_accuracy"]["value"] == record["measures"]["target_accuracy"]["value"] == 1.0


def test_the_stored_baseline_is_a_fresh_scoring_of_its_predictions():
    assert stored_run_names(RUNS, "stances") == ["stance_baseline"]
    _, gold = _stance_gold(CHECKOUT)
    stored = read_stored_record(RUNS, "stance_baseline", "stances")
    predictions = read_stance_predictions(stored_predictions_path(RUNS, "stance_baseline", "stances"), gold)
    predictions = replace(predictions, format=stored["predictions"]["format"])  # stored as SemEval records
    fresh = json.loads(json.dumps(score_stance_run(gold, predictions, stored["run"], stored["bootstrap"]["replicates"],
                                                   stored["bootstrap"]["seed"])))
    fresh.pop("versions"), stored.pop("versions")
    assert fresh == stored, "run `nkru benchmark --write-docs`"


def test_the_baseline_reproduces_its_stored_predictions(tmp_path):
    assert main(["benchmark", "--layer", "stances", "--model",
                 f"python:{CHECKOUT / 'benchmarks/stance_baseline.py'}:predict", "--bootstrap", "0", "--save", "again",
                 "--runs", str(tmp_path)]) == 0
    again = (tmp_path / "predictions/stances/again.jsonl").read_text(encoding="utf-8")
    assert again == stored_predictions_path(RUNS, "stance_baseline", "stances").read_text(encoding="utf-8")


@pytest.mark.parametrize("arguments, message", [
    (["--predictions", "x.json", "--errors", "e.tsv"], "--errors is for --layer entities and dates"),
    (["--model", "hf:/tmp"], "runs python:MODULE:FUNCTION models only"),
    (["--predictions", "/no/such.json"], "cannot read /no/such.json"),
])
def test_bad_stance_input_is_one_line(arguments, message, capsys):
    assert main(["benchmark", "--layer", "stances", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error, error
