"""Every shipped table declared once, as plain data: the layers.

A layer is one config: its Parquet file, its row class (whose fields are the columns, in order,
each with its kind), its closed vocabularies, its id column and id prefix, the spans its rows
carry (with their roles), and the columns that link to other tables. The build, the loader, the
corpus reader, the checks, the exports, the viewer and the generated documentation all derive
from these declarations; `nkru.features` turns them into `datasets.Features`.

Nothing here imports anything beyond the standard library and nkru.errors, so that the command
line can read the configs' names without loading `datasets`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from nkru.errors import DeclarationError, UnknownConfigError

SPLIT = "test"

# Fine entity types (OntoNotes-like) and the CoNLL-4 type each maps to (ANNOTATION_SPEC.md §2).
COARSE_BY_ENTITY_LABEL: MappingProxyType[str, str] = MappingProxyType(
    {
        "PER": "PER",
        "ORG": "ORG",
        "GPE": "LOC",
        "LOC": "LOC",
        "FAC": "LOC",
        "NORP": "MISC",
        "EVENT": "MISC",
        "PRODUCT": "MISC",
        "WORK": "MISC",
    }
)
ENTITY_LABELS: tuple[str, ...] = tuple(COARSE_BY_ENTITY_LABEL)
COARSE_LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")

# IOB2 tag sets of the `ner` config, over the fine and the CoNLL-4 types.
OUTSIDE_TAG = "O"
NER_TAGS: tuple[str, ...] = (OUTSIDE_TAG, *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))
COARSE_NER_TAGS: tuple[str, ...] = (
    OUTSIDE_TAG, *(f"{prefix}-{label}" for label in COARSE_LABELS for prefix in ("B", "I")))

# TimeML TIMEX3 attributes (ANNOTATION_SPEC.md §3). `mod` is a closed string set, null when absent.
TIMEX_TYPES: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
TIMEX_FUNCTIONS: tuple[str, ...] = (
    "NONE", "CREATION_TIME", "EXPIRATION_TIME", "MODIFICATION_TIME", "PUBLICATION_TIME", "RELEASE_TIME",
    "RECEPTION_TIME",
)
TIMEX_MODS: tuple[str, ...] = (
    "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
    "EQUAL_OR_MORE", "START", "MID", "END", "APPROX",
)
# A timex's `anchor`: this value, the timex_id of another timex of the same document, or null.
DCT_ANCHOR = "dct"
# The document creation time is a TIMEX3 of its own (type DATE, value the document's `dct`,
# functionInDocument CREATION_TIME) with no span, so it is no row of the `dates` table: its id,
# `<doc_id>-t0`, is the documents table's `dct_timex_id`, and the timexes' `anchor_timex_id`,
# `begin_point` and `end_point` may name it. Its number has one digit, a timex row's three or more.
DCT_TIMEX_NUMBER = "t0"
# The rules a temporal function's value is computed by from its anchor's value (nkru.timex.VALUE_FUNCTIONS
# implements each): only those some expression of the corpus needs.
TIMEX_VALUE_FUNCTIONS: tuple[str, ...] = (
    "same_day", "weekday_before", "month_of_anchor_year", "anchor_month", "previous_month", "previous_season",
    "anchor_week", "anchor_weekend", "anchor_century", "past_ref", "present_ref",
)
# A SET's quantifier (TimeML `quant`); its `freq` is a count and a unit or X (`1X`, `2D`), held to
# nkru.timex.FREQUENCY.
TIMEX_QUANTS: tuple[str, ...] = ("EVERY", "EACH")


def dct_timex_id(doc_id: str) -> str:
    """The TIMEX3 id of a document's creation time."""
    return f"{doc_id}-{DCT_TIMEX_NUMBER}"

# Stance attributes (ANNOTATION_SPEC.md §4); the target ids are annotations/stance_targets.tsv's, in order.
STANCE_POLARITIES: tuple[str, ...] = ("FAVOR", "AGAINST", "NEUTRAL")
STANCE_ATTRIBUTIONS: tuple[str, ...] = ("AUTHOR", "REPORTED", "QUOTED")
STANCE_TARGET_IDS: tuple[str, ...] = (
    "russia_war_ukraine", "dprk_russia_military_cooperation", "dprk_russia_relations", "dprk_weapons_programme",
    "sanctions", "support_for_ukraine", "us_west_hegemony", "north_korean_regime", "other",
)

