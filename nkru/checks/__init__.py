"""Small named checks over a corpus; each yields Findings naming where and what.

The same checks serve `nkru validate`, the build (which writes nothing when one fails) and the
tests. CHECKS lists every check explicitly, in the order their findings are reported; a test
fails when a check module defines a check that this list does not run.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable

from nkru.allocation import collector_paused
from nkru.checks import (
    dates, documents, entities, files, leftovers, ner, order, registry, spans, stances, surface, timex_attributes,
)
from nkru.checks.findings import CheckFunction, Finding
from nkru.corpus import Corpus

CHECKS: dict[str, CheckFunction] = {check.__name__: check for check in (
    dates.document_dct,
    dates.timex_inventory,
    dates.timex_value_grammar,
    dates.timex_weekday,
    dates.timex_relative_to_dct,
    dates.timex_extent,
    dates.timex_anchor,
    dates.timex_creation_time,
    dates.timex_value_words,
    dates.timex_overlap,
    dates.timex_anchor_cycle,
    timex_attributes.document_dct_timex_id,
    timex_attributes.timex_temporal_function,
    timex_attributes.timex_value_from_function,
    timex_attributes.timex_point_ids,
    timex_attributes.timex_point_order,
    timex_attributes.timex_set_attributes,
    documents.document_sha256,
    documents.document_char_count,
    documents.document_text_file,
    documents.document_text_form,
    documents.document_text_pinned,
    entities.entity_overlap,
    entities.entity_label_inventory,
    entities.entity_coarse_mapping,
    files.table_present,
    files.table_readable,
    files.table_schema,
    files.table_metadata,
    files.table_values,
    files.table_rows,
    files.review_files_readable,
    files.manifest_checksums,
    files.sources_in_sync,
    leftovers.build_leftovers,
    ner.ner_tokens,
    ner.ner_matches_entities,
    ner.ner_tags_wellformed,
    ner.ner_tokenization,
    order.row_order,
    registry.entity_registry_link,
    registry.registry_matches_mentions,
    registry.wikipedia_title_form,
    registry.wikipedia_address_form,
    registry.link_evidence_recorded,
    registry.wikipedia_title_shared,
    spans.span_doc_id,
    spans.span_offsets,
    spans.span_text,
    spans.span_boundaries,
    spans.span_edge_punctuation,
    spans.unique_ids,
    spans.id_format,
    stances.stance_inventory,
    stances.stance_spans_present,
    stances.stance_attribution,
    stances.stance_holder_link,
    stances.stance_target_counts,
    stances.stance_role_spans,
    stances.stance_paragraphs,
    stances.stance_holder_sentence,
    surface.surface_label_consistency,
    surface.surface_coverage,
    surface.surface_entity_consistency,
    surface.model_review_complete,
    surface.reviewed_exclusions_valid,
)}


def defined_checks() -> dict[str, CheckFunction]:
    """Every check that the modules of this package define, listed in CHECKS or not: a function of
    a module here typed `(corpus: Corpus) -> Iterator[Finding]`."""
    found = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if (inspect.isfunction(value) and value.__module__ == module.__name__ and not value.__name__.startswith("_")
                    and is_check(value)):
                found[value.__name__] = value
    return found


def is_check(function) -> bool:
    annotations = function.__annotations__
    return annotations.get("return") == "Iterator[Finding]" and list(annotations.values())[:1] == ["Corpus"]


def run_checks(corpus: Corpus, names: Iterable[str] | None = None) -> list[Finding]:
    """Findings of every check (or only of those named), in the order of CHECKS."""
    selected = CHECKS if names is None else {name: CHECKS[name] for name in names}
    # The checks build large indexes (by document, by surface form) that hold no reference cycles.
    with collector_paused():
        return [finding for check in selected.values()
                if all(corpus.has(config) for config in getattr(check, "needs", ()))
                for finding in check(corpus)]


__all__ = ["CHECKS", "CheckFunction", "Finding", "defined_checks", "run_checks"]
