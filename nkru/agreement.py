"""Inter-annotator agreement on the entity layer, from the two independent annotations.

Exact-span agreement is the F1 of one annotation against the other (symmetric: swapping the two
swaps precision and recall): a pair agrees when both spans are identical and, for the labelled
figures, both labels are too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nkru.schema import COARSE_BY_ENTITY_LABEL, ENTITY_LABELS
from nkru.tsv import read_tsv

DOUBLE_ANNOTATION_DIR = "annotations/double_annotation/entities"
ANNOTATION_COLUMNS = ["doc_id", "start", "end", "text", "label", "entity"]
ADJUDICATION_COLUMNS = ["doc_id", "start", "end", "text", "annotator_a", "annotator_b", "decision", "reason"]


@dataclass(frozen=True)
class Agreement:
    count_a: int
    count_b: int
    matched: int

    @property
    def f1(self) -> float:
        total = self.count_a + self.count_b
        return 2 * self.matched / total if total else 1.0


def read_annotation(corpus_root: Path, annotator: str) -> list[dict]:
    rows = read_tsv(corpus_root / DOUBLE_ANNOTATION_DIR / f"annotator_{annotator}.tsv", ANNOTATION_COLUMNS)
    for row in rows:
        row["start"], row["end"] = int(row["start"]), int(row["end"])
    return rows


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
