"""The dates benchmark: TempEval-3's measures, the stored dateparser baseline, and one line for
every malformed input."""

import csv
import json

import pytest

from nkru.cli import main
from nkru.errors import PredictionsError
from nkru.evaluation.date_benchmark import DATE_CONFIGS, date_gold_of, score_date_run
from nkru.evaluation.date_predictions import TimexSpan, date_prediction_lines, read_date_predictions
from nkru.evaluation.date_scoring import MEASURES, measures
from nkru.evaluation.runs import default_runs_root, read_stored_record, stored_predictions_path, stored_run_names
from nkru.reader import read_corpus

from conftest import CHECKOUT

RUNS = default_runs_root(CHECKOUT)


@pytest.fixture(scope="module")
def gold():
    return date_gold_of(read_corpus(CHECKOUT, DATE_CONFIGS))


def _write(path, spans_by_doc):
    path.write_text("\n".join(date_prediction_lines(spans_by_doc)) + "\n", encoding="utf-8")
    return path


def _score(gold, path, replicates=200, partial=False):
    predictions = read_date_predictions(path, gold.texts, partial)
    return score_date_run(gold, predictions, {"name": "test"}, replicates, 7)


def test_the_gold_scores_one_on_every_measure(gold, tmp_path):
    record = _score(gold, _write(tmp_path / "gold.jsonl", gold.spans))
    assert all(record["measures"][name]["value"] == 1.0 for name in MEASURES)
    assert record["counts"]["gold"] == record["counts"]["predicted"] == 49 and record["errors"] == {}


def test_strict_relaxed_type_and_value_count_as_tempeval3_defines(gold, tmp_path):
    spans = {doc: list(found) for doc, found in gold.spans.items()}
    doc = "nkru-000"
    first, second, third = spans[doc][:3]
    spans[doc][0] = TimexSpan(first.start, first.end - 1, first.type, first.value, first.mod)       # extent only
    spans[doc][1] = TimexSpan(second.start, second.end, "DURATION", second.value, second.mod)       # type only
    spans[doc][2] = TimexSpan(third.start, third.end, third.type, "1999", third.mod)                # value only
    record = _score(gold, _write(tmp_path / "changed.jsonl", spans), replicates=0)
    counts = record["counts"]
    assert (counts["gold"], counts["predicted"], counts["strict"], counts["relaxed"], counts["type"],
            counts["value"]) == (49, 49, 48, 49, 48, 48)
    assert record["measures"]["strict_f1"]["value"] == pytest.approx(48 / 49)
    assert record["measures"]["type_accuracy"]["value"] == pytest.approx(48 / 49)
    assert record["measures"]["value_f1"]["value"] == pytest.approx(48 / 49)
    assert {kind: entry["count"] for kind, entry in record["errors"].items()} == {"extent": 1, "type": 1, "value": 1}


