"""The entity-linking benchmark (`nkru benchmark --layer links`): every gold mention of the
`entities` config with its registry entity's Wikipedia title (or NIL), scored against a linker's
mention-level predictions (nkru.evaluation.link_predictions).

- Accuracy: gold mentions whose prediction at exactly their offsets has their title, over gold
  mentions (a gold mention with no prediction there is wrong); also over the gold mentions linked
  to an article and over the NIL ones.
- HIPE-2022's entity-linking measures (Ehrmann et al., 2022; the HIPE scorer's `nel` task): the
  link is the mention's label, NIL one label among the others (a NIL predicted on a NIL gold
  mention is right), micro precision = correct / predicted mentions and recall = correct / gold
  mentions over every document, in two regimes: strict (same offsets and same title) and fuzzy
  (an overlapping prediction with the same title; HIPE's default for linking). Predictions are
  paired with gold mentions as the scorer pairs them, one prediction at a time in text order: the
  gold mention with its exact offsets, else the first overlapping gold mention not yet paired; a
  prediction left unpaired is spurious, a gold mention left unpaired is missed. HIPE's other
  regimes do not apply here: its "relaxed" one widens links with its own historical Wikidata
  mappings, and its n-best cutoffs (@3, @5) read ranked lists, which this format does not carry.

Since predictions do not overlap, a gold mention has at most one prediction at its offsets, so
accuracy and strict recall are the same figure. Counts are kept per sentence of the `ner` config
(a gold mention's outcome with the gold mention's sentence, a prediction with its own), so that
the sentence bootstrap gives every measure a 95 % interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from nkru.corpus import Corpus
from nkru.evaluation.bootstrap import f1_of, interval_text, measures_with_intervals, ratio
from nkru.evaluation.link_predictions import LinkPredictions, LinkSpan
from nkru.evaluation.results import RECORD_FORMAT, corpus_of_record, library_versions
from nkru.evaluation.scoring import scored_positions, spans_by_sentence
from nkru.schema import NIL_TITLE, Sentence

LINK_CONFIGS = ("documents", "entities", "entity_registry", "ner")
COUNTS = ("gold", "gold_linked", "predicted", "exact_linked", "exact_nil", "fuzzy")
MEASURES = ("accuracy", "linked_accuracy", "nil_accuracy", "strict_precision", "strict_recall", "strict_f1",
            "fuzzy_precision", "fuzzy_recall", "fuzzy_f1")


@dataclass(frozen=True)
class LinkGold:
    spans: dict[str, list[LinkSpan]]    # doc_id -> its gold mentions with their titles, in offset order
    sentences: list[Sentence]
    texts: dict[str, str]
    corpus: dict
    # doc_id -> (start, end) of the mentions whose entity's article could not be read (no title,
    # no NIL): no gold to score them by, so they and the predictions overlapping them are left out
    unconfirmed: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def link_gold_of(corpus: Corpus) -> LinkGold:
    """The gold of a corpus read with (at least) LINK_CONFIGS."""
    title_of = {entry.entity_id: entry.wikipedia_title for entry in corpus.registry}
    texts = dict(corpus.texts_by_doc)
    spans: dict[str, list[LinkSpan]] = {doc_id: [] for doc_id in texts}
    unconfirmed: dict[str, list[tuple[int, int]]] = {doc_id: [] for doc_id in texts}
    for mention in corpus.mentions:
        title = title_of[mention.entity_id]
        if title is None:
            unconfirmed[mention.doc_id].append((mention.start, mention.end))
        else:
            spans[mention.doc_id].append(LinkSpan(mention.start, mention.end, title))
    for doc_spans in spans.values():
        doc_spans.sort(key=lambda span: (span.start, span.end))
    return LinkGold(spans, corpus.sentences, texts, corpus_of_record(corpus.root, LINK_CONFIGS), unconfirmed)


def scored_predictions(gold: LinkGold, predictions: LinkPredictions) -> dict[str, list[LinkSpan]]:
    """doc_id -> its predictions, without those overlapping a mention of an unconfirmed entity."""
    kept = {}
    for doc_id, spans in predictions.spans.items():
        left_out = gold.unconfirmed.get(doc_id, [])
        kept[doc_id] = [span for span in spans
                        if not any(start < span.end and span.start < end for start, end in left_out)]
    return kept


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    """A gold mention and what its paired prediction got right."""

    start: int
    title: str
    exact: bool     # a prediction at its exact offsets with its title
    fuzzy: bool     # its paired prediction (exact or overlapping) has its title


def pair_document(gold: list[LinkSpan], predicted: list[LinkSpan]) -> list[GoldOutcome]:
    """Each gold mention's outcome, predictions paired with gold mentions as the HIPE scorer does."""
    paired: dict[int, LinkSpan] = {}
    by_offsets = {(span.start, span.end): index for index, span in enumerate(gold)}
    for prediction in predicted:
        index = by_offsets.get((prediction.start, prediction.end))
        if index is None:
            index = next((index for index, span in enumerate(gold) if index not in paired
                          and span.start < prediction.end and prediction.start < span.end), None)
        if index is not None:
            paired[index] = prediction
    outcomes = []
    for index, span in enumerate(gold):
        prediction = paired.get(index)
        same_title = prediction is not None and prediction.title == span.title
        outcomes.append(GoldOutcome(span.start, span.title,
                                    same_title and (prediction.start, prediction.end) == (span.start, span.end),
                                    same_title))
    return outcomes


