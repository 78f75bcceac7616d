"""Scoring predicted entity spans against the gold mentions, sentence by sentence.

Three profiles:
- `conll`: CoNLL-4 (PER, LOC, ORG, MISC); fine labels mapped as ANNOTATION_SPEC.md §2 does, NORP to MISC.
- `names`: `conll` without the NORP mentions (nationality adjectives and the like, which most
  CoNLL-4 systems are not trained to tag): the gold NORP mentions are left out, and so is a
  predicted NORP span or, for a CoNLL-4 run, a predicted MISC span that overlaps a gold NORP mention.
- `fine`: the nine fine types; scored only for a run that uses the fine label set.

Each sentence of the `ner` config is one nervaluate document: the counts of every sentence
(correct, incorrect, partial, missed, spurious, for each mode and label) are kept, so that the
bootstrap (nkru.evaluation.bootstrap) resamples sentences without scoring again. A span belongs to
the sentence where it starts. Tokens are scored with seqeval (IOB2, strict) as a cross-check: every
token that overlaps a span takes its label.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from nkru.evaluation.labels import LabelSet
from nkru.evaluation.predictions import Scope
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_LABELS, ENTITY_LABELS, Sentence

Span = tuple[int, int, str]
ALL = "ALL"


class Profile(StrEnum):
    CONLL = "conll"
    NAMES = "names"
    FINE = "fine"


PROFILE_LABELS: dict[Profile, tuple[str, ...]] = {
    Profile.CONLL: COARSE_LABELS,
    Profile.NAMES: COARSE_LABELS,
    Profile.FINE: ENTITY_LABELS,
}
MODES = ("strict", "exact", "partial", "ent_type")
CATEGORIES = ("correct", "incorrect", "partial", "missed", "spurious")
HALF_CREDIT_MODES = frozenset({"partial", "ent_type"})  # nervaluate's partial_or_type formula


def profiles_for(label_set: LabelSet) -> tuple[Profile, ...]:
    """The profiles that can express a run's labels."""
    return tuple(Profile) if label_set is LabelSet.FINE else (Profile.CONLL, Profile.NAMES)


def gold_in_profile(spans: list[Span], profile: Profile) -> list[Span]:
    if profile is Profile.FINE:
        return list(spans)
    kept = [span for span in spans if not (profile is Profile.NAMES and span[2] == "NORP")]
    return [(start, end, COARSE_BY_ENTITY_LABEL[label]) for start, end, label in kept]


def predicted_in_profile(spans: list[Span], profile: Profile, gold_norp: list[Span]) -> list[Span]:
    """A run's canonical spans in a profile; `gold_norp` are the document's gold NORP mentions."""
    if profile is Profile.FINE:
        return list(spans)
    if profile is Profile.NAMES:
        spans = [span for span in spans
                 if span[2] != "NORP" and not (span[2] == "MISC" and _overlaps_any(span, gold_norp))]
    return [(start, end, COARSE_BY_ENTITY_LABEL.get(label, label)) for start, end, label in spans]


def _overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(other[0] < span[1] and span[0] < other[1] for other in others)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


@dataclass
class ProfileCounts:
    """nervaluate's counts of one profile, per sentence: array [sentence, label, mode, category],
    labels (ALL first) and modes as in `labels` and MODES, categories as in CATEGORIES."""
    labels: tuple[str, ...]
    counts: np.ndarray
    seqeval: dict[str, Score]

    def totals(self) -> np.ndarray:
        return self.counts.sum(axis=0)


@dataclass
class RunCounts:
    sentence_ids: list[str]
    profiles: dict[Profile, ProfileCounts]
    gold_total: int
    predicted_total: int


def count_run(gold_by_doc: dict[str, list[Span]], predicted_by_doc: dict[str, list[Span]], sentences: list[Sentence],
              scope: Scope, profiles: tuple[Profile, ...]) -> RunCounts:
    """Per-sentence counts of a run under `profiles`, over the sentences in `scope` (`sentences` are
    all the `ner` config's)."""
    scored = scored_positions(sentences, scope)
    gold_by_sentence = spans_by_sentence(gold_by_doc, sentences, scored)
    predicted_by_sentence = spans_by_sentence(predicted_by_doc, sentences, scored)
    scored_sentences = [sentences[position] for position in scored]
    norp_by_sentence = [[span for span in gold if span[2] == "NORP"] for gold in gold_by_sentence]
    counted = {}
    for profile in profiles:
        gold = [gold_in_profile(spans, profile) for spans in gold_by_sentence]
        predicted = [predicted_in_profile(spans, profile, norp)
                     for spans, norp in zip(predicted_by_sentence, norp_by_sentence)]
        labels = (ALL, *PROFILE_LABELS[profile])
        counted[profile] = ProfileCounts(labels, _nervaluate_counts(gold, predicted, labels),
                                          _seqeval(scored_sentences, gold, predicted, labels))
    return RunCounts([sentence.sentence_id for sentence in scored_sentences], counted,
                     sum(map(len, gold_by_sentence)), sum(map(len, predicted_by_sentence)))


