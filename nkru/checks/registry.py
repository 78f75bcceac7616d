"""Checks linking the `entities` table to the `entity_registry` table."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus


@needs("entities", "entity_registry")
def entity_registry_link(corpus: Corpus) -> Iterator[Finding]:
    registry = {entry.entity_id: entry for entry in corpus.registry}
    for mention in corpus.mentions:
        entry = registry.get(mention.entity_id)
        if entry is None:
            yield Finding("entity_registry_link", "entities", mention.doc_id, mention.mention_id,
                          "entity_id is not in the registry", mention.entity_id)
        elif entry.label != mention.label:
            yield Finding("entity_registry_link", "entities", mention.doc_id, mention.mention_id,
                          f"label differs from registry entity {mention.entity_id!r}'s label "
                          f"{corpus.label_name('entity_registry', 'label', entry.label)}",
                          corpus.label_name("entities", "label", mention.label))


@needs("entities", "entity_registry")
def registry_matches_mentions(corpus: Corpus) -> Iterator[Finding]:
    """Surface forms, mention counts and documents in the registry are exactly what the mentions hold."""
    forms, counts, doc_ids = defaultdict(set), Counter(), defaultdict(set)
    for mention in corpus.mentions:
        forms[mention.entity_id].add(mention.text)
        counts[mention.entity_id] += 1
        doc_ids[mention.entity_id].add(mention.doc_id)
    for entry in corpus.registry:
        entity_id = entry.entity_id
        expected = {"surface_forms": sorted(forms[entity_id]), "mention_count": counts[entity_id],
                    "doc_ids": sorted(doc_ids[entity_id])}
        for column, value in expected.items():
            if getattr(entry, column) != value:
                yield Finding("registry_matches_mentions", "entity_registry", "", entity_id,
                              f"{column} should be {value!r} from the mentions, the registry has",
                              getattr(entry, column))