def test_measures_follow_their_formulas():
    # gold 10, predicted 8, strict 4, relaxed 6, type right 5, value right 3
    found = measures(__import__("numpy").array([10, 8, 4, 6, 5, 3]))
    assert found["strict_precision"] == pytest.approx(0.5) and found["relaxed_recall"] == pytest.approx(0.6)
    assert found["type_accuracy"] == pytest.approx(5 / 6) and found["value_accuracy"] == pytest.approx(0.5)
    precision, recall = 3 / 8, 3 / 10
    assert found["value_f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    relaxed_f1 = 2 * (6 / 8) * (6 / 10) / (6 / 8 + 6 / 10)
    assert found["type_f1"] == pytest.approx(relaxed_f1 * 5 / 6)


def test_the_stored_baseline_is_a_fresh_scoring_of_its_predictions(gold):
    assert stored_run_names(RUNS, "dates") == ["dateparser_baseline"]
    stored = read_stored_record(RUNS, "dateparser_baseline", "dates")
    predictions = read_date_predictions(stored_predictions_path(RUNS, "dateparser_baseline", "dates"), gold.texts)
    predictions = __import__("dataclasses").replace(predictions, format=stored["predictions"]["format"])
    fresh = json.loads(json.dumps(score_date_run(gold, predictions, stored["run"], stored["bootstrap"]["replicates"],
                                                 stored["bootstrap"]["seed"])))
    fresh.pop("versions"), stored.pop("versions")
    assert fresh == stored, "run `nkru benchmark --write-docs`"
    for name in MEASURES:
        low, high = stored["measures"][name]["ci95"]
        assert low <= stored["measures"][name]["value"] <= high


@pytest.mark.needs_dateparser
def test_the_dateparser_baseline_reproduces_its_stored_predictions(tmp_path):
    pytest.importorskip("dateparser", reason="dateparser is not installed (pip install '.[bench]')")
    assert main(["benchmark", "--layer", "dates", "--model",
                 f"python:{CHECKOUT / 'benchmarks/date_baseline.py'}:predict", "--bootstrap", "0", "--save", "again",
                 "--runs", str(tmp_path)]) == 0
    again = (tmp_path / "predictions/dates/again.jsonl").read_text(encoding="utf-8")
    assert again == stored_predictions_path(RUNS, "dateparser_baseline", "dates").read_text(encoding="utf-8")


def test_errors_table_and_json_from_the_command_line(tmp_path, capsys):
    predictions = stored_predictions_path(RUNS, "dateparser_baseline", "dates")
    assert main(["benchmark", "--layer", "dates", "--predictions", str(predictions), "--bootstrap", "100",
                 "--json", str(tmp_path / "r.json"), "--errors", str(tmp_path / "e.tsv")]) == 0
    printed = capsys.readouterr().out
    assert "relaxed_f1" in printed and "strict matches 18" in printed
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t"))
    record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(rows) == sum(entry["count"] for entry in record["errors"].values())
    assert sum(row["kind"] == "false_negative" for row in rows) == record["counts"]["gold"] - record["counts"]["relaxed"]


def test_a_timeml_folder_is_read(gold, tmp_path):
    folder = tmp_path / "tml"
    folder.mkdir()
    text = gold.texts["nkru-001"]
    first = gold.spans["nkru-001"][0]
    escaped = lambda part: part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    (folder / "a.tml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML><DOCID>nkru-001</DOCID><TEXT>'
        + escaped(text[:first.start]) + f'<TIMEX3 tid="t1" type="{first.type}" value="{first.value}">'
        + escaped(text[first.start:first.end]) + "</TIMEX3>" + escaped(text[first.end:]) + "</TEXT></TimeML>",
        encoding="utf-8")
    predictions = read_date_predictions(folder, gold.texts, partial=True)
    assert predictions.format == "timeml" and predictions.spans["nkru-001"] == [first]
    (folder / "b.tml").write_text("<TimeML><DOCID>nkru-002</DOCID><TEXT>not the text</TEXT></TimeML>")
    with pytest.raises(PredictionsError, match=r"b.tml: the text of TEXT differs from nkru-002's text at character 0"):
        read_date_predictions(folder, gold.texts, partial=True)
    (folder / "b.tml").write_text("<TimeML><TEXT>unclosed")
    with pytest.raises(PredictionsError, match=r"b.tml:1: not well-formed XML"):
        read_date_predictions(folder, gold.texts, partial=True)


@pytest.mark.parametrize("content, message", [
    ('{"doc_id": "nkru-000", "spans": [}', ":1: not usable JSON"),
    ("[" * 100000 + "]" * 100000, ":1: not usable JSON|:1: expected an object"),
    ('{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 10000000000000000000000, "type": "DATE", "value": "X"}]}',
     ":1: span .* is outside"),
    ('{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "type": ["DATE"], "value": "X"}]}',
     r":1: type \['DATE'\] is not one of DATE, TIME, DURATION, SET"),
    ('{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "type": "DATE", "value": 7}]}',
     ":1: expected a TIMEX3 value string"),
    ('{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "type": "DATE", "value": "X", "mod": 1}]}',
     ":1: expected mod to be a string or null"),
    ('{"doc_id": "nkru-999", "spans": []}', ":1: unknown doc_id 'nkru-999'"),
    ('{"doc_id": "nkru-000", "spans": []}\n{"doc_id": "nkru-000", "spans": []}', ":2: nkru-000 is predicted twice"),
    ('{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 5, "type": "DATE", "value": "X"}, '
     '{"start": 2, "end": 8, "type": "DATE", "value": "X"}]}', ":1: in nkru-000, the spans .* overlap"),
    ('{"doc_id": "nkru-000", "spans": []}', r"predicts nothing for 4 of 5 documents .*pass --partial"),
])
def test_malformed_date_predictions_are_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "dates.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["benchmark", "--layer", "dates", "--predictions", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("nkru benchmark: ")
    assert __import__("re").search(message, error), error


@pytest.mark.parametrize("arguments, message", [
    (["--model", "spacy:fr_core_news_sm"], "runs python:MODULE:FUNCTION models only"),
    (["--predictions", "x.jsonl", "--format", "spans"], "--format is for --layer entities"),
    (["--predictions", "x.jsonl", "--profile", "fine"], "--profile is for --layer entities"),
])
def test_entity_options_are_refused_for_dates(arguments, message, capsys):
    assert main(["benchmark", "--layer", "dates", *arguments]) == 2
    assert message in capsys.readouterr().err


def test_compare_pairs_two_date_runs_and_refuses_mixed_layers(gold, tmp_path, capsys):
    gold_record = tmp_path / "gold.json"
    assert main(["benchmark", "--layer", "dates", "--predictions", str(_write(tmp_path / "g.jsonl", gold.spans)),
                 "--bootstrap", "300", "--json", str(gold_record)]) == 0
    baseline = RUNS / "results/dates/dateparser_baseline.json"
    capsys.readouterr()
    assert main(["compare", str(gold_record), str(baseline), "--bootstrap", "300"]) == 0
    printed = capsys.readouterr().out
    assert "value_f1     1.000  0.488  +0.512" in printed
    assert main(["compare", str(gold_record), str(RUNS / "results/ner/fr_core_news_sm.json")]) == 2
    assert "score different layers (dates, ner)" in capsys.readouterr().err


def test_the_timeml_export_scores_one(tmp_path, capsys):
    """The export's files read back by the dates benchmark's TimeML reader: every TIMEX3, type and value."""
    assert main(["export", "--format", "timeml", "--out", str(tmp_path)]) == 0
    target = tmp_path / "timeml.json"
    assert main(["benchmark", "--layer", "dates", "--predictions", str(tmp_path / "timeml"), "--bootstrap", "0",
                 "--json", str(target)]) == 0
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["predictions"]["format"] == "timeml" and record["counts"]["predicted"] == 49
    assert all(record["measures"][name]["value"] == 1.0 for name in MEASURES)
