"""Inter-annotator agreement, from each layer's two independent annotations.

Entities: exact-span F1 of one annotation against the other (symmetric: swapping the two swaps
precision and recall); a pair agrees when both spans are identical and, for the labelled figures,
both labels are too. Dates, TempEval-3 style: strict (identical) and relaxed (overlapping) extent
F1, then the share of relaxed matches whose type, value, mod and anchor agree. Stances: tuple F1
on (holder, target_id, polarity), each stance located by its cue; exact mode pairs identical cue
spans and needs identical holder spans, overlap mode pairs overlapping cues and overlapping
holders; Cohen's kappa on polarity over the stances paired by overlapping cues. Wikipedia links:
per entity, the share of identical titles (NIL = NIL agreeing), the NIL / linked split with
Cohen's kappa on it, UNDECIDED answers counted apart (LinkAgreement).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import COARSE_BY_ENTITY_LABEL, ENTITY_LABELS, NIL_TITLE
from nkru.sources.tsv import read_tsv
from nkru.wikipedia import UNDECIDED

DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/entities"
ANNOTATION_COLUMNS = ["doc_id", "start", "end", "text", "label", "entity"]
ADJUDICATION_COLUMNS = ["doc_id", "start", "end", "text", "annotator_a", "annotator_b", "decision", "reason"]
DATES_DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/dates"
TIMEX_ANNOTATION_COLUMNS = ["doc_id", "start", "end", "text", "type", "value", "mod", "function", "anchor", "note"]
TIMEX_ADJUDICATION_COLUMNS = ["doc_id", "start", "end", "text", "attribute", "annotator_a", "annotator_b", "decision",
                              "reason"]
TIMEX_ATTRIBUTES = ("type", "value", "mod", "anchor")
STANCES_DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/stances"
# The re-annotation of every stance to ANNOTATION_SPEC.md §4 version 1.1, whose adjudication is shipped.
STANCES_1_1_DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/stances_1_1"
STANCE_ANNOTATION_COLUMNS = ["doc_id", "holder_start", "holder_end", "holder_text", "holder_entity_id", "target_start",
                             "target_end", "target_text", "target_id", "polarity", "cue_start", "cue_end", "cue_text",
                             "attribution"]
STANCE_ADJUDICATION_COLUMNS = ["doc_id", "cue_a", "cue_b", "attribute", "annotator_a", "annotator_b", "decision",
                               "reason"]
LINKS_DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/links"
LINK_ANNOTATION_COLUMNS = ["entity_id", "wikipedia_title", "address_read", "evidence"]
LINK_ADJUDICATION_COLUMNS = ["entity_id", "annotator_a", "annotator_b", "decision", "reason"]
STANCE_ATTRIBUTES = ("holder", "holder_entity_id", "target", "target_id", "polarity", "cue", "attribution")


@dataclass(frozen=True)
class Agreement:
    count_a: int
    count_b: int
    matched: int

    @property
    def f1(self) -> float:
        total = self.count_a + self.count_b
        return 2 * self.matched / total if total else 1.0


def _read_offsets(path: Path, columns: list[str]) -> list[dict]:
    """A recorded annotation whose `start` and `end` columns are offsets."""
    rows = read_tsv(path, columns)
    for row in rows:
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    return rows


def read_annotation(corpus_root: Path, annotator: str) -> list[dict]:
    return _read_offsets(corpus_root / DOUBLE_ANNOTATION_DIR / f"annotator_{annotator}.tsv", ANNOTATION_COLUMNS)


def read_adjudication(corpus_root: Path) -> list[dict]:
    return read_tsv(corpus_root / DOUBLE_ANNOTATION_DIR / "adjudication.tsv", ADJUDICATION_COLUMNS)


def _labelled_spans(rows: list[dict], coarse: bool) -> set[tuple]:
    return {(row["doc_id"], row["start"], row["end"],
             COARSE_BY_ENTITY_LABEL[row["label"]] if coarse else row["label"]) for row in rows}


def agreement_by_label(rows_a: list[dict], rows_b: list[dict], coarse: bool = False) -> dict[str, Agreement]:
    """Exact span + label agreement per label, plus "ALL" (labelled) and "SPAN" (span only)."""
    spans_a, spans_b = _labelled_spans(rows_a, coarse), _labelled_spans(rows_b, coarse)
    count_a, count_b = Counter(span[3] for span in spans_a), Counter(span[3] for span in spans_b)
    matched = Counter(span[3] for span in spans_a & spans_b)
    labels = dict.fromkeys(COARSE_BY_ENTITY_LABEL.values()) if coarse else dict.fromkeys(ENTITY_LABELS)
    result = {label: Agreement(count_a[label], count_b[label], matched[label]) for label in labels}
    result["ALL"] = Agreement(len(spans_a), len(spans_b), len(spans_a & spans_b))
    unlabelled_a = {span[:3] for span in spans_a}
    unlabelled_b = {span[:3] for span in spans_b}
    result["SPAN"] = Agreement(len(unlabelled_a), len(unlabelled_b), len(unlabelled_a & unlabelled_b))
    return result


def disagreements(rows_a: list[dict], rows_b: list[dict]) -> list[tuple]:
    """(doc_id, start, end) of every span on which the two annotations differ in extent or label."""
    spans_a, spans_b = _labelled_spans(rows_a, False), _labelled_spans(rows_b, False)
    return sorted({span[:3] for span in spans_a ^ spans_b})


def grouping_agreement(rows_a: list[dict], rows_b: list[dict]) -> tuple[int, int]:
    """(entities of A whose mentions B groups exactly alike, entities of A) over the spans both share."""
    entity_b = {(row["doc_id"], row["start"], row["end"]): row["entity"] for row in rows_b}
    members_a, members_b = {}, {}
    for row in rows_a:
        key = (row["doc_id"], row["start"], row["end"])
        if key in entity_b:
            members_a.setdefault(row["entity"], set()).add(key)
            members_b.setdefault(entity_b[key], set()).add(key)
    clusters_b = {frozenset(members) for members in members_b.values()}
    return sum(frozenset(members) in clusters_b for members in members_a.values()), len(members_a)


def read_timex_annotation(corpus_root: Path, annotator: str) -> list[dict]:
    """A recorded TIMEX annotation; anchors are `dct`, `-` or `@<start>` of the anchor timex."""
    return _read_offsets(corpus_root / DATES_DOUBLE_ANNOTATION_DIR / f"annotator_{annotator}.tsv",
                         TIMEX_ANNOTATION_COLUMNS)


def read_timex_adjudication(corpus_root: Path) -> list[dict]:
    return read_tsv(corpus_root / DATES_DOUBLE_ANNOTATION_DIR / "adjudication.tsv", TIMEX_ADJUDICATION_COLUMNS)


@dataclass(frozen=True)
class TimexAgreement:
    strict: Agreement
    relaxed: Agreement
    strict_by_type: dict[str, Agreement]
    attribute_matches: dict[str, int]  # relaxed matches whose attribute agrees

    def accuracy(self, attribute: str) -> float:
        return self.attribute_matches[attribute] / self.relaxed.matched if self.relaxed.matched else 1.0


def timex_agreement(rows_a: list[dict], rows_b: list[dict]) -> TimexAgreement:
    """Strict and relaxed extent agreement, and attribute agreement on relaxed matches.

    Relaxed matching pairs each timex of A with the first overlapping, still unpaired timex of B in
    the same document (one-to-one, in text order).
    """
    key = lambda row: (row["doc_id"], row["start"], row["end"])  # noqa: E731
    strict_a, strict_b = {key(row) for row in rows_a}, {key(row) for row in rows_b}
    pairs, used = [], set()
    b_by_doc = {}
    for row in sorted(rows_b, key=key):
        b_by_doc.setdefault(row["doc_id"], []).append(row)
    for row_a in sorted(rows_a, key=key):
        for row_b in b_by_doc.get(row_a["doc_id"], []):
            if id(row_b) not in used and row_b["start"] < row_a["end"] and row_a["start"] < row_b["end"]:
                pairs.append((row_a, row_b))
                used.add(id(row_b))
                break
    count_a, count_b = Counter(row["type"] for row in rows_a), Counter(row["type"] for row in rows_b)
    both = {(key(row), row["type"]) for row in rows_a} & {(key(row), row["type"]) for row in rows_b}
    matched_by_type = Counter(timex_type for _, timex_type in both)
    types = sorted(set(count_a) | set(count_b))
    return TimexAgreement(
        strict=Agreement(len(strict_a), len(strict_b), len(strict_a & strict_b)),
        relaxed=Agreement(len(rows_a), len(rows_b), len(pairs)),
        strict_by_type={t: Agreement(count_a[t], count_b[t], matched_by_type[t]) for t in types},
        attribute_matches={attribute: sum(a[attribute] == b[attribute] for a, b in pairs)
                           for attribute in TIMEX_ATTRIBUTES},
    )


def timex_disagreements(rows_a: list[dict], rows_b: list[dict]) -> list[tuple]:
    """(doc_id, start, end, attribute) of every extent present in one annotation only (attribute
    `extent`) and every attribute that differs on an identical extent."""
    by_key_a = {(row["doc_id"], row["start"], row["end"]): row for row in rows_a}
    by_key_b = {(row["doc_id"], row["start"], row["end"]): row for row in rows_b}
    found = [(*key, "extent") for key in set(by_key_a) ^ set(by_key_b)]
    for key in set(by_key_a) & set(by_key_b):
        found += [(*key, attribute) for attribute in ("type", "value", "mod", "function", "anchor")
                  if by_key_a[key][attribute] != by_key_b[key][attribute]]
    return sorted(found)


# The TimeML attributes added to every timex (issue 20), annotated twice over the same timexes.
DATE_ATTRIBUTES_DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/date_attributes"
TIMEX_FUNCTION_ATTRIBUTES = ("temporal_function", "value_from_function", "begin_point", "end_point", "quant", "freq")
TIMEX_ATTRIBUTE_ANNOTATION_COLUMNS = ["doc_id", "quote", "occurrence", *TIMEX_FUNCTION_ATTRIBUTES]
TIMEX_ATTRIBUTE_ADJUDICATION_COLUMNS = ["doc_id", "quote", "occurrence", "attribute", "annotator_a", "annotator_b",
                                        "decision", "reason"]


def read_timex_attribute_annotation(corpus_root: Path, annotator: str) -> list[dict]:
    """One annotator's TimeML attributes, one row per timex (named by quote and occurrence)."""
    return read_tsv(corpus_root / DATE_ATTRIBUTES_DOUBLE_ANNOTATION_DIR / f"annotator_{annotator}.tsv",
                    TIMEX_ATTRIBUTE_ANNOTATION_COLUMNS)


