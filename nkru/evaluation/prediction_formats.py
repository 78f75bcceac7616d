"""The three prediction formats `nkru benchmark --predictions` reads, one JSON object a line:

- `spans`: one document a line, `{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 8, "label": "PER"}]}`;
- `tokens`: one sentence of the `ner` config a line, `{"sentence_id": "nkru-000-s000", "tags": ["B-PER", "O", …]}`,
  one tag per token of that sentence, in IOB1, IOB2, IO or BIOES;
- `pipeline`: one document a line, `{"doc_id": "nkru-000", "entities": [...]}`, the list a transformers
  token-classification pipeline returned for the document's text: aggregated (`entity_group`) or per
  token (`entity`, with B-/I- tags), each with `start` and `end` (and `score`, `word`, ignored).

Each parser turns one record into raw spans `(start, end, label as written)` of one document; the
caller maps the labels and checks the offsets (nkru.evaluation.predictions).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from nkru.errors import PredictionsError
from nkru.schema import Sentence

RawSpan = tuple[int, int, object]


class PredictionFormat(StrEnum):
    SPANS = "spans"
    TOKENS = "tokens"
    PIPELINE = "pipeline"


# The key that tells each format apart, for detection.
FORMAT_KEYS: dict[PredictionFormat, str] = {
    PredictionFormat.SPANS: "spans",
    PredictionFormat.TOKENS: "tags",
    PredictionFormat.PIPELINE: "entities",
}


@dataclass(frozen=True)
class ParsedRecord:
    doc_id: str
    key: str            # the document or sentence the record predicts for
    spans: list[RawSpan]


def detect_format(record: dict, where: str) -> PredictionFormat:
    found = [name for name, key in FORMAT_KEYS.items() if key in record]
    if len(found) != 1:
        keys = ", ".join(f"{key!r} ({name})" for name, key in FORMAT_KEYS.items())
        raise PredictionsError(f"{where}: expected exactly one of the keys {keys}; found "
                               f"{', '.join(sorted(map(str, record))) or 'no key'}")
    return found[0]


def short(value: object, width: int = 60) -> str:
    """A value for a message, cut short (and safe on JSON nested too deeply to print)."""
    try:
        text = repr(value)
    except RecursionError:
        return f"a deeply nested {type(value).__name__}"
    return text if len(text) <= width else text[:width] + "…"


def first_difference(found: str, expected: str) -> int:
    """The first position where two texts differ (the shorter one's length when one extends the other)."""
    return next((index for index, (a, b) in enumerate(zip(found, expected)) if a != b), min(len(found), len(expected)))


def _list_of(record: dict, key: str, where: str) -> list:
    value = record.get(key)
    if not isinstance(value, list):
        raise PredictionsError(f"{where}: expected {key!r} to be a list, found {short(value)}")
    return value


def _string_field(record: dict, key: str, where: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise PredictionsError(f"{where}: expected {key!r} to be a string, found {short(value)}")
    return value


def _offset(entry: object, key: str, where: str) -> int:
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise PredictionsError(f"{where}: expected an integer {key!r} in {short(entry)}")
    return int(value)


def parse_spans_record(record: dict, where: str, sentences: dict[str, Sentence]) -> ParsedRecord:
    doc_id = _string_field(record, "doc_id", where)
    spans = [(_offset(span, "start", where), _offset(span, "end", where), span.get("label"))
             for span in _list_of(record, "spans", where)]
    return ParsedRecord(doc_id, doc_id, spans)


def parse_pipeline_record(record: dict, where: str, sentences: dict[str, Sentence]) -> ParsedRecord:
    doc_id = _string_field(record, "doc_id", where)
    entities = _list_of(record, "entities", where)
    for entity in entities:
        if not isinstance(entity, dict) or ("entity_group" in entity) == ("entity" in entity):
            raise PredictionsError(f"{where}: expected each entity to carry one of 'entity_group' or 'entity', "
                                   f"found {short(entity)}")
    tokens = [(_offset(entity, "start", where), _offset(entity, "end", where),
               entity.get("entity_group", entity.get("entity"))) for entity in entities]
    if all("entity_group" in entity for entity in entities):
        return ParsedRecord(doc_id, doc_id, tokens)
    if any("entity_group" in entity for entity in entities):
        raise PredictionsError(f"{where}: mixes aggregated ('entity_group') and per-token ('entity') entities")
    return ParsedRecord(doc_id, doc_id, merge_token_entities(tokens, where))


def merge_token_entities(tokens: list[RawSpan], where: str) -> list[RawSpan]:
    """Per-token pipeline output (no aggregation) as entity spans, grouped as the pipeline's own
    `simple` aggregation does: a B- token starts an entity; an I-/E- token (or a bare label) joins the
    entity before it when the labels agree and at most one character (a space) lies between them,
    since the tokens tagged O are not in the list."""
    merged: list[list] = []
    for start, end, tag in sorted(tokens, key=lambda token: token[:2]):
        if not isinstance(tag, str):
            raise PredictionsError(f"{where}: expected a string tag, found {short(tag)}")
        prefix, label = _split_tag(tag)
        if merged:
            last = merged[-1]
            gap = start - last[1]
            continues = last[2] == label and 0 <= gap <= 1 and prefix in ("I", "E", "L", "")
            if continues:
                last[1] = end
                continue
        merged.append([start, end, label])
    return [tuple(span) for span in merged]


def _split_tag(tag: str) -> tuple[str, str]:
    """('B', 'PER') for 'B-PER'; ('', 'PER') for a bare label."""
    if len(tag) > 2 and tag[1] in "-_" and tag[0].upper() in "BIESLU":
        return tag[0].upper(), tag[2:]
    return "", tag


def parse_tokens_record(record: dict, where: str, sentences: dict[str, Sentence]) -> ParsedRecord:
    sentence_id = _string_field(record, "sentence_id", where)
    sentence = sentences.get(sentence_id)
    if sentence is None:
        raise PredictionsError(f"{where}: unknown sentence_id {short(sentence_id)} (the `ner` config's "
                               "sentence_id column lists them)")
    tags = _list_of(record, "tags", where)
    if len(tags) != len(sentence.tokens):
        raise PredictionsError(f"{where}: sentence {sentence_id} has {len(sentence.tokens)} tokens, found "
                               f"{len(tags)} tags")
    for tag in tags:
        if not isinstance(tag, str):
            raise PredictionsError(f"{where}: expected string tags, found {short(tag)}")
    spans = [(sentence.token_starts[first], sentence.token_ends[last], label)
             for first, last, label in tag_runs(tags)]
    return ParsedRecord(sentence.doc_id, sentence_id, spans)


def tag_runs(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token, label) of each entity a tag sequence encodes, read so that IOB1,
    IOB2, IO and BIOES all decode as their authors meant: B-/S-/U- start an entity; I-/E-/L- (or a
    bare label) continue the entity before when it has the same label and has not ended (E-/S-/L-/U-
    end one), else start one; O ends it."""
    runs: list[list] = []
    open_entity = False
    for index, tag in enumerate(tags):
        if tag in ("O", ""):
            open_entity = False
            continue
        prefix, label = _split_tag(tag)
        if prefix in ("I", "E", "L", "") and open_entity and runs[-1][2] == label:
            runs[-1][1] = index
        else:
            runs.append([index, index, label])
        open_entity = prefix not in ("E", "S", "L", "U")
    return [tuple(run) for run in runs]


RECORD_PARSERS: dict[PredictionFormat, Callable[[dict, str, dict[str, Sentence]], ParsedRecord]] = {
    PredictionFormat.SPANS: parse_spans_record,
    PredictionFormat.TOKENS: parse_tokens_record,
    PredictionFormat.PIPELINE: parse_pipeline_record,
}
