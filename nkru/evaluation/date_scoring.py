"""Scoring temporal expressions as TempEval-3 does (UzZaman et al., 2013, task A):

- extent, strict: predicted and gold TIMEX3 with the same offsets; relaxed: overlapping offsets;
  precision, recall and F1 of each;
- attributes on relaxed matches: type and value accuracy (correct / relaxed matches), and type
  and value F1 (precision = correct / predicted, recall = correct / gold, i.e. the relaxed F1
  times the accuracy).

Spans are paired one to one as nkru.evaluation.outcomes pairs entity spans (a same-offset gold
first, else the first overlapping one), the type playing the label's part. Counts are kept per
sentence of the `ner` config, so that the sentence bootstrap gives every measure an interval.
"""

from __future__ import annotations

import numpy as np

from nkru.evaluation.bootstrap import f1_of, measures_with_intervals, ratio
from nkru.evaluation.date_predictions import DatePredictions, TimexSpan
from nkru.evaluation.outcomes import Outcome, OutcomeKind, document_outcomes
from nkru.evaluation.scoring import scored_positions, spans_by_sentence
from nkru.schema import Sentence

COUNTS = ("gold", "predicted", "strict", "relaxed", "type", "value")
MEASURES = ("strict_precision", "strict_recall", "strict_f1", "relaxed_precision", "relaxed_recall", "relaxed_f1",
            "type_accuracy", "value_accuracy", "type_f1", "value_f1")
SAME_EXTENT = frozenset({OutcomeKind.HIT, OutcomeKind.TYPE})
SAME_TYPE = frozenset({OutcomeKind.HIT, OutcomeKind.BOUNDARY})


def as_span(timex: TimexSpan) -> tuple[int, int, str]:
    return (timex.start, timex.end, timex.type)


def document_date_outcomes(doc_id: str, gold: list[TimexSpan], predicted: list[TimexSpan]
                           ) -> list[tuple[Outcome, bool]]:
    """(outcome, value correct) of every gold and predicted TIMEX3 of a document."""
    gold_value = {as_span(timex): timex.value for timex in gold}
    predicted_value = {as_span(timex): timex.value for timex in predicted}
    return [(outcome, outcome.gold is not None and outcome.predicted is not None
             and gold_value[outcome.gold] == predicted_value[outcome.predicted])
            for outcome in document_outcomes(doc_id, [as_span(t) for t in gold], [as_span(t) for t in predicted])]


def sentence_counts(gold_by_doc: dict[str, list[TimexSpan]], predictions: DatePredictions,
                    sentences: list[Sentence]) -> tuple[list[str], np.ndarray]:
    """(sentence ids scored, counts [sentence, COUNTS])."""
    scored = scored_positions(sentences, predictions.scope)
    gold = spans_by_sentence({doc: gold_by_doc[doc] for doc in predictions.scope.doc_ids}, sentences, scored,
                             start_of=lambda timex: timex.start)
    predicted = spans_by_sentence(predictions.spans, sentences, scored, start_of=lambda timex: timex.start)
    counts = np.zeros((len(scored), len(COUNTS)), dtype=np.int64)
    for slot, position in enumerate(scored):
        outcomes = document_date_outcomes(sentences[position].doc_id, gold[slot], predicted[slot])
        paired = [(outcome, value_ok) for outcome, value_ok in outcomes
                  if outcome.gold is not None and outcome.predicted is not None]
        counts[slot] = (len(gold[slot]), len(predicted[slot]),
                        sum(outcome.kind in SAME_EXTENT for outcome, _ in paired), len(paired),
                        sum(outcome.kind in SAME_TYPE for outcome, _ in paired), sum(ok for _, ok in paired))
    return [sentences[position].sentence_id for position in scored], counts


def measures(totals: np.ndarray) -> dict[str, np.ndarray]:
    """MEASURES from counts shaped [..., COUNTS]."""
    gold, predicted, strict, relaxed, type_ok, value_ok = np.moveaxis(totals.astype(np.float64), -1, 0)

    def f1(correct):
        return f1_of(ratio(correct, predicted), ratio(correct, gold))

    return {"strict_precision": ratio(strict, predicted), "strict_recall": ratio(strict, gold), "strict_f1": f1(strict),
            "relaxed_precision": ratio(relaxed, predicted), "relaxed_recall": ratio(relaxed, gold),
            "relaxed_f1": f1(relaxed), "type_accuracy": ratio(type_ok, relaxed), "value_accuracy": ratio(value_ok, relaxed),
            "type_f1": f1(type_ok), "value_f1": f1(value_ok)}


def score_dates(counts: np.ndarray, replicates: int, seed: int) -> dict:
    """{measure: {"value", "ci95"}} and the count totals."""
    return {"measures": measures_with_intervals(counts, measures, MEASURES, replicates, seed),
            "counts": {name: int(total) for name, total in zip(COUNTS, counts.sum(axis=0))}}