# A registry entity without an English Wikipedia article (ANNOTATION_SPEC.md §6).
NIL_TITLE = "NIL"

# Where the texts are, relative to the corpus root (the tables' files are declared with their layers).
TEXTS_DIR = "dataset/texts"
# Golden facts: the SHA-256 of the five source texts as received (../shared/seeds), by file name.
# `nkru validate` holds every document's text to one of them, so a text changed consistently in
# the text file, the table and documents.toml together is still caught.
PINNED_TEXT_SHA256: MappingProxyType[str, str] = MappingProxyType({
    "000_7bcf288dc2a0551b.txt": "fcb4219042c3ceea1e6c16a8be6d4e7a12531cbde90a3edc9e4cae1ef0c3b269",
    "001_3de3316c9cfa180a.txt": "5bc8241335679673c5eb97459f1d9ca287598a95de584873c730eeffbde1b7b8",
    "002_d8317d7c2a06040d.txt": "f70aa2433c8b0c412a022e2e9eab51acead89e8cee2d235129b447ab9e32bfa1",
    "003_2fee51698af4c477.txt": "80f65f728d60303c374aa7d72d9d8bdefcd63bd4800a8e4c9a5c34e23e3f8644",
    "004_3620be85bbcd42ef.txt": "5994fd914e405af04ff9461587915dec4d4a74b11fc6d7ec241507ff0c38aca6",
})


# The kinds of column.
@dataclass(frozen=True)
class Scalar:
    """A plain value: `dtype` is a `datasets.Value` dtype."""

    dtype: str


@dataclass(frozen=True)
class Labels:
    """A closed vocabulary stored as the index of a name (a `datasets.ClassLabel`)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    """A list of values of one kind, one list per row."""

    item: Scalar | Labels


STRING = Scalar("string")
INT32 = Scalar("int32")
BOOL = Scalar("bool")
ColumnKind = Scalar | Labels | ListOf


def column(kind: ColumnKind) -> Any:
    """A row class's field declaring one column of this kind."""
    return dataclasses.field(metadata={"kind": kind})


# The row classes: one per layer, its fields the table's columns in order. Rows read from a
# table hold label names; a stored index outside its label set is kept as the int it was, so
# that the inventory checks can report it.
@dataclass(slots=True)
class Document:
    """One source text with its creation time (dct) and the evidence for it."""

    doc_id: str = column(STRING)
    text: str = column(STRING)
    title: str | None = column(STRING)
    dct: str = column(STRING)
    dct_evidence: str = column(STRING)
    dct_header: str | None = column(STRING)
    source_file: str = column(STRING)
    sha256: str = column(STRING)
    char_count: int = column(INT32)
    dct_timex_id: str = column(STRING)


@dataclass(slots=True)
class Mention:
    """One entity mention of the flat layer, linked to its registry entity."""

    doc_id: str = column(STRING)
    mention_id: str = column(STRING)
    start: int = column(INT32)
    end: int = column(INT32)
    text: str = column(STRING)
    label: str = column(Labels(ENTITY_LABELS))
    coarse_label: str = column(Labels(COARSE_LABELS))
    entity_id: str = column(STRING)


@dataclass(slots=True)
class RegistryEntity:
    """One real-world entity; its surface forms, count and documents come from its mentions."""

    entity_id: str = column(STRING)
    canonical_name: str = column(STRING)
    label: str = column(Labels(ENTITY_LABELS))
    coarse_label: str = column(Labels(COARSE_LABELS))
    description: str = column(STRING)
    surface_forms: list[str] = column(ListOf(STRING))
    mention_count: int = column(INT32)
    doc_ids: list[str] = column(ListOf(STRING))
    # Its English Wikipedia article (ANNOTATION_SPEC.md §6): the title as in the article's address,
    # or NIL_TITLE; the address where the article (or a faithful copy) was read, null for NIL; how
    # the link was confirmed (for NIL, the searches run).
    wikipedia_title: str | None = column(STRING)  # null: the article could not be read (unconfirmed)
    wikipedia_address: str | None = column(STRING)
    link_evidence: str = column(STRING)


