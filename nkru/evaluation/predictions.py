"""Reading a system's predictions (formats: nkru.evaluation.prediction_formats) into canonical
spans: offsets checked against the document, labels mapped through the alias table
(nkru.evaluation.labels), leading and trailing whitespace trimmed off each span and counted.

Every document (every sentence, for the token format) must be predicted, or the run is refused
naming what is missing; with `partial`, only what is present is scored, and the scope says so.
Every malformed line is refused with one line naming the file, the line and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nkru.errors import PredictionsError
from nkru.evaluation.labels import LabelSet, canonical_label, label_set_of
from nkru.evaluation.prediction_formats import (
    RECORD_PARSERS,
    PredictionFormat,
    RawSpan,
    detect_format,
    short,
)
from nkru.schema import Sentence

Span = tuple[int, int, str]
MAX_LINE_BYTES = 50_000_000


@dataclass(frozen=True)
class Scope:
    """What a run predicts for: whole documents, or (token format) some sentences of them."""
    doc_ids: tuple[str, ...]
    sentence_ids: frozenset[str] | None
    partial: bool

    def describe(self, all_doc_ids: Iterable[str]) -> str:
        total = len(tuple(all_doc_ids))
        if not self.partial:
            return f"all {total} documents"
        if self.sentence_ids is not None:
            return (f"partial: some sentences of {len(self.doc_ids)} of {total} documents "
                    f"({', '.join(self.doc_ids)})")
        return f"partial: {len(self.doc_ids)} of {total} documents ({', '.join(self.doc_ids)})"


@dataclass(frozen=True)
class Predictions:
    format: PredictionFormat
    spans: dict[str, list[Span]]     # doc_id -> sorted canonical spans, for every document in scope
    scope: Scope
    label_set: LabelSet
    trimmed: int                     # spans whose offsets lost leading or trailing whitespace
    emptied: int                     # spans of whitespace only, dropped
    label_map: dict[str, str]        # each label as written -> the corpus label it was read as


def read_predictions(path: Path, texts_by_doc: dict[str, str], sentences: list[Sentence],
                     prediction_format: PredictionFormat | None = None, partial: bool = False,
                     label_set: LabelSet | None = None) -> Predictions:
    return parse_predictions(_read_lines(path), texts_by_doc, sentences, str(path), prediction_format, partial,
                             label_set)


def _read_lines(path: Path) -> list[str]:
    try:
        if path.stat().st_size > MAX_LINE_BYTES * 4:
            raise PredictionsError(f"{path}: {path.stat().st_size} bytes is far more than predictions for this "
                                   "corpus can take; is it the right file?")
        raw_lines = path.read_bytes().splitlines()
    except OSError as error:
        raise PredictionsError(f"cannot read {path} ({error.strerror or error})") from error
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise PredictionsError(f"{path}:{number}: expected UTF-8 text, found byte {raw[error.start]:#04x} "
                                   f"at column {error.start + 1}") from error
    return lines


def parse_predictions(lines: list[str], texts_by_doc: dict[str, str], sentences: list[Sentence],
                      source: str = "predictions", prediction_format: PredictionFormat | None = None,
                      partial: bool = False, label_set: LabelSet | None = None) -> Predictions:
    records = ((f"{source}:{number}", line) for number, line in enumerate(lines, start=1) if line.strip())
    return parse_records(((where, _json_object(line, where)) for where, line in records), texts_by_doc, sentences,
                         source, prediction_format, partial, label_set)


def parse_records(records: Iterable[tuple[str, dict]], texts_by_doc: dict[str, str], sentences: list[Sentence],
                  source: str, prediction_format: PredictionFormat | None = None, partial: bool = False,
                  label_set: LabelSet | None = None) -> Predictions:
    """Predictions from (where, record) pairs, `where` naming the record in messages."""
    sentence_by_id = {sentence.sentence_id: sentence for sentence in sentences}
    reading = _Reading(texts_by_doc)
    seen_keys: dict[str, str] = {}
    found_format = prediction_format
    for where, record in records:
        line_format = detect_format(record, where)
        if found_format is None:
            found_format = line_format
        elif line_format is not found_format:
            raise PredictionsError(f"{where}: a {line_format} record in a file of {found_format} records")
        parsed = RECORD_PARSERS[line_format](record, where, sentence_by_id)
        if parsed.doc_id not in texts_by_doc:
            raise PredictionsError(f"{where}: unknown doc_id {short(parsed.doc_id)}; expected one of "
                                   f"{', '.join(texts_by_doc)}")
        if parsed.key in seen_keys:
            raise PredictionsError(f"{where}: {parsed.key} is predicted twice (first at {seen_keys[parsed.key]})")
        seen_keys[parsed.key] = where
        reading.add(parsed.doc_id, parsed.spans, where)
    if found_format is None:
        raise PredictionsError(f"{source}: holds no predictions")
    reading.refuse_overlaps()
    scope = _scope(found_format, seen_keys, texts_by_doc, sentences, partial, source)
    return Predictions(found_format, {doc_id: sorted(reading.spans.get(doc_id, [])) for doc_id in scope.doc_ids}, scope,
                       label_set_of(reading.label_map.values(), label_set), reading.trimmed, reading.emptied,
                       reading.label_map)


class _Reading:
    """Canonical spans gathered line by line: offsets checked, labels mapped, whitespace trimmed."""

    def __init__(self, texts_by_doc: dict[str, str]):
        self.texts_by_doc = texts_by_doc
        self.spans: dict[str, list[Span]] = {}
        self.where: dict[str, str] = {}
        self.label_map: dict[str, str] = {}
        self.trimmed = self.emptied = 0

    def add(self, doc_id: str, raw_spans: list[RawSpan], where: str) -> None:
        text = self.texts_by_doc[doc_id]
        spans = self.spans.setdefault(doc_id, [])
        self.where.setdefault(doc_id, where)
        for start, end, raw_label in raw_spans:
            if not 0 <= start < end <= len(text):
                raise PredictionsError(f"{where}: span ({short(start, 20)}, {short(end, 20)}) is outside the "
                                       f"document's text (0..{len(text)}) or empty")
            label = canonical_label(raw_label)
            if label is None:
                raise PredictionsError(f"{where}: unknown label {short(raw_label)}; the accepted labels and their "
                                       "aliases are listed in README (Prediction formats)")
            self.label_map[str(raw_label)] = label
            surface = text[start:end]
            stripped = surface.strip()
            if not stripped:
                self.emptied += 1
                continue
            if stripped != surface:
                self.trimmed += 1
                start += len(surface) - len(surface.lstrip())
                end = start + len(stripped)
            spans.append((start, end, label))

    def refuse_overlaps(self) -> None:
        for doc_id, spans in self.spans.items():
            spans.sort()
            for previous, current in zip(spans, spans[1:]):
                if current[0] < previous[1]:
                    raise PredictionsError(f"{self.where[doc_id]}: in {doc_id}, spans {previous} and {current} overlap; "
                                           "NER predictions must be flat")


def _json_object(line: str, where: str) -> dict:
    if len(line) > MAX_LINE_BYTES:
        raise PredictionsError(f"{where}: a line of {len(line)} characters is too long for one document")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise PredictionsError(f"{where}: not JSON ({error.msg} at column {error.colno})") from error
    except RecursionError as error:
        raise PredictionsError(f"{where}: JSON nested too deeply to be predictions") from error
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise PredictionsError(f"{where}: not usable JSON ({error})") from error
    if not isinstance(record, dict):
        raise PredictionsError(f"{where}: expected a JSON object, found {type(record).__name__}")
    return record


def _scope(found_format: PredictionFormat, seen_keys: dict[str, str], texts_by_doc: dict[str, str],
           sentences: list[Sentence], partial: bool, source: str) -> Scope:
    by_sentence = found_format is PredictionFormat.TOKENS
    expected = [sentence.sentence_id for sentence in sentences] if by_sentence else list(texts_by_doc)
    missing = [key for key in expected if key not in seen_keys]
    if missing and not partial:
        what = "sentences" if by_sentence else "documents"
        listed = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise PredictionsError(f"{source}: predicts nothing for {len(missing)} of {len(expected)} {what} ({listed}); "
                               "pass --partial to score only those present")
    if by_sentence:
        present = {sentence.sentence_id for sentence in sentences if sentence.sentence_id in seen_keys}
        doc_ids = tuple(dict.fromkeys(s.doc_id for s in sentences if s.sentence_id in present))
        return Scope(doc_ids, frozenset(present) if missing else None, bool(missing))
    return Scope(tuple(doc for doc in texts_by_doc if doc in seen_keys), None, bool(missing))


def prediction_lines(spans_by_doc: dict[str, list[Span]]) -> list[str]:
    """Spans as `spans`-format lines, the form a stored run keeps."""
    return [json.dumps({"doc_id": doc_id, "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]},
                       ensure_ascii=False) for doc_id, spans in spans_by_doc.items()]


def predictions_from_spans(spans_by_doc: dict[str, list[tuple[int, int, object]]], texts_by_doc: dict[str, str],
                           source: str, label_set: LabelSet | None = None) -> Predictions:
    """A model runner's raw spans read like a `spans` file: the same label mapping, trimming and checks."""
    records = ((f"{source}, document {doc_id}",
                {"doc_id": doc_id, "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]})
               for doc_id, spans in spans_by_doc.items())
    return parse_records(records, texts_by_doc, [], source, PredictionFormat.SPANS, False, label_set)
