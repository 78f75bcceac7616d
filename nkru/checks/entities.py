"""Checks over the `entities` table: the flat layer and the label inventories."""

from nkru.checks.findings import Finding, check
from nkru.schema import COARSE_BY_ENTITY_LABEL


def _finding(name, mention, message, value):
    return Finding(name, "entities", mention["doc_id"], mention["mention_id"], message, value)


@check("entity_overlap")
def entity_overlap(corpus):
    for mentions in corpus.mentions_by_doc.values():
        ordered = sorted(mentions, key=lambda mention: (mention["start"], mention["end"]))
        for previous, mention in zip(ordered, ordered[1:]):
            if mention["start"] < previous["end"]:
                yield _finding("entity_overlap", mention, f"overlaps {previous['mention_id']} in the flat layer",
                               (mention["start"], mention["end"]))


@check("entity_label_inventory")
def entity_label_inventory(corpus):
    for mention in corpus.tables.get("entities", []):
        for column in ("label", "coarse_label"):
            if corpus.label_name("entities", column, mention[column]) is None:
                yield _finding("entity_label_inventory", mention, f"{column} is outside the label set", mention[column])


@check("entity_coarse_mapping")
def entity_coarse_mapping(corpus):
    for config in ("entities", "entity_registry"):
        for row in corpus.tables.get(config, []):
            label = corpus.label_name(config, "label", row["label"])
            coarse = corpus.label_name(config, "coarse_label", row["coarse_label"])
            if label is not None and coarse is not None and COARSE_BY_ENTITY_LABEL[label] != coarse:
                yield Finding("entity_coarse_mapping", config, row.get("doc_id", ""),
                              row.get("mention_id", row["entity_id"]),
                              f"{label} maps to {COARSE_BY_ENTITY_LABEL[label]}, the row has", coarse)
