"""Corrupted copies of the real corpus, of many kinds, each with the check that must catch it.

Every corruption edits a fresh copy of the shipped corpus directory (tables, texts, review
files) in one way, chosen at random but reproducibly (seeded) among the rows it can apply to;
`run_suite` then runs `nkru validate --no-manifest` on the copy and records whether a finding
names the expected check. Run it directly for the per-kind table:

    python tests/corruption_suite.py [--per-kind 14] [--seed 2023]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pyarrow.parquet as pq

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from nkru.cli import main as nkru_main  # noqa: E402
from nkru.features import arrow_schema_of, features_of  # noqa: E402
from nkru.loader import load  # noqa: E402
from nkru.manifest import MANIFEST_FILE, parquet_files, source_files  # noqa: E402
from nkru.schema import (  # noqa: E402
    COARSE_BY_ENTITY_LABEL, COARSE_LABELS, COARSE_NER_TAGS, CONFIG_FILES, ENTITY_LABELS, NER_TAGS, SPLIT, STANCE_POLARITIES,
    STANCE_TARGET_IDS, TEXTS_DIR, TIMEX_QUANTS, TIMEX_TYPES, TIMEX_VALUE_FUNCTIONS, dct_timex_id, layer_of,
)
from nkru.timex import calendar_interval, month_named, value_from_function, weekday_named  # noqa: E402

FINDING_CHECK = re.compile(r"\t\[(\w+)\] ")
CRASHED = -1  # the exit code recorded when validate ends in an exception
ID_COLUMNS = {"documents": "doc_id", "entities": "mention_id", "dates": "timex_id", "stances": "stance_id",
              "entity_registry": "entity_id"}
STANCE_ROLES = ("holder", "target", "cue")


@dataclass(frozen=True)
class Corruption:
    kind: str
    check: str          # the check whose finding must name this corruption
    what: str           # what was changed, for the report
    apply: Callable[[Path], None]


@dataclass(frozen=True)
class Shipped:
    """The real corpus, read once: every table as rows (ClassLabels as indexes) and the texts."""

    root: Path
    tables: dict[str, list[dict]]
    texts_by_doc: dict[str, str]

    @classmethod
    def read(cls, root: Path) -> Shipped:
        tables = {config: load(config, root)[SPLIT].to_list() for config in CONFIG_FILES}
        return cls(root, tables, {row["doc_id"]: row["text"] for row in tables["documents"]})


def write_table(root: Path, config: str, rows: list[dict]) -> None:
    """A config's rows written back; a sharded layer's as one file per document the rows name (a row
    whose doc_id was changed moves to that document's shard)."""
    schema, layer = arrow_schema_of(config), layer_of(config)
    if not layer.sharded:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), root / CONFIG_FILES[config])
        return
    shutil.rmtree(root / layer.file)
    (root / layer.file).mkdir()
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    for doc_id, doc_rows in by_doc.items():
        pq.write_table(pa.Table.from_pylist(doc_rows, schema=schema), root / layer.shard(doc_id))


def one_file_of(root: Path, config: str) -> Path:
    """A config's Parquet file, or the first shard of a sharded layer."""
    layer = layer_of(config)
    return root / (layer.shard(min(path.stem for path in (root / layer.file).glob("*.parquet"))) if layer.sharded
                   else layer.file)


def table_edit(shipped: Shipped, config: str, edit: Callable[[list[dict]], None]) -> Callable[[Path], None]:
    """An `apply` that rewrites one table of the copy after `edit` changed a deep copy of its rows."""
    def apply(root: Path) -> None:
        rows = copy.deepcopy(shipped.tables[config])
        edit(rows)
        write_table(root, config, rows)
    return apply


def row_index(rows: list[dict], column: str, value) -> int:
    return next(index for index, row in enumerate(rows) if row[column] == value)


def set_fields(config_rows_key: str, row_id: str, **changes) -> Callable[[list[dict]], None]:
    def edit(rows):
        rows[row_index(rows, config_rows_key, row_id)].update(changes)
    return edit


def spans(shipped: Shipped) -> Iterator[tuple[str, str, str, str, dict]]:
    """(config, id column, start column prefix, text column, row) for every span of every layer."""
    for row in shipped.tables["entities"]:
        yield "entities", "mention_id", "", "text", row
    for row in shipped.tables["dates"]:
        yield "dates", "timex_id", "", "text", row
    for row in shipped.tables["stances"]:
        for role in STANCE_ROLES:
            if row[f"{role}_start"] is not None:
                yield "stances", "stance_id", f"{role}_", f"{role}_text", row


def sample(rng: random.Random, items: list, count: int) -> list:
    return rng.sample(items, min(count, len(items)))


# Each generator yields up to `count` corruptions of one kind.

def span_shifted(shipped, rng, count):
    candidates = []
    for config, id_column, prefix, text_column, row in spans(shipped):
        text = shipped.texts_by_doc[row["doc_id"]]
        for delta in (-1, 1):
            start, end = row[f"{prefix}start"] + delta, row[f"{prefix}end"] + delta
            if 0 <= start and end <= len(text) and text[start:end] != row[text_column]:
                candidates.append((config, id_column, prefix, row, delta))
    for config, id_column, prefix, row, delta in sample(rng, candidates, count):
        changes = {f"{prefix}start": row[f"{prefix}start"] + delta, f"{prefix}end": row[f"{prefix}end"] + delta}
        yield Corruption("span shifted by ±1", "span_text", f"{row[id_column]} {prefix or 'span '}by {delta:+d}",
                         table_edit(shipped, config, set_fields(id_column, row[id_column], **changes)))


def stored_text_changed(shipped, rng, count):
    for config, id_column, prefix, text_column, row in sample(rng, list(spans(shipped)), count):
        stored = row[text_column]
        changed = stored[:-1] + ("x" if stored[-1] != "x" else "y")
        yield Corruption("stored span text changed", "span_text", f"{row[id_column]} {text_column} -> {changed!r}",
                         table_edit(shipped, config, set_fields(id_column, row[id_column], **{text_column: changed})))


def unknown_label(shipped, rng, count):
    for row in sample(rng, shipped.tables["entities"], count):
        label = rng.choice([-1, len(ENTITY_LABELS), len(ENTITY_LABELS) + rng.randrange(1, 50)])
        yield Corruption("unknown entity label", "entity_label_inventory", f"{row['mention_id']} label {label}",
                         table_edit(shipped, "entities", set_fields("mention_id", row["mention_id"], label=label)))


def coarse_fine_mismatch(shipped, rng, count):
    for row in sample(rng, shipped.tables["entities"], count):
        expected = COARSE_LABELS.index(COARSE_BY_ENTITY_LABEL[ENTITY_LABELS[row["label"]]])
        wrong = rng.choice([index for index in range(len(COARSE_LABELS)) if index != expected])
        yield Corruption("coarse/fine mismatch", "entity_coarse_mapping",
                         f"{row['mention_id']} {ENTITY_LABELS[row['label']]} with coarse {COARSE_LABELS[wrong]}",
                         table_edit(shipped, "entities", set_fields("mention_id", row["mention_id"], coarse_label=wrong)))


