"""Reading a system's predictions: JSON Lines, one document per line,
`{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 11, "label": "PER"}, …]}`, character
offsets into the document's text, labels fine (PER, ORG, GPE, …) or CoNLL-4 (PER, LOC, ORG, MISC).
Every malformed line is refused with one line naming the file, the line and what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

from nkru.errors import PredictionsError
from nkru.schema import COARSE_LABELS, ENTITY_LABELS

PREDICTION_LABELS = frozenset(ENTITY_LABELS) | frozenset(COARSE_LABELS)


def parse_predictions(lines: list[str], texts_by_doc: dict[str, str], source: str = "predictions") -> dict:
    """doc_id -> sorted [(start, end, label)] for every document (absent documents predict nothing)."""
    predicted = {doc_id: [] for doc_id in texts_by_doc}
    seen = set()
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise PredictionsError(f"{where}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or not isinstance(record.get("spans"), list) or "doc_id" not in record:
            raise PredictionsError(f"{where}: expected an object with doc_id and a list of spans")
        doc_id = record["doc_id"]
        if doc_id not in texts_by_doc:
            raise PredictionsError(f"{where}: unknown doc_id {doc_id!r}; expected one of {sorted(texts_by_doc)}")
        if doc_id in seen:
            raise PredictionsError(f"{where}: doc_id {doc_id!r} appears twice")
        seen.add(doc_id)
        spans = []
        for span in record["spans"]:
            start, end, label = (span.get(key) for key in ("start", "end", "label")) if isinstance(span, dict) else (
                None, None, None)
            offsets_are_integers = all(isinstance(value, int) and not isinstance(value, bool) for value in (start, end))
            if not (offsets_are_integers and 0 <= start < end <= len(texts_by_doc[doc_id])):
                raise PredictionsError(f"{where}: span {span!r} has offsets outside 0..{len(texts_by_doc[doc_id])}")
            if label not in PREDICTION_LABELS:
                raise PredictionsError(f"{where}: unknown label {label!r}; expected one of {sorted(PREDICTION_LABELS)}")
            spans.append((start, end, label))
        spans.sort()
        for previous, current in zip(spans, spans[1:]):
            if current[0] < previous[1]:
                raise PredictionsError(f"{where}: spans {previous} and {current} overlap")
        predicted[doc_id] = spans
    return predicted


def read_predictions(path: Path, texts_by_doc: dict[str, str]) -> dict:
    try:
        raw_lines = path.read_bytes().splitlines()
    except OSError as error:
        raise PredictionsError(f"cannot read {path} ({error})") from error
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise PredictionsError(f"{path}:{number}: expected UTF-8 text, found byte {raw[error.start]:#04x} "
                                   f"at column {error.start + 1}") from error
    return parse_predictions(lines, texts_by_doc, str(path))


def prediction_lines(predicted: dict) -> list[str]:
    return [json.dumps({"doc_id": doc_id, "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]},
                       ensure_ascii=False) for doc_id, spans in predicted.items()]
