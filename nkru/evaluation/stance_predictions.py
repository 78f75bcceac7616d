"""Reading a stance system's output for `nkru benchmark --layer stances`, in one of two forms:

- SemEval-2022 Task 10 sentence records, `{"sent_id", "text", "opinions"}` as `nkru export --format
  semeval22` writes them: a JSON list (the task's files), or JSON Lines, one record a line. `sent_id`
  is a sentence_id of the `ner` config and `text` must be that sentence's text (its tokens joined
  by single spaces); each span's offsets must start and end on a space-delimited token and its
  text must be what they cover. An opinion may carry a `target_id` (one of the stance targets).
- JSON Lines of rows shaped like the `stances` config, one stance a line: `doc_id`, `cue_start`,
  `cue_end`, `target_start`, `target_end`, `polarity` (FAVOR, AGAINST, NEUTRAL), and optionally
  `holder_start`/`holder_end` (null or absent: the author), `target_id`, `attribution`,
  `stance_id`; document offsets, the other columns ignored. Each row becomes an opinion of its
  cue's sentence by the export's own code (the caller hands it in as the gold's `opinion_of`,
  since the evaluation room may not import the export room).

Every sentence (every document, for rows) must be predicted, or the run is refused naming what is
missing; with `partial`, only the sentences present (the sentences of the documents present) are
scored. Every malformed record is refused with one line naming `file:line` or `file: record N`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from nkru.errors import ExportError, PredictionsError
from nkru.evaluation.prediction_formats import first_difference, short
from nkru.evaluation.results import corpus_of_record
from nkru.schema import (
    STANCE_ATTRIBUTIONS,
    STANCE_POLARITIES,
    STANCE_TARGET_IDS,
    Sentence,
    Stance,
)

# The gold reads the sentences and the stances; a model run reads the documents' texts too.
STANCE_CONFIGS = ("documents", "ner", "stances")
SEMEVAL_POLARITIES = ("Positive", "Negative", "Neutral")
# An opinion's span keys, in the order of the task's tuples (holder, target, expression).
SPAN_KEYS = ("Source", "Target", "Polar_expression")
OFFSETS = re.compile(r"(\d{1,9}):(\d{1,9})")
MAX_FILE_BYTES = 200_000_000
SHOWN_MISSING = 5


@dataclass(frozen=True, slots=True)
class OpinionTokens:
    """One opinion as the task's scorer sees it: the token indices of each span, and its labels."""

    holder: frozenset[int]
    target: frozenset[int]
    expression: frozenset[int]
    polarity: str
    target_id: str | None


@dataclass(frozen=True)
class CheckedSentence:
    sent_id: str
    text: str
    opinions: list[OpinionTokens]


class StancePlacer(Protocol):
    """What the gold needs from nkru.export.semeval22.StanceSentences."""

    sentences: list[Sentence]

    def records(self, stances: list[Stance]) -> list[dict]: ...

    def opinion(self, stance: Stance) -> tuple[str, dict]: ...


@dataclass(frozen=True)
class StanceGold:
    records: list[dict]                             # SemEval sentence records, one per sentence, in corpus order
    doc_of_sentence: dict[str, str]                 # sent_id -> doc_id
    opinion_of: Callable[[Stance], tuple[str, dict]]  # a stances row -> (sent_id, opinion); ExportError if it cannot
    corpus: dict                                    # version and SHA-256 of the files read

    @property
    def texts(self) -> dict[str, str]:
        return {record["sent_id"]: record["text"] for record in self.records}


def stance_gold_of(corpus, placer: StancePlacer) -> StanceGold:
    """The gold of a corpus read with (at least) STANCE_CONFIGS; `placer` is
    `nkru.export.semeval22.StanceSentences(corpus.sentences)`."""
    return StanceGold(placer.records(corpus.stances),
                      {sentence.sentence_id: sentence.doc_id for sentence in placer.sentences}, placer.opinion,
                      corpus_of_record(corpus.root, STANCE_CONFIGS))