def read_timex_attribute_adjudication(corpus_root: Path) -> list[dict]:
    return read_tsv(corpus_root / DATE_ATTRIBUTES_DOUBLE_ANNOTATION_DIR / "adjudication.tsv",
                    TIMEX_ATTRIBUTE_ADJUDICATION_COLUMNS)


def _timex_key(row: dict) -> tuple[str, str, str]:
    return row["doc_id"], row["quote"], row["occurrence"]


def timex_attribute_agreement(rows_a: list[dict], rows_b: list[dict]) -> list[tuple[str, int, int, float]]:
    """(attribute, timexes where A and B agree, timexes both annotated, Cohen's kappa) per attribute."""
    by_key_b = {_timex_key(row): row for row in rows_b}
    shared = [(row, by_key_b[_timex_key(row)]) for row in rows_a if _timex_key(row) in by_key_b]
    return [(attribute, sum(a[attribute] == b[attribute] for a, b in shared), len(shared),
             cohen_kappa([a[attribute] for a, _ in shared], [b[attribute] for _, b in shared]))
            for attribute in TIMEX_FUNCTION_ATTRIBUTES]


def timex_attribute_disagreements(rows_a: list[dict], rows_b: list[dict]) -> list[tuple]:
    """(doc_id, quote, occurrence, attribute) for each attribute the two give differently, and
    (…, "timex") for a timex only one of them annotated."""
    by_key_a, by_key_b = {_timex_key(row): row for row in rows_a}, {_timex_key(row): row for row in rows_b}
    found = [(*key, "timex") for key in set(by_key_a) ^ set(by_key_b)]
    for key in set(by_key_a) & set(by_key_b):
        found += [(*key, attribute) for attribute in TIMEX_FUNCTION_ATTRIBUTES
                  if by_key_a[key][attribute] != by_key_b[key][attribute]]
    return sorted(found)


