"""The entity layer's review records, read by the validators.

annotations/entities/reviewed_exclusions.tsv: spans deliberately left unannotated (an occurrence
of an annotated surface form, or a model's prediction), as doc_id + quote + occurrence + reason.
annotations/entities/label_exceptions.tsv: surface forms allowed more than one label, with why.
annotations/shared_wikipedia_titles.tsv: Wikipedia titles that more than one registry entity links
to (an entity and its NORP adjective, both linking to a country), each with the exact set of
entities and the reason the guidelines give.
annotations/model_review/spacy_predictions.tsv: what spaCy's French pipelines predicted, stored so
that the recall review can be checked without installing spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as csv

from nkru.errors import SourceError
from nkru.sources.tsv import WHOLE_NUMBER, read_tsv, read_tsv_values

EXCLUSIONS_FILE = "annotations/entities/reviewed_exclusions.tsv"
EXCLUSION_COLUMNS = ["doc_id", "quote", "occurrence", "reason"]
LABEL_EXCEPTIONS_FILE = "annotations/entities/label_exceptions.tsv"
LABEL_EXCEPTION_COLUMNS = ["surface_form", "labels", "reason"]
SHARED_TITLES_FILE = "annotations/shared_wikipedia_titles.tsv"
SHARED_TITLE_COLUMNS = ["wikipedia_title", "entity_ids", "reason"]
MODEL_PREDICTIONS_FILE = "annotations/model_review/spacy_predictions.tsv"
MODEL_PREDICTION_COLUMNS = ["model", "model_version", "doc_id", "start", "end", "text", "label"]
OFFSET_COLUMNS = ("start", "end")


@dataclass(frozen=True)
class ReviewFiles:
    exclusions: list[dict]
    label_exceptions: dict[str, frozenset[str]]
    # wikipedia_title -> the entity ids allowed to share it
    shared_titles: dict[str, frozenset[str]]
    # One row per stored prediction, the columns of MODEL_PREDICTION_COLUMNS (start and end as int64).
    model_predictions: pa.Table


def read_review_files(corpus_root: Path) -> ReviewFiles:
    exceptions = read_tsv(corpus_root / LABEL_EXCEPTIONS_FILE, LABEL_EXCEPTION_COLUMNS)
    return ReviewFiles(
        exclusions=read_exclusions(corpus_root / EXCLUSIONS_FILE),
        label_exceptions={row["surface_form"]: frozenset(row["labels"].split(",")) for row in exceptions},
        shared_titles=read_shared_titles(corpus_root / SHARED_TITLES_FILE),
        model_predictions=read_model_predictions(corpus_root / MODEL_PREDICTIONS_FILE),
    )


def read_shared_titles(path: Path) -> dict[str, frozenset[str]]:
    """wikipedia_title -> the set of entity ids listed as sharing it (two or more, each title once)."""
    shared: dict[str, frozenset[str]] = {}
    for line_number, row in enumerate(read_tsv(path, SHARED_TITLE_COLUMNS), start=2):
        entity_ids = row["entity_ids"].split(",")
        if len(set(entity_ids)) < 2 or "" in entity_ids:
            raise SourceError(f"{path}:{line_number}: expected two or more distinct entity ids separated by commas, "
                              f"found {row['entity_ids']!r}")
        if row["wikipedia_title"] in shared:
            raise SourceError(f"{path}:{line_number}: {row['wikipedia_title']!r} is listed twice")
        shared[row["wikipedia_title"]] = frozenset(entity_ids)
    return shared


def read_exclusions(path: Path) -> list[dict]:
    """The reviewed exclusions; whether each points at an occurrence is the checks' to say, but its
    occurrence must be a number to point anywhere."""
    exclusions = read_tsv(path, EXCLUSION_COLUMNS)
    for line_number, row in enumerate(exclusions, start=2):
        if not WHOLE_NUMBER.fullmatch(row["occurrence"]):
            raise SourceError(f"{path}:{line_number}: expected the occurrence as a whole number, found "
                              f"{row['occurrence']!r}")
    return exclusions


def read_model_predictions(path: Path) -> pa.Table:
    """The stored predictions as an Arrow table: at x1000 the corpus (651,000 rows, a 49 MB file)
    they are judged column by column, and Python rows would cost seconds to make.

    Arrow's CSV reader parses a well-formed file several times faster than Python; a file it finds
    anything odd in is read again line by line, which names the bad line."""
    try:
        return _read_plain_model_predictions(path)
    except _NotPlain:
        return _read_model_predictions_by_line(path)


class _NotPlain(Exception):
    """The file is not a plain well-formed table (let the line-by-line reader say why)."""


def _read_plain_model_predictions(path: Path) -> pa.Table:
    try:
        table = csv.read_csv(
            path, read_options=csv.ReadOptions(use_threads=False),
            parse_options=csv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False, ignore_empty_lines=False),
            convert_options=csv.ConvertOptions(column_types=dict.fromkeys(MODEL_PREDICTION_COLUMNS, pa.string()),
                                               strings_can_be_null=False))
        names = table.column_names
    except (OSError, ValueError, pa.ArrowException) as error:  # ValueError: a header that is not UTF-8
        raise _NotPlain from error
    if names != MODEL_PREDICTION_COLUMNS or any(
            pc.any(pc.equal(pc.utf8_length(column), 0)).as_py() or pc.any(pc.match_substring(column, "\r")).as_py()
            for column in table.columns):
        raise _NotPlain
    if not all(pc.all(pc.match_substring_regex(table[name], "^[0-9]{1,9}$")).as_py() for name in OFFSET_COLUMNS):
        raise _NotPlain
    for name in OFFSET_COLUMNS:
        table = table.set_column(table.column_names.index(name), name, pc.cast(table[name], pa.int64()))
    return table.combine_chunks()


def _read_model_predictions_by_line(path: Path) -> pa.Table:
    columns = {name: [] for name in MODEL_PREDICTION_COLUMNS}
    for index, values in enumerate(read_tsv_values(path, MODEL_PREDICTION_COLUMNS)):
        row = dict(zip(MODEL_PREDICTION_COLUMNS, values))
        # isdecimal() and a length rather than WHOLE_NUMBER: four times faster, over 651,000 rows;
        # int() reads any decimal digits, but not 4,300 of them.
        if not all(row[name].isdecimal() and len(row[name]) <= 9 for name in OFFSET_COLUMNS):
            raise SourceError(f"{path}:{index + 2}: expected start and end as whole numbers of at most 9 "
                              f"digits, found {row['start']!r} and {row['end']!r}")
        for name in MODEL_PREDICTION_COLUMNS:
            columns[name].append(int(row[name]) if name in OFFSET_COLUMNS else row[name])
    return pa.table({name: pa.array(values, pa.int64() if name in OFFSET_COLUMNS else pa.string())
                     for name, values in columns.items()})
