"""Scoring stances as SemEval-2022 Task 10 scores structured sentiment (Barnes et al., 2022), over
SemEval sentence records (nkru.export.semeval22 writes the gold; nkru.evaluation.stance_predictions
reads a system's), each opinion a tuple (holder, target, expression, polarity) of token index sets
of its sentence's space-delimited tokens:

- Sentiment Graph F1 (SF1). A tuple is matched when a tuple of the other side in its sentence has
  the same polarity and shares a token with it in each of the three spans, an empty holder or
  target matching only an empty one. A matched tuple is credited the best, over such tuples, of
  the mean of its three overlaps, each the share of its own tokens the other span holds (1 for
  two empty spans). Precision is the predicted tuples' credit over their number, recall the gold
  tuples' credit over theirs; tuples are not paired one to one, as in the task.
  The task's evaluate.py takes that best overlap over every tuple overlapping in the three spans,
  whatever its polarity, once one of them has the same polarity; here, as the task's definition
  says, only same-polarity tuples are credited. The two differ only when a tuple overlaps two
  tuples of different polarities.
- Span F1 per role ("Source F1", "Target F1", "Exp F1"): a sentence's tokens of a role are those of
  any of its opinions' spans of that role; precision = shared tokens / predicted tokens, recall =
  shared tokens / gold tokens.
- On matched stances: gold and predicted opinions paired one to one when they overlap in all three
  spans, polarity aside (the task's unlabelled match), the best-overlapping pair (mean Dice of the
  three spans) first; target accuracy = pairs with the same target_id / pairs (a prediction
  without a target_id is wrong), polarity accuracy = pairs with the same polarity / pairs.

Counts are kept per sentence, so that the sentence bootstrap (nkru.evaluation.bootstrap) gives
every measure a 95 % interval.
"""

from __future__ import annotations

import numpy as np

from nkru.errors import PredictionsError
from nkru.evaluation.bootstrap import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    f1_of,
    interval_text,
    measures_with_intervals,
    ratio,
)
from nkru.evaluation.results import RECORD_FORMAT, library_versions
from nkru.evaluation.stance_predictions import (
    SHOWN_MISSING,
    CheckedSentence,
    OpinionTokens,
    StanceGold,
    StancePredictions,
    checked_sentence,
)

# The task's names for the three spans of an opinion, in tuple order.
ROLES = ("source", "target", "expression")
COUNTS = ("gold", "predicted", "recall_credit", "precision_credit",
          *(f"{role}_{kind}" for role in ROLES for kind in ("gold_tokens", "predicted_tokens", "shared_tokens")),
          "matched", "polarity_correct", "target_correct")
MEASURES = ("sf1", "sf1_precision", "sf1_recall",
            *(f"{role}_{measure}" for role in ROLES for measure in ("f1", "precision", "recall")),
            "target_accuracy", "polarity_accuracy")
TITLES = {"sf1": "Sentiment Graph F1", "source_f1": "Source F1", "target_f1": "Target F1", "expression_f1": "Exp F1",
          "target_accuracy": "target_id accuracy", "polarity_accuracy": "polarity accuracy"}


def _spans(opinion: OpinionTokens) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    return opinion.holder, opinion.target, opinion.expression


def _overlap(credited: frozenset[int], other: frozenset[int]) -> float | None:
    """The share of `credited`'s tokens that `other` holds; None when they do not match."""
    if not credited and not other:
        return 1.0
    shared = len(credited & other)
    return shared / len(credited) if shared else None


def tuple_credit(opinion: OpinionTokens, others: list[OpinionTokens]) -> float:
    """The SF1 credit of one tuple against the other side's tuples of its sentence (0: not matched)."""
    best = 0.0
    for other in others:
        if other.polarity != opinion.polarity:
            continue
        overlaps = [_overlap(mine, theirs) for mine, theirs in zip(_spans(opinion), _spans(other))]
        if None not in overlaps:
            best = max(best, sum(overlaps) / len(overlaps))
    return best


def _dice(first: frozenset[int], second: frozenset[int]) -> float:
    if not first and not second:
        return 1.0
    return 2 * len(first & second) / (len(first) + len(second))


