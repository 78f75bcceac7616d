"""The generated sections on inter-annotator agreement, from each layer's double-annotation records
(annotations/double_annotation/): figures before adjudication, and how every disagreement was decided."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nkru.evaluation.agreement import (
    read_timex_attribute_adjudication,
    read_timex_attribute_annotation,
    timex_attribute_agreement,
    timex_attribute_disagreements,
    STANCES_DOUBLE_ANNOTATION_DIR,
    TIMEX_ATTRIBUTES,
    agreement_by_label,
    disagreements,
    grouping_agreement,
    link_agreement,
    link_disagreements,
    pair_stances,
    read_adjudication,
    read_annotation,
    read_link_adjudication,
    read_link_annotation,
    read_stance_adjudication,
    read_stance_annotation,
    read_timex_adjudication,
    read_timex_annotation,
    stance_disagreements,
    stance_polarity_kappa,
    stance_target_kappa,
    stance_tuple_agreement,
    timex_agreement,
    timex_disagreements,
)
from nkru.publish.markdown import markdown_table
from nkru.schema import NIL_TITLE
from nkru.sources.entities import EMPTY_CELL, read_registry


def _decided_for(adjudication: list[dict]) -> Counter:
    """How many adjudicated decisions took annotator A's answer ("A"), B's ("B"), or neither's."""
    return Counter("A" if row["decision"] == row["annotator_a"] else "B" if row["decision"] == row["annotator_b"]
                   else "neither" for row in adjudication)


def entity_agreement_section(corpus_root: Path) -> str:
    rows_a, rows_b = read_annotation(corpus_root, "a"), read_annotation(corpus_root, "b")
    fine, coarse = agreement_by_label(rows_a, rows_b), agreement_by_label(rows_a, rows_b, coarse=True)

    def rows(result):
        return [[label, value.count_a, value.count_b, value.matched, f"{value.f1:.4f}"] for label, value in result.items()]

    header = ["type", "annotator A", "annotator B", "identical", "exact-span F1"]
    adjudication = read_adjudication(corpus_root)
    decided_for = _decided_for(adjudication)
    same_groups, entities_a = grouping_agreement(rows_a, rows_b)
    disagreeing = disagreements(rows_a, rows_b)
    adjudicated = {(row["doc_id"], int(row["start"]), int(row["end"])) for row in adjudication}
    return (f"Fine types (exact span and type; SPAN = exact span whatever the type):\n\n"
            f"{markdown_table(header, rows(fine))}\n"
            f"CoNLL-4 types:\n\n{markdown_table(header, rows(coarse))}\n"
            f"Disagreements: {len(disagreeing)}, of which adjudicated: {sum(key in adjudicated for key in disagreeing)} "
            f"(decided for A: {decided_for['A']}, for B: {decided_for['B']}, for neither: {decided_for['neither']}). "
            f"Entity grouping: on the spans both annotated, {same_groups} of annotator A's {entities_a} entities "
            f"have exactly the same mentions as one of annotator B's.\n")


def date_agreement_section(corpus_root: Path) -> str:
    rows_a, rows_b = read_timex_annotation(corpus_root, "a"), read_timex_annotation(corpus_root, "b")
    result = timex_agreement(rows_a, rows_b)
    extents = markdown_table(["extent match", "annotator A", "annotator B", "matched", "F1"],
                             [[name, value.count_a, value.count_b, value.matched, f"{value.f1:.4f}"]
                              for name, value in [("strict", result.strict), ("relaxed", result.relaxed)]]
                             + [[f"strict, {timex_type}", value.count_a, value.count_b, value.matched,
                                 f"{value.f1:.4f}"] for timex_type, value in result.strict_by_type.items()])
    attributes = markdown_table(["attribute", "agree on relaxed matches", "accuracy"],
                                [[attribute, f"{result.attribute_matches[attribute]}/{result.relaxed.matched}",
                                  f"{result.accuracy(attribute):.4f}"] for attribute in TIMEX_ATTRIBUTES])
    disagreeing = timex_disagreements(rows_a, rows_b)
    adjudicated = {(row["doc_id"], int(row["start"]), int(row["end"]), row["attribute"])
                   for row in read_timex_adjudication(corpus_root)}
    return (f"{extents}\n{attributes}\nDisagreements (an extent in one annotation only, or an attribute that "
            f"differs on an identical extent): {len(disagreeing)}, of which adjudicated: "
            f"{sum(item in adjudicated for item in disagreeing)}.\n")


