"""The editable sources, read into typed rows (nkru.schema): documents.toml and the texts, the
annotation files in quote + occurrence form, the entity registry and the stance-target inventory,
and the review records. Offsets are computed here, never typed. Nothing here reads a built table.
"""

from __future__ import annotations

from pathlib import Path

from nkru.allocation import collector_paused
from nkru.schema import Row
from nkru.sources.dates import read_date_rows
from nkru.sources.documents import read_document_rows
from nkru.sources.entities import read_mention_rows, read_registry, registry_rows
from nkru.sources.stances import read_stance_rows, read_targets, target_rows


def read_sources(source_root: Path) -> dict[str, list[Row]]:
    """The rows of every layer that has editable sources (all but `ner`, which the build derives)."""
    with collector_paused():
        return _read_sources(source_root)


def _read_sources(source_root: Path) -> dict[str, list[Row]]:
    documents = read_document_rows(source_root)
    texts_by_doc = {document.doc_id: document.text for document in documents}
    registry = read_registry(source_root)
    mentions = read_mention_rows(source_root, texts_by_doc, registry)
    stances = read_stance_rows(source_root, texts_by_doc)
    return {
        "documents": documents,
        "entities": mentions,
        "entity_registry": registry_rows(registry, mentions),
        "dates": read_date_rows(source_root, texts_by_doc),
        "stances": stances,
        "stance_targets": target_rows(read_targets(source_root), stances),
    }
