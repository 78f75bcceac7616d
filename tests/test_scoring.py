"""Scoring: the profiles, nervaluate's counts kept per sentence, seqeval, the bootstrap and the
paired comparison."""

import json

import numpy as np
import pytest
from conftest import CHECKOUT

from nkru.errors import NkruError
from nkru.reader import read_corpus
from nkru.evaluation.benchmark import GOLD_CONFIGS, ScoringOptions, gold_of, score_run
from nkru.evaluation.bootstrap import paired_difference, replicate_weights
from nkru.evaluation.compare import compare_records
from nkru.evaluation.labels import LabelSet
from nkru.evaluation.predictions import predictions_from_spans, read_predictions
from nkru.evaluation.runs import default_runs_root
from nkru.evaluation.scoring import (
    MODES,
    Profile,
    count_run,
    gold_in_profile,
    metrics,
    predicted_in_profile,
)
from nkru.schema import COARSE_BY_ENTITY_LABEL

STORED = default_runs_root(CHECKOUT) / "predictions/ner"
GOLD_SPANS = [(0, 11, "PER"), (19, 25, "NORP"), (28, 34, "GPE")]


@pytest.fixture(scope="module")
def gold():
    return gold_of(read_corpus(CHECKOUT, GOLD_CONFIGS))


def _f1(record, profile, label="ALL", mode="strict"):
    return record["profiles"][profile][label][mode]["f1"]


def test_profiles_map_fine_labels_and_names_drops_norp():
    assert gold_in_profile(GOLD_SPANS, Profile.CONLL) == [(0, 11, "PER"), (19, 25, "MISC"), (28, 34, "LOC")]
    assert gold_in_profile(GOLD_SPANS, Profile.NAMES) == [(0, 11, "PER"), (28, 34, "LOC")]
    assert gold_in_profile(GOLD_SPANS, Profile.FINE) == GOLD_SPANS
    norp = [(19, 25, "NORP")]
    predicted = [(0, 11, "PER"), (18, 26, "MISC"), (40, 45, "MISC"), (50, 55, "NORP")]
    # a MISC span on a gold NORP mention leaves with it; a MISC elsewhere and a NORP-labelled span do not stay
    assert predicted_in_profile(predicted, Profile.NAMES, norp) == [(0, 11, "PER"), (40, 45, "MISC")]
    assert predicted_in_profile(predicted, Profile.CONLL, norp) == [
        (0, 11, "PER"), (18, 26, "MISC"), (40, 45, "MISC"), (50, 55, "MISC")]


def test_perfect_fine_predictions_score_one_under_every_profile(gold):
    record = score_run(gold, predictions_from_spans(gold.spans, gold.texts, "gold"), {}, ScoringOptions())
    assert set(record["profiles"]) == {"conll", "names", "fine"} and record["not_scored"] == {}
    for profile, labels in record["profiles"].items():
        for label, modes in labels.items():
            for mode in MODES:
                assert modes[mode]["f1"] == 1.0, (profile, label, mode)
        assert record["seqeval"][profile]["ALL"]["f1"] == 1.0


def test_perfect_conll_predictions_score_one_under_conll_and_names(gold):
    """The coarse_ner_tags turned into spans: MISC on the NORP mentions is left out under `names`."""
    coarse = {doc: [(start, end, COARSE_BY_ENTITY_LABEL[label]) for start, end, label in spans]
              for doc, spans in gold.spans.items()}
    record = score_run(gold, predictions_from_spans(coarse, gold.texts, "coarse"), {}, ScoringOptions())
    assert set(record["profiles"]) == {"conll", "names"} and "fine" in record["not_scored"]
    for profile in ("conll", "names"):
        assert all(modes[mode]["f1"] == 1.0 for modes in record["profiles"][profile].values() for mode in MODES)
    assert record["counts"]["names"]["MISC"]["gold"] < record["counts"]["conll"]["MISC"]["gold"]


def test_spans_shifted_onto_the_preceding_space_are_trimmed_back(gold):
    shifted = {doc: [(start - 1 if start > 0 and gold.texts[doc][start - 1] == " " else start, end, label)
                     for start, end, label in spans] for doc, spans in gold.spans.items()}
    moved = sum(a != b for doc in gold.spans for a, b in zip(gold.spans[doc], shifted[doc]))
    predictions = predictions_from_spans(shifted, gold.texts, "shifted")
    assert moved > 300 and predictions.trimmed == moved
    assert _f1(score_run(gold, predictions, {}, ScoringOptions(replicates=0)), "fine") == 1.0


