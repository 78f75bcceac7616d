"""Reading the editable entity sources into `Mention` and `RegistryEntity` rows.

annotations/entity_registry.tsv: one row per real-world entity (id, label, canonical name,
description, and its English Wikipedia link: title or NIL, the address read, the evidence; `-`
for an empty cell). annotations/entities/<doc_id>.tsv: one row per mention, as quote + occurrence
(see nkru.sources.locate), label and entity id. Surface forms and counts are derived, never typed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import COARSE_BY_ENTITY_LABEL, LAYER_BY_CONFIG, Mention, RegistryEntity
from nkru.sources.locate import locate_in_source
from nkru.sources.tsv import read_tsv

REGISTRY_SOURCE = "annotations/entity_registry.tsv"
MENTIONS_DIR = "annotations/entities"
REGISTRY_COLUMNS = ["entity_id", "label", "canonical_name", "description", "wikipedia_title", "wikipedia_address",
                    "link_evidence"]
# What an empty cell of the registry holds (read_tsv refuses empty cells).
EMPTY_CELL = "-"
MENTION_COLUMNS = ["quote", "occurrence", "label", "entity_id"]
ENTITIES = LAYER_BY_CONFIG["entities"]


def read_registry(source_root: Path) -> dict[str, dict]:
    """entity_id -> its registry source row, in file order."""
    path = source_root / REGISTRY_SOURCE
    registry: dict[str, dict] = {}
    for line_number, row in enumerate(read_tsv(path, REGISTRY_COLUMNS), start=2):
        if row["entity_id"] in registry:
            raise SourceError(f"{path}:{line_number}: entity_id {row['entity_id']!r} is listed twice")
        if row["label"] not in COARSE_BY_ENTITY_LABEL:
            raise SourceError(f"{path}:{line_number}: unknown label {row['label']!r}")
        if row["link_evidence"] == EMPTY_CELL:
            raise SourceError(f"{path}:{line_number}: expected a link_evidence (how the link was confirmed, or "
                              f"the searches run for a NIL or an unconfirmed entity), found {EMPTY_CELL!r}")
        registry[row["entity_id"]] = row
    return registry


def read_mention_rows(source_root: Path, texts_by_doc: dict[str, str], registry: dict[str, dict]) -> list[Mention]:
    """Rows of the `entities` table: every document's mentions, located and sorted by offset."""
    rows = []
    for doc_id, text in texts_by_doc.items():
        path = source_root / MENTIONS_DIR / f"{doc_id}.tsv"
        located = sorted((_locate_mention(path, line_number, row, text, registry)
                          for line_number, row in enumerate(read_tsv(path, MENTION_COLUMNS), start=2)),
                         key=lambda mention: mention[:2])
        for number, (start, end, quote, label, entity_id) in enumerate(located, start=1):
            rows.append(Mention(doc_id=doc_id, mention_id=ENTITIES.row_id(doc_id, number), start=start, end=end,
                                text=quote, label=label, coarse_label=COARSE_BY_ENTITY_LABEL[label],
                                entity_id=entity_id))
    return rows


def _locate_mention(path: Path, line_number: int, row: dict, text: str,
                    registry: dict[str, dict]) -> tuple[int, int, str, str, str]:
    """(start, end, text, label, entity_id) of one mention source row."""
    where = f"{path}:{line_number}"
    span = locate_in_source(where, text, row["quote"], row["occurrence"])
    if row["label"] not in COARSE_BY_ENTITY_LABEL:
        raise SourceError(f"{where}: unknown label {row['label']!r}; expected one of {list(COARSE_BY_ENTITY_LABEL)}")
    entity = registry.get(row["entity_id"])
    if entity is None:
        raise SourceError(f"{where}: entity_id {row['entity_id']!r} is not in {REGISTRY_SOURCE}")
    if entity["label"] != row["label"]:
        raise SourceError(
            f"{where}: label {row['label']} differs from {row['entity_id']!r}'s registry label {entity['label']}"
        )
    return (*span, row["quote"], row["label"], row["entity_id"])


def registry_rows(registry: dict[str, dict], mentions: list[Mention]) -> list[RegistryEntity]:
    """Rows of the `entity_registry` table, with surface forms, counts and documents from the mentions."""
    forms, counts, doc_ids = defaultdict(set), defaultdict(int), defaultdict(set)
    for mention in mentions:
        forms[mention.entity_id].add(mention.text)
        counts[mention.entity_id] += 1
        doc_ids[mention.entity_id].add(mention.doc_id)
    unused = [entity_id for entity_id in registry if entity_id not in counts]
    if unused:
        raise SourceError(f"{REGISTRY_SOURCE}: entities without any mention: {unused}")
    return [
        RegistryEntity(
            entity_id=entity_id,
            canonical_name=entry["canonical_name"],
            label=entry["label"],
            coarse_label=COARSE_BY_ENTITY_LABEL[entry["label"]],
            description=entry["description"],
            surface_forms=sorted(forms[entity_id]),
            mention_count=counts[entity_id],
            doc_ids=sorted(doc_ids[entity_id]),
            wikipedia_title=None if entry["wikipedia_title"] == EMPTY_CELL else entry["wikipedia_title"],
            wikipedia_address=None if entry["wikipedia_address"] == EMPTY_CELL else entry["wikipedia_address"],
            link_evidence=entry["link_evidence"],
        )
        for entity_id, entry in registry.items()
    ]
