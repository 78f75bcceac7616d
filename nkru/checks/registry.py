"""Checks linking the `entities` table to the `entity_registry` table."""

from collections import Counter, defaultdict

from nkru.checks.findings import Finding, check


def _registry_by_id(corpus):
    return {entry["entity_id"]: entry for entry in corpus.tables.get("entity_registry", [])}


@check("entity_registry_link")
def entity_registry_link(corpus):
    if "entity_registry" not in corpus.tables:
        return
    registry = _registry_by_id(corpus)
    for mention in corpus.tables.get("entities", []):
        entry = registry.get(mention["entity_id"])
        if entry is None:
            yield Finding("entity_registry_link", "entities", mention["doc_id"], mention["mention_id"],
                          "entity_id is not in the registry", mention["entity_id"])
        elif entry["label"] != mention["label"]:
            yield Finding("entity_registry_link", "entities", mention["doc_id"], mention["mention_id"],
                          f"label differs from registry entity {mention['entity_id']!r}'s label "
                          f"{corpus.label_name('entity_registry', 'label', entry['label'])}",
                          corpus.label_name("entities", "label", mention["label"]))


@check("registry_matches_mentions")
def registry_matches_mentions(corpus):
    """Surface forms, mention counts and documents in the registry are exactly what the mentions hold."""
    if "entities" not in corpus.tables:
        return
    forms, counts, doc_ids = defaultdict(set), Counter(), defaultdict(set)
    for mention in corpus.tables["entities"]:
        forms[mention["entity_id"]].add(mention["text"])
        counts[mention["entity_id"]] += 1
        doc_ids[mention["entity_id"]].add(mention["doc_id"])
    for entry in corpus.tables.get("entity_registry", []):
        entity_id = entry["entity_id"]
        expected = {"surface_forms": sorted(forms[entity_id]), "mention_count": counts[entity_id],
                    "doc_ids": sorted(doc_ids[entity_id])}
        for column, value in expected.items():
            if entry[column] != value:
                yield Finding("registry_matches_mentions", "entity_registry", "", entity_id,
                              f"{column} should be {value!r} from the mentions, the registry has", entry[column])
