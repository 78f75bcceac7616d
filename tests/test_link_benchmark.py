"""`nkru benchmark --layer links`: accuracy and HIPE-2022's entity-linking measures on hand-made
cases whose scores are worked out by hand, and the command line on the real corpus."""

import json

import numpy as np
import pytest

from nkru.cli import main
from nkru.evaluation.link_predictions import LinkPredictions, LinkSpan
from nkru.evaluation.link_scoring import LinkGold, pair_document, score_link_run, sentence_counts
from nkru.evaluation.predictions import Scope
from nkru.loader import load
from nkru.schema import Sentence


def _sentence(doc_id, number, start, end):
    return Sentence(doc_id=doc_id, sentence_id=f"{doc_id}-s{number:03d}", sentence_start=start, sentence_end=end,
                    tokens=[], token_starts=[], token_ends=[], ner_tags=[], coarse_ner_tags=[])


def _score(gold_spans, predicted_spans, sentences=None, replicates=0):
    sentences = sentences or [_sentence("d", 1, 0, 100)]
    gold = LinkGold({"d": gold_spans}, sentences, {"d": "x" * 100}, {})
    predictions = LinkPredictions({"d": sorted(predicted_spans, key=lambda span: span.start)}, Scope(("d",), None, False))
    return score_link_run(gold, predictions, {"name": "hand"}, replicates, 7)


GOLD = [LinkSpan(0, 5, "Paris"), LinkSpan(10, 15, "NIL"), LinkSpan(20, 30, "London"), LinkSpan(40, 45, "NIL"),
        LinkSpan(50, 60, "Berlin")]
PREDICTED = [LinkSpan(0, 5, "Paris"),     # exact offsets, right title: strict and fuzzy
             LinkSpan(10, 15, "NIL"),     # a NIL on a NIL: right, strict and fuzzy
             LinkSpan(20, 25, "London"),  # overlapping, right title: fuzzy only
             LinkSpan(40, 45, "Rome"),    # exact offsets, wrong link (gold NIL): wrong
             LinkSpan(70, 75, "Oslo"),    # nothing there: spurious
             LinkSpan(80, 85, "NIL")]     # spurious too; Berlin (50..60) is missed


def test_accuracy_and_the_hipe_measures_worked_out_by_hand():
    record = _score(GOLD, PREDICTED)
    assert record["counts"] == {"gold": 5, "gold_linked": 3, "predicted": 6, "exact_linked": 1, "exact_nil": 1,
                                "fuzzy": 3}
    value = {name: entry["value"] for name, entry in record["measures"].items()}
    # accuracy: Paris and the first NIL of 5 gold mentions; linked: Paris of Paris, London, Berlin; NIL: 1 of 2.
    assert (value["accuracy"], value["linked_accuracy"], value["nil_accuracy"]) == (0.4, pytest.approx(1 / 3, abs=1e-6),
                                                                                   0.5)
    # strict: 2 right of 6 predicted and 5 gold; F1 = 2PR/(P+R) = 4/11.
    assert value["strict_precision"] == pytest.approx(2 / 6, abs=1e-6) and value["strict_recall"] == 0.4
    assert value["strict_f1"] == pytest.approx(4 / 11, abs=1e-6)
    # fuzzy: London by overlap too, 3 right: P = 3/6, R = 3/5, F1 = 6/11.
    assert (value["fuzzy_precision"], value["fuzzy_recall"]) == (0.5, 0.6)
    assert value["fuzzy_f1"] == pytest.approx(6 / 11, abs=1e-6)
    assert all(entry["ci95"] is None for entry in record["measures"].values())


def test_the_gold_itself_scores_one_everywhere():
    record = _score(GOLD, GOLD)
    assert {entry["value"] for entry in record["measures"].values()} == {1.0}


def test_no_prediction_at_all_for_a_mention_is_wrong_and_a_wrong_nil_is_wrong():
    record = _score([LinkSpan(0, 5, "Paris"), LinkSpan(10, 15, "Rome")], [LinkSpan(0, 5, "NIL")])
    value = {name: entry["value"] for name, entry in record["measures"].items()}
    assert value["accuracy"] == 0.0 and value["strict_precision"] == 0.0 and value["fuzzy_recall"] == 0.0


def test_a_prediction_is_paired_with_the_first_unpaired_gold_mention_it_overlaps():
    gold = [LinkSpan(0, 10, "A"), LinkSpan(12, 20, "B")]
    # 5..15 overlaps both: paired with A (first in text order), whose title it misses; B is then missed.
    assert [(outcome.exact, outcome.fuzzy) for outcome in pair_document(gold, [LinkSpan(5, 15, "B")])] == [
        (False, False), (False, False)]
    # Two predictions over one gold mention: the first is paired, the second is spurious.
    outcomes = pair_document([LinkSpan(0, 20, "A")], [LinkSpan(0, 5, "A"), LinkSpan(10, 20, "A")])
    assert [(outcome.exact, outcome.fuzzy) for outcome in outcomes] == [(False, True)]


def test_counts_are_kept_per_sentence_for_the_bootstrap():
    sentences = [_sentence("d", 1, 0, 35), _sentence("d", 2, 35, 100)]
    gold = LinkGold({"d": GOLD}, sentences, {"d": "x" * 100}, {})
    predictions = LinkPredictions({"d": PREDICTED}, Scope(("d",), None, False))
    sentence_ids, counts = sentence_counts(gold, predictions)
    assert sentence_ids == ["d-s001", "d-s002"]
    assert counts.tolist() == [[3, 2, 3, 1, 1, 3], [2, 1, 3, 0, 0, 0]]
    record = _score(GOLD, PREDICTED, sentences, replicates=200)
    low, high = record["measures"]["fuzzy_f1"]["ci95"]
    assert low <= record["measures"]["fuzzy_f1"]["value"] <= high
    assert np.array(record["sentence_counts"]).sum(axis=0).tolist() == list(record["counts"].values())