@dataclass(slots=True)
class Timex:
    """One TimeML TIMEX3 temporal expression."""

    doc_id: str = column(STRING)
    timex_id: str = column(STRING)
    start: int = column(INT32)
    end: int = column(INT32)
    text: str = column(STRING)
    type: str = column(Labels(TIMEX_TYPES))
    value: str = column(STRING)
    mod: str | None = column(STRING)
    function: str = column(Labels(TIMEX_FUNCTIONS))
    anchor: str | None = column(STRING)
    note: str | None = column(STRING)
    # TimeML attributes added after the columns above (ANNOTATION_GUIDELINES.md, "TimeML attributes").
    temporal_function: bool = column(BOOL)
    value_from_function: str | None = column(STRING)
    anchor_timex_id: str | None = column(STRING)
    begin_point: str | None = column(STRING)
    end_point: str | None = column(STRING)
    quant: str | None = column(STRING)
    freq: str | None = column(STRING)


@dataclass(slots=True)
class Stance:
    """One holder's evaluative position toward one target, carried by a cue; no holder is the author."""

    doc_id: str = column(STRING)
    stance_id: str = column(STRING)
    holder_start: int | None = column(INT32)
    holder_end: int | None = column(INT32)
    holder_text: str | None = column(STRING)
    holder_entity_id: str | None = column(STRING)
    target_start: int = column(INT32)
    target_end: int = column(INT32)
    target_text: str = column(STRING)
    target_id: str = column(Labels(STANCE_TARGET_IDS))
    polarity: str = column(Labels(STANCE_POLARITIES))
    cue_start: int = column(INT32)
    cue_end: int = column(INT32)
    cue_text: str = column(STRING)
    attribution: str = column(Labels(STANCE_ATTRIBUTIONS))


@dataclass(slots=True)
class StanceTarget:
    """One target of the closed stance-target inventory."""

    target_id: str = column(Labels(STANCE_TARGET_IDS))
    name: str = column(STRING)
    definition: str = column(STRING)
    example: str = column(STRING)
    stance_count: int = column(INT32)


@dataclass(slots=True)
class Sentence:
    """One sentence of the token-level `ner` config: tokens with document offsets and IOB2 tags."""

    doc_id: str = column(STRING)
    sentence_id: str = column(STRING)
    sentence_start: int = column(INT32)
    sentence_end: int = column(INT32)
    tokens: list[str] = column(ListOf(STRING))
    token_starts: list[int] = column(ListOf(INT32))
    token_ends: list[int] = column(ListOf(INT32))
    ner_tags: list[str] = column(ListOf(Labels(NER_TAGS)))
    coarse_ner_tags: list[str] = column(ListOf(Labels(COARSE_NER_TAGS)))


Row = Document | Mention | RegistryEntity | Timex | Stance | StanceTarget | Sentence


@dataclass(frozen=True)
class SpanRole:
    """A span a row carries: its offset and stored-text columns. An optional span is absent when
    all three are null."""

    role: str
    start: str
    end: str
    text: str
    optional: bool = False


@dataclass(frozen=True)
class Link:
    """A column holding ids of another layer's rows (null allowed when optional)."""

    column: str
    layer: str
    optional: bool = False