def matched_pairs(gold: list[OpinionTokens], predicted: list[OpinionTokens]
                  ) -> list[tuple[OpinionTokens, OpinionTokens]]:
    """Gold and predicted opinions paired one to one when all three spans match, polarity aside."""
    candidates = []
    for gold_index, gold_opinion in enumerate(gold):
        for predicted_index, predicted_opinion in enumerate(predicted):
            if None not in (_overlap(a, b) for a, b in zip(_spans(gold_opinion), _spans(predicted_opinion))):
                similarity = sum(_dice(a, b) for a, b in zip(_spans(gold_opinion), _spans(predicted_opinion)))
                candidates.append((-similarity, gold_index, predicted_index))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, gold_index, predicted_index in sorted(candidates):
        if gold_index not in used_gold and predicted_index not in used_predicted:
            used_gold.add(gold_index)
            used_predicted.add(predicted_index)
            pairs.append((gold[gold_index], predicted[predicted_index]))
    return pairs


def sentence_counts(gold: list[OpinionTokens], predicted: list[OpinionTokens]) -> list[float]:
    """One sentence's COUNTS."""
    counts = [len(gold), len(predicted), sum(tuple_credit(opinion, predicted) for opinion in gold),
              sum(tuple_credit(opinion, gold) for opinion in predicted)]
    for role_index in range(len(ROLES)):
        gold_tokens = frozenset().union(*(_spans(opinion)[role_index] for opinion in gold))
        predicted_tokens = frozenset().union(*(_spans(opinion)[role_index] for opinion in predicted))
        counts += [len(gold_tokens), len(predicted_tokens), len(gold_tokens & predicted_tokens)]
    pairs = matched_pairs(gold, predicted)
    counts += [len(pairs), sum(g.polarity == p.polarity for g, p in pairs),
               sum(p.target_id is not None and g.target_id == p.target_id for g, p in pairs)]
    return counts


def measures(totals: np.ndarray) -> dict[str, np.ndarray]:
    """MEASURES from counts shaped [..., COUNTS]."""
    count = dict(zip(COUNTS, np.moveaxis(totals.astype(np.float64), -1, 0)))

    found = {"sf1_precision": ratio(count["precision_credit"], count["predicted"]),
             "sf1_recall": ratio(count["recall_credit"], count["gold"])}
    found["sf1"] = f1_of(found["sf1_precision"], found["sf1_recall"])
    for role in ROLES:
        shared = count[f"{role}_shared_tokens"]
        found[f"{role}_precision"] = ratio(shared, count[f"{role}_predicted_tokens"])
        found[f"{role}_recall"] = ratio(shared, count[f"{role}_gold_tokens"])
        found[f"{role}_f1"] = f1_of(found[f"{role}_precision"], found[f"{role}_recall"])
    found["target_accuracy"] = ratio(count["target_correct"], count["matched"])
    found["polarity_accuracy"] = ratio(count["polarity_correct"], count["matched"])
    return {name: found[name] for name in MEASURES}


def _checked_side(records: list[dict], side: str) -> dict[str, CheckedSentence]:
    if not isinstance(records, list):
        raise PredictionsError(f"{side}: expected a list of sentence records, found {type(records).__name__}")
    checked: dict[str, CheckedSentence] = {}
    for number, record in enumerate(records, start=1):
        sentence = checked_sentence(record, f"{side}: record {number}")
        if sentence.sent_id in checked:
            raise PredictionsError(f"{side}: record {number}: {sentence.sent_id} appears twice")
        checked[sentence.sent_id] = sentence
    return checked


def _listed(keys: list[str]) -> str:
    more = len(keys) - SHOWN_MISSING
    return ", ".join(keys[:SHOWN_MISSING]) + (f" and {more} more" if more > 0 else "")


