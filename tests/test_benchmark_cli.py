"""`nkru benchmark` and `nkru compare` as a user runs them: from any folder, every output written,
and one line with exit 2 for every bad input."""

import csv
import json
import subprocess
import sys

import pytest

from nkru.cli import main

from conftest import CHECKOUT

SM = CHECKOUT / "benchmarks/predictions/ner/fr_core_news_sm.jsonl"
BASELINE = CHECKOUT / "benchmarks/rule_baseline.py"


def _run(arguments, cwd):
    return subprocess.run([sys.executable, "-m", "nkru", *arguments], cwd=cwd, capture_output=True, text=True)


def test_benchmark_runs_from_another_folder_on_the_installed_corpus(tmp_path):
    result = _run(["benchmark", "--predictions", str(SM), "--bootstrap", "50"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[conll] CoNLL-4" in result.stdout and "[names]" in result.stdout
    assert "[fine] not scored" in result.stdout


def test_json_holds_every_profile_label_and_mode(tmp_path):
    target = tmp_path / "scores.json"
    assert main(["benchmark", "--predictions", str(SM), "--bootstrap", "100", "--json", str(target)]) == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    for profile in ("conll", "names"):
        for label in ("ALL", "PER", "LOC", "ORG", "MISC"):
            for mode in ("strict", "exact", "partial", "ent_type"):
                entry = record["profiles"][profile][label][mode]
                low, high = entry["f1_ci95"]
                assert 0 <= low <= entry["f1"] <= high <= 1
                assert {"precision", "recall", "f1", "precision_ci95", "recall_ci95"} <= set(entry)
            assert set(record["seqeval"][profile][label]) == {"precision", "recall", "f1"}
    assert record["profiles"]["conll"]["ALL"]["strict"]["f1"] == pytest.approx(0.622283)
    assert set(record["corpus"]["sha256"]) == {"dataset/documents.parquet", "annotations/entities.parquet",
                                              *(f"annotations/ner/nkru-00{number}.parquet" for number in range(5))}
    assert record["versions"]["nervaluate"] and record["counts"]["conll"]["ALL"] == {"gold": 400, "predicted": 336}


def test_errors_table_lists_every_error_kind(tmp_path):
    target = tmp_path / "errors.tsv"
    assert main(["benchmark", "--predictions", str(SM), "--bootstrap", "0", "--errors", str(target)]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8"), delimiter="\t"))
    kinds = {row["kind"] for row in rows}
    assert kinds == {"false_positive", "false_negative", "boundary", "type", "boundary_and_type"}
    conll = [row for row in rows if row["profile"] == "conll"]
    record_path = tmp_path / "scores.json"
    main(["benchmark", "--predictions", str(SM), "--bootstrap", "0", "--json", str(record_path)])
    strict = json.loads(record_path.read_text())["profiles"]["conll"]["ALL"]["strict"]
    # the rows are nervaluate's strict counts: missed, spurious, and incorrect split by kind
    assert sum(row["kind"] == "false_negative" for row in conll) == strict["missed"]
    assert sum(row["kind"] == "false_positive" for row in conll) == strict["spurious"]
    assert sum(row["kind"] in ("boundary", "type", "boundary_and_type") for row in conll) == strict["incorrect"]
    for row in conll:
        if row["gold_text"]:
            assert f"[{row['gold_text']}" in row["context"] or row["gold_text"] in row["context"]


def test_save_stores_any_run_and_compare_reads_it(tmp_path, capsys):
    runs = tmp_path / "runs"
    assert main(["benchmark", "--predictions", str(SM), "--bootstrap", "200", "--save", "mine", "--runs", str(runs)]) == 0
    assert main(["benchmark", "--model", f"python:{BASELINE}:predict", "--bootstrap", "200", "--save", "rules",
                 "--runs", str(runs)]) == 0
    stored = runs / "results/ner/mine.json"
    assert (runs / "predictions/ner/mine.jsonl").is_file() and stored.is_file()
    capsys.readouterr()
    assert main(["compare", str(stored), str(runs / "results/ner/rules.json")]) == 0
    printed = capsys.readouterr().out
    assert "paired sentence bootstrap, 200 replicates" in printed and "conll" in printed and "names" in printed


def test_partial_is_said_in_every_output(tmp_path, capsys):
    example = CHECKOUT / "benchmarks/examples/spans.jsonl"
    target = tmp_path / "partial.json"
    assert main(["benchmark", "--predictions", str(example), "--partial", "--bootstrap", "0", "--json", str(target)]) == 0
    assert "partial: 1 of 5 documents (nkru-000)" in capsys.readouterr().out
    assert main(["benchmark", "--predictions", str(example), "--partial", "--bootstrap", "0", "--errors",
                 str(tmp_path / "errors.tsv")]) == 0
    assert "errors; partial: 1 of 5 documents (nkru-000))" in capsys.readouterr().out
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["scope"]["partial"] and record["scope"]["doc_ids"] == ["nkru-000"]


@pytest.mark.parametrize("example", ["spans", "tokens", "pipeline"])
def test_the_worked_examples_score_one(example, tmp_path):
    target = tmp_path / "example.json"
    assert main(["benchmark", "--predictions", str(CHECKOUT / f"benchmarks/examples/{example}.jsonl"), "--partial",
                 "--bootstrap", "0", "--json", str(target)]) == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["predictions"]["format"] == example
    for labels in record["profiles"].values():
        assert labels["ALL"]["strict"]["f1"] == 1.0
    assert f"benchmarks/examples/{example}.jsonl" in (CHECKOUT / "README.md").read_text(encoding="utf-8")


def _one_line_error(capsys, command: str) -> str:
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith(f"nkru {command}: "), error
    return error


@pytest.mark.parametrize("arguments, message", [
    (["--model", "spacy"], "expected one of spacy:PIPELINE"),
    (["--model", "torch:x"], "expected one of spacy:PIPELINE"),
    (["--model", "hf:camembert-base"], "hf:camembert-base"),
    (["--model", "gliner:urchade/gliner_multi"], "gliner:"),
    (["--model", "python:no_such_module_here:predict"], "importing no_such_module_here failed"),
    (["--model", "python:nkru.schema:nothing"], "has no function 'nothing'"),
    (["--model", f"python:{BASELINE}"], "expected python:MODULE:FUNCTION|has no function"),
    (["--predictions", "/no/such/file.jsonl"], "cannot read /no/such/file.jsonl"),
    (["--predictions", str(SM), "--bootstrap", "-3"], "--bootstrap -3"),
    (["--predictions", str(SM), "--profile", "fine"], "--profile fine"),
    (["--predictions", str(SM), "--save", "../escape"], "run name '../escape'"),
    (["--predictions", str(SM), "--labels", "fine"], "--labels fine but the predictions use MISC"),
    (["--predictions", str(SM), "--json", "/proc/no/such/dir/x.json", "--bootstrap", "0"], "cannot write"),
])
def test_bad_input_is_one_line_and_exit_2(arguments, message, capsys):
    assert main(["benchmark", *arguments]) == 2
    assert __import__("re").search(message, _one_line_error(capsys, "benchmark"))


def test_a_runner_that_raises_is_one_line(tmp_path, capsys):
    module = tmp_path / "broken_model.py"
    module.write_text("def predict(text):\n    raise RuntimeError('out of memory')\n")
    assert main(["benchmark", "--model", f"python:{module}:predict"]) == 2
    assert "raised RuntimeError on nkru-000: out of memory" in _one_line_error(capsys, "benchmark")
    module.write_text("def predict(text):\n    return [(0, 3, ['PER'])]\n")
    assert main(["benchmark", "--model", f"python:{module}:predict"]) == 2
    assert "unknown label ['PER']" in _one_line_error(capsys, "benchmark")
    module.write_text("def predict(text):\n    return [(0, 10**40, 'PER')]\n")
    assert main(["benchmark", "--model", f"python:{module}:predict"]) == 2
    assert "document nkru-000: span (0, " in _one_line_error(capsys, "benchmark")
    module.write_text("def predict(text):\n    return 42\n")
    assert main(["benchmark", "--model", f"python:{module}:predict"]) == 2
    assert "raised TypeError" in _one_line_error(capsys, "benchmark")


def test_a_missing_extra_is_named(monkeypatch, capsys):
    for module in ("transformers", "spacy", "gliner"):
        monkeypatch.setitem(sys.modules, module, None)
    for spec, extra in (("hf:/tmp", "nkru-fr[hf]"), ("gliner:/tmp", "nkru-fr[gliner]"),
                        ("spacy:fr_core_news_sm", "nkru-fr[bench]")):
        assert main(["benchmark", "--model", spec]) == 2
        assert extra in _one_line_error(capsys, "benchmark")


@pytest.mark.parametrize("content, message", [
    ("{}", "expected a results file"),
    ("not json", "not a JSON results file"),
])
def test_compare_refuses_what_is_not_a_results_file(tmp_path, content, message, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    stored = CHECKOUT / "benchmarks/results/ner/fr_core_news_sm.json"
    assert main(["compare", str(stored), str(bad)]) == 2
    assert message in _one_line_error(capsys, "compare")


def test_output_cut_short_by_the_reader_is_no_traceback():
    """`nkru benchmark ... | head -1`: the closed pipe ends the command quietly."""
    command = f"{sys.executable} -m nkru benchmark --predictions {SM} --bootstrap 0 | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def test_saving_into_the_installed_corpus_is_refused_before_any_work(monkeypatch, capsys):
    import nkru.loader

    monkeypatch.setattr(nkru.loader, "PACKAGED_DATA", CHECKOUT)
    assert main(["benchmark", "--predictions", str(SM), "--save", "mine"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "the installed corpus is read-only: pass --runs DIR" in captured.err


def test_a_python_runner_may_return_dicts_and_numpy_integers(tmp_path, capsys):
    module = tmp_path / "numpy_model.py"
    module.write_text("import numpy as np\n\ndef predict(text):\n"
                      "    return [{'start': np.int64(0), 'end': np.int64(3), 'label': 'B-PERSON'}]\n")
    target = tmp_path / "out.json"
    assert main(["benchmark", "--model", f"python:{module}:predict", "--bootstrap", "0", "--json", str(target)]) == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["entities"] == 5 and record["predictions"]["label_map"] == {"B-PERSON": "PER"}
