"""Every shipped table's schema, declared once.

The builder writes these features into the Parquet files, the loader casts to them, the dataset
card's YAML is generated from them and the tests compare all three. Nothing here imports the rest
of the package.
"""

from __future__ import annotations

from types import MappingProxyType

from datasets import ClassLabel, Features, List, Value

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
NER_TAGS: tuple[str, ...] = ("O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))
COARSE_NER_TAGS: tuple[str, ...] = ("O", *(f"{prefix}-{label}" for label in COARSE_LABELS for prefix in ("B", "I")))

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
# Stance attributes (ANNOTATION_SPEC.md §4); the target ids are annotations/stance_targets.tsv's, in order.
STANCE_POLARITIES: tuple[str, ...] = ("FAVOR", "AGAINST", "NEUTRAL")
STANCE_ATTRIBUTIONS: tuple[str, ...] = ("AUTHOR", "REPORTED", "QUOTED")
STANCE_TARGET_IDS: tuple[str, ...] = (
    "russia_war_ukraine", "dprk_russia_military_cooperation", "dprk_russia_relations", "dprk_weapons_programme",
    "sanctions", "support_for_ukraine", "us_west_hegemony", "north_korean_regime", "other",
)

# A timex's `anchor`: this value, the timex_id of another timex of the same document, or null.
DCT_ANCHOR = "dct"

DOCUMENT_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "text": Value("string"),
        "title": Value("string"),
        "dct": Value("string"),
        "dct_evidence": Value("string"),
        "dct_header": Value("string"),
        "source_file": Value("string"),
        "sha256": Value("string"),
        "char_count": Value("int32"),
    }
)

ENTITY_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "mention_id": Value("string"),
        "start": Value("int32"),
        "end": Value("int32"),
        "text": Value("string"),
        "label": ClassLabel(names=list(ENTITY_LABELS)),
        "coarse_label": ClassLabel(names=list(COARSE_LABELS)),
        "entity_id": Value("string"),
    }
)

ENTITY_REGISTRY_FEATURES = Features(
    {
        "entity_id": Value("string"),
        "canonical_name": Value("string"),
        "label": ClassLabel(names=list(ENTITY_LABELS)),
        "coarse_label": ClassLabel(names=list(COARSE_LABELS)),
        "description": Value("string"),
        "surface_forms": List(Value("string")),
        "mention_count": Value("int32"),
        "doc_ids": List(Value("string")),
    }
)

DATE_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "timex_id": Value("string"),
        "start": Value("int32"),
        "end": Value("int32"),
        "text": Value("string"),
        "type": ClassLabel(names=list(TIMEX_TYPES)),
        "value": Value("string"),
        "mod": Value("string"),
        "function": ClassLabel(names=list(TIMEX_FUNCTIONS)),
        "anchor": Value("string"),
        "note": Value("string"),
    }
)

NER_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "sentence_id": Value("string"),
        "sentence_start": Value("int32"),
        "sentence_end": Value("int32"),
        "tokens": List(Value("string")),
        "token_starts": List(Value("int32")),
        "token_ends": List(Value("int32")),
        "ner_tags": List(ClassLabel(names=list(NER_TAGS))),
        "coarse_ner_tags": List(ClassLabel(names=list(COARSE_NER_TAGS))),
    }
)

STANCE_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "stance_id": Value("string"),
        "holder_start": Value("int32"),
        "holder_end": Value("int32"),
        "holder_text": Value("string"),
        "holder_entity_id": Value("string"),
        "target_start": Value("int32"),
        "target_end": Value("int32"),
        "target_text": Value("string"),
        "target_id": ClassLabel(names=list(STANCE_TARGET_IDS)),
        "polarity": ClassLabel(names=list(STANCE_POLARITIES)),
        "cue_start": Value("int32"),
        "cue_end": Value("int32"),
        "cue_text": Value("string"),
        "attribution": ClassLabel(names=list(STANCE_ATTRIBUTIONS)),
    }
)

STANCE_TARGET_FEATURES = Features(
    {
        "target_id": ClassLabel(names=list(STANCE_TARGET_IDS)),
        "name": Value("string"),
        "definition": Value("string"),
        "example": Value("string"),
        "stance_count": Value("int32"),
    }
)

# config name -> its features, in the order the configs are presented.
CONFIG_FEATURES: MappingProxyType[str, Features] = MappingProxyType(
    {
        "documents": DOCUMENT_FEATURES,
        "entities": ENTITY_FEATURES,
        "entity_registry": ENTITY_REGISTRY_FEATURES,
        "dates": DATE_FEATURES,
        "stances": STANCE_FEATURES,
        "stance_targets": STANCE_TARGET_FEATURES,
        "ner": NER_FEATURES,
    }
)

# config name -> its Parquet file, relative to the corpus root.
CONFIG_FILES: MappingProxyType[str, str] = MappingProxyType(
    {
        "documents": "dataset/documents.parquet",
        "entities": "annotations/entities.parquet",
        "entity_registry": "annotations/entity_registry.parquet",
        "dates": "annotations/dates.parquet",
        "stances": "annotations/stances.parquet",
        "stance_targets": "annotations/stance_targets.parquet",
        "ner": "annotations/ner.parquet",
    }
)


def with_label_names(features: Features, row: dict) -> dict:
    """A row with its ClassLabel columns (and lists of them) given by name rather than by index."""
    def named(feature, value):
        if isinstance(feature, ClassLabel):
            return feature.int2str(value)
        if isinstance(feature, List) and isinstance(feature.feature, ClassLabel):
            return [feature.feature.int2str(item) for item in value]
        return value

    return {key: named(features[key], value) for key, value in row.items()}