def date_attribute_agreement_section(corpus_root: Path) -> str:
    rows_a = read_timex_attribute_annotation(corpus_root, "a")
    rows_b = read_timex_attribute_annotation(corpus_root, "b")
    table = markdown_table(["attribute", "timexes", "A and B agree", "agreement", "Cohen's kappa"],
                           [[attribute, total, agreeing, f"{agreeing / total:.4f}" if total else "-", f"{kappa:.4f}"]
                            for attribute, agreeing, total, kappa in timex_attribute_agreement(rows_a, rows_b)])
    disagreeing = timex_attribute_disagreements(rows_a, rows_b)
    adjudication = read_timex_attribute_adjudication(corpus_root)
    adjudicated = {(row["doc_id"], row["quote"], row["occurrence"], row["attribute"]) for row in adjudication}
    decided_for = _decided_for(adjudication)
    return (f"{table}\nDisagreements: {len(disagreeing)}, of which adjudicated: "
            f"{sum(item in adjudicated for item in disagreeing)} (decided for A: {decided_for['A']}, "
            f"for B: {decided_for['B']}, for neither: {decided_for['neither']}).\n")


def stance_agreement_section(corpus_root: Path, folder: str = STANCES_DOUBLE_ANNOTATION_DIR) -> str:
    """One round of stance double annotation: tuple agreement, kappa on polarity and on target, and
    how the disagreements were decided."""
    rows_a = read_stance_annotation(corpus_root, "a", folder)
    rows_b = read_stance_annotation(corpus_root, "b", folder)
    rows = []
    for mode, exact in (("exact spans", True), ("overlapping spans", False)):
        result = stance_tuple_agreement(rows_a, rows_b, exact)
        rows.append([mode, result.count_a, result.count_b, len(pair_stances(rows_a, rows_b, exact)), result.matched,
                     f"{result.f1:.4f}"])
    polarity_kappa, paired = stance_polarity_kappa(rows_a, rows_b)
    target_kappa, _ = stance_target_kappa(rows_a, rows_b)
    disagreeing = stance_disagreements(rows_a, rows_b)
    adjudication = read_stance_adjudication(corpus_root, folder)
    adjudicated = {(row["doc_id"], row["cue_a"], row["cue_b"], row["attribute"]) for row in adjudication}
    decided_for = _decided_for(adjudication)
    by_attribute = Counter(item[3] for item in disagreeing)
    table = markdown_table(["matching", "annotator A", "annotator B", "paired by cue",
                            "(holder, target_id, polarity) agree", "tuple F1"], rows)
    counts = ", ".join(f"{name}: {count}" for name, count in sorted(by_attribute.items()))
    neither = f", for neither: {decided_for['neither']}" if decided_for["neither"] else ""
    return (f"{table}\nCohen's kappa over the {paired} stances paired by overlapping cues: "
            f"{polarity_kappa:.4f} on polarity, {target_kappa:.4f} on target_id.\n\n"
            f"Disagreements: {len(disagreeing)} ({counts}), "
            f"of which adjudicated: {sum(item in adjudicated for item in disagreeing)} "
            f"(decided for A: {decided_for['A']}, for B: {decided_for['B']}{neither}).\n")


def link_agreement_section(corpus_root: Path) -> str:
    titles_a, titles_b = read_link_annotation(corpus_root, "a"), read_link_annotation(corpus_root, "b")
    result = link_agreement(titles_a, titles_b)
    shipped = Counter("unconfirmed" if row["wikipedia_title"] == EMPTY_CELL else
                      "NIL" if row["wikipedia_title"] == NIL_TITLE else "linked"
                      for row in read_registry(corpus_root).values())
    table = markdown_table(["entities compared", "same title (NIL = NIL agrees)", "accuracy", "both NIL", "one NIL",
                            "both linked", "both linked, same title", "Cohen's kappa, linked vs NIL"],
                           [[result.compared, result.same_title, f"{result.accuracy:.4f}", result.both_nil,
                             result.one_nil, result.both_linked, result.both_linked_same, f"{result.nil_kappa:.4f}"]])
    adjudication = read_link_adjudication(corpus_root)
    disagreeing = link_disagreements(titles_a, titles_b)
    adjudicated = {row["entity_id"] for row in adjudication}
    settled = sorted(adjudicated - set(disagreeing))
    return (f"Listed: annotator A {result.listed_a} entities, annotator B {result.listed_b}; "
            f"{result.one_record_only} listed by one annotator only. Left out of the comparison as UNDECIDED: "
            f"{result.undecided_a} of A's answers, {result.undecided_b} of B's, on entities both list.\n\n{table}\n"
            f"Disagreements (an UNDECIDED answer included): {len(disagreeing)}, of which adjudicated: "
            f"{sum(entity_id in adjudicated for entity_id in disagreeing)}; besides, {len(settled)} "
            f"{'entity' if len(settled) == 1 else 'entities'} both left undecided settled by the adjudicator's "
            f"search. The adjudicated decision changed annotator A's answer "
            f"{sum(row['decision'] != row['annotator_a'] for row in adjudication)} times and "
            f"annotator B's {sum(row['decision'] != row['annotator_b'] for row in adjudication)} times.\n\n"
            f"Shipped in the registry: {shipped['linked']} entities linked, {shipped['NIL']} NIL, "
            f"{shipped['unconfirmed']} unconfirmed (no copy of their English article could be read here, so "
            f"neither a title nor NIL is claimed).\n")
