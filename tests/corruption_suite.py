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
import io
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from nkru.cli import main as nkru_main  # noqa: E402
from nkru.features import arrow_schema_of  # noqa: E402
from nkru.loader import load  # noqa: E402
from nkru.manifest import MANIFEST_FILE, parquet_files  # noqa: E402
from nkru.schema import (  # noqa: E402
    COARSE_BY_ENTITY_LABEL, COARSE_LABELS, CONFIG_FILES, ENTITY_LABELS, NER_TAGS, SPLIT, STANCE_POLARITIES,
    STANCE_TARGET_IDS, TEXTS_DIR, TIMEX_TYPES, layer_of,
)
from nkru.sources.review import EXCLUSIONS_FILE, LABEL_EXCEPTIONS_FILE, MODEL_PREDICTIONS_FILE  # noqa: E402
from nkru.timex import weekday_named  # noqa: E402

FINDING_CHECK = re.compile(r"\t\[(\w+)\] ")
# What `nkru validate` reads in a corpus directory.
REVIEW_FILES = (EXCLUSIONS_FILE, LABEL_EXCEPTIONS_FILE, MODEL_PREDICTIONS_FILE)
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


GENERATORS = (
    span_shifted, stored_text_changed, unknown_label, coarse_fine_mismatch, overlapping_mentions, duplicated_id,
    dangling_entity_id, registry_type_clash, missing_registry_row, annotated_form_dropped, timex_value_off_grammar,
    duration_date_mismatch, weekday_date_mismatch, dct_removed, holder_link_dangling, polarity_outside_the_set,
    target_outside_the_inventory, cue_outside_the_text, text_character_changed_in_table,
    text_character_changed_in_file, parquet_truncated, column_type_changed, config_file_missing,
    timex_anchor_dangling, ner_tag_changed, registry_form_dropped, unknown_timex_type,
)


def corruptions(shipped: Shipped, per_kind: int, seed: int) -> list[Corruption]:
    rng = random.Random(seed)
    return [corruption for generator in GENERATORS for corruption in generator(shipped, rng, per_kind)]


def validate_checks(root: Path, compare_manifest: bool = False) -> tuple[int, set[str]]:
    """Run `nkru validate [--no-manifest]` on `root`: its exit code and the checks its findings name."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = nkru_main(["validate", str(root), *([] if compare_manifest else ["--no-manifest"])])
    return code, set(FINDING_CHECK.findall(out.getvalue()))


def pristine_copy(shipped: Shipped, target: Path) -> Path:
    """Copy what `nkru validate` reads (tables, texts, review files, SHA256SUMS) to `target`."""
    texts = [f"{TEXTS_DIR}/{row['source_file']}" for row in shipped.tables["documents"]]
    for relative in (*parquet_files(shipped.root), *REVIEW_FILES, *texts, MANIFEST_FILE):
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
    lines.append(f"corruption suite: {caught}/{len(outcomes)} caught ({100 * caught / len(outcomes):.1f} %) "
                 f"over {len(by_kind)} kinds")
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