@dataclass(frozen=True)
class Layer:
    """One config, declared once.

    Ids: a layer with `id_prefix` numbers its rows within each document, as
    `<doc_id>-<id_prefix><three or more digits>`; one without names them by `id_pattern`, or (the
    stance targets) by a closed vocabulary. No two kinds of id can be equal: see ID_PREFIXES.
    """

    config: str
    title: str
    file: str
    row: type
    id_column: str
    id_prefix: str | None = None
    id_pattern: str | None = None
    id_form: str | None = None  # id_pattern in words, for the documentation
    spans: tuple[SpanRole, ...] = ()
    links: tuple[Link, ...] = ()
    # A sharded layer is stored one Parquet file per document, `<file>/<doc_id>.parquet`, so that
    # the folds (FOLD_CONFIGS) can name their documents' files without storing a row twice.
    sharded: bool = False
    # The columns whose values order the rows: within each document for a per-document layer
    # (whose documents come in the documents table's order), over the whole table otherwise. The
    # build writes rows in this order and numbers per-document ids along it.
    row_order: tuple[str, ...] = ()

    def shard(self, doc_id: str) -> str:
        """A sharded layer's file for one document, relative to the corpus root."""
        return f"{self.file}/{doc_id}.parquet"

    @property
    def data_glob(self) -> str:
        """Its Parquet file, or (sharded) the pattern that matches every shard."""
        return f"{self.file}/*.parquet" if self.sharded else self.file

    @functools.cached_property
    def required_columns(self) -> tuple[str, ...]:
        """The columns that must hold a value in every row (their row field is not `… | None`)."""
        return tuple(field.name for field in dataclasses.fields(self.row) if "None" not in str(field.type))

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(self.row))

    @functools.cached_property
    def kinds(self) -> MappingProxyType[str, ColumnKind]:
        """Column name -> its kind, in column order."""
        return MappingProxyType({field.name: field.metadata["kind"] for field in dataclasses.fields(self.row)})

    def labels(self, column: str) -> tuple[str, ...]:
        """The names of a label column (or of a list of labels)."""
        kind = self.kinds[column]
        kind = kind.item if isinstance(kind, ListOf) else kind
        if not isinstance(kind, Labels):
            raise DeclarationError(f"{self.config}.{column} is not a label column")
        return kind.names

    def row_id(self, doc_id: str, number: int) -> str:
        """The id of the `number`-th row (from 1) of a document in a per-document layer."""
        return f"{doc_id}-{self.id_prefix}{number:03d}"

    def id_regex(self) -> re.Pattern[str] | None:
        """What an id of this layer must match in full (a per-document id's document is its `doc_id`
        group); None for ids from a closed vocabulary."""
        if self.id_prefix is not None:
            return re.compile(rf"(?P<doc_id>.+)-{self.id_prefix}(?P<number>\d{{3,}})")
        return re.compile(self.id_pattern) if self.id_pattern is not None else None


DOC_LINK = Link("doc_id", "documents")
# Documents are named nkru-<number>; the number has three digits or more.
DOC_ID_PATTERN = r"nkru-\d{3,}"


def doc_order_key(doc_id) -> tuple:
    """Documents come in the order of their number (nkru-999 before nkru-1000, which a string sort
    would reverse); anything else after them."""
    match = re.fullmatch(r"nkru-(\d+)", doc_id) if isinstance(doc_id, str) else None
    return (0, int(match.group(1)), doc_id) if match else (1, 0, str(doc_id))

# Registry ids are lower-case words joined by underscores (sergei_shoigu, north_korea), never a
# stance target's id.
ENTITY_ID_PATTERN = rf"(?!(?:{'|'.join(STANCE_TARGET_IDS)})$)[a-z][a-z0-9_]*"

LAYERS: tuple[Layer, ...] = (
    Layer("documents", "Documents", "dataset/documents.parquet", Document, "doc_id", id_pattern=DOC_ID_PATTERN,
          id_form="`nkru-<number>`", row_order=("doc_id",)),
    Layer("entities", "Entity mentions", "annotations/entities.parquet", Mention, "mention_id", id_prefix="m",
          spans=(SpanRole("mention", "start", "end", "text"),),
          links=(DOC_LINK, Link("entity_id", "entity_registry")), row_order=("start", "end")),
    Layer("entity_registry", "Entity registry", "annotations/entity_registry.parquet", RegistryEntity, "entity_id",
          id_pattern=ENTITY_ID_PATTERN, id_form="lower-case words joined by `_`, never a stance target's id",
          row_order=("entity_id",)),
    Layer("dates", "Temporal expressions", "annotations/dates.parquet", Timex, "timex_id", id_prefix="t",
          spans=(SpanRole("timex", "start", "end", "text"),),
          links=(DOC_LINK, *(Link(column, "dates", optional=True)
                             for column in ("anchor", "anchor_timex_id", "begin_point", "end_point"))),
          row_order=("start", "end")),
    Layer("stances", "Stances", "annotations/stances.parquet", Stance, "stance_id", id_prefix="st",
          spans=(SpanRole("holder", "holder_start", "holder_end", "holder_text", optional=True),
                 SpanRole("target", "target_start", "target_end", "target_text"),
                 SpanRole("cue", "cue_start", "cue_end", "cue_text")),
          links=(DOC_LINK, Link("holder_entity_id", "entity_registry", optional=True),
                 Link("target_id", "stance_targets")), row_order=("cue_start", "target_start")),
    Layer("stance_targets", "Stance targets", "annotations/stance_targets.parquet", StanceTarget, "target_id"),
    Layer("ner", "Sentences with IOB2 tags", "annotations/ner", Sentence, "sentence_id", id_prefix="s",
          links=(DOC_LINK,), sharded=True, row_order=("sentence_start",)),
)

