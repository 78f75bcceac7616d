"""Checks linking the `entities` table to the `entity_registry` table, and of the registry's
English Wikipedia links (ANNOTATION_SPEC.md §6): each title well-formed or NIL, an address exactly
when linked, evidence for every link and every NIL, and no title shared by two entities unless
annotations/shared_wikipedia_titles.tsv lists that set."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import NIL_TITLE
from nkru.sources.review import SHARED_TITLES_FILE
from nkru.wikipedia import address_problem, title_problem

# A NIL or an unconfirmed entity rests on the searches run, which its evidence records.
SEARCH_RECORD = re.compile(r"\b(search|quer)", re.IGNORECASE)


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
    expected_by_entity = {}
    mentions = corpus.arrow_table("entities")
    if mentions is not None and mentions.num_rows:
        # grouped by Arrow: a registry is small, its mentions many
        grouped = mentions.group_by("entity_id").aggregate(
            [("text", "distinct"), ("doc_id", "distinct"), ("doc_id", "count", pc.CountOptions(mode="all"))])
        expected_by_entity = {row["entity_id"]: {"surface_forms": sorted(row["text_distinct"]),
                                                 "mention_count": row["doc_id_count"],
                                                 "doc_ids": sorted(row["doc_id_distinct"])}
                              for row in grouped.to_pylist()}
    nothing = {"surface_forms": [], "mention_count": 0, "doc_ids": []}
    for entry in corpus.registry:
        entity_id = entry.entity_id
        for column, value in expected_by_entity.get(entity_id, nothing).items():
            if getattr(entry, column) != value:
                yield Finding("registry_matches_mentions", "entity_registry", "", entity_id,
                              f"{column} should be {value!r} from the mentions, the registry has",
                              getattr(entry, column))


def wikipedia_title_form(corpus: Corpus) -> Iterator[Finding]:
    """Every title is NIL or written as in an English Wikipedia address (nkru.wikipedia); null is an
    entity whose article could not be read (ANNOTATION_GUIDELINES.md, Links to English Wikipedia)."""
    for entry in corpus.registry:
        if entry.wikipedia_title is None:
            continue
        problem = title_problem(entry.wikipedia_title)
        if problem is not None:
            yield Finding("wikipedia_title_form", "entity_registry", "", entry.entity_id, problem,
                          entry.wikipedia_title)


def wikipedia_address_form(corpus: Corpus) -> Iterator[Finding]:
    """A linked entity carries the address its article was read at; a NIL or an unconfirmed entity
    carries none."""
    for entry in corpus.registry:
        if entry.wikipedia_title in (NIL_TITLE, None):
            if entry.wikipedia_address is not None:
                yield Finding("wikipedia_address_form", "entity_registry", "", entry.entity_id,
                              "a NIL or unconfirmed entity has no article read, hence no address",
                              entry.wikipedia_address)
            continue
        problem = address_problem(entry.wikipedia_address)
        if problem is not None:
            yield Finding("wikipedia_address_form", "entity_registry", "", entry.entity_id,
                          f"linked to {entry.wikipedia_title!r}: {problem}", entry.wikipedia_address)


def link_evidence_recorded(corpus: Corpus) -> Iterator[Finding]:
    """Every entity says how its link was confirmed; a NIL's or an unconfirmed entity's evidence
    records the searches run, which a bare "no article found" does not."""
    for entry in corpus.registry:
        evidence = entry.link_evidence
        if not isinstance(evidence, str) or not evidence.strip():
            yield Finding("link_evidence_recorded", "entity_registry", "", entry.entity_id,
                          "link_evidence is empty: say what in the article matched, or for NIL the searches run",
                          evidence)
        elif entry.wikipedia_title in (NIL_TITLE, None) and not SEARCH_RECORD.search(evidence):
            yield Finding("link_evidence_recorded", "entity_registry", "", entry.entity_id,
                          "a NIL's or an unconfirmed entity's evidence records the searches (or queries) run",
                          evidence)


@needs("entity_registry")
def wikipedia_title_shared(corpus: Corpus) -> Iterator[Finding]:
    """Two entities link to one article only when the shared-titles record lists exactly them."""
    if corpus.review is None:  # review_files_readable reports the unreadable record
        return
    listed = corpus.review.shared_titles
    entities_by_title = defaultdict(set)
    for entry in corpus.registry:
        if entry.wikipedia_title not in (NIL_TITLE, None):
            entities_by_title[entry.wikipedia_title].add(entry.entity_id)
    for title, entity_ids in sorted(entities_by_title.items()):
        if len(entity_ids) > 1 and listed.get(title) != entity_ids:
            yield Finding("wikipedia_title_shared", "entity_registry", "", ",".join(sorted(entity_ids)),
                          f"entities share {title!r} and {SHARED_TITLES_FILE} does not list exactly them; it lists",
                          sorted(listed.get(title, ())))
    for title, entity_ids in sorted(listed.items()):
        if entities_by_title.get(title, set()) != entity_ids:
            yield Finding("wikipedia_title_shared", "review_files", "", title,
                          f"{SHARED_TITLES_FILE} lists {sorted(entity_ids)} as sharing this title; the registry links "
                          "it from", sorted(entities_by_title.get(title, ())))