def read_stance_annotation(corpus_root: Path, annotator: str,
                           folder: str = STANCES_DOUBLE_ANNOTATION_DIR) -> list[dict]:
    """A recorded stance annotation; spans as (start, end) tuples, None for no holder."""
    rows = read_tsv(corpus_root / folder / f"annotator_{annotator}.tsv", STANCE_ANNOTATION_COLUMNS)
    for row in rows:
        for span in ("holder", "target", "cue"):
            start, end = row.pop(f"{span}_start"), row.pop(f"{span}_end")
            row[span] = None if start == "-" else (int(start), int(end))
    return rows


def read_stance_adjudication(corpus_root: Path, folder: str = STANCES_DOUBLE_ANNOTATION_DIR) -> list[dict]:
    return read_tsv(corpus_root / folder / "adjudication.tsv", STANCE_ADJUDICATION_COLUMNS)


def _overlap(left, right) -> bool:
    return left is not None and right is not None and left[0] < right[1] and right[0] < left[1]


def pair_stances(rows_a: list[dict], rows_b: list[dict], exact: bool) -> list[tuple[dict, dict]]:
    """One-to-one pairs of stances of the same document whose cues are identical (exact) or overlap.
    A cue aimed at two targets gives two stances (ANNOTATION_SPEC.md §4), so stances with the same
    target are paired first, then the rest by their cues alone."""
    pairs, used_a, used_b = [], set(), set()
    for same_target in (True, False):
        for index_a, row_a in enumerate(rows_a):
            if index_a in used_a:
                continue
            for index_b, row_b in enumerate(rows_b):
                if index_b in used_b or row_a["doc_id"] != row_b["doc_id"]:
                    continue
                if same_target and row_a["target_id"] != row_b["target_id"]:
                    continue
                if (row_a["cue"] == row_b["cue"]) if exact else _overlap(row_a["cue"], row_b["cue"]):
                    pairs.append((row_a, row_b))
                    used_a.add(index_a)
                    used_b.add(index_b)
                    break
    return pairs


