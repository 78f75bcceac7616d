"""Reading an entity linker's output for `nkru benchmark --layer links`: JSON Lines, one mention a
line, `{"doc_id": "nkru-000", "start": 10, "end": 23, "wikipedia_title": "Sergei_Shoigu"}`, with
document offsets and a title in the form of an English Wikipedia address or `NIL`
(nkru.wikipedia); other keys are ignored.

Every document must have a line, or the run is refused naming the missing ones; with `partial`,
only the documents present are scored. Two predictions of one document may not overlap (HIPE
reads links from token columns, where they cannot). Every malformed line is refused with one line
naming `file:line`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nkru.errors import PredictionsError
from nkru.evaluation.json_lines import json_lines
from nkru.evaluation.prediction_formats import short
from nkru.evaluation.predictions import Scope
from nkru.wikipedia import title_problem


@dataclass(frozen=True, slots=True)
class LinkSpan:
    start: int
    end: int
    title: str      # a Wikipedia title, or NIL


@dataclass(frozen=True)
class LinkPredictions:
    spans: dict[str, list[LinkSpan]]    # doc_id -> spans sorted by offset, every document in scope
    scope: Scope


def read_link_predictions(path: Path, texts_by_doc: dict[str, str], partial: bool = False) -> LinkPredictions:
    spans_by_doc: dict[str, list[LinkSpan]] = {}
    where_of: dict[tuple[str, int, int], str] = {}
    for where, record in _jsonl_records(path):
        doc_id, span = _link(record, texts_by_doc, where)
        spans_by_doc.setdefault(doc_id, []).append(span)
        where_of[(doc_id, span.start, span.end)] = where
    for doc_id, spans in spans_by_doc.items():
        spans.sort(key=lambda span: (span.start, span.end))
        for previous, current in zip(spans, spans[1:]):
            if current.start < previous.end:
                raise PredictionsError(f"{where_of[(doc_id, current.start, current.end)]}: in {doc_id}, the mention at "
                                       f"{current.start}..{current.end} overlaps the one at "
                                       f"{previous.start}..{previous.end}; predicted mentions do not overlap")
    if not spans_by_doc:
        raise PredictionsError(f"{path}: expected one JSON object a line, found no prediction")
    missing = [doc_id for doc_id in texts_by_doc if doc_id not in spans_by_doc]
    if missing and not partial:
        raise PredictionsError(f"{path}: predicts nothing for {len(missing)} of {len(texts_by_doc)} documents "
                               f"({', '.join(missing)}); pass --partial to score only those present")
    doc_ids = tuple(doc_id for doc_id in texts_by_doc if doc_id in spans_by_doc)
    return LinkPredictions({doc_id: spans_by_doc[doc_id] for doc_id in doc_ids}, Scope(doc_ids, None, bool(missing)))


def _jsonl_records(path: Path):
    """(where, JSON object) of each non-blank line."""
    for where, record in json_lines(path, "links"):
        if not isinstance(record, dict):
            raise PredictionsError(f"{where}: expected an object {{doc_id, start, end, wikipedia_title}}, found "
                                   f"{short(record)}")
        yield where, record


def _link(record: dict, texts_by_doc: dict[str, str], where: str) -> tuple[str, LinkSpan]:
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str) or doc_id not in texts_by_doc:
        raise PredictionsError(f"{where}: unknown doc_id {short(doc_id)}; expected one of {', '.join(texts_by_doc)}")
    start, end = record.get("start"), record.get("end")
    text = texts_by_doc[doc_id]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (start, end)) or not (
            0 <= start < end <= len(text)):
        raise PredictionsError(f"{where}: mention ({short(start, 20)}, {short(end, 20)}) is outside {doc_id}'s text "
                               f"(0..{len(text)}) or empty")
    title = record.get("wikipedia_title")
    problem = title_problem(title)
    if problem is not None:
        raise PredictionsError(f"{where}: wikipedia_title {short(title)}: {problem}")
    return doc_id, LinkSpan(start, end, title)


def link_prediction_lines(predictions: LinkPredictions) -> list[str]:
    """The predictions as JSON Lines, the form a stored run keeps."""
    return [json.dumps({"doc_id": doc_id, "start": span.start, "end": span.end, "wikipedia_title": span.title},
                       ensure_ascii=False) for doc_id, spans in predictions.spans.items() for span in spans]
