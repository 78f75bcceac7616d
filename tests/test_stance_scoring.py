"""Stance scoring (SemEval-2022 Task 10's Sentiment Graph F1, span F1 per role, accuracies on
matched stances) on hand-made sentences with known scores, and the predictions reader's refusals."""

import dataclasses
import json
import re

import pytest

from nkru.errors import PredictionsError
from nkru.evaluation.stance_predictions import (
    STANCE_CONFIGS,
    parse_stance_records,
    read_stance_predictions,
    stance_gold_of,
    stance_prediction_lines,
)
from nkru.evaluation.stance_scoring import (
    MEASURES,
    score_stance_run,
    score_stances,
    stance_score_lines,
)
from nkru.export.semeval22 import StanceSentences
from nkru.reader import read_corpus

TEXT = "Le ministre critique vivement la politique américaine ."
TOKENS = TEXT.split(" ")


def span(*indices: int) -> list[list[str]]:
    """[[text], ["start:end"]] of consecutive tokens of TEXT; no index: an empty span."""
    if not indices:
        return [[], []]
    start = sum(len(token) + 1 for token in TOKENS[:indices[0]])
    text = " ".join(TOKENS[indices[0]:indices[-1] + 1])
    return [[text], [f"{start}:{start + len(text)}"]]


def opinion(source, target, expression, polarity="Negative", target_id="us_west_hegemony") -> dict:
    return {"Source": source, "Target": target, "Polar_expression": expression, "Polarity": polarity,
            "Intensity": "Standard", "target_id": target_id}


def sentence(sent_id: str, *opinions: dict) -> dict:
    return {"sent_id": sent_id, "text": TEXT, "opinions": list(opinions)}


GOLD = opinion(span(1), span(4, 5, 6), span(2, 3))


def measure(scores: dict, name: str) -> float:
    return scores["measures"][name]["value"]


# Hand-made cases.

def test_identical_opinions_score_one():
    scores = score_stances([sentence("a", GOLD)], [sentence("a", GOLD)], replicates=0)
    assert all(measure(scores, name) == 1.0 for name in MEASURES)
    assert all(entry["ci95"] is None for entry in scores["measures"].values())


def test_partial_overlaps_are_credited_by_the_share_of_tokens():
    predicted = opinion(span(0, 1), span(5), span(2))
    scores = score_stances([sentence("a", GOLD)], [sentence("a", predicted)], replicates=0)
    # precision: (1/2 + 1/1 + 1/1) / 3 = 5/6 of the predicted tokens; recall: (1/1 + 1/3 + 1/2) / 3 = 11/18.
    assert measure(scores, "sf1_precision") == pytest.approx(5 / 6, abs=1e-6)
    assert measure(scores, "sf1_recall") == pytest.approx(11 / 18, abs=1e-6)
    assert measure(scores, "sf1") == pytest.approx(2 * (5 / 6) * (11 / 18) / (5 / 6 + 11 / 18), abs=1e-6)
    assert measure(scores, "sf1") == pytest.approx(0.705128, abs=1e-6)
    assert (measure(scores, "source_precision"), measure(scores, "source_recall")) == (0.5, 1.0)
    assert measure(scores, "source_f1") == pytest.approx(2 / 3, abs=1e-6)
    assert (measure(scores, "target_precision"), measure(scores, "target_f1")) == (1.0, 0.5)
    assert measure(scores, "expression_f1") == pytest.approx(2 / 3, abs=1e-6)
    assert (measure(scores, "polarity_accuracy"), measure(scores, "target_accuracy")) == (1.0, 1.0)


def test_a_wrong_polarity_scores_no_tuple_but_is_a_matched_stance():
    predicted = opinion(span(1), span(4, 5, 6), span(2, 3), polarity="Positive", target_id="other")
    scores = score_stances([sentence("a", GOLD)], [sentence("a", predicted)], replicates=0)
    assert measure(scores, "sf1") == 0.0
    assert measure(scores, "expression_f1") == 1.0
    assert scores["counts"]["matched"] == 1
    assert (measure(scores, "polarity_accuracy"), measure(scores, "target_accuracy")) == (0.0, 0.0)