def _holders_agree(row_a: dict, row_b: dict, exact: bool) -> bool:
    if row_a["holder"] is None or row_b["holder"] is None:
        return row_a["holder"] is None and row_b["holder"] is None
    return row_a["holder"] == row_b["holder"] if exact else _overlap(row_a["holder"], row_b["holder"])


def stance_tuple_agreement(rows_a: list[dict], rows_b: list[dict], exact: bool) -> Agreement:
    """Stances of A and B whose (holder, target_id, polarity) agree, paired by their cues."""
    agreeing = sum(_holders_agree(row_a, row_b, exact) and row_a["target_id"] == row_b["target_id"]
                   and row_a["polarity"] == row_b["polarity"] for row_a, row_b in pair_stances(rows_a, rows_b, exact))
    return Agreement(len(rows_a), len(rows_b), agreeing)


def cohen_kappa(labels_a: list[str], labels_b: list[str]) -> float:
    """Cohen's kappa of two annotators' labels for the same items (1.0 when both use one label)."""
    total = len(labels_a)
    if total == 0:
        return 1.0
    observed = sum(left == right for left, right in zip(labels_a, labels_b)) / total
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[label] * count_b[label] for label in set(count_a) | set(count_b)) / total ** 2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def stance_polarity_kappa(rows_a: list[dict], rows_b: list[dict]) -> tuple[float, int]:
    """(kappa on polarity, number of pairs) over the stances paired by overlapping cues."""
    pairs = pair_stances(rows_a, rows_b, exact=False)
    return cohen_kappa([a["polarity"] for a, _ in pairs], [b["polarity"] for _, b in pairs]), len(pairs)


def stance_target_kappa(rows_a: list[dict], rows_b: list[dict]) -> tuple[float, int]:
    """(kappa on target_id, number of pairs) over the stances paired by overlapping cues."""
    pairs = pair_stances(rows_a, rows_b, exact=False)
    return cohen_kappa([a["target_id"] for a, _ in pairs], [b["target_id"] for _, b in pairs]), len(pairs)


