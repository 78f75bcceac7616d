"""Reading a temporal tagger's output for `nkru benchmark --layer dates`, in one of two forms:

- JSON Lines, one document a line: `{"doc_id": "nkru-000", "spans": [{"start": 10, "end": 15,
  "type": "DATE", "value": "2023-07-27", "mod": null}]}` (`mod` may be left out);
- a folder of TimeML `.tml` files, one per document (`nkru export --format timeml` writes them):
  the `DOCID` element names the document, the text of `TEXT` must be the document's text, and each
  `TIMEX3` inside `TEXT` is a prediction (its `type`, `value` and `mod` attributes).

Offsets are checked against the document, types against TimeML's four, and whitespace trimmed
as for entities; a missing document is an error unless `partial`. Every malformed record is one
line naming `file:line`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from nkru.errors import PredictionsError
from nkru.evaluation.json_lines import json_lines
from nkru.evaluation.prediction_formats import first_difference, short
from nkru.evaluation.predictions import Scope
from nkru.schema import TIMEX_TYPES


@dataclass(frozen=True, slots=True)
class TimexSpan:
    start: int
    end: int
    type: str
    value: str
    mod: str | None


@dataclass(frozen=True)
class DatePredictions:
    format: str                          # "jsonl" or "timeml"
    spans: dict[str, list[TimexSpan]]    # doc_id -> sorted spans, every document in scope
    scope: Scope
    trimmed: int


def read_date_predictions(path: Path, texts_by_doc: dict[str, str], partial: bool = False) -> DatePredictions:
    if path.is_dir():
        records = list(_timeml_records(path, texts_by_doc))
        found_format = "timeml"
    else:
        records = list(_jsonl_records(path))
        found_format = "jsonl"
    return _checked(records, texts_by_doc, partial, found_format, str(path))


def date_predictions_from_records(records: list, texts_by_doc: dict[str, str], source: str) -> DatePredictions:
    """A model's output, (where, doc_id, [span dicts]) per document, checked like a file."""
    return _checked(records, texts_by_doc, False, "model", source)


def _jsonl_records(path: Path):
    """(where, doc_id, [raw span dicts]) for each line."""
    for where, record in json_lines(path, "dates"):
        if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str) or not isinstance(
                record.get("spans"), list):
            raise PredictionsError(f"{where}: expected an object with a string 'doc_id' and a list 'spans', found "
                                   f"{short(record)}")
        yield where, record["doc_id"], record["spans"]


def _timeml_records(folder: Path, texts_by_doc: dict[str, str]):
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise PredictionsError(f"{folder}: expected TimeML files (*.tml), found none")
    for path in files:
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            line, column = error.position
            raise PredictionsError(f"{path}:{line}: not well-formed XML (column {column})") from error
        except OSError as error:
            raise PredictionsError(f"cannot read {path} ({error.strerror or error})") from error
        except (LookupError, ValueError) as error:  # an encoding expat cannot decode with: unknown, multi-byte…
            raise PredictionsError(f"{path}:1: expected an XML declaration naming an encoding such as UTF-8, found "
                                   f"one that cannot be read ({error})") from error
        doc_id_element, text_element = root.find("DOCID"), root.find("TEXT")
        doc_id = doc_id_element.text.strip() if doc_id_element is not None and doc_id_element.text else path.stem
        if text_element is None:
            raise PredictionsError(f"{path}: expected a TEXT element")
        spans, text = _inline_timexes(text_element, path)
        if doc_id in texts_by_doc and text != texts_by_doc[doc_id]:
            raise PredictionsError(f"{path}: the text of TEXT differs from {doc_id}'s text at character "
                                   f"{first_difference(text, texts_by_doc[doc_id])}")
        yield str(path), doc_id, spans


