"""Checks over the `entities` table: the flat layer and the label inventories."""

from __future__ import annotations

from collections.abc import Iterator

from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import COARSE_BY_ENTITY_LABEL


def _finding(name, mention, message, value):
    return Finding(name, "entities", mention.doc_id, mention.mention_id, message, value)


def entity_overlap(corpus: Corpus) -> Iterator[Finding]:
    for mentions in corpus.mentions_by_doc.values():
        ordered = sorted(mentions, key=lambda mention: (mention.start, mention.end))
        for previous, mention in zip(ordered, ordered[1:]):
            if mention.start < previous.end:
                yield _finding("entity_overlap", mention, f"overlaps {previous.mention_id} in the flat layer",
                               (mention.start, mention.end))


def entity_label_inventory(corpus: Corpus) -> Iterator[Finding]:
    for mention in corpus.mentions:
        for column in ("label", "coarse_label"):
            value = getattr(mention, column)
            if corpus.label_name("entities", column, value) is None:
                yield _finding("entity_label_inventory", mention, f"{column} is outside the label set", value)


def entity_coarse_mapping(corpus: Corpus) -> Iterator[Finding]:
    for config in ("entities", "entity_registry"):
        for row in corpus.rows(config):
            label = corpus.label_name(config, "label", row.label)
            coarse = corpus.label_name(config, "coarse_label", row.coarse_label)
            if label is not None and coarse is not None and COARSE_BY_ENTITY_LABEL[label] != coarse:
                yield Finding("entity_coarse_mapping", config, getattr(row, "doc_id", ""),
                              getattr(row, "mention_id", row.entity_id),
                              f"{label} maps to {COARSE_BY_ENTITY_LABEL[label]}, the row has", coarse)