def test_an_empty_holder_matches_only_an_empty_holder():
    author = opinion(span(), span(5, 6), span(2))
    scores = score_stances([sentence("a", author)], [sentence("a", author)], replicates=0)
    assert measure(scores, "sf1") == 1.0
    assert measure(scores, "source_f1") == 0.0  # no source token on either side
    with_holder = opinion(span(1), span(5, 6), span(2))
    for gold, predicted in ((author, with_holder), (with_holder, author)):
        scores = score_stances([sentence("a", gold)], [sentence("a", predicted)], replicates=0)
        assert measure(scores, "sf1") == 0.0
        assert scores["counts"]["matched"] == 0
        assert measure(scores, "target_f1") == 1.0


def test_missed_and_spurious_opinions_count_against_recall_and_precision():
    gold = [sentence("a", GOLD), sentence("b", GOLD), sentence("c")]
    predicted = [sentence("a", GOLD), sentence("b"), sentence("c", GOLD)]
    scores = score_stances(gold, predicted, replicates=0)
    assert (measure(scores, "sf1_precision"), measure(scores, "sf1_recall"), measure(scores, "sf1")) == (0.5, 0.5, 0.5)
    assert scores["counts"]["gold"] == scores["counts"]["predicted"] == 2
    assert scores["sentence_ids"] == ["a", "b", "c"]
    assert [row[:2] for row in scores["sentence_counts"]] == [[1, 1], [1, 0], [0, 1]]


def test_tuples_are_not_paired_one_to_one_but_accuracies_are():
    scores = score_stances([sentence("a", GOLD)], [sentence("a", GOLD, GOLD)], replicates=0)
    assert (measure(scores, "sf1_precision"), measure(scores, "sf1_recall")) == (1.0, 1.0)
    assert scores["counts"]["matched"] == 1


def test_a_prediction_without_target_id_is_a_wrong_target():
    predicted = opinion(span(1), span(4, 5, 6), span(2, 3), target_id=None)
    scores = score_stances([sentence("a", GOLD)], [sentence("a", predicted)], replicates=0)
    assert (measure(scores, "sf1"), measure(scores, "target_accuracy")) == (1.0, 0.0)


def test_nothing_predicted_scores_zero_without_dividing_by_zero():
    scores = score_stances([sentence("a", GOLD)], [sentence("a")], replicates=20)
    assert all(measure(scores, name) == 0.0 for name in MEASURES)


# Bootstrap intervals, on the corpus.

@pytest.fixture(scope="module")
def corpus():
    return read_corpus(None, STANCE_CONFIGS)


@pytest.fixture(scope="module")
def gold(corpus):
    return stance_gold_of(corpus, StanceSentences(corpus.sentences))


def degraded(records: list[dict]) -> list[dict]:
    """Every third opinion dropped, every fourth with the other polarity."""
    copied = json.loads(json.dumps(records))
    number = 0
    for record in copied:
        kept = []
        for item in record["opinions"]:
            number += 1
            if number % 4 == 0:
                item["Polarity"] = "Positive" if item["Polarity"] == "Negative" else "Negative"
            if number % 3:
                kept.append(item)
        record["opinions"] = kept
    return copied


def test_bootstrap_intervals_contain_the_point_value_and_depend_on_the_seed_only(gold):
    predicted = degraded(gold.records)
    scores = score_stances(gold.records, predicted, replicates=200, seed=7)
    for name, entry in scores["measures"].items():
        low, high = entry["ci95"]
        assert low <= entry["value"] <= high, name
    assert 0 < measure(scores, "sf1") < 1
    assert scores["bootstrap"] == {"unit": "sentence", "replicates": 200, "seed": 7, "sentences": 117}
    assert score_stances(gold.records, predicted, replicates=200, seed=7) == scores
    assert score_stances(gold.records, predicted, replicates=200, seed=8)["measures"] != scores["measures"]