def score_stances(gold: list[dict], predicted: list[dict], replicates: int = DEFAULT_REPLICATES,
                  seed: int = DEFAULT_SEED) -> dict:
    """Every measure of `predicted` against `gold`, SemEval sentence records with the same sent_ids
    and texts: {"measures": {name: {"value", "ci95"}}, "counts", "bootstrap", "sentence_ids",
    "sentence_counts"} (intervals None without replicates)."""
    gold_sentences, predicted_sentences = _checked_side(gold, "gold"), _checked_side(predicted, "predictions")
    missing = [sent_id for sent_id in gold_sentences if sent_id not in predicted_sentences]
    extra = [sent_id for sent_id in predicted_sentences if sent_id not in gold_sentences]
    if missing or extra:
        raise PredictionsError(f"predictions: expected the gold's sentences; missing {_listed(missing) or 'none'}, "
                               f"not in the gold {_listed(extra) or 'none'}")
    for sent_id, sentence in gold_sentences.items():
        if predicted_sentences[sent_id].text != sentence.text:
            raise PredictionsError(f"predictions: the text of {sent_id} is not the gold's")
    sentence_ids = list(gold_sentences)
    counts = np.array([sentence_counts(gold_sentences[sent_id].opinions, predicted_sentences[sent_id].opinions)
                       for sent_id in sentence_ids], dtype=np.float64).reshape(len(sentence_ids), len(COUNTS))
    return {"measures": measures_with_intervals(counts, measures, MEASURES, replicates, seed),
            "counts": {name: _count(total) for name, total in zip(COUNTS, counts.sum(axis=0))},
            "bootstrap": {"unit": "sentence", "replicates": replicates, "seed": seed, "sentences": len(sentence_ids)},
            "sentence_ids": sentence_ids,
            "sentence_counts": [[_count(value) for value in row] for row in counts]}


def _rounded(value) -> float:
    return round(float(value), 6)


def _count(value) -> float | int:
    """A count total: an int, but for the credits, which are sums of fractions."""
    number = _rounded(value)
    return int(number) if number.is_integer() else number


def score_stance_run(gold: StanceGold, predictions: StancePredictions, run: dict, replicates: int = DEFAULT_REPLICATES,
                     seed: int = DEFAULT_SEED) -> dict:
    """The whole results record of a stance run; `run` says what produced it (name, runner, model,
    version, seconds…)."""
    stances = sum(len(record["opinions"]) for record in predictions.records)
    seconds = run.get("seconds")
    return {
        "format": RECORD_FORMAT,
        "layer": "stances",
        "run": run,
        "scope": {"partial": predictions.partial, "doc_ids": list(predictions.doc_ids),
                  "description": predictions.describe(gold)},
        "predictions": {"format": predictions.format},
        "stances": stances,
        "seconds": seconds,
        "stances_per_second": round(stances / seconds, 1) if seconds else None,
        **score_stances(predictions.gold_records(gold), predictions.records, replicates, seed),
        "corpus": gold.corpus,
        "versions": library_versions(),
    }


def stance_score_lines(name: str, record: dict) -> list[str]:
    """The terminal table of a stance run's record."""
    bootstrap, counts = record["bootstrap"], record["counts"]
    lines = [(f"{name}: {record['scope']['description']}, {bootstrap['sentences']} sentences; 95 % intervals from "
              f"{bootstrap['replicates']} sentence-bootstrap replicates (seed {bootstrap['seed']})"),
             (f"  gold {counts['gold']} stances, predicted {counts['predicted']}, matched {counts['matched']} "
              f"(polarity right {counts['polarity_correct']}, target_id right {counts['target_correct']})"),
             f"  {'measure':<20}{'value':>7}  {'P':>5}  {'R':>5}  95 % CI"]
    for measure, title in TITLES.items():
        entry = record["measures"][measure]
        interval = interval_text(entry["ci95"])
        prefix = measure.removesuffix("_f1")
        precision_recall = (f"{record['measures'][prefix + '_precision']['value']:>5.3f}  "
                            f"{record['measures'][prefix + '_recall']['value']:>5.3f}") if measure.endswith(
            "f1") else f"{'':>5}  {'':>5}"
        lines.append(f"  {title:<20}{entry['value']:>7.3f}  {precision_recall}  {interval}")
    return lines
