"""Reading predictions: the three formats, the alias table, the tag schemes, trimming, missing
documents, and one clear line for every malformed input."""

import json

import pytest

from nkru.errors import PredictionsError
from nkru.evaluation.labels import LabelSet, canonical_label, label_set_of
from nkru.evaluation.prediction_formats import PredictionFormat, tag_runs
from nkru.evaluation.predictions import parse_predictions, prediction_lines
from nkru.schema import Sentence

TEXTS = {"d1": "Kim Jong-un à Moscou", "d2": "Russie"}
SENTENCES = [
    Sentence(doc_id="d1", sentence_id="d1-s001", sentence_start=0, sentence_end=20, tokens=["Kim", "Jong-un", "à", "Moscou"],
             token_starts=[0, 4, 12, 14], token_ends=[3, 11, 13, 20], ner_tags=[], coarse_ner_tags=[]),
    Sentence(doc_id="d2", sentence_id="d2-s001", sentence_start=0, sentence_end=6, tokens=["Russie"],
             token_starts=[0], token_ends=[6], ner_tags=[], coarse_ner_tags=[]),
]


def _spans_line(doc_id="d1", spans=({"start": 0, "end": 11, "label": "PER"},)):
    return json.dumps({"doc_id": doc_id, "spans": list(spans)})


def _parse(lines, **options):
    return parse_predictions(lines, TEXTS, SENTENCES, **options)


def test_spans_format_and_round_trip():
    predictions = _parse([_spans_line(), "", _spans_line("d2", [{"start": 0, "end": 6, "label": "GPE"}])])
    assert predictions.format is PredictionFormat.SPANS and predictions.label_set is LabelSet.FINE
    assert predictions.spans == {"d1": [(0, 11, "PER")], "d2": [(0, 6, "GPE")]}
    assert _parse(prediction_lines(predictions.spans)).spans == predictions.spans


@pytest.mark.parametrize("raw, label", [("PER", "PER"), ("per", "PER"), ("PERSON", "PER"), ("B-PER", "PER"),
                                        ("i-location", "LOC"), ("S-ORGANIZATION", "ORG"), ("E-Misc", "MISC"),
                                        ("work_of_art", "WORK"), ("B-NORP", "NORP"), ("HUMAN", None), (["PER"], None),
                                        (3, None), (None, None)])
def test_alias_table(raw, label):
    assert canonical_label(raw) == label


def test_label_sets():
    assert label_set_of(["PER", "LOC"]) is LabelSet.COARSE
    assert label_set_of(["PER", "GPE"]) is LabelSet.FINE
    assert label_set_of(["PER"], LabelSet.FINE) is LabelSet.FINE
    with pytest.raises(PredictionsError, match="mix fine labels"):
        label_set_of(["GPE", "MISC"])
    with pytest.raises(PredictionsError, match="--labels coarse but the predictions use GPE"):
        label_set_of(["GPE"], LabelSet.COARSE)


@pytest.mark.parametrize("scheme, tags", [
    ("IOB2", ["B-PER", "I-PER", "O", "B-LOC"]),
    ("IOB1", ["I-PER", "I-PER", "O", "I-LOC"]),
    ("IO", ["PER", "PER", "O", "LOC"]),
    ("BIOES", ["B-PER", "E-PER", "O", "S-LOC"]),
])
def test_token_format_reads_every_scheme(scheme, tags):
    lines = [json.dumps({"sentence_id": "d1-s001", "tags": tags}), json.dumps({"sentence_id": "d2-s001", "tags": ["O"]})]
    predictions = _parse(lines)
    assert predictions.format is PredictionFormat.TOKENS
    assert predictions.spans["d1"] == [(0, 11, "PER"), (14, 20, "LOC")], scheme


def test_tag_runs_split_where_the_scheme_says():
    assert tag_runs(["B-PER", "B-PER", "I-PER"]) == [(0, 0, "PER"), (1, 2, "PER")]       # IOB2: B starts
    assert tag_runs(["I-PER", "B-PER"]) == [(0, 0, "PER"), (1, 1, "PER")]                # IOB1: B separates
    assert tag_runs(["S-PER", "S-PER"]) == [(0, 0, "PER"), (1, 1, "PER")]                # BIOES: S ends
    assert tag_runs(["B-PER", "E-PER", "I-PER"]) == [(0, 1, "PER"), (2, 2, "PER")]       # E ends
    assert tag_runs(["B-PER", "I-LOC"]) == [(0, 0, "PER"), (1, 1, "LOC")]                # a type change starts


