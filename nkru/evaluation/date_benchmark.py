"""The dates benchmark (`nkru benchmark --layer dates`): the gold TIMEX3, a run scored into a results
record, its terminal table and its error rows."""

from __future__ import annotations

from dataclasses import dataclass

from nkru.corpus import Corpus
from nkru.evaluation.bootstrap import interval_text
from nkru.evaluation.date_predictions import (
    DatePredictions,
    TimexSpan,
    date_predictions_from_records,
)
from nkru.evaluation.date_scoring import (
    MEASURES,
    document_date_outcomes,
    score_dates,
    sentence_counts,
)
from nkru.evaluation.outcomes import OutcomeKind
from nkru.evaluation.report import context_snippet
from nkru.evaluation.results import RECORD_FORMAT, corpus_of_record, library_versions
from nkru.schema import Sentence

DATE_CONFIGS = ("documents", "dates", "ner")
ERROR_COLUMNS = ("doc_id", "kind", "gold_start", "gold_end", "gold_text", "gold_type", "gold_value", "predicted_start",
                 "predicted_end", "predicted_text", "predicted_type", "predicted_value", "context")


@dataclass(frozen=True)
class DateGold:
    spans: dict[str, list[TimexSpan]]
    sentences: list[Sentence]
    texts: dict[str, str]
    creation_times: dict[str, str]
    corpus: dict


def date_gold_of(corpus: Corpus) -> DateGold:
    texts = dict(corpus.texts_by_doc)
    spans: dict[str, list[TimexSpan]] = {doc_id: [] for doc_id in texts}
    for timex in corpus.timexes:
        spans[timex.doc_id].append(TimexSpan(timex.start, timex.end, timex.type, timex.value, timex.mod))
    return DateGold(spans, corpus.sentences, texts, {document.doc_id: document.dct for document in corpus.documents},
                    corpus_of_record(corpus.root, DATE_CONFIGS))


def run_date_model(function, target: str, gold: DateGold) -> tuple[DatePredictions, float]:
    """A python: callable `function(text, creation_time)` run over every document, and its seconds."""
    from nkru.evaluation.runners.python_runner import call_per_document

    results, seconds = call_per_document(function, target, {doc_id: (text, gold.creation_times[doc_id])
                                                            for doc_id, text in gold.texts.items()})
    records = [(f"python:{target}, document {doc_id}", doc_id, found) for doc_id, found in results.items()]
    return date_predictions_from_records(records, gold.texts, f"python:{target}"), seconds


def score_date_run(gold: DateGold, predictions: DatePredictions, run: dict, replicates: int, seed: int) -> dict:
    sentence_ids, counts = sentence_counts(gold.spans, predictions, gold.sentences)
    timexes = sum(len(spans) for spans in predictions.spans.values())
    seconds = run.get("seconds")
    return {
        "format": RECORD_FORMAT,
        "layer": "dates",
        "run": run,
        "scope": {"partial": predictions.scope.partial, "doc_ids": list(predictions.scope.doc_ids),
                  "description": predictions.scope.describe(gold.texts)},
        "predictions": {"format": predictions.format, "trimmed": predictions.trimmed},
        "timexes": timexes,
        "seconds": seconds,
        "timexes_per_second": round(timexes / seconds, 1) if seconds else None,
        **score_dates(counts, replicates, seed),
        "errors": error_summary(date_error_rows(gold, predictions)),
        "bootstrap": {"unit": "sentence", "replicates": replicates, "seed": seed, "sentences": len(sentence_ids)},
        "sentence_ids": sentence_ids,
        "sentence_counts": counts.tolist(),
        "corpus": gold.corpus,
        "versions": library_versions(),
    }


def error_summary(rows) -> dict[str, dict]:
    """Error kind -> {count, example}: the first error of each kind, as README shows it."""
    summary: dict[str, dict] = {}
    for row in rows:
        entry = dict(zip(ERROR_COLUMNS, row))
        kind = summary.setdefault(entry["kind"], {"count": 0, "example": None})
        kind["count"] += 1
        if kind["example"] is None:
            gold = f"«{entry['gold_text']}» {entry['gold_type']} {entry['gold_value']}" if entry["gold_text"] else "–"
            predicted = (f"«{entry['predicted_text']}» {entry['predicted_type']} {entry['predicted_value']}"
                         if entry["predicted_text"] else "–")
            kind["example"] = f"{entry['doc_id']}: gold {gold}; predicted {predicted}"
    return dict(sorted(summary.items(), key=lambda item: (-item[1]["count"], item[0])))


def date_score_lines(name: str, record: dict) -> list[str]:
    bootstrap, counts = record["bootstrap"], record["counts"]
    lines = [f"{name}: {record['scope']['description']}, {bootstrap['sentences']} sentences; 95 % intervals from "
             f"{bootstrap['replicates']} sentence-bootstrap replicates (seed {bootstrap['seed']})",
             f"  gold {counts['gold']}, predicted {counts['predicted']}, strict matches {counts['strict']}, relaxed "
             f"matches {counts['relaxed']} (type right {counts['type']}, value right {counts['value']})",
             f"  {'measure':<20}{'value':>7}  95 % CI"]
    for measure in MEASURES:
        entry = record["measures"][measure]
        lines.append(f"  {measure:<20}{entry['value']:>7.3f}  {interval_text(entry['ci95'])}")
    return lines


def date_error_rows(gold: DateGold, predictions: DatePredictions):
    """Every false positive, false negative, extent (boundary), type and value error, as ERROR_COLUMNS rows."""
    for doc_id in predictions.scope.doc_ids:
        text = gold.texts[doc_id]
        gold_by_span = {(timex.start, timex.end, timex.type): timex for timex in gold.spans[doc_id]}
        predicted_by_span = {(timex.start, timex.end, timex.type): timex for timex in predictions.spans[doc_id]}
        for outcome, value_ok in document_date_outcomes(doc_id, gold.spans[doc_id], predictions.spans[doc_id]):
            kinds = []
            if outcome.kind in (OutcomeKind.FALSE_POSITIVE, OutcomeKind.FALSE_NEGATIVE):
                kinds.append(str(outcome.kind))
            else:
                if outcome.kind in (OutcomeKind.BOUNDARY, OutcomeKind.BOUNDARY_AND_TYPE):
                    kinds.append("extent")
                if outcome.kind in (OutcomeKind.TYPE, OutcomeKind.BOUNDARY_AND_TYPE):
                    kinds.append("type")
                if not value_ok:
                    kinds.append("value")
            if kinds:
                yield (doc_id, "+".join(kinds), *_side(outcome.gold, gold_by_span, text),
                       *_side(outcome.predicted, predicted_by_span, text),
                       context_snippet(text, outcome.start, outcome.end))


def _side(span, by_span: dict, text: str) -> tuple:
    if span is None:
        return "", "", "", "", ""
    timex = by_span[span]
    return timex.start, timex.end, " ".join(text[timex.start:timex.end].split()), timex.type, timex.value