def test_the_scorer_refuses_records_it_cannot_compare():
    with pytest.raises(PredictionsError, match="missing b, not in the gold c"):
        score_stances([sentence("a"), sentence("b")], [sentence("a"), sentence("c")], replicates=0)
    with pytest.raises(PredictionsError, match="the text of a is not the gold's"):
        score_stances([sentence("a")], [{"sent_id": "a", "text": TEXT + " !", "opinions": []}], replicates=0)
    with pytest.raises(PredictionsError, match=r"^predictions: record 1: opinion 1: expected 'Polarity'"):
        score_stances([sentence("a")], [sentence("a", {**GOLD, "Polarity": "positive"})], replicates=0)


# Reading predictions.

def test_the_export_and_the_stances_rows_read_back_to_the_gold(gold, corpus, tmp_path):
    semeval = tmp_path / "test.json"
    semeval.write_text(json.dumps(gold.records, ensure_ascii=False), encoding="utf-8")
    rows = tmp_path / "stances.jsonl"
    rows.write_text("".join(json.dumps(dataclasses.asdict(stance)) + "\n" for stance in corpus.stances),
                    encoding="utf-8")
    lines = tmp_path / "test.jsonl"
    lines.write_text("\n".join(stance_prediction_lines(read_stance_predictions(semeval, gold))), encoding="utf-8")
    for path, found_format in ((semeval, "semeval22"), (rows, "stances"), (lines, "semeval22")):
        predictions = read_stance_predictions(path, gold)
        assert (predictions.format, predictions.partial) == (found_format, False)
        assert predictions.records == gold.records
        assert predictions.describe(gold) == "all 5 documents"
        assert measure(score_stances(predictions.gold_records(gold), predictions.records, replicates=0), "sf1") == 1.0


def test_missing_sentences_or_documents_are_refused_unless_partial(gold, corpus, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(gold.records[3]) + "\n", encoding="utf-8")
    with pytest.raises(PredictionsError, match=r"predicts nothing for 116 of 117 sentences \(nkru-000-s001, .* and 111 "
                       r"more\); pass --partial"):
        read_stance_predictions(path, gold)
    predictions = read_stance_predictions(path, gold, partial=True)
    assert predictions.sentence_ids == [gold.records[3]["sent_id"]] and predictions.doc_ids == ("nkru-000",)
    assert predictions.describe(gold) == "partial: 1 of 117 sentences, in 1 of 5 documents (nkru-000)"
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps(dataclasses.asdict(corpus.stances[0])) + "\n", encoding="utf-8")
    with pytest.raises(PredictionsError, match=r"predicts nothing for 4 of 5 documents \(nkru-001, "):
        read_stance_predictions(rows, gold)
    predictions = read_stance_predictions(rows, gold, partial=True)
    assert predictions.doc_ids == ("nkru-000",)
    assert predictions.sentence_ids == [r["sent_id"] for r in gold.records if r["sent_id"].startswith("nkru-000-")]


def test_a_model_run_covers_every_document_even_without_a_row(gold):
    predictions = parse_stance_records([], gold, "python:nothing", covered_doc_ids=["nkru-000"], partial=True)
    assert predictions.format == "stances" and all(not record["opinions"] for record in predictions.records)