def test_pipeline_format_aggregated_and_per_token():
    aggregated = {"doc_id": "d1", "entities": [{"entity_group": "PER", "score": 0.9, "word": "Kim Jong-un", "start": 0,
                                                "end": 11}]}
    per_token = {"doc_id": "d1", "entities": [
        {"entity": "B-PER", "score": 0.9, "start": 0, "end": 3}, {"entity": "I-PER", "score": 0.9, "start": 3, "end": 11},
        {"entity": "B-LOC", "score": 0.9, "start": 13, "end": 20}]}
    empty = json.dumps({"doc_id": "d2", "entities": []})
    assert _parse([json.dumps(aggregated), empty]).spans["d1"] == [(0, 11, "PER")]
    predictions = _parse([json.dumps(per_token), empty])
    assert predictions.spans["d1"] == [(0, 11, "PER"), (14, 20, "LOC")]
    assert predictions.trimmed == 1 and predictions.format is PredictionFormat.PIPELINE


def test_whitespace_is_trimmed_and_counted():
    predictions = _parse([_spans_line(spans=[{"start": 0, "end": 12, "label": "PER"}, {"start": 13, "end": 20,
                                                                                       "label": "LOC"}]),
                          _spans_line("d2", [])])
    assert predictions.spans["d1"] == [(0, 11, "PER"), (14, 20, "LOC")] and predictions.trimmed == 2


def test_a_missing_document_is_an_error_unless_partial():
    with pytest.raises(PredictionsError, match=r"predicts nothing for 1 of 2 documents \(d2\); pass --partial"):
        _parse([_spans_line()])
    predictions = _parse([_spans_line()], partial=True)
    assert predictions.scope.partial and predictions.scope.doc_ids == ("d1",)
    assert "partial: 1 of 2 documents (d1)" == predictions.scope.describe(TEXTS)
    with pytest.raises(PredictionsError, match=r"predicts nothing for 1 of 2 sentences \(d2-s001\)"):
        _parse([json.dumps({"sentence_id": "d1-s001", "tags": ["O"] * 4})])


@pytest.mark.parametrize("lines, message", [
    (["{not json"], "predictions:1: not JSON"),
    (["[1, 2]"], "predictions:1: expected a JSON object, found list"),
    (["[" * 100000 + "]" * 100000], "predictions:1: JSON nested too deeply"),
    (['{"doc_id": "d1", "spans": [{"start": 0, "end": 1' + "0" * 5000 + ', "label": "PER"}]}'],
     "predictions:1: not usable JSON|outside the document"),
    ([_spans_line(spans=[{"start": 0, "end": 10**30, "label": "PER"}])], "predictions:1: span .* is outside"),
    ([_spans_line(), _spans_line("d9")], "predictions:2: unknown doc_id 'd9'"),
    ([_spans_line(spans=[{"start": 5, "end": 99, "label": "PER"}])], "predictions:1: span .* is outside"),
    ([_spans_line(spans=[{"start": 3, "end": 3, "label": "PER"}])], "outside the document's text .* or empty"),
    ([_spans_line(spans=[{"start": "0", "end": 3, "label": "PER"}])], "expected an integer 'start'"),
    ([_spans_line(spans=[{"start": True, "end": 3, "label": "PER"}])], "expected an integer 'start'"),
    ([_spans_line(spans=[{"start": 0, "end": 3, "label": "HUMAN"}])], "predictions:1: unknown label 'HUMAN'"),
    ([_spans_line(spans=[{"start": 0, "end": 3, "label": ["PER"]}])], r"predictions:1: unknown label \['PER'\]"),
    ([_spans_line(spans=[{"start": 0, "end": 11, "label": "PER"}, {"start": 4, "end": 20, "label": "LOC"}])],
     "spans .* overlap"),
    ([_spans_line(), _spans_line()], "predictions:2: d1 is predicted twice"),
    (['{"doc_id": "d1"}'], "predictions:1: expected exactly one of the keys"),
    (['{"doc_id": "d1", "spans": {}}'], "predictions:1: expected 'spans' to be a list"),
    (['{"doc_id": 7, "spans": []}'], "predictions:1: expected 'doc_id' to be a string"),
    ([_spans_line(), json.dumps({"sentence_id": "d2-s001", "tags": ["O"]})], "predictions:2: a tokens record in a file"),
    ([json.dumps({"sentence_id": "d1-s001", "tags": ["O"]})], "sentence d1-s001 has 4 tokens, found 1 tags"),
    ([json.dumps({"sentence_id": "d1-s999", "tags": []})], "unknown sentence_id 'd1-s999'"),
    ([json.dumps({"sentence_id": "d1-s001", "tags": ["O", 1, "O", "O"]})], "expected string tags"),
    ([json.dumps({"doc_id": "d1", "entities": [{"word": "Kim", "start": 0, "end": 3}]})],
     "carry one of 'entity_group' or 'entity'"),
    ([json.dumps({"doc_id": "d1", "entities": [{"entity_group": "PER", "start": 0, "end": 3},
                                                {"entity": "B-PER", "start": 4, "end": 11}]})], "mixes aggregated"),
    ([""], "predictions: holds no predictions"),
])
def test_malformed_predictions_name_the_line(lines, message):
    with pytest.raises(PredictionsError, match=message):
        _parse(lines)