@dataclass(frozen=True)
class StancePredictions:
    format: str                    # "semeval22" or "stances"
    records: list[dict]            # SemEval sentence records, one per sentence in scope, in the gold's order
    partial: bool
    doc_ids: tuple[str, ...]       # the documents in scope

    @property
    def sentence_ids(self) -> list[str]:
        return [record["sent_id"] for record in self.records]

    def describe(self, gold: StanceGold) -> str:
        documents = len(set(gold.doc_of_sentence.values()))
        if not self.partial:
            return f"all {documents} documents"
        return (f"partial: {len(self.records)} of {len(gold.records)} sentences, in {len(self.doc_ids)} of {documents} "
                f"documents ({', '.join(self.doc_ids)})")

    def gold_records(self, gold: StanceGold) -> list[dict]:
        """The gold records of the sentences in scope, in the same order as `records`."""
        in_scope = set(self.sentence_ids)
        return [record for record in gold.records if record["sent_id"] in in_scope]


def space_token_offsets(text: str) -> list[tuple[int, int]]:
    """[start, end) of each token of `text` split on single spaces, as the task's scorer splits it."""
    offsets, position = [], 0
    for token in text.split(" "):
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return offsets


def checked_sentence(record: object, where: str) -> CheckedSentence:
    """A SemEval sentence record checked, its opinions as token index sets; PredictionsError naming
    `where` and the fault otherwise."""
    if not isinstance(record, dict):
        raise PredictionsError(f"{where}: expected a JSON object, found {type(record).__name__}")
    for key, kind in (("sent_id", str), ("text", str), ("opinions", list)):
        if not isinstance(record.get(key), kind):
            raise PredictionsError(f"{where}: expected {key!r} to be a {'list' if kind is list else 'string'}, found "
                                   f"{short(record.get(key))}")
    text, tokens = record["text"], space_token_offsets(record["text"])
    starts, ends = {start for start, _ in tokens}, {end for _, end in tokens}
    opinions = []
    for number, opinion in enumerate(record["opinions"], start=1):
        here = f"{where}: opinion {number}"
        if not isinstance(opinion, dict):
            raise PredictionsError(f"{here}: expected a JSON object, found {short(opinion)}")
        holder, target, expression = (_span_tokens(opinion, key, text, tokens, starts, ends, here) for key in SPAN_KEYS)
        if not expression:
            raise PredictionsError(f"{here}: expected a non-empty 'Polar_expression'")
        polarity = opinion.get("Polarity")
        if not isinstance(polarity, str) or polarity not in SEMEVAL_POLARITIES:
            raise PredictionsError(f"{here}: expected 'Polarity' to be one of {', '.join(SEMEVAL_POLARITIES)}, found "
                                   f"{short(polarity)}")
        opinions.append(OpinionTokens(holder, target, expression, polarity,
                                      _optional_label(opinion, "target_id", STANCE_TARGET_IDS, here)))
    return CheckedSentence(record["sent_id"], text, opinions)


def _span_tokens(opinion: dict, key: str, text: str, tokens: list[tuple[int, int]], starts: set[int], ends: set[int],
                 where: str) -> frozenset[int]:
    value = opinion.get(key)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(part, list) for part in value)
            and len(value[0]) == len(value[1])):
        raise PredictionsError(f"{where}: expected {key!r} to be [[texts], [\"start:end\"]] with as many texts as "
                               f"offsets, found {short(value)}")
    covered: set[int] = set()
    for surface, offsets in zip(*value):
        match = OFFSETS.fullmatch(offsets) if isinstance(offsets, str) else None
        if match is None or not isinstance(surface, str):
            raise PredictionsError(f"{where}: expected {key!r} to hold a text and a \"start:end\" string, found "
                                   f"{short(surface)} and {short(offsets)}")
        start, end = int(match[1]), int(match[2])
        if not (start < end <= len(text) and start in starts and end in ends):
            raise PredictionsError(f"{where}: {key} offsets {offsets} are not on the text: expected a start and an end "
                                   f"of its space-delimited tokens within 0:{len(text)}")
        if text[start:end] != surface:
            raise PredictionsError(f"{where}: {key} text {short(surface)} is not the text at {offsets} "
                                   f"({short(text[start:end])})")
        covered.update(index for index, (token_start, token_end) in enumerate(tokens)
                       if token_start < end and start < token_end)
    return frozenset(covered)


def _optional_label(record: dict, key: str, names: tuple[str, ...], where: str) -> str | None:
    value = record.get(key)
    if value is not None and (not isinstance(value, str) or value not in names):
        raise PredictionsError(f"{where}: expected {key!r} to be null or one of {', '.join(names)}, found "
                               f"{short(value)}")
    return value