def test_a_scored_run_is_a_record_with_its_terminal_lines(gold, tmp_path):
    path = tmp_path / "degraded.json"
    path.write_text(json.dumps(degraded(gold.records)), encoding="utf-8")
    run = {"name": "degraded", "runner": "predictions", "model": path.name, "version": "unknown", "seconds": None}
    record = score_stance_run(gold, read_stance_predictions(path, gold), run, replicates=100, seed=1)
    assert {"format", "layer", "run", "scope", "predictions", "measures", "counts", "bootstrap", "sentence_ids",
            "sentence_counts", "corpus", "versions"} <= set(record)
    assert record["layer"] == "stances" and record["scope"]["description"] == "all 5 documents"
    assert set(record["corpus"]["sha256"]) == {"dataset/documents.parquet", "annotations/stances.parquet",
                                              *(f"annotations/ner/nkru-00{number}.parquet" for number in range(5))}
    json.dumps(record)
    lines = stance_score_lines("degraded", record)
    assert lines[0].startswith("degraded: all 5 documents, 117 sentences; 95 % intervals from 100")
    assert [line.split()[0] for line in lines[3:]] == ["Sentiment", "Source", "Target", "Exp", "target_id", "polarity"]


def _valid_line(gold) -> str:
    return json.dumps(gold.records[0], ensure_ascii=False)


def _with(gold, index: int = 1, **changes) -> str:
    return json.dumps({**gold.records[index], **changes}, ensure_ascii=False)


def _opinion_with(gold, **changes) -> str:
    record = json.loads(json.dumps(gold.records[1]))
    record["opinions"][0].update(changes)
    return json.dumps(record, ensure_ascii=False)


def _row(**changes) -> str:
    row = {"doc_id": "nkru-000", "cue_start": 127, "cue_end": 142, "target_start": 164, "target_end": 228,
           "holder_start": 95, "holder_end": 103, "polarity": "AGAINST", "target_id": "other"}
    return json.dumps({**row, **changes})