def overlapping_mentions(shipped, rng, count):
    mentions = shipped.tables["entities"]
    pairs = [(left, right) for left, right in zip(mentions, mentions[1:]) if left["doc_id"] == right["doc_id"]]
    for left, right in sample(rng, pairs, count):
        end = right["start"] + rng.randrange(1, right["end"] - right["start"] + 1)
        text = shipped.texts_by_doc[left["doc_id"]][left["start"]:end]
        yield Corruption("overlapping mentions", "entity_overlap",
                         f"{left['mention_id']} extended into {right['mention_id']}",
                         table_edit(shipped, "entities", set_fields("mention_id", left["mention_id"], end=end, text=text)))


def duplicated_id(shipped, rng, count):
    candidates = [(config, index) for config in ID_COLUMNS for index in range(1, len(shipped.tables[config]))]
    for config, index in sample(rng, candidates, count):
        column = ID_COLUMNS[config]
        other = rng.randrange(index)
        duplicate = shipped.tables[config][other][column]

        def edit(rows, index=index, column=column, duplicate=duplicate):
            rows[index][column] = duplicate
        yield Corruption("duplicated id", "unique_ids", f"{config} row {index} takes the {column} {duplicate}",
                         table_edit(shipped, config, edit))


def dangling_entity_id(shipped, rng, count):
    for number, row in enumerate(sample(rng, shipped.tables["entities"], count)):
        dangling = f"unregistered_entity_{number}"
        yield Corruption("dangling entity_id", "entity_registry_link", f"{row['mention_id']} -> {dangling}",
                         table_edit(shipped, "entities", set_fields("mention_id", row["mention_id"], entity_id=dangling)))


def registry_type_clash(shipped, rng, count):
    for entry in sample(rng, shipped.tables["entity_registry"], count):
        label = rng.choice([index for index in range(len(ENTITY_LABELS)) if index != entry["label"]])
        coarse = COARSE_LABELS.index(COARSE_BY_ENTITY_LABEL[ENTITY_LABELS[label]])
        yield Corruption("registry type clash", "entity_registry_link",
                         f"registry {entry['entity_id']} typed {ENTITY_LABELS[label]}",
                         table_edit(shipped, "entity_registry",
                                    set_fields("entity_id", entry["entity_id"], label=label, coarse_label=coarse)))


def missing_registry_row(shipped, rng, count):
    for entry in sample(rng, shipped.tables["entity_registry"], count):
        def edit(rows, entity_id=entry["entity_id"]):
            del rows[row_index(rows, "entity_id", entity_id)]
        yield Corruption("missing registry row", "entity_registry_link", f"registry row {entry['entity_id']} removed",
                         table_edit(shipped, "entity_registry", edit))


def annotated_form_dropped(shipped, rng, count):
    forms = Counter(row["text"] for row in shipped.tables["entities"])
    candidates = [row for row in shipped.tables["entities"] if forms[row["text"]] > 1]
    for row in sample(rng, candidates, count):
        def edit(rows, mention_id=row["mention_id"]):
            del rows[row_index(rows, "mention_id", mention_id)]
        yield Corruption("mention of an annotated surface form dropped", "surface_coverage",
                         f"{row['mention_id']} {row['text']!r} removed", table_edit(shipped, "entities", edit))


OFF_GRAMMAR_VALUES = ("2023-13", "2023-00", "2023-02-30", "2023-06-31", "2023-W54", "2023-W00", "yesterday",
                      "2023/07/28", "28-07-2023", "P3", "P1.5Y", "PT25X", "XXXX-XX-XX-XX", "2023-7-28", "", "T25:00",
                      "2023-07-28T", "FUTURE", "2023-SU-01", "P-3D")