def _inline_timexes(text_element: ElementTree.Element, path: Path) -> tuple[list[dict], str]:
    """The TIMEX3 elements of TEXT as span dicts on its text content, and that text."""
    parts, spans = [text_element.text or ""], []
    offset = len(parts[0])
    for child in text_element:
        content = "".join(child.itertext())
        if child.tag == "TIMEX3":
            if len(child):
                raise PredictionsError(f"{path}: TIMEX3 {child.get('tid')!r} holds other elements; TIMEX3 do not nest")
            spans.append({"start": offset, "end": offset + len(content), "type": child.get("type"),
                          "value": child.get("value"), "mod": child.get("mod")})
        parts += [content, child.tail or ""]
        offset += len(content) + len(child.tail or "")
    return spans, "".join(parts)


def _checked(records: list, texts_by_doc: dict[str, str], partial: bool, found_format: str, source: str
             ) -> DatePredictions:
    spans_by_doc: dict[str, list[TimexSpan]] = {}
    trimmed = 0
    for where, doc_id, raw_spans in records:
        if doc_id not in texts_by_doc:
            raise PredictionsError(f"{where}: unknown doc_id {short(doc_id)}; expected one of {', '.join(texts_by_doc)}")
        if doc_id in spans_by_doc:
            raise PredictionsError(f"{where}: {doc_id} is predicted twice")
        spans_by_doc[doc_id] = []
        for raw in raw_spans:
            span, was_trimmed = _timex(raw, texts_by_doc[doc_id], where)
            trimmed += was_trimmed
            spans_by_doc[doc_id].append(span)
        spans_by_doc[doc_id].sort(key=lambda span: (span.start, span.end))
        for previous, current in zip(spans_by_doc[doc_id], spans_by_doc[doc_id][1:]):
            if current.start < previous.end:
                raise PredictionsError(f"{where}: in {doc_id}, the spans at {previous.start}..{previous.end} and "
                                       f"{current.start}..{current.end} overlap; TIMEX3 do not overlap")
    missing = [doc_id for doc_id in texts_by_doc if doc_id not in spans_by_doc]
    if missing and not partial:
        raise PredictionsError(f"{source}: predicts nothing for {len(missing)} of {len(texts_by_doc)} documents "
                               f"({', '.join(missing)}); pass --partial to score only those present")
    doc_ids = tuple(doc_id for doc_id in texts_by_doc if doc_id in spans_by_doc)
    return DatePredictions(found_format, {doc_id: spans_by_doc[doc_id] for doc_id in doc_ids},
                           Scope(doc_ids, None, bool(missing)), trimmed)


def _timex(raw: object, text: str, where: str) -> tuple[TimexSpan, bool]:
    if not isinstance(raw, dict):
        raise PredictionsError(f"{where}: expected each span to be an object, found {short(raw)}")
    start, end = raw.get("start"), raw.get("end")
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (start, end)) or not (
            0 <= start < end <= len(text)):
        raise PredictionsError(f"{where}: span ({short(start, 20)}, {short(end, 20)}) is outside the document's text "
                               f"(0..{len(text)}) or empty")
    timex_type = raw.get("type")
    if not isinstance(timex_type, str) or timex_type.upper() not in TIMEX_TYPES:
        raise PredictionsError(f"{where}: type {short(timex_type)} is not one of {', '.join(TIMEX_TYPES)}")
    value, mod = raw.get("value"), raw.get("mod")
    if not isinstance(value, str) or not value:
        raise PredictionsError(f"{where}: expected a TIMEX3 value string, found {short(value)}")
    if mod is not None and not isinstance(mod, str):
        raise PredictionsError(f"{where}: expected mod to be a string or null, found {short(mod)}")
    surface = text[start:end]
    stripped = surface.strip()
    if not stripped:
        raise PredictionsError(f"{where}: span {start}..{end} holds only whitespace")
    new_start = start + len(surface) - len(surface.lstrip())
    return TimexSpan(new_start, new_start + len(stripped), timex_type.upper(), value, mod or None), stripped != surface


def date_prediction_lines(spans_by_doc: dict[str, list[TimexSpan]]) -> list[str]:
    """Spans as JSON Lines, the form a stored run keeps."""
    return [json.dumps({"doc_id": doc_id, "spans": [{"start": span.start, "end": span.end, "type": span.type,
                                                      "value": span.value, "mod": span.mod} for span in spans]},
                       ensure_ascii=False) for doc_id, spans in spans_by_doc.items()]