LAYER_BY_CONFIG: MappingProxyType[str, Layer] = MappingProxyType({layer.config: layer for layer in LAYERS})
CONFIGS: tuple[str, ...] = tuple(LAYER_BY_CONFIG)


def layer_of(config: str) -> Layer:
    """The layer of a config name, or UnknownConfigError naming the valid ones."""
    if config not in LAYER_BY_CONFIG:
        raise UnknownConfigError(f"unknown config {config!r}; valid configs: {', '.join(CONFIGS)}")
    return LAYER_BY_CONFIG[config]

# config name -> its Parquet file (a sharded layer: the pattern of its shards), relative to the corpus root.
CONFIG_FILES: MappingProxyType[str, str] = MappingProxyType({layer.config: layer.data_glob for layer in LAYERS})

# Leave-one-document-out folds over the token-level layer, for training code: fold k tests on the
# k-th document (in document order), validates on the next one and trains on the other three. A
# corpus of more documents is dealt into FOLD_COUNT groups (every fifth document, from the k-th),
# which for this corpus's five are its documents one by one. The folds are views of the `ner`
# shards, not layers: nothing is stored for them.
FOLD_LAYER = "ner"
FOLD_COUNT = 5
FOLD_CONFIGS: tuple[str, ...] = tuple(f"{FOLD_LAYER}_fold_{index}" for index in range(FOLD_COUNT))
FOLD_SPLITS: tuple[str, ...] = ("train", "validation", "test")
DEFAULT_CONFIG = "ner"


def fold_documents(fold: int, doc_ids: Sequence[str]) -> dict[str, list[str]]:
    """split -> documents of fold `fold`, in document order (doc_order_key)."""
    ordered = sorted(doc_ids, key=doc_order_key)
    if len(ordered) < FOLD_COUNT:
        raise DeclarationError(f"the {FOLD_COUNT} folds need {FOLD_COUNT} documents or more; the corpus has "
                               f"{len(ordered)}")
    test, validation = set(ordered[fold::FOLD_COUNT]), set(ordered[(fold + 1) % FOLD_COUNT::FOLD_COUNT])
    return {"train": [doc for doc in ordered if doc not in test | validation],
            "validation": [doc for doc in ordered if doc in validation], "test": [doc for doc in ordered if doc in test]}
# Layers whose rows carry spans over a document's text, in declaration order.
SPAN_LAYERS: tuple[Layer, ...] = tuple(layer for layer in LAYERS if layer.spans)

# Why no two kinds of id can be equal (tests/test_schema.py checks each premise): a document id
# has one hyphen; a per-document id is a document id, a hyphen, its layer's prefix (letters, a
# different one for each layer) and digits, so it has two hyphens and its last part names its
# layer; a registry id has no hyphen and is not a stance target's id; a stance target's id is one
# of STANCE_TARGET_IDS, none of which has a hyphen. A document's creation-time TIMEX3 id
# (`<doc_id>-t0`, dct_timex_id) has two hyphens and one digit after its prefix, where a per-document
# id has three or more.
ID_PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {layer.config: layer.id_prefix for layer in LAYERS if layer.id_prefix is not None})
