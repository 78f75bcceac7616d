"""What happened to each gold mention and each predicted span of a run, for the error table
(`nkru benchmark --errors`) and the run pages of the viewer (`nkru view --run`).

The kinds follow nervaluate's reading of a pair of spans (SemEval-2013 task 9.1):
- hit: same offsets, same label;
- type: same offsets, another label;
- boundary: overlapping offsets, same label;
- boundary_and_type: overlapping offsets, another label;
- false_positive: a predicted span that overlaps no gold mention;
- false_negative: a gold mention that no predicted span overlaps.

Spans are paired as nervaluate's strict mode pairs them, so that the counts agree with its
scores: each predicted span, in text order, takes the gold mention with its exact offsets and
label if there is one still unpaired, else the first unpaired gold mention it overlaps; a gold
mention left unpaired is a false negative, a predicted span left unpaired a false positive. Spans
are compared with the labels given (map both to one profile first).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from nkru.evaluation.predictions import Predictions
from nkru.evaluation.scoring import Profile, gold_in_profile, predicted_in_profile
from nkru.schema import Sentence

Span = tuple[int, int, str]


class OutcomeKind(StrEnum):
    HIT = "hit"
    TYPE = "type"
    BOUNDARY = "boundary"
    BOUNDARY_AND_TYPE = "boundary_and_type"
    FALSE_POSITIVE = "false_positive"
    FALSE_NEGATIVE = "false_negative"


ERROR_KINDS: tuple[OutcomeKind, ...] = tuple(kind for kind in OutcomeKind if kind is not OutcomeKind.HIT)


@dataclass(frozen=True, slots=True)
class Outcome:
    doc_id: str
    kind: OutcomeKind
    gold: Span | None
    predicted: Span | None

    @property
    def start(self) -> int:
        return min(span[0] for span in (self.gold, self.predicted) if span is not None)

    @property
    def end(self) -> int:
        return max(span[1] for span in (self.gold, self.predicted) if span is not None)


def document_outcomes(doc_id: str, gold: list[Span], predicted: list[Span]) -> Iterator[Outcome]:
    """The outcomes of one document, in text order. Both lists may be unsorted; each is flat (no two
    of its spans overlap), so one sweep over the two sorted lists finds every overlapping pair."""
    gold, predicted = sorted(gold), sorted(predicted)
    paired = [False] * len(gold)
    outcomes = []
    first_candidate = 0
    for span in predicted:
        start, end, _ = span
        while first_candidate < len(gold) and gold[first_candidate][1] <= start:
            first_candidate += 1
        overlapping = []
        index = first_candidate
        while index < len(gold) and gold[index][0] < end:
            if not paired[index]:
                overlapping.append(index)
            index += 1
        if not overlapping:
            outcomes.append(Outcome(doc_id, OutcomeKind.FALSE_POSITIVE, None, span))
            continue
        chosen = next((position for position in overlapping if gold[position] == span), overlapping[0])
        paired[chosen] = True
        outcomes.append(Outcome(doc_id, _kind(gold[chosen], span), gold[chosen], span))
    outcomes.extend(Outcome(doc_id, OutcomeKind.FALSE_NEGATIVE, span, None)
                    for span, was_paired in zip(gold, paired) if not was_paired)
    outcomes.sort(key=lambda outcome: (outcome.start, outcome.end))
    return iter(outcomes)


def _kind(gold: Span, predicted: Span) -> OutcomeKind:
    same_offsets, same_label = gold[:2] == predicted[:2], gold[2] == predicted[2]
    if same_offsets:
        return OutcomeKind.HIT if same_label else OutcomeKind.TYPE
    return OutcomeKind.BOUNDARY if same_label else OutcomeKind.BOUNDARY_AND_TYPE


def run_outcomes(gold_by_doc: dict[str, list[Span]], predicted_by_doc: dict[str, list[Span]]) -> list[Outcome]:
    """The outcomes of every document of `gold_by_doc`, document by document."""
    return [outcome for doc_id, gold in gold_by_doc.items()
            for outcome in document_outcomes(doc_id, gold, predicted_by_doc.get(doc_id, []))]


def _in_scored_sentences(spans: list[Span], sentences: list[Sentence], sentence_ids: frozenset[str] | None
                         ) -> list[Span]:
    """The spans that start in a scored sentence (a span belongs to the sentence it starts in, as the
    scoring reads it); all of them when whole documents were scored."""
    if sentence_ids is None or not sentences:
        return spans
    starts = [sentence.sentence_start for sentence in sentences]
    return [span for span in spans
            if sentences[max(bisect_right(starts, span[0]) - 1, 0)].sentence_id in sentence_ids]


def profile_outcomes(gold_by_doc: dict[str, list[Span]], sentences: list[Sentence], predictions: Predictions,
                     profile: Profile) -> dict[str, list[Outcome]]:
    """The outcomes of every document a run was scored on, gold and predicted spans both mapped
    into `profile` and limited to the sentences scored."""
    sentences_by_doc: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        sentences_by_doc.setdefault(sentence.doc_id, []).append(sentence)
    sentence_ids = predictions.scope.sentence_ids
    gold_in, predicted_in = {}, {}
    for doc_id in predictions.scope.doc_ids:
        doc_sentences = sentences_by_doc.get(doc_id, [])
        gold = _in_scored_sentences(gold_by_doc[doc_id], doc_sentences, sentence_ids)
        predicted = _in_scored_sentences(predictions.spans.get(doc_id, []), doc_sentences, sentence_ids)
        gold_in[doc_id] = gold_in_profile(gold, profile)
        predicted_in[doc_id] = predicted_in_profile(predicted, profile, [span for span in gold if span[2] == "NORP"])
    found: dict[str, list[Outcome]] = {doc_id: [] for doc_id in predictions.scope.doc_ids}
    for outcome in run_outcomes(gold_in, predicted_in):
        found[outcome.doc_id].append(outcome)
    return found