MALFORMED = {
    "not-json": (lambda gold: _valid_line(gold) + '\n{"sent_id": \n', r":2: not JSON \("),
    "json-list-not-json": (lambda gold: '[\n {"sent_id": "a",\n', r":3: not JSON \("),
    "not-utf8": (lambda gold: _valid_line(gold) + "\n\udcff\n", r":2: expected UTF-8 text, found byte 0xff"),
    "deep-nesting": (lambda gold: '{"sent_id": ' + "[" * 100_000 + "]" * 100_000 + "}", r":1: JSON nested too deeply"),
    "nested-text": (lambda gold: '{"sent_id": "x", "text": ' + "[" * 500 + "]" * 500 + ', "opinions": []}',
                    r":1: expected 'text' to be a string, found \[\[\[\["),
    "huge-int-digits": (lambda gold: _row().replace('"cue_start": 127', '"cue_start": ' + "9" * 5000),
                        r":1: not usable JSON \("),
    "huge-int-offset": (lambda gold: _row(cue_start=10**30), r":1: expected 'cue_start' to be an offset"),
    "huge-string-offset": (lambda gold: _opinion_with(gold, Target=[["x"], ["12345678901:12345678905"]]),
                           r":1: opinion 1: expected 'Target' to hold a text and a \"start:end\" string"),
    "list-for-sent-id": (lambda gold: _with(gold, sent_id=["nkru-000-s002"]), r":1: expected 'sent_id' to be a string"),
    "list-for-polarity": (lambda gold: _opinion_with(gold, Polarity=["Negative"]),
                          r":1: opinion 1: expected 'Polarity' to be one of Positive, .*, found \['Negative'\]"),
    "dict-for-row-polarity": (lambda gold: _row(polarity={"AGAINST": 1}),
                              r":1: expected 'polarity' to be one of FAVOR"),
    "list-for-doc-id": (lambda gold: _row(doc_id=["nkru-000"]), r":1: expected 'doc_id' to be a string"),
    "list-for-span-text": (lambda gold: _opinion_with(gold, Source=[[["Occident"]], ["3:11"]]),
                           r":1: opinion 1: expected 'Source' to hold a text"),
    "unknown-sent-id": (lambda gold: _with(gold, sent_id="nkru-009-s001"), r":1: unknown sent_id 'nkru-009-s001'"),
    "unknown-doc-id": (lambda gold: _row(doc_id="nkru-009"), r":1: unknown doc_id 'nkru-009'"),
    "offsets-inside-a-token": (lambda gold: _opinion_with(gold, Source=[["ccid"], ["4:8"]]),
                               r":1: opinion 1: Source offsets 4:8 are not on the text"),
    "offsets-beyond-the-text": (lambda gold: _opinion_with(gold, Source=[["x"], ["3:9999"]]),
                                r":1: opinion 1: Source offsets 3:9999 are not on the text"),
    "span-text-not-at-offsets": (lambda gold: _opinion_with(gold, Source=[["Pyongyang"], ["3:11"]]),
                                 r":1: opinion 1: Source text 'Pyongyang' is not the text at 3:11 \('Occident'\)"),
    "other-text": (lambda gold: _with(gold, 0, text=gold.records[0]["text"].replace("Kim", "Kin", 1)),
                   r":1: the text of nkru-000-s001 is not the sentence's .*first difference at character 2"),
    "row-cue-across-sentences": (lambda gold: _row(cue_start=80, cue_end=120),
                                 r":1: the cue 80:120 does not lie within one sentence of nkru-000"),
    "row-holder-half": (lambda gold: _row(holder_end=None), r":1: expected 'holder_end' to be an offset"),
    "row-bad-target-id": (lambda gold: _row(target_id="ukraine"), r":1: expected 'target_id' to be null or one of"),
    "missing-polarity": (lambda gold: _opinion_with(gold, Polarity=None), r":1: opinion 1: expected 'Polarity'"),
    "missing-target": (lambda gold: _opinion_with(gold, Target=None),
                       r":1: opinion 1: expected 'Target' to be \[\[texts\], \[\"start:end\"\]\]"),
    "missing-cue-end": (lambda gold: _row(cue_end=None), r":1: expected 'cue_end' to be an offset"),
    "missing-opinions": (lambda gold: json.dumps({"sent_id": "nkru-000-s001", "text": ""}),
                         r":1: expected 'opinions' to be a list, found None"),
    "empty-expression": (lambda gold: _opinion_with(gold, Polar_expression=[[], []]),
                         r":1: opinion 1: expected a non-empty 'Polar_expression'"),
    "neither-format": (lambda gold: json.dumps({"doc_id": "nkru-000", "spans": []}),
                       r":1: expected a SemEval-2022 sentence record \(sent_id, text, opinions\) or a stances row"),
    "not-an-object": (lambda gold: '"nkru-000"', r":1: expected a JSON object, found str"),
    "mixed-formats": (lambda gold: _valid_line(gold) + "\n" + _row(), r":2: a stances record in a file of semeval22"),
    "twice": (lambda gold: _valid_line(gold) + "\n" + _valid_line(gold),
              r":2: nkru-000-s001 is predicted twice \(first at .*:1\)"),
    "pretty-printed-object": (lambda gold: '{"sent_id": "a",\n "text": ""}', r":1: not JSON"),
    "json-list-record": (lambda gold: "[" + _valid_line(gold) + ", 3]",
                         r": record 2: expected a JSON object, found int"),
    "empty": (lambda gold: "\n\n", r": holds no predictions"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_predictions_are_refused_in_one_line_naming_the_place(gold, tmp_path, name):
    make, message = MALFORMED[name]
    path = tmp_path / "predictions.jsonl"
    content = make(gold)
    path.write_bytes(content.encode("utf-8", errors="surrogateescape"))
    with pytest.raises(PredictionsError) as raised:
        read_stance_predictions(path, gold)
    error = str(raised.value)
    assert "\n" not in error
    assert error.startswith(str(path)), error
    assert re.search(message, error[len(str(path)):]), error


def test_an_unreadable_file_is_named(gold, tmp_path):
    with pytest.raises(PredictionsError, match=r"^cannot read .*absent\.json \("):
        read_stance_predictions(tmp_path / "absent.json", gold)