def test_sentence_counts_sum_to_nervaluate_on_whole_documents(gold):
    """Scoring sentence by sentence changes nothing when no span crosses a sentence boundary."""
    from nervaluate import Evaluator

    predictions = read_predictions(STORED / "fr_core_news_sm.jsonl", gold.texts, gold.sentences)
    counts = count_run(gold.spans, predictions.spans, gold.sentences, predictions.scope, (Profile.CONLL,))
    totals = counts.profiles[Profile.CONLL].totals()

    def entities(spans):
        return [{"label": COARSE_BY_ENTITY_LABEL.get(label, label), "start": start, "end": end - 1}
                for start, end, label in spans]

    whole = Evaluator([entities(gold.spans[doc]) for doc in gold.texts],
                      [entities(predictions.spans[doc]) for doc in gold.texts],
                      tags=["PER", "LOC", "ORG", "MISC"], loader="dict").evaluate()["overall"]
    precision, recall, f1 = metrics(totals[0])
    for index, mode in enumerate(MODES):
        expected = whole[mode]
        assert (totals[0, index, 0], totals[0, index, 4]) == (expected.correct, expected.spurious), mode
        assert f1[index] == pytest.approx(expected.f1), mode
        assert precision[index] == pytest.approx(expected.precision), mode


def test_replicates_are_fixed_by_the_seed():
    weights = replicate_weights(117, 50, seed=7)
    assert weights.shape == (50, 117) and (weights.sum(axis=1) == 117).all()
    assert (weights == replicate_weights(117, 50, seed=7)).all()
    assert not (weights == replicate_weights(117, 50, seed=8)).all()


def test_intervals_hold_the_point_estimate_and_narrow_nothing_on_a_perfect_run(gold):
    predictions = read_predictions(STORED / "fr_core_news_sm.jsonl", gold.texts, gold.sentences)
    record = score_run(gold, predictions, {}, ScoringOptions(replicates=300))
    for labels in record["profiles"].values():
        for label, modes in labels.items():
            for mode in MODES:
                low, high = modes[mode]["f1_ci95"]
                assert low <= modes[mode]["f1"] + 1e-9 and modes[mode]["f1"] <= high + 1e-9, (label, mode)
    low, high = record["profiles"]["conll"]["ALL"]["strict"]["f1_ci95"]
    assert 0.02 < high - low < 0.3
    assert record["bootstrap"] == {"unit": "sentence", "replicates": 300, "seed": 20230913, "sentences": 117}


def test_a_run_compared_with_itself_differs_by_nothing(gold):
    predictions = read_predictions(STORED / "fr_core_news_sm.jsonl", gold.texts, gold.sentences)
    record = json.loads(json.dumps(score_run(gold, predictions, {}, ScoringOptions(replicates=200))))
    for comparison in compare_records(record, record):
        assert comparison.paired.difference == 0 and comparison.paired.interval == (0.0, 0.0)
        assert comparison.paired.p_value == 1.0


def test_the_paired_test_finds_a_clear_difference(gold):
    worse = {doc: spans[::2] for doc, spans in gold.spans.items()}
    records = [json.loads(json.dumps(score_run(gold, predictions_from_spans(spans, gold.texts, "x"), {},
                                               ScoringOptions(replicates=500))))
               for spans in (gold.spans, worse)]
    comparisons = {comparison.profile: comparison for comparison in compare_records(*records)}
    fine = comparisons["fine"]
    assert fine.f1_a == 1.0 and fine.paired.difference > 0.2
    assert fine.paired.interval[0] > 0 and fine.paired.p_value < 0.01


def test_paired_p_value_and_interval_agree():
    rng = np.random.default_rng(0)
    a = rng.normal(0.70, 0.02, 1000)
    difference = paired_difference(0.70, 0.69, a, a - rng.normal(0.01, 0.02, 1000))
    assert (difference.interval[0] > 0) == (difference.p_value < 0.05)


def test_comparing_runs_over_different_sentences_is_refused(gold):
    full = read_predictions(STORED / "fr_core_news_sm.jsonl", gold.texts, gold.sentences)
    lines = (CHECKOUT / "benchmarks/examples/spans.jsonl").read_text(encoding="utf-8").splitlines()
    from nkru.evaluation.predictions import parse_predictions

    partial = parse_predictions(lines, gold.texts, gold.sentences, partial=True)
    records = [json.loads(json.dumps(score_run(gold, p, {}, ScoringOptions(replicates=10)))) for p in (full, partial)]
    with pytest.raises(NkruError, match="score different sentences"):
        compare_records(*records)
    records[1]["sentence_ids"] = records[0]["sentence_ids"]
    records[1]["corpus"]["sha256"] = {"dataset/documents.parquet": "0" * 64}
    with pytest.raises(NkruError, match="different corpus files"):
        compare_records(*records)


def test_a_coarse_run_cannot_ask_for_the_fine_profile(gold):
    predictions = read_predictions(STORED / "fr_core_news_sm.jsonl", gold.texts, gold.sentences)
    assert predictions.label_set is LabelSet.COARSE
    with pytest.raises(NkruError, match="--profile fine"):
        score_run(gold, predictions, {}, ScoringOptions(profiles=(Profile.FINE,)))


@pytest.mark.parametrize("replicates, seed", [(-1, 0), (10**6, 0), (10, -5), (10, 2**64)])
def test_bootstrap_settings_out_of_range_are_refused(replicates, seed):
    with pytest.raises(NkruError):
        ScoringOptions(replicates=replicates, seed=seed)