def scored_positions(sentences: list[Sentence], scope: Scope) -> list[int]:
    """The positions in `sentences` of those in `scope`."""
    return [position for position, sentence in enumerate(sentences) if _in_scope(sentence, scope)]


def _in_scope(sentence: Sentence, scope: Scope) -> bool:
    if scope.sentence_ids is not None:
        return sentence.sentence_id in scope.sentence_ids
    return sentence.doc_id in scope.doc_ids


def spans_by_sentence(spans_by_doc: dict[str, list], sentences: list[Sentence], scored: list[int],
                      start_of=lambda span: span[0]) -> list[list]:
    """The spans of each scored sentence: those of its document that start in it, or between it and
    the next sentence (before the first sentence: in the first). `start_of` reads a span's start."""
    slot_of_position = {position: slot for slot, position in enumerate(scored)}
    by_sentence: list[list] = [[] for _ in scored]
    positions_by_doc: dict[str, list[int]] = {}
    for position, sentence in enumerate(sentences):
        positions_by_doc.setdefault(sentence.doc_id, []).append(position)
    for doc_id, positions in positions_by_doc.items():
        starts = [sentences[position].sentence_start for position in positions]
        for span in spans_by_doc.get(doc_id, ()):
            owner = positions[max(bisect_right(starts, start_of(span)) - 1, 0)]
            if owner in slot_of_position:
                by_sentence[slot_of_position[owner]].append(span)
    return by_sentence


def _nervaluate_counts(gold: list[list[Span]], predicted: list[list[Span]], labels: tuple[str, ...]) -> np.ndarray:
    from nervaluate import Evaluator

    # nervaluate's ends are inclusive; ours are half-open.
    def entities(spans: list[Span]) -> list[dict]:
        return [{"label": label, "start": start, "end": end - 1} for start, end, label in spans]

    results = Evaluator([entities(spans) for spans in gold], [entities(spans) for spans in predicted],
                        tags=list(labels[1:]), loader="dict").evaluate()
    counts = np.zeros((len(gold), len(labels), len(MODES), len(CATEGORIES)), dtype=np.int32)
    indices_by_label = {ALL: results["overall_indices"], **results["entity_indices"]}
    for label_index, label in enumerate(labels):
        for mode_index, mode in enumerate(MODES):
            found = indices_by_label.get(label, {}).get(mode)
            if found is None:
                continue
            for category_index, category in enumerate(CATEGORIES):
                sentence_indices = [pair[0] for pair in getattr(found, f"{category}_indices")]
                np.add.at(counts[:, label_index, mode_index, category_index], sentence_indices, 1)
    return counts


def metrics(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, f1) from counts shaped [..., mode, category] (MODES, CATEGORIES), with
    nervaluate's formulas: half credit for a partial match in the partial and type modes."""
    correct, incorrect, partial, missed, spurious = np.moveaxis(counts.astype(np.float64), -1, 0)
    half_credit = np.array([mode in HALF_CREDIT_MODES for mode in MODES])
    credited = correct + np.where(half_credit, 0.5 * partial, 0.0)
    actual = correct + incorrect + partial + spurious
    possible = correct + incorrect + partial + missed
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(actual > 0, credited / actual, 0.0)
        recall = np.where(possible > 0, credited / possible, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return precision, recall, f1


def _token_tags(tokens: list[tuple[int, int]], spans: list[Span]) -> list[str]:
    tags = ["O"] * len(tokens)
    for start, end, label in spans:
        covered = [index for index, (token_start, token_end) in enumerate(tokens) if token_start < end and start < token_end]
        for position, index in enumerate(covered):
            tags[index] = f"{'B' if position == 0 else 'I'}-{label}"
    return tags


def _seqeval(sentences: list[Sentence], gold: list[list[Span]], predicted: list[list[Span]],
             labels: tuple[str, ...]) -> dict[str, Score]:
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    gold_tags, predicted_tags = [], []
    for sentence, gold_spans, predicted_spans in zip(sentences, gold, predicted):
        tokens = list(zip(sentence.token_starts, sentence.token_ends))
        gold_tags.append(_token_tags(tokens, gold_spans))
        predicted_tags.append(_token_tags(tokens, predicted_spans))
    report = classification_report(gold_tags, predicted_tags, mode="strict", scheme=IOB2, output_dict=True,
                                   zero_division=0)

    def as_score(entry) -> Score:
        return Score(float(entry["precision"]), float(entry["recall"]), float(entry["f1-score"]))

    scores = {ALL: as_score(report["micro avg"])}
    scores.update({label: as_score(report[label]) if label in report else Score(0.0, 0.0, 0.0)
                   for label in labels[1:]})
    return scores