def sentence_counts(gold: LinkGold, predictions: LinkPredictions) -> tuple[list[str], np.ndarray]:
    """(sentence ids scored, counts [sentence, COUNTS]) of predictions without those on mentions of
    unconfirmed entities (scored_predictions)."""
    scored = scored_positions(gold.sentences, predictions.scope)
    outcomes = spans_by_sentence({doc_id: pair_document(gold.spans[doc_id], predictions.spans[doc_id])
                                  for doc_id in predictions.scope.doc_ids}, gold.sentences, scored,
                                 start_of=lambda outcome: outcome.start)
    predicted = spans_by_sentence(predictions.spans, gold.sentences, scored, start_of=lambda span: span.start)
    counts = np.zeros((len(scored), len(COUNTS)), dtype=np.int64)
    for slot in range(len(scored)):
        sentence_outcomes = outcomes[slot]
        counts[slot] = (len(sentence_outcomes), sum(outcome.title != NIL_TITLE for outcome in sentence_outcomes),
                        len(predicted[slot]),
                        sum(outcome.exact and outcome.title != NIL_TITLE for outcome in sentence_outcomes),
                        sum(outcome.exact and outcome.title == NIL_TITLE for outcome in sentence_outcomes),
                        sum(outcome.fuzzy for outcome in sentence_outcomes))
    return [gold.sentences[position].sentence_id for position in scored], counts


def measures(totals: np.ndarray) -> dict[str, np.ndarray]:
    """MEASURES from counts shaped [..., COUNTS]."""
    gold, gold_linked, predicted, exact_linked, exact_nil, fuzzy = np.moveaxis(totals.astype(np.float64), -1, 0)
    strict = exact_linked + exact_nil

    def f1(correct):
        return f1_of(ratio(correct, predicted), ratio(correct, gold))

    return {"accuracy": ratio(strict, gold), "linked_accuracy": ratio(exact_linked, gold_linked),
            "nil_accuracy": ratio(exact_nil, gold - gold_linked),
            "strict_precision": ratio(strict, predicted), "strict_recall": ratio(strict, gold), "strict_f1": f1(strict),
            "fuzzy_precision": ratio(fuzzy, predicted), "fuzzy_recall": ratio(fuzzy, gold), "fuzzy_f1": f1(fuzzy)}


def score_links(counts: np.ndarray, replicates: int, seed: int) -> dict:
    """{"measures": {measure: {"value", "ci95"}}, "counts": totals} (intervals None without replicates)."""
    return {"measures": measures_with_intervals(counts, measures, MEASURES, replicates, seed),
            "counts": {name: int(total) for name, total in zip(COUNTS, counts.sum(axis=0))}}


def score_link_run(gold: LinkGold, predictions: LinkPredictions, run: dict, replicates: int, seed: int) -> dict:
    """The whole results record of a links run; `run` says what produced it."""
    kept = scored_predictions(gold, predictions)
    sentence_ids, counts = sentence_counts(gold, replace(predictions, spans=kept))
    return {
        "format": RECORD_FORMAT,
        "layer": "links",
        "run": run,
        "scope": {"partial": predictions.scope.partial, "doc_ids": list(predictions.scope.doc_ids),
                  "description": predictions.scope.describe(gold.texts)},
        "predictions": {"format": "jsonl"},
        "mentions": sum(len(spans) for spans in predictions.spans.values()),
        "unconfirmed": {
            "gold_mentions": sum(len(gold.unconfirmed.get(doc_id, ())) for doc_id in predictions.scope.doc_ids),
            "predictions_left_out": sum(len(predictions.spans[doc_id]) - len(spans) for doc_id, spans in kept.items()),
        },
        **score_links(counts, replicates, seed),
        "bootstrap": {"unit": "sentence", "replicates": replicates, "seed": seed, "sentences": len(sentence_ids)},
        "sentence_ids": sentence_ids,
        "sentence_counts": counts.tolist(),
        "corpus": gold.corpus,
        "versions": library_versions(),
    }


def link_score_lines(name: str, record: dict) -> list[str]:
    """The terminal table of a links run's record."""
    bootstrap, counts = record["bootstrap"], record["counts"]
    lines = [f"{name}: {record['scope']['description']}, {bootstrap['sentences']} sentences; 95 % intervals from "
             f"{bootstrap['replicates']} sentence-bootstrap replicates (seed {bootstrap['seed']})",
             f"  gold {counts['gold']} mentions ({counts['gold_linked']} linked, {counts['gold'] - counts['gold_linked']}"
             f" NIL), predicted {counts['predicted']}; right at the gold offsets {counts['exact_linked']} linked and "
             f"{counts['exact_nil']} NIL, right by overlap (fuzzy) {counts['fuzzy']}",
             f"  {'measure':<20}{'value':>7}  95 % CI"]
    for measure in MEASURES:
        entry = record["measures"][measure]
        lines.append(f"  {measure:<20}{entry['value']:>7.3f}  {interval_text(entry['ci95'])}")
    return lines