def _gold_lines():
    titles = {row["entity_id"]: row["wikipedia_title"] for row in load("entity_registry")["test"]}
    # the mentions of entities whose article could not be read have no gold title to predict
    return [json.dumps({"doc_id": row["doc_id"], "start": row["start"], "end": row["end"],
                        "wikipedia_title": titles[row["entity_id"]]}) for row in load("entities")["test"]
            if titles[row["entity_id"]] is not None]


def test_the_gold_scores_one_through_the_command_line(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(_gold_lines()) + "\n", encoding="utf-8")
    assert main(["benchmark", "--layer", "links", "--predictions", str(path), "--bootstrap", "20",
                 "--json", str(tmp_path / "gold.json"), "--save", "gold", "--runs", str(tmp_path / "runs")]) == 0
    record = json.loads((tmp_path / "gold.json").read_text(encoding="utf-8"))
    assert record["layer"] == "links" and record["measures"]["accuracy"]["value"] == 1.0
    assert record["counts"]["gold"] == len(_gold_lines())
    unconfirmed = {row["entity_id"] for row in load("entity_registry")["test"] if row["wikipedia_title"] is None}
    assert record["unconfirmed"] == {
        "gold_mentions": sum(row["entity_id"] in unconfirmed for row in load("entities")["test"]),
        "predictions_left_out": 0}
    stored = tmp_path / "runs/predictions/links/gold.jsonl"
    assert sorted(stored.read_text(encoding="utf-8").splitlines()) == sorted(_gold_lines())
    assert (tmp_path / "runs/results/links/gold.json").is_file()
    assert "accuracy" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ('{"doc_id": "nkru-000", "start": 0, "end": 3, "wikipedia_title": "Sergei Shoigu"}', "holds no whitespace"),
    ('{"doc_id": "nkru-000", "start": 0, "end": 3, "wikipedia_title": "sergei_Shoigu"}', "upper-case"),
    ('{"doc_id": "nkru-000", "start": 0, "end": 3, "wikipedia_title": "UNDECIDED"}', "pending answer"),
    ('{"doc_id": "nkru-000", "start": 0, "end": 3}', "expected a title or NIL"),
    ('{"doc_id": "nkru-999", "start": 0, "end": 3, "wikipedia_title": "NIL"}', "unknown doc_id 'nkru-999'"),
    ('{"doc_id": "nkru-000", "start": 3, "end": 3, "wikipedia_title": "NIL"}', "outside nkru-000's text"),
    ('{"doc_id": "nkru-000", "start": true, "end": 3, "wikipedia_title": "NIL"}', "outside nkru-000's text"),
    ('{"doc_id": "nkru-000", "start": 0, "end": 5, "wikipedia_title": "NIL"}\n'
     '{"doc_id": "nkru-000", "start": 2, "end": 7, "wikipedia_title": "NIL"}', "overlaps the one at 0..5"),
    ('{"doc_id": "nkru-000", "start": 0, "end": 3, "wikipedia_title": "NIL"}', "predicts nothing for 4 of 5"),
    ("[1, 2]", "expected an object"),
    ("{not json", "not usable JSON"),
    ("", "found no prediction"),
    ("\xff", "expected UTF-8"),
])
def test_malformed_link_predictions_are_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "links.jsonl"
    path.write_bytes(content.encode("utf-8") if content != "\xff" else b"\xff\n")
    assert main(["benchmark", "--layer", "links", "--predictions", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error, error


@pytest.mark.parametrize("arguments, message", [
    (["--model", "python:x.py:f"], "--layer links scores a predictions file"),
    (["--predictions", "x.jsonl", "--errors", "e.tsv"], "--errors is for --layer entities and dates"),
    (["--predictions", "/no/such.jsonl"], "cannot read /no/such.jsonl"),
])
def test_bad_link_arguments_are_one_line(arguments, message, capsys):
    assert main(["benchmark", "--layer", "links", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error, error


def test_a_partial_run_scores_only_its_documents(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text("\n".join(line for line in _gold_lines() if '"nkru-002"' in line) + "\n", encoding="utf-8")
    assert main(["benchmark", "--layer", "links", "--predictions", str(path), "--partial", "--bootstrap", "0",
                 "--json", str(tmp_path / "one.json")]) == 0
    record = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert record["scope"]["doc_ids"] == ["nkru-002"] and record["measures"]["strict_f1"]["value"] == 1.0


def test_mentions_of_unconfirmed_entities_and_their_predictions_are_left_out():
    """An entity whose article could not be read has no gold title: its mentions are not scored,
    and a prediction on one neither counts as right nor as spurious."""
    sentences = [_sentence("d", 1, 0, 100)]
    gold = LinkGold({"d": [LinkSpan(0, 5, "Paris")]}, sentences, {"d": "x" * 100}, {}, {"d": [(10, 15)]})
    predictions = LinkPredictions({"d": [LinkSpan(0, 5, "Paris"), LinkSpan(10, 15, "Rome")]},
                                  Scope(("d",), None, False))
    record = score_link_run(gold, predictions, {"name": "hand"}, 0, 7)
    assert record["unconfirmed"] == {"gold_mentions": 1, "predictions_left_out": 1}
    assert record["counts"]["gold"] == 1 and record["counts"]["predicted"] == 1
    assert record["measures"]["strict_precision"]["value"] == pytest.approx(1.0)
    assert record["measures"]["accuracy"]["value"] == pytest.approx(1.0)