def read_stance_predictions(path: Path, gold: StanceGold, partial: bool = False) -> StancePredictions:
    return parse_stance_records(_file_records(path), gold, str(path), partial)


def _file_records(path: Path) -> Iterator[tuple[str, object]]:
    """(where, record) for a JSON list (`file: record N`) or for JSON Lines (`file:line`)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PredictionsError(f"{path}: {path.stat().st_size} bytes is far more than stances for this corpus")
        content = path.read_bytes()
    except OSError as error:
        raise PredictionsError(f"cannot read {path} ({error.strerror or error})") from error
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        raise PredictionsError(f"{path}:{line}: expected UTF-8 text, found byte {content[error.start]:#04x}") from error
    if text.lstrip().startswith("["):
        records = _json(text, f"{path}", whole_file=True)
        if not isinstance(records, list):
            raise PredictionsError(f"{path}: expected a JSON list of sentence records, found {type(records).__name__}")
        yield from ((f"{path}: record {number}", record) for number, record in enumerate(records, start=1))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield f"{path}:{number}", _json(line, f"{path}:{number}")


def _json(text: str, where: str, whole_file: bool = False) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        place = f"{where}:{error.lineno}" if whole_file else where
        raise PredictionsError(f"{place}: not JSON ({error.msg} at column {error.colno})") from error
    except RecursionError as error:
        raise PredictionsError(f"{where}: JSON nested too deeply to be predictions") from error
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise PredictionsError(f"{where}: not usable JSON ({error})") from error


def parse_stance_records(records: Iterable[tuple[str, object]], gold: StanceGold, source: str,
                         partial: bool = False, covered_doc_ids: Iterable[str] = ()) -> StancePredictions:
    """Predictions from (where, record) pairs, each a SemEval sentence record or a stances row;
    `covered_doc_ids` are documents predicted even without a row (a model run over every text)."""
    texts = gold.texts
    by_sentence: dict[str, dict] = {}
    seen: dict[str, str] = {}
    rows_docs: list[str] = list(covered_doc_ids)
    found_format = "stances" if rows_docs else None
    for where, record in records:
        record_format = _format_of(record, where)
        if found_format is None:
            found_format = record_format
        elif record_format != found_format:
            raise PredictionsError(f"{where}: a {record_format} record in a file of {found_format} records")
        if record_format == "semeval22":
            checked = checked_sentence(record, where)
            if checked.sent_id not in texts:
                raise PredictionsError(f"{where}: unknown sent_id {short(checked.sent_id)} (the `ner` config's "
                                       "sentence_id column lists them)")
            if checked.sent_id in seen:
                raise PredictionsError(f"{where}: {checked.sent_id} is predicted twice (first at "
                                       f"{seen[checked.sent_id]})")
            if checked.text != texts[checked.sent_id]:
                raise PredictionsError(f"{where}: the text of {checked.sent_id} is not the sentence's (its tokens "
                                       f"joined by single spaces); first difference at character "
                                       f"{first_difference(checked.text, texts[checked.sent_id])}")
            seen[checked.sent_id] = where
            by_sentence[checked.sent_id] = record
        else:
            try:
                sent_id, opinion = gold.opinion_of(_stance_of_row(record, where))
            except ExportError as error:
                raise PredictionsError(f"{where}: {error}") from error
            by_sentence.setdefault(sent_id, {"sent_id": sent_id, "text": texts[sent_id], "opinions": []})
            by_sentence[sent_id]["opinions"].append(opinion)
            rows_docs.append(record["doc_id"])
    if found_format is None:
        raise PredictionsError(f"{source}: holds no predictions")
    if found_format == "semeval22":
        return _scoped(found_format, by_sentence, set(by_sentence), gold, source, partial, "sentences")
    return _scoped(found_format, by_sentence, set(rows_docs), gold, source, partial, "documents")


def run_stance_function(function: Callable[[str], Iterable[dict]], target: str, texts_by_doc: dict[str, str],
                        gold: StanceGold) -> tuple[StancePredictions, float]:
    """A python: callable from a document's text to stances rows (without doc_id; document offsets)
    run over every document, read like a rows file; and its seconds."""
    from nkru.evaluation.runners.python_runner import call_per_document

    results, seconds = call_per_document(function, target, {doc_id: (text,) for doc_id, text in texts_by_doc.items()})
    records = []
    for doc_id, rows in results.items():
        for number, row in enumerate(rows, start=1):
            where = f"python:{target}, {doc_id}, stance {number}"
            if not isinstance(row, dict):
                raise PredictionsError(f"{where}: expected a dict shaped like a stances row, found {short(row)}")
            records.append((where, {**row, "doc_id": doc_id}))
    return parse_stance_records(records, gold, f"python:{target}", covered_doc_ids=texts_by_doc), seconds


def _format_of(record: object, where: str) -> str:
    if not isinstance(record, dict):
        raise PredictionsError(f"{where}: expected a JSON object, found {type(record).__name__}")
    if "sent_id" in record:
        return "semeval22"
    if "cue_start" in record:
        return "stances"
    raise PredictionsError(f"{where}: expected a SemEval-2022 sentence record (sent_id, text, opinions) or a stances "
                           f"row (doc_id, cue_start, cue_end, target_start, target_end, polarity); found keys "
                           f"{short(sorted(map(str, record)))}")


def _stance_of_row(row: dict, where: str) -> Stance:
    doc_id = row.get("doc_id")
    if not isinstance(doc_id, str):
        raise PredictionsError(f"{where}: expected 'doc_id' to be a string, found {short(doc_id)}")
    offsets = {key: _offset(row, key, where) for key in ("cue_start", "cue_end", "target_start", "target_end")}
    holder = [row.get("holder_start"), row.get("holder_end")]
    if holder != [None, None]:
        holder = [_offset(row, "holder_start", where), _offset(row, "holder_end", where)]
    for role, (start, end) in (("cue", (offsets["cue_start"], offsets["cue_end"])),
                               ("target", (offsets["target_start"], offsets["target_end"])), ("holder", holder)):
        if start is not None and not start < end:
            raise PredictionsError(f"{where}: the {role} {start}:{end} is empty or reversed")
    polarity = row.get("polarity")
    if not isinstance(polarity, str) or polarity not in STANCE_POLARITIES:
        raise PredictionsError(f"{where}: expected 'polarity' to be one of {', '.join(STANCE_POLARITIES)}, found "
                               f"{short(polarity)}")
    stance_id = row.get("stance_id")
    if stance_id is not None and not isinstance(stance_id, str):
        raise PredictionsError(f"{where}: expected 'stance_id' to be a string or null, found {short(stance_id)}")
    return Stance(doc_id=doc_id, stance_id=stance_id, holder_start=holder[0], holder_end=holder[1], holder_text=None,
                  holder_entity_id=None, target_start=offsets["target_start"], target_end=offsets["target_end"],
                  target_text="", target_id=_optional_label(row, "target_id", STANCE_TARGET_IDS, where),
                  polarity=polarity, cue_start=offsets["cue_start"], cue_end=offsets["cue_end"], cue_text="",
                  attribution=_optional_label(row, "attribution", STANCE_ATTRIBUTIONS, where))


def _offset(row: dict, key: str, where: str) -> int:
    value = row.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise PredictionsError(f"{where}: expected {key!r} to be an offset (an integer from 0), found {short(value)}")
    return value


def _scoped(found_format: str, by_sentence: dict[str, dict], present: set[str], gold: StanceGold, source: str,
            partial: bool, unit: str) -> StancePredictions:
    expected = [record["sent_id"] for record in gold.records] if unit == "sentences" else list(
        dict.fromkeys(gold.doc_of_sentence.values()))
    missing = [key for key in expected if key not in present]
    if missing and not partial:
        listed = ", ".join(missing[:SHOWN_MISSING]) + (
            f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else "")
        raise PredictionsError(f"{source}: predicts nothing for {len(missing)} of {len(expected)} {unit} ({listed}); "
                               "pass --partial to score only those present")
    in_scope = [record for record in gold.records if (
        record["sent_id"] in present if unit == "sentences" else gold.doc_of_sentence[record["sent_id"]] in present)]
    records = [by_sentence.get(record["sent_id"], {**record, "opinions": []}) for record in in_scope]
    doc_ids = tuple(dict.fromkeys(gold.doc_of_sentence[record["sent_id"]] for record in in_scope))
    return StancePredictions(found_format, records, bool(missing), doc_ids)


def stance_prediction_lines(predictions: StancePredictions) -> list[str]:
    """The predictions as JSON Lines of SemEval sentence records, the form a stored run keeps."""
    return [json.dumps(record, ensure_ascii=False) for record in predictions.records]