def stance_disagreements(rows_a: list[dict], rows_b: list[dict]) -> list[tuple]:
    """(doc_id, cue_a, cue_b, attribute) for every unpaired stance (attribute `stance`) and every
    attribute that differs within a pair (cues as "start:end", "-" for no stance)."""
    key = lambda row: "-" if row is None else f"{row['cue'][0]}:{row['cue'][1]}"  # noqa: E731
    pairs = pair_stances(rows_a, rows_b, exact=False)
    paired_a, paired_b = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
    found = [(row["doc_id"], key(row), "-", "stance") for row in rows_a if id(row) not in paired_a]
    found += [(row["doc_id"], "-", key(row), "stance") for row in rows_b if id(row) not in paired_b]
    for row_a, row_b in pairs:
        found += [(row_a["doc_id"], key(row_a), key(row_b), attribute)
                  for attribute in STANCE_ATTRIBUTES if row_a[attribute] != row_b[attribute]]
    return sorted(found)


@dataclass(frozen=True)
class LinkAgreement:
    """Two annotators' Wikipedia links compared entity by entity (ANNOTATION_SPEC.md §6).

    Compared: the entities both records list where neither answered UNDECIDED. Agreement is the
    same title, two NILs included; the NIL figures and Cohen's kappa are on linked vs NIL."""

    listed_a: int
    listed_b: int
    one_record_only: int      # entities listed by one annotator only
    undecided_a: int          # among the entities both list
    undecided_b: int
    compared: int
    same_title: int
    both_nil: int
    one_nil: int
    both_linked: int
    both_linked_same: int
    nil_kappa: float

    @property
    def accuracy(self) -> float:
        return self.same_title / self.compared if self.compared else 1.0


def _read_link_titles(path: Path) -> dict[str, str]:
    titles: dict[str, str] = {}
    for line_number, row in enumerate(read_tsv(path, LINK_ANNOTATION_COLUMNS), start=2):
        if row["entity_id"] in titles:
            raise SourceError(f"{path}:{line_number}: entity_id {row['entity_id']!r} is listed twice")
        titles[row["entity_id"]] = row["wikipedia_title"]
    return titles


def read_link_annotation(corpus_root: Path, annotator: str) -> dict[str, str]:
    """entity_id -> the title (or NIL, or UNDECIDED) one annotator recorded."""
    return _read_link_titles(corpus_root / LINKS_DOUBLE_ANNOTATION_DIR / f"annotator_{annotator}.tsv")


def read_link_adjudication(corpus_root: Path) -> list[dict]:
    return read_tsv(corpus_root / LINKS_DOUBLE_ANNOTATION_DIR / "adjudication.tsv", LINK_ADJUDICATION_COLUMNS)


def link_agreement(titles_a: dict[str, str], titles_b: dict[str, str]) -> LinkAgreement:
    both = [entity_id for entity_id in titles_a if entity_id in titles_b]
    compared = [(titles_a[entity_id], titles_b[entity_id]) for entity_id in both
                if UNDECIDED not in (titles_a[entity_id], titles_b[entity_id])]
    nil_count = Counter((a == NIL_TITLE) + (b == NIL_TITLE) for a, b in compared)
    linked = [(a, b) for a, b in compared if NIL_TITLE not in (a, b)]
    return LinkAgreement(
        listed_a=len(titles_a), listed_b=len(titles_b), one_record_only=len(set(titles_a) ^ set(titles_b)),
        undecided_a=sum(titles_a[entity_id] == UNDECIDED for entity_id in both),
        undecided_b=sum(titles_b[entity_id] == UNDECIDED for entity_id in both),
        compared=len(compared), same_title=sum(a == b for a, b in compared),
        both_nil=nil_count[2], one_nil=nil_count[1], both_linked=len(linked),
        both_linked_same=sum(a == b for a, b in linked),
        nil_kappa=cohen_kappa([a == NIL_TITLE for a, _ in compared], [b == NIL_TITLE for _, b in compared]))


def link_disagreements(titles_a: dict[str, str], titles_b: dict[str, str]) -> list[str]:
    """The entities both records list whose answers differ (an UNDECIDED one included), sorted."""
    return sorted(entity_id for entity_id in titles_a
                  if entity_id in titles_b and titles_a[entity_id] != titles_b[entity_id])