def timex_value_off_grammar(shipped, rng, count):
    values = list(OFF_GRAMMAR_VALUES)
    rng.shuffle(values)
    for row, value in zip(sample(rng, shipped.tables["dates"], count), values):
        yield Corruption("TIMEX value off the grammar", "timex_value_grammar", f"{row['timex_id']} value {value!r}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], value=value)))


def duration_date_mismatch(shipped, rng, count):
    date, duration = TIMEX_TYPES.index("DATE"), TIMEX_TYPES.index("DURATION")
    candidates = [row for row in shipped.tables["dates"] if row["type"] in (date, duration)]
    for row in sample(rng, candidates, count):
        swapped = duration if row["type"] == date else date
        yield Corruption("DURATION/DATE mismatch", "timex_value_grammar",
                         f"{row['timex_id']} {row['value']} typed {TIMEX_TYPES[swapped]}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], type=swapped)))


def weekday_date_mismatch(shipped, rng, count):
    candidates = [(row, days) for row in shipped.tables["dates"]
                  if weekday_named(row["text"]) is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["value"])
                  for days in range(1, 7)]
    for row, days in sample(rng, candidates, count):
        value = (datetime.date.fromisoformat(row["value"]) + datetime.timedelta(days=days)).isoformat()
        yield Corruption("weekday/date mismatch", "timex_weekday", f"{row['timex_id']} {row['text']!r} -> {value}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], value=value)))


def dct_removed(shipped, rng, count):
    candidates = [(row, empty) for row in shipped.tables["documents"] for empty in (None, "")]
    for row, empty in sample(rng, candidates, count):
        # A null is a missing required value (table_values); an empty string is an invalid creation time.
        yield Corruption("dct removed", "table_values" if empty is None else "document_dct", f"{row['doc_id']} dct {empty!r}",
                         table_edit(shipped, "documents", set_fields("doc_id", row["doc_id"], dct=empty)))


def holder_link_dangling(shipped, rng, count):
    candidates = [row for row in shipped.tables["stances"] if row["holder_entity_id"] is not None]
    for number, row in enumerate(sample(rng, candidates, count)):
        yield Corruption("stance holder link dangling", "stance_holder_link",
                         f"{row['stance_id']} holder -> nobody_{number}",
                         table_edit(shipped, "stances",
                                    set_fields("stance_id", row["stance_id"], holder_entity_id=f"nobody_{number}")))


def polarity_outside_the_set(shipped, rng, count):
    for row in sample(rng, shipped.tables["stances"], count):
        polarity = rng.choice([-1, len(STANCE_POLARITIES), len(STANCE_POLARITIES) + rng.randrange(1, 20)])
        yield Corruption("polarity outside the set", "stance_inventory", f"{row['stance_id']} polarity {polarity}",
                         table_edit(shipped, "stances", set_fields("stance_id", row["stance_id"], polarity=polarity)))


def target_outside_the_inventory(shipped, rng, count):
    for row in sample(rng, shipped.tables["stances"], count):
        target = len(STANCE_TARGET_IDS) + rng.randrange(0, 20)
        yield Corruption("stance target outside the inventory", "stance_inventory", f"{row['stance_id']} target {target}",
                         table_edit(shipped, "stances", set_fields("stance_id", row["stance_id"], target_id=target)))


def cue_outside_the_text(shipped, rng, count):
    for row in sample(rng, shipped.tables["stances"], count):
        length = len(shipped.texts_by_doc[row["doc_id"]])
        if rng.random() < 0.5:
            changes = {"cue_end": length + rng.randrange(1, 100)}
        else:
            changes = {"cue_start": -rng.randrange(1, 100)}
        yield Corruption("cue outside the text", "span_offsets", f"{row['stance_id']} {changes}",
                         table_edit(shipped, "stances", set_fields("stance_id", row["stance_id"], **changes)))


def _changed_character(text: str, rng: random.Random) -> tuple[int, str]:
    position = rng.randrange(len(text))
    replacement = rng.choice([character for character in "aeiouxyzé0" if character != text[position]])
    return position, text[:position] + replacement + text[position + 1:]


def text_character_changed_in_table(shipped, rng, count):
    for _ in range(count):
        row = rng.choice(shipped.tables["documents"])
        position, text = _changed_character(row["text"], rng)
        yield Corruption("one character of a document text changed (table)", "document_sha256",
                         f"{row['doc_id']} character {position}",
                         table_edit(shipped, "documents", set_fields("doc_id", row["doc_id"], text=text)))


def text_character_changed_in_file(shipped, rng, count):
    for _ in range(count):
        row = rng.choice(shipped.tables["documents"])
        position, text = _changed_character(row["text"], rng)

        def apply(root, name=row["source_file"], text=text):
            (root / TEXTS_DIR / name).write_bytes(text.encode("utf-8"))
        yield Corruption("one character of a document text changed (file)", "document_text_file",
                         f"{row['source_file']} character {position}", apply)


def parquet_truncated(shipped, rng, count):
    candidates = [(config, cut) for config in CONFIG_FILES for cut in ("empty", "one byte", "half", "all but 1",
                                                                       "all but 8")]
    for config, cut in sample(rng, candidates, count):
        def apply(root, config=config, cut=cut):
            path = one_file_of(root, config)
            content = path.read_bytes()
            keep = {"empty": 0, "one byte": 1, "half": len(content) // 2, "all but 1": -1, "all but 8": -8}[cut]
            path.write_bytes(content[:keep])
        yield Corruption("Parquet file truncated", "table_readable", f"{CONFIG_FILES[config]} cut to {cut}", apply)


def _other_type(field: pa.Field) -> pa.DataType:
    if pa.types.is_integer(field.type):
        return pa.int64() if field.type != pa.int64() else pa.int32()
    if pa.types.is_string(field.type):
        return pa.large_string()
    return pa.string()  # lists


def column_type_changed(shipped, rng, count):
    candidates = [(config, field.name) for config in CONFIG_FILES for field in arrow_schema_of(config)]
    for config, column in sample(rng, candidates, count):
        def apply(root, config=config, column=column):
            path = one_file_of(root, config)
            table = pq.read_table(path)
            index = table.schema.get_field_index(column)
            target = _other_type(table.schema.field(index))
            values = table[column]
            converted = (pa.array([None if value is None else str(value) for value in values.to_pylist()], target)
                         if pa.types.is_list(values.type) else values.cast(target))
            pq.write_table(table.set_column(index, column, converted), path)
        yield Corruption("column type changed", "table_schema", f"{config}.{column}", apply)


def config_file_missing(shipped, rng, count):
    for config in sample(rng, list(CONFIG_FILES), count):
        def apply(root, config=config):
            path = root / layer_of(config).file
            shutil.rmtree(path) if layer_of(config).sharded else path.unlink()
        yield Corruption("config file missing", "table_present", CONFIG_FILES[config], apply)


def timex_anchor_dangling(shipped, rng, count):
    for row in sample(rng, shipped.tables["dates"], count):
        anchor = f"{row['doc_id']}-t9{rng.randrange(10, 99)}"
        yield Corruption("TIMEX anchor dangling", "timex_anchor", f"{row['timex_id']} anchor {anchor}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], anchor=anchor)))


def ner_tag_changed(shipped, rng, count):
    candidates = [(row["sentence_id"], index) for row in shipped.tables["ner"]
                  for index, tag in enumerate(row["ner_tags"]) if tag]
    for sentence_id, index in sample(rng, candidates, count):
        tag = rng.choice([0, *range(1, len(NER_TAGS))])

        def edit(rows, sentence_id=sentence_id, index=index, tag=tag):
            row = rows[row_index(rows, "sentence_id", sentence_id)]
            row["ner_tags"][index] = tag if tag != row["ner_tags"][index] else 0
        yield Corruption("IOB2 tag changed", "ner_matches_entities", f"{sentence_id} token {index}",
                         table_edit(shipped, "ner", edit))


def registry_form_dropped(shipped, rng, count):
    candidates = [(entry["entity_id"], form) for entry in shipped.tables["entity_registry"]
                  for form in entry["surface_forms"]]
    for entity_id, form in sample(rng, candidates, count):
        def edit(rows, entity_id=entity_id, form=form):
            rows[row_index(rows, "entity_id", entity_id)]["surface_forms"].remove(form)
        yield Corruption("registry surface form dropped", "registry_matches_mentions", f"{entity_id} {form!r}",
                         table_edit(shipped, "entity_registry", edit))


def unknown_timex_type(shipped, rng, count):
    for row in sample(rng, shipped.tables["dates"], count):
        timex_type = rng.choice([-1, len(TIMEX_TYPES), len(TIMEX_TYPES) + rng.randrange(1, 10)])
        yield Corruption("unknown TIMEX type", "timex_inventory", f"{row['timex_id']} type {timex_type}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], type=timex_type)))


# Kinds of issue 19: table structure, the token layer, text form, dates against their words,
# stance role spans, consistency of a surface form, leftovers of an interrupted build.

def _per_document(rows: list[dict]) -> dict[str, list[int]]:
    indexes: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        indexes[row["doc_id"]].append(index)
    return indexes


def rows_swapped(shipped, rng, count):
    candidates = [(config, indexes[position], indexes[position + 1]) for config in ("entities", "dates", "stances")
                  for indexes in _per_document(shipped.tables[config]).values() for position in range(len(indexes) - 1)]
    for config, first, second in sample(rng, candidates, count):
        def edit(rows, first=first, second=second):
            rows[first], rows[second] = rows[second], rows[first]
        yield Corruption("rows out of the build's order", "row_order", f"{config} rows {first} and {second} swapped",
                         table_edit(shipped, config, edit))


def sentences_reordered(shipped, rng, count):
    candidates = [(doc_id, indexes) for doc_id, indexes in _per_document(shipped.tables["ner"]).items()]
    for number in range(count):
        doc_id, indexes = rng.choice(candidates)
        first = rng.randrange(len(indexes) - 1)
        second = rng.randrange(first + 1, len(indexes))

        def edit(rows, first=indexes[first], second=indexes[second]):
            rows[first], rows[second] = rows[second], rows[first]
        yield Corruption("ner sentences out of order", "row_order", f"{doc_id} sentences {first + 1} and {second + 1} "
                         f"swapped (#{number})", table_edit(shipped, "ner", edit))


def id_names_another_document(shipped, rng, count):
    doc_ids = [row["doc_id"] for row in shipped.tables["documents"]]
    candidates = [(config, row) for config in ("entities", "dates", "stances") for row in shipped.tables[config]]
    for config, row in sample(rng, candidates, count):
        column = ID_COLUMNS[config]
        other = rng.choice([doc_id for doc_id in doc_ids if doc_id != row["doc_id"]])
        changed = other + row[column][len(row["doc_id"]):]
        yield Corruption("id naming another document", "id_format", f"{row[column]} -> {changed}",
                         table_edit(shipped, config, set_fields(column, row[column], **{column: changed})))


def required_value_nulled(shipped, rng, count):
    candidates = [(config, column) for config in CONFIG_FILES for column in layer_of(config).required_columns]
    for config, column in sample(rng, candidates, count):
        row = rng.randrange(len(shipped.tables[config]))

        def apply(root, config=config, column=column, row=row):
            path = one_file_of(root, config)
            table = pq.read_table(path)
            values = table[column].to_pylist()
            values[min(row, len(values) - 1)] = None
            index = table.schema.get_field_index(column)
            pq.write_table(table.set_column(index, table.schema.field(index),
                                            pa.array(values, table.schema.field(index).type)), path)
        yield Corruption("null in a required column", "table_values", f"{config}.{column} row {row}", apply)


def table_emptied(shipped, rng, count):
    for config in sample(rng, list(CONFIG_FILES), count):
        def apply(root, config=config):
            layer = layer_of(config)
            paths = sorted((root / layer.file).glob("*.parquet")) if layer.sharded else [root / layer.file]
            for path in paths:
                pq.write_table(pq.read_table(path).slice(0, 0), path)
        yield Corruption("every row of a table removed", "table_rows", CONFIG_FILES[config], apply)


def features_metadata_changed(shipped, rng, count):
    label_columns = [(config, name) for config in CONFIG_FILES
                     for name, feature in features_of(config).to_dict().items() if "ClassLabel" in json.dumps(feature)]
    changes = ("names reversed", "names rotated", "ClassLabel made a plain integer", "metadata removed")
    candidates = [(config, column, change) for config, column in label_columns for change in changes]
    for config, column, change in sample(rng, candidates, count):
        def apply(root, config=config, column=column, change=change):
            path = one_file_of(root, config)
            table = pq.read_table(path)
            if change == "metadata removed":
                pq.write_table(table.replace_schema_metadata(None), path)
                return
            metadata = json.loads(table.schema.metadata[b"huggingface"])
            feature = metadata["info"]["features"][column]
            feature = feature.get("feature", feature)  # a list of labels: its item
            if change == "names reversed":
                feature["names"].reverse()
            elif change == "names rotated":
                feature["names"].append(feature["names"].pop(0))
            else:
                feature.clear()
                feature.update({"dtype": "int64", "_type": "Value"})
            pq.write_table(table.replace_schema_metadata({b"huggingface": json.dumps(metadata).encode()}), path)
        yield Corruption("datasets features in the Parquet metadata changed", "table_metadata",
                         f"{config}.{column}: {change}", apply)


NER_LIST_COLUMNS = ("tokens", "token_starts", "token_ends", "ner_tags", "coarse_ner_tags")


def ner_tag_out_of_range(shipped, rng, count):
    candidates = [(row["sentence_id"], index, column) for row in shipped.tables["ner"]
                  for index in range(len(row["tokens"])) for column in ("ner_tags", "coarse_ner_tags")]
    for sentence_id, index, column in sample(rng, candidates, count):
        tag = rng.choice([-1, -7, 99, len(NER_TAGS) if column == "ner_tags" else 9])

        def edit(rows, sentence_id=sentence_id, index=index, column=column, tag=tag):
            rows[row_index(rows, "sentence_id", sentence_id)][column][index] = tag
        yield Corruption("IOB2 tag outside the label range", "ner_tags_wellformed",
                         f"{sentence_id} {column}[{index}] = {tag}", table_edit(shipped, "ner", edit))


def ner_inside_without_begin(shipped, rng, count):
    outside = NER_TAGS.index("O")
    candidates = [(row["sentence_id"], index) for row in shipped.tables["ner"]
                  for index, tag in enumerate(row["ner_tags"])
                  if tag == outside and (index == 0 or row["ner_tags"][index - 1] == outside)]
    inside_tags = [index for index, name in enumerate(NER_TAGS) if name.startswith("I-")]
    for sentence_id, index in sample(rng, candidates, count):
        tag = rng.choice(inside_tags)

        def edit(rows, sentence_id=sentence_id, index=index, tag=tag):
            row = rows[row_index(rows, "sentence_id", sentence_id)]
            row["ner_tags"][index] = tag
            row["coarse_ner_tags"][index] = COARSE_NER_TAGS.index(
                f"I-{COARSE_BY_ENTITY_LABEL[NER_TAGS[tag][2:]]}")
        yield Corruption("I- tag without its B-", "ner_tags_wellformed", f"{sentence_id} token {index} "
                         f"{NER_TAGS[tag]}", table_edit(shipped, "ner", edit))


def ner_tokens_damaged(shipped, rng, count):
    candidates = [(row["sentence_id"], index, damage) for row in shipped.tables["ner"]
                  for index in range(len(row["tokens"]) - 1) for damage in ("dropped", "merged", "swapped")]
    for sentence_id, index, damage in sample(rng, candidates, count):
        def edit(rows, sentence_id=sentence_id, index=index, damage=damage):
            row = rows[row_index(rows, "sentence_id", sentence_id)]
            if damage == "swapped":
                for column in ("tokens", "token_starts", "token_ends"):
                    row[column][index], row[column][index + 1] = row[column][index + 1], row[column][index]
                return
            if damage == "merged":
                row["token_ends"][index] = row["token_ends"][index + 1]
                row["tokens"][index] += row["tokens"][index + 1]
            for column in NER_LIST_COLUMNS:
                del row[column][index + 1]
        yield Corruption("token dropped, merged or swapped", "ner_tokenization", f"{sentence_id} token {index} {damage}",
                         table_edit(shipped, "ner", edit))


def ner_sentences_damaged(shipped, rng, count):
    candidates = [(row["sentence_id"], damage) for row in shipped.tables["ner"]
                  for damage in ("deleted", "start moved", "end moved")]
    for sentence_id, damage in sample(rng, candidates, count):
        def edit(rows, sentence_id=sentence_id, damage=damage):
            index = row_index(rows, "sentence_id", sentence_id)
            if damage == "deleted":
                del rows[index]
            else:
                rows[index]["sentence_start" if damage == "start moved" else "sentence_end"] += rng_delta(sentence_id)
        yield Corruption("sentence deleted or its offsets moved", "ner_tokenization", f"{sentence_id} {damage}",
                         table_edit(shipped, "ner", edit))


def rng_delta(seed: str) -> int:
    return random.Random(seed).choice([-2, -1, 1, 2])


def _retext(shipped: Shipped, doc_id: str, text: str) -> Callable[[Path], None]:
    """The document's text replaced consistently: its text file, and its row's text, checksum and length."""
    document = next(row for row in shipped.tables["documents"] if row["doc_id"] == doc_id)
    changes = {"text": text, "char_count": len(text), "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    edit_table = table_edit(shipped, "documents", set_fields("doc_id", doc_id, **changes))

    def apply(root):
        edit_table(root)
        (root / TEXTS_DIR / document["source_file"]).write_bytes(text.encode("utf-8"))
    return apply


def text_form_broken(shipped, rng, count):
    forms = ("byte-order mark", "carriage returns", "zero-width space", "decomposed (NFD) accents", "final newline",
             "soft hyphen", "word joiner")
    candidates = [(row["doc_id"], form) for row in shipped.tables["documents"] for form in forms]
    for doc_id, form in sample(rng, candidates, count):
        text = shipped.texts_by_doc[doc_id]
        if form == "byte-order mark":
            changed = "\ufeff" + text
        elif form == "carriage returns":
            changed = text.replace("\n", "\r\n")
        elif form == "decomposed (NFD) accents":
            changed = unicodedata.normalize("NFD", text)
        elif form == "final newline":
            changed = text + "\n"
        else:
            character = {"zero-width space": "\u200b", "soft hyphen": "\u00ad", "word joiner": "\u2060"}[form]
            position = rng.randrange(len(text))
            changed = text[:position] + character + text[position:]
        yield Corruption("BOM, CR, zero-width or NFD text introduced consistently", "document_text_form",
                         f"{doc_id}: {form}", _retext(shipped, doc_id, changed))


def text_changed_consistently(shipped, rng, count):
    for number in range(count):
        row = rng.choice(shipped.tables["documents"])
        text = row["text"]
        if number % 2:
            changed, what = text[:-1], "final character removed"
        else:
            position, changed = _changed_character(text, rng)
            what = f"character {position} changed"
        yield Corruption("text changed with its checksum", "document_text_pinned", f"{row['doc_id']}: {what} (#{number})",
                         _retext(shipped, row["doc_id"], changed))


def _written_value_contradiction(row: dict, rng: random.Random) -> str | None:
    """A value that contradicts a number, month or count the expression writes, or None."""
    text, value, timex_type = row["text"], row["value"], TIMEX_TYPES[row["type"]]
    if timex_type == "DURATION" and re.fullmatch(r"P\d+[YMWD]", value):
        return f"P{int(value[1:-1]) + rng.randrange(1, 5)}{value[-1]}"
    if timex_type == "DURATION" and re.fullmatch(r"PX[YMWD]", value):
        return f"P{rng.randrange(2, 9)}{value[-1]}"
    if timex_type != "DATE" or not re.match(r"\d{4}", value):
        return None
    if re.search(r"\b(1\d{3}|20\d{2})\b", text) and not re.fullmatch(r"\d{4}-\d{2}", text):
        return str(int(value[:4]) + rng.choice([-2, -1, 1, 2])) + value[4:]
    if month_named(text) is not None and len(value) >= 7:
        month = (int(value[5:7]) + rng.randrange(1, 11) - 1) % 12 + 1
        changed = f"{value[:5]}{month:02d}{value[7:]}"
        return changed if weekday_named(text) is None and changed[:7] != value[:7] else None
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{value[:5]}{int(value[5:7]) % 12 + 1:02d}"
    return None


def timex_value_against_its_words(shipped, rng, count):
    candidates = []
    for row in shipped.tables["dates"]:
        for attempt in range(3):
            value = _written_value_contradiction(row, random.Random(f"{row['timex_id']}{attempt}"))
            # Two attempts may contradict the words the same way: each value once.
            if value is not None and value != row["value"] and (row, value) not in candidates:
                candidates.append((row, value))
    for row, value in sample(rng, candidates, count):
        yield Corruption("TIMEX value contradicting its words", "timex_value_words",
                         f"{row['timex_id']} {row['text']!r} -> {value}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], value=value)))


def timex_repeated_or_nested(shipped, rng, count):
    for number, row in enumerate(sample(rng, shipped.tables["dates"], count)):
        text = shipped.texts_by_doc[row["doc_id"]]
        nested = number % 2 and row["end"] - row["start"] > 2

        def edit(rows, row=row, nested=nested):
            copy_row = dict(row, timex_id=f"{row['doc_id']}-t{900 + len(rows)}")
            if nested:
                copy_row.update(end=row["end"] - 1, text=text[row["start"]:row["end"] - 1])
            rows.insert(row_index(rows, "timex_id", row["timex_id"]) + 1, copy_row)
        yield Corruption("TIMEX repeated or nested", "timex_overlap",
                         f"{row['timex_id']} {'nested' if nested else 'repeated'}", table_edit(shipped, "dates", edit))


def anchors_in_a_cycle(shipped, rng, count):
    candidates = [(first, second) for indexes in _per_document(shipped.tables["dates"]).values()
                  for first in indexes for second in indexes if first < second]
    for first, second in sample(rng, candidates, count):
        one, other = shipped.tables["dates"][first]["timex_id"], shipped.tables["dates"][second]["timex_id"]

        def edit(rows, one=one, other=other):
            rows[row_index(rows, "timex_id", one)]["anchor"] = other
            rows[row_index(rows, "timex_id", other)]["anchor"] = one
        yield Corruption("TIMEX anchors in a cycle", "timex_anchor_cycle", f"{one} <-> {other}",
                         table_edit(shipped, "dates", edit))


def stance_role_spans_collide(shipped, rng, count):
    candidates = [(row, copied, onto) for row in shipped.tables["stances"]
                  for copied, onto in (("target", "holder"), ("cue", "holder"))]
    for row, copied, onto in sample(rng, candidates, count):
        changes = {f"{onto}_{part}": row[f"{copied}_{part}"] for part in ("start", "end", "text")}
        if onto == "holder":
            changes["holder_entity_id"] = None
            changes["attribution"] = row["attribution"] if row["holder_start"] is not None else 1
        yield Corruption("stance holder span equal to another role's", "stance_role_spans",
                         f"{row['stance_id']} {onto} := {copied}",
                         table_edit(shipped, "stances", set_fields("stance_id", row["stance_id"], **changes)))


def stance_target_elsewhere(shipped, rng, count):
    candidates = []
    for row in shipped.tables["stances"]:
        text = shipped.texts_by_doc[row["doc_id"]]
        for match in re.finditer(r"\b[A-ZÉ][\w-]{3,}", text):
            if "\n" in text[min(match.start(), row["cue_start"]):max(match.start(), row["cue_start"])]:
                candidates.append((row, match.start(), match.end(), match.group()))
    for row, start, end, word in sample(rng, candidates, count):
        yield Corruption("stance target in another paragraph", "stance_paragraphs",
                         f"{row['stance_id']} target -> {word!r} at {start}",
                         table_edit(shipped, "stances", set_fields("stance_id", row["stance_id"], target_start=start,
                                                                   target_end=end, target_text=word)))


def stance_holder_far_from_the_cue(shipped, rng, count):
    candidates = []
    for row in shipped.tables["stances"]:
        if row["holder_start"] is None:
            continue
        text = shipped.texts_by_doc[row["doc_id"]]
        # a capitalised word with at least two sentence ends between it and the cue
        for match in re.finditer(r"\b[A-ZÉ][\w-]{3,}", text[:row["cue_start"]]):
            if len(re.findall(r"[.!?]\s+[A-ZÉ«]", text[match.end():row["cue_start"]])) >= 3:
                candidates.append((row, match.start(), match.end(), match.group()))
    for row, start, end, word in sample(rng, candidates, count):
        yield Corruption("stance holder far from the cue", "stance_holder_sentence",
                         f"{row['stance_id']} holder -> {word!r} at {start}",
                         table_edit(shipped, "stances", set_fields(
                             "stance_id", row["stance_id"], holder_start=start, holder_end=end, holder_text=word,
                             holder_entity_id=None)))


def mention_relinked(shipped, rng, count):
    by_label = defaultdict(list)
    for entry in shipped.tables["entity_registry"]:
        by_label[entry["label"]].append(entry["entity_id"])
    forms = Counter(row["text"] for row in shipped.tables["entities"])
    candidates = [row for row in shipped.tables["entities"] if forms[row["text"]] > 1 and len(by_label[row["label"]]) > 1]
    for row in sample(rng, candidates, count):
        other = rng.choice([entity_id for entity_id in by_label[row["label"]] if entity_id != row["entity_id"]])
        yield Corruption("one occurrence of a form linked to another entity", "surface_entity_consistency",
                         f"{row['mention_id']} {row['text']!r} -> {other}",
                         table_edit(shipped, "entities", set_fields("mention_id", row["mention_id"], entity_id=other)))


def extent_swallows_punctuation(shipped, rng, count):
    candidates = []
    for config, id_column, prefix, text_column, row in spans(shipped):
        text = shipped.texts_by_doc[row["doc_id"]]
        end = row[f"{prefix}end"]
        if end < len(text) and unicodedata.category(text[end]).startswith("P") and text[end] not in "»”\")]":
            candidates.append((config, id_column, prefix, text_column, row))
    for config, id_column, prefix, text_column, row in sample(rng, candidates, count):
        end = row[f"{prefix}end"] + 1
        text = shipped.texts_by_doc[row["doc_id"]][row[f"{prefix}start"]:end]
        yield Corruption("extent swallowing punctuation", "span_edge_punctuation", f"{row[id_column]} -> {text!r}",
                         table_edit(shipped, config, set_fields(id_column, row[id_column],
                                                                **{f"{prefix}end": end, text_column: text})))


def source_edited_not_rebuilt(shipped, rng, count):
    edits = ("a line appended", "a line deleted", "a character changed", "two lines swapped")
    candidates = [(relative, edit) for relative in source_files(shipped.root) for edit in edits]
    for relative, edit in sample(rng, candidates, count):
        seed = f"{relative}{edit}"

        def apply(root, relative=relative, edit=edit, seed=seed):
            path = root / relative
            lines = path.read_text(encoding="utf-8").split("\n")
            chooser = random.Random(seed)
            line = chooser.randrange(1, max(2, len(lines) - 1))
            if edit == "a line appended":
                lines.append(lines[line])
            elif edit == "a line deleted":
                del lines[line]
            elif edit == "two lines swapped":
                lines[line], lines[line - 1] = lines[line - 1], lines[line]
                lines.append("")  # so that swapping two equal lines still changes the file
            else:
                lines[line] = lines[line][:-1] + ("x" if lines[line][-1:] != "x" else "y")
            path.write_text("\n".join(lines), encoding="utf-8")
        yield Corruption("source edited and not rebuilt", "sources_in_sync", f"{relative}: {edit}", apply)


def build_interrupted(shipped, rng, count):
    """What a build killed midway leaves (nkru.atomic): its staging folder, committed or not, or a
    writer's temporary file or folder beside the corpus files."""
    leftovers = [(".nkru-build", state) for state in ("uncommitted", "committed")] + [
        (folder, kind) for folder in (".", "dataset", "annotations", "annotations/ner")
        for kind in ("temporary file", "temporary folder", "retired folder")]
    for folder, kind in sample(rng, leftovers, count):
        def apply(root, folder=folder, kind=kind):
            if kind in ("uncommitted", "committed"):
                staged = root / folder / "staged/annotations"
                staged.mkdir(parents=True)
                shutil.copy2(root / CONFIG_FILES["entities"], staged / "entities.parquet")
                if kind == "committed":
                    (root / folder / "COMMITTED").write_text("annotations/entities.parquet\n", encoding="utf-8")
            elif kind == "temporary file":
                (root / folder / ".entities.parquet.k3j9x_2a").write_bytes(b"PAR1")
            elif kind == "temporary folder":
                (root / folder / ".ner.ab12cd34").mkdir()
            else:
                (root / folder / ".ner.old").mkdir()
        yield Corruption("leftovers of an interrupted build", "build_leftovers", f"{folder}: {kind}", apply)


# The TimeML attributes (issue 20).
DURATION, SET = TIMEX_TYPES.index("DURATION"), TIMEX_TYPES.index("SET")


def _point_values(shipped: Shipped) -> dict[str, str]:
    values = {dct_timex_id(row["doc_id"]): row["dct"] for row in shipped.tables["documents"]}
    values.update((row["timex_id"], row["value"]) for row in shipped.tables["dates"])
    return values


def dct_timex_id_changed(shipped, rng, count):
    candidates = [(row, other) for row in shipped.tables["documents"]
                  for other in (f"{row['doc_id']}-t000", f"{row['doc_id']}-t1", "t0", row["doc_id"],
                                *(dct_timex_id(doc["doc_id"]) for doc in shipped.tables["documents"] if doc is not row))]
    for row, other in sample(rng, candidates, count):
        yield Corruption("dct TIMEX3 id changed", "document_dct_timex_id", f"{row['doc_id']} -> {other}",
                         table_edit(shipped, "documents", set_fields("doc_id", row["doc_id"], dct_timex_id=other)))


def temporal_function_flipped(shipped, rng, count):
    for row in sample(rng, shipped.tables["dates"], count):
        flipped = not row["temporal_function"]
        yield Corruption("TIMEX temporal_function flipped", "timex_temporal_function",
                         f"{row['timex_id']} {row['text']!r} -> {flipped}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], temporal_function=flipped)))


def value_function_changed(shipped, rng, count):
    """Another rule where one computes a value it does not give; a rule where none belongs; no rule
    where one belongs."""
    values, candidates = _point_values(shipped), []
    for row in shipped.tables["dates"]:
        if not row["temporal_function"]:
            candidates += [(row, rule) for rule in TIMEX_VALUE_FUNCTIONS]
            continue
        candidates.append((row, None))
        anchor_value = values[row["anchor_timex_id"]]
        candidates += [(row, rule) for rule in TIMEX_VALUE_FUNCTIONS
                       if value_from_function(rule, anchor_value, row["text"]) != row["value"]]
    for row, rule in sample(rng, candidates, count):
        yield Corruption("TIMEX value_from_function changed", "timex_value_from_function",
                         f"{row['timex_id']} {row['text']!r} {row['value_from_function']} -> {rule}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], value_from_function=rule)))


def timex_point_dangling(shipped, rng, count):
    documents = [row["doc_id"] for row in shipped.tables["documents"]]
    candidates = [(row, column, target) for row in shipped.tables["dates"]
                  for column in ("anchor_timex_id", "begin_point", "end_point")
                  for target in (f"{row['doc_id']}-t9{len(row['text']):02d}", row["timex_id"],
                                 *(dct_timex_id(doc) for doc in documents if doc != row["doc_id"]))]
    for row, column, target in sample(rng, candidates, count):
        yield Corruption("TIMEX anchor or point naming no timex of its document", "timex_point_ids",
                         f"{row['timex_id']} {column} -> {target}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], **{column: target})))


def timex_points_out_of_order(shipped, rng, count):
    """A duration given a begin point after its end point, or a point off the calendar; a date given a point."""
    values, by_doc = _point_values(shipped), defaultdict(list)
    for row in shipped.tables["dates"]:
        by_doc[row["doc_id"]].append(row["timex_id"])
    candidates = []
    for row in shipped.tables["dates"]:
        points = [dct_timex_id(row["doc_id"]), *by_doc[row["doc_id"]]]
        if row["type"] != DURATION:
            candidates.append((row, {"end_point": dct_timex_id(row["doc_id"])}))
            continue
        for begin in points:
            for end in points:
                begin_span, end_span = calendar_interval(values[begin]), calendar_interval(values[end])
                if row["timex_id"] in (begin, end) or values[end] == row["value"]:
                    continue
                if begin_span is None or (end_span and not (begin_span[0] <= end_span[0] and begin_span[1] <= end_span[1])):
                    candidates.append((row, {"begin_point": begin, "end_point": end}))
    for row, points in sample(rng, candidates, count):
        yield Corruption("TIMEX begin/end points out of order, off the calendar or off a duration", "timex_point_order",
                         f"{row['timex_id']} {points}", table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"],
                                                                                                 **points)))


def timex_points_in_a_cycle(shipped, rng, count):
    """A duration bounded by a timex that is anchored to the duration."""
    candidates = [(shipped.tables["dates"][first], shipped.tables["dates"][second], column)
                  for indexes in _per_document(shipped.tables["dates"]).values()
                  for first in indexes if shipped.tables["dates"][first]["type"] == DURATION
                  for second in indexes if second != first for column in ("begin_point", "end_point")]
    for duration, other, column in sample(rng, candidates, count):
        def edit(rows, duration=duration["timex_id"], other=other["timex_id"], column=column):
            rows[row_index(rows, "timex_id", duration)][column] = other
            rows[row_index(rows, "timex_id", other)]["anchor_timex_id"] = duration
        yield Corruption("TIMEX points in a cycle", "timex_anchor_cycle",
                         f"{duration['timex_id']} {column} <-> {other['timex_id']}", table_edit(shipped, "dates", edit))


def set_attributes_misplaced(shipped, rng, count):
    """quant or freq on a timex that is no SET, or malformed on one made a SET."""
    candidates = [(row, changes) for row in shipped.tables["dates"] for changes in (
        {"quant": TIMEX_QUANTS[len(row["text"]) % len(TIMEX_QUANTS)]}, {"freq": "1X"},
        *([{"type": SET, "quant": "EVERY", "freq": "twice"}, {"type": SET, "quant": "every", "freq": "2D"},
           {"type": SET, "quant": "EACH", "freq": "X2"}] if row["type"] == DURATION else []))]
    for row, changes in sample(rng, candidates, count):
        yield Corruption("TIMEX quant/freq off a SET or malformed", "timex_set_attributes", f"{row['timex_id']} {changes}",
                         table_edit(shipped, "dates", set_fields("timex_id", row["timex_id"], **changes)))
# Ways to spoil a registry title, each of which yields no title an English Wikipedia address shows.
TITLE_DAMAGES = {
    "space for '_'": lambda title: title.replace("_", " ") if "_" in title else f"{title} (disambiguation)",
    "section anchor": lambda title: f"{title}#History",
    "wiki markup": lambda title: f"[[{title}]]",
    "percent-encoded": lambda title: f"{title}%C3%A9",
    "lower-case first letter": lambda title: title[0].lower() + title[1:],
    "left UNDECIDED": lambda title: "UNDECIDED",
    "pipe alternative": lambda title: f"{title}|{title}",
}


def _linkable_title(entry: dict) -> str:
    """The entry's title, or for a NIL one made from its id (Sergei_Shoigu from sergei_shoigu)."""
    if entry["wikipedia_title"] not in ("NIL", None):
        return entry["wikipedia_title"]
    return "_".join(part.capitalize() for part in entry["entity_id"].split("_"))


def wikipedia_title_malformed(shipped, rng, count):
    candidates = [(entry, damage) for entry in shipped.tables["entity_registry"] for damage, spoil in TITLE_DAMAGES.items()
                  if spoil(_linkable_title(entry)) != _linkable_title(entry)
                  and not (damage == "lower-case first letter" and not _linkable_title(entry)[0].isupper())]
    for entry, damage in sample(rng, candidates, count):
        title = TITLE_DAMAGES[damage](_linkable_title(entry))
        address = entry["wikipedia_address"] or f"https://en.wikipedia.org/wiki/{_linkable_title(entry)}"
        yield Corruption("Wikipedia title malformed", "wikipedia_title_form", f"{entry['entity_id']}: {damage}",
                         table_edit(shipped, "entity_registry", set_fields("entity_id", entry["entity_id"],
                                                                           wikipedia_title=title,
                                                                           wikipedia_address=address)))


ADDRESS_DAMAGES = ("removed", "over ftp", "without a scheme", "with a space", "host without a dot")


def wikipedia_address_wrong(shipped, rng, count):
    candidates = [(entry, damage) for entry in shipped.tables["entity_registry"]
                  for damage in (ADDRESS_DAMAGES if entry["wikipedia_title"] not in ("NIL", None)
                                 else ("given to a NIL or an unconfirmed entity",))]
    for entry, damage in sample(rng, candidates, count):
        article = f"https://en.wikipedia.org/wiki/{_linkable_title(entry)}"
        address = {"removed": None, "over ftp": article.replace("https://", "ftp://"),
                   "without a scheme": article.removeprefix("https://"), "with a space": article + " (copy)",
                   "host without a dot": f"https://wikipedia/wiki/{_linkable_title(entry)}",
                   "given to a NIL or an unconfirmed entity": article}[damage]
        yield Corruption("Wikipedia address missing, malformed or on a NIL", "wikipedia_address_form",
                         f"{entry['entity_id']}: {damage}",
                         table_edit(shipped, "entity_registry", set_fields("entity_id", entry["entity_id"],
                                                                           wikipedia_address=address)))


EVIDENCE_DAMAGES = ("emptied", "blank", "NIL with a bare verdict", "unconfirmed with a bare verdict")


def link_evidence_missing(shipped, rng, count):
    candidates = [(entry, damage) for entry in shipped.tables["entity_registry"] for damage in EVIDENCE_DAMAGES]
    for entry, damage in sample(rng, candidates, count):
        changes = {"emptied": {"link_evidence": ""}, "blank": {"link_evidence": " \u00a0 "},
                   "NIL with a bare verdict": {"wikipedia_title": "NIL", "wikipedia_address": None,
                                               "link_evidence": "No English Wikipedia article found."},
                   "unconfirmed with a bare verdict": {"wikipedia_title": None, "wikipedia_address": None,
                                                       "link_evidence": "The article could not be read."}}[damage]
        yield Corruption("link evidence missing or a bare NIL verdict", "link_evidence_recorded",
                         f"{entry['entity_id']}: {damage}",
                         table_edit(shipped, "entity_registry", set_fields("entity_id", entry["entity_id"], **changes)))


def wikipedia_title_shared_unlisted(shipped, rng, count):
    registry = shipped.tables["entity_registry"]
    candidates = [(first, second) for first in registry for second in registry
                  if first["entity_id"] != second["entity_id"]
                  and _linkable_title(first) != second["wikipedia_title"]]
    for first, second in sample(rng, candidates, count):
        title = _linkable_title(first)
        address = first["wikipedia_address"] or f"https://en.wikipedia.org/wiki/{title}"

        def edit(rows, first_id=first["entity_id"], second_id=second["entity_id"], title=title, address=address):
            for entity_id in (first_id, second_id):
                rows[row_index(rows, "entity_id", entity_id)].update(wikipedia_title=title, wikipedia_address=address)
        yield Corruption("two entities linked to one title, unlisted", "wikipedia_title_shared",
                         f"{second['entity_id']} -> {title} of {first['entity_id']}",
                         table_edit(shipped, "entity_registry", edit))


def entity_linked_twice(shipped, rng, count):
    registry = shipped.tables["entity_registry"]
    for entry in sample(rng, registry, count):
        other = rng.choice([row for row in registry if _linkable_title(row) != _linkable_title(entry)])

        def edit(rows, entity_id=entry["entity_id"], other=other):
            index = row_index(rows, "entity_id", entity_id)
            rows.insert(index + 1, {**rows[index], "wikipedia_title": _linkable_title(other),
                                    "wikipedia_address": f"https://en.wikipedia.org/wiki/{_linkable_title(other)}"})
        yield Corruption("registry row repeated with another title", "unique_ids",
                         f"{entry['entity_id']} also -> {_linkable_title(other)}",
                         table_edit(shipped, "entity_registry", edit))


GENERATORS = (
    span_shifted, stored_text_changed, unknown_label, coarse_fine_mismatch, overlapping_mentions, duplicated_id,
    dangling_entity_id, registry_type_clash, missing_registry_row, annotated_form_dropped, timex_value_off_grammar,
    duration_date_mismatch, weekday_date_mismatch, dct_removed, holder_link_dangling, polarity_outside_the_set,
    target_outside_the_inventory, cue_outside_the_text, text_character_changed_in_table,
    text_character_changed_in_file, parquet_truncated, column_type_changed, config_file_missing,
    timex_anchor_dangling, ner_tag_changed, registry_form_dropped, unknown_timex_type,
    rows_swapped, sentences_reordered, id_names_another_document, required_value_nulled, table_emptied,
    features_metadata_changed, ner_tag_out_of_range, ner_inside_without_begin, ner_tokens_damaged,
    ner_sentences_damaged, text_form_broken, text_changed_consistently, timex_value_against_its_words,
    timex_repeated_or_nested, anchors_in_a_cycle, stance_role_spans_collide, stance_target_elsewhere,
    stance_holder_far_from_the_cue,
    mention_relinked, extent_swallows_punctuation, source_edited_not_rebuilt, build_interrupted,
    dct_timex_id_changed, temporal_function_flipped, value_function_changed, timex_point_dangling,
    timex_points_out_of_order, timex_points_in_a_cycle, set_attributes_misplaced,
    wikipedia_title_malformed, wikipedia_address_wrong, link_evidence_missing, wikipedia_title_shared_unlisted,
    entity_linked_twice,
)


def corruptions(shipped: Shipped, per_kind: int, seed: int) -> list[Corruption]:
    rng = random.Random(seed)
    return [corruption for generator in GENERATORS for corruption in generator(shipped, rng, per_kind)]


def validate_checks(root: Path, compare_manifest: bool = False) -> tuple[int, set[str]]:
    """Run `nkru validate [--no-manifest]` on `root`: its exit code and the checks its findings name."""
    out, err = io.StringIO(), io.StringIO()
    try:
        # NKRU_DEBUG: an unexpected exception propagates instead of ending in nkru's one-line report.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                mock.patch.dict(os.environ, {"NKRU_DEBUG": "1"}):
            code = nkru_main(["validate", str(root), *([] if compare_manifest else ["--no-manifest"])])
    except Exception as error:  # a crash is an outcome to report, not the end of the suite
        return CRASHED, {f"{type(error).__name__}: {error}"}
    return code, set(FINDING_CHECK.findall(out.getvalue()))


def pristine_copy(shipped: Shipped, target: Path) -> Path:
    """Copy what `nkru validate` reads (tables, texts, editable sources, SHA256SUMS) to `target`."""
    texts = [f"{TEXTS_DIR}/{row['source_file']}" for row in shipped.tables["documents"]]
    for relative in (*parquet_files(shipped.root), *source_files(shipped.root), *texts, MANIFEST_FILE):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(shipped.root / relative, target / relative)
    return target


@dataclass(frozen=True)
class Outcome:
    corruption: Corruption
    exit_code: int
    checks: frozenset[str]

    @property
    def caught(self) -> bool:
        return self.exit_code == 1 and self.corruption.check in self.checks


def run_suite(shipped: Shipped, selected: list[Corruption], compare_manifest: bool = False) -> list[Outcome]:
    """Apply each corruption to its own fresh copy and validate it."""
    with tempfile.TemporaryDirectory() as temporary:
        pristine = pristine_copy(shipped, Path(temporary) / "pristine")
        outcomes = []
        for number, corruption in enumerate(selected):
            copy_root = Path(temporary) / f"copy-{number:04d}"
            shutil.copytree(pristine, copy_root)
            corruption.apply(copy_root)
            code, checks = validate_checks(copy_root, compare_manifest)
            outcomes.append(Outcome(corruption, code, frozenset(checks)))
            shutil.rmtree(copy_root)
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.corruption.kind].append(outcome)
    width = max(len(kind) for kind in by_kind)
    lines = [f"{'kind':<{width}}  check                      caught/total"]
    for kind, kind_outcomes in by_kind.items():
        caught = sum(outcome.caught for outcome in kind_outcomes)
        lines.append(f"{kind:<{width}}  {kind_outcomes[0].corruption.check:<26} {caught}/{len(kind_outcomes)}")
    caught = sum(outcome.caught for outcome in outcomes)
    crashed = sum(outcome.exit_code == CRASHED for outcome in outcomes)
    lines.append(f"corruption suite: {caught}/{len(outcomes)} caught ({100 * caught / len(outcomes):.1f} %) "
                 f"over {len(by_kind)} kinds, {crashed} crashed")
    for outcome in outcomes:
        if not outcome.caught:
            lines.append(f"MISSED {outcome.corruption.kind}: {outcome.corruption.what} "
                         f"(exit {outcome.exit_code}, checks {sorted(outcome.checks)})")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=14)
    parser.add_argument("--seed", type=int, default=2023)
    arguments = parser.parse_args()
    started = time.perf_counter()
    shipped = Shipped.read(CHECKOUT)
    outcomes = run_suite(shipped, corruptions(shipped, arguments.per_kind, arguments.seed))
    print(report(outcomes))
    print(f"{time.perf_counter() - started:.1f} s")
    return 0 if all(outcome.caught for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
