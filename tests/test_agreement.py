import pytest

from nkru.agreement import (
    agreement_by_label,
    disagreements,
    grouping_agreement,
    read_adjudication,
    read_annotation,
    read_timex_adjudication,
    read_timex_annotation,
    timex_agreement,
    timex_disagreements,
)
from nkru.documents import read_document_rows
from nkru.loader import load
from nkru.schema import ENTITY_LABELS

from conftest import CHECKOUT


def _row(start, end, label, entity="x", doc_id="d"):
    return {"doc_id": doc_id, "start": start, "end": end, "text": "t", "label": label, "entity": entity}


def test_agreement_counts_exact_span_and_label():
    rows_a = [_row(0, 3, "PER"), _row(5, 9, "GPE"), _row(10, 12, "NORP")]
    rows_b = [_row(0, 3, "PER"), _row(5, 9, "LOC"), _row(20, 22, "ORG")]
    fine = agreement_by_label(rows_a, rows_b)
    assert (fine["ALL"].matched, fine["ALL"].count_a, fine["ALL"].count_b) == (1, 3, 3)
    assert fine["ALL"].f1 == pytest.approx(1 / 3)
    assert fine["SPAN"].matched == 2
    assert fine["PER"].f1 == 1.0 and fine["GPE"].f1 == 0.0
    coarse = agreement_by_label(rows_a, rows_b, coarse=True)
    assert coarse["LOC"].matched == 1  # GPE and LOC are both CoNLL LOC
    assert disagreements(rows_a, rows_b) == [("d", 5, 9), ("d", 10, 12), ("d", 20, 22)]


def test_grouping_agreement_compares_clusters_not_names():
    rows_a = [_row(0, 1, "PER", "kim"), _row(2, 3, "PER", "kim"), _row(4, 5, "PER", "shoigu")]
    rows_b = [_row(0, 1, "PER", "Kim"), _row(2, 3, "PER", "Shoigu"), _row(4, 5, "PER", "Shoigu")]
    assert grouping_agreement(rows_a, rows_b) == (0, 2)
    assert grouping_agreement(rows_a, rows_a) == (2, 2)


@pytest.mark.parametrize("annotator", ["a", "b"])
def test_the_recorded_annotations_point_at_the_texts(annotator):
    texts = {row["doc_id"]: row["text"] for row in read_document_rows(CHECKOUT)}
    rows = read_annotation(CHECKOUT, annotator)
    assert rows
    for row in rows:
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        assert row["label"] in ENTITY_LABELS


def test_every_disagreement_is_adjudicated_and_the_decision_is_shipped():
    rows_a, rows_b = read_annotation(CHECKOUT, "a"), read_annotation(CHECKOUT, "b")
    label_of = lambda rows: {(row["doc_id"], row["start"], row["end"]): row["label"] for row in rows}  # noqa: E731
    labels_a, labels_b = label_of(rows_a), label_of(rows_b)
    gold = {(row["doc_id"], row["start"], row["end"]): ENTITY_LABELS[row["label"]] for row in load("entities")["test"]}
    adjudication = {(row["doc_id"], int(row["start"]), int(row["end"])): row for row in read_adjudication(CHECKOUT)}
    assert set(adjudication) == set(disagreements(rows_a, rows_b))
    for key, row in adjudication.items():
        assert row["annotator_a"] == labels_a.get(key, "-")
        assert row["annotator_b"] == labels_b.get(key, "-")
        assert row["decision"] == gold.get(key, "-"), key


def _timex(start, end, timex_type="DATE", value="2023", anchor="-", doc_id="d"):
    return {"doc_id": doc_id, "start": start, "end": end, "text": "t", "type": timex_type, "value": value,
            "mod": "-", "function": "NONE", "anchor": anchor, "note": "-"}


def test_timex_agreement_strict_relaxed_and_attributes():
    rows_a = [_timex(0, 4), _timex(10, 20, value="2023-07"), _timex(30, 35, "DURATION", "P1Y")]
    rows_b = [_timex(0, 4), _timex(12, 20, value="2023-08"), _timex(40, 45)]
    result = timex_agreement(rows_a, rows_b)
    assert (result.strict.matched, result.relaxed.matched) == (1, 2)
    assert result.attribute_matches["value"] == 1 and result.accuracy("type") == 1.0
    assert result.strict_by_type["DURATION"].count_a == 1 and result.strict_by_type["DURATION"].matched == 0
    assert timex_disagreements(rows_a, rows_b) == [("d", 10, 20, "extent"), ("d", 12, 20, "extent"),
                                                   ("d", 30, 35, "extent"), ("d", 40, 45, "extent")]


@pytest.mark.parametrize("annotator", ["a", "b"])
def test_the_recorded_timex_annotations_point_at_the_texts(annotator):
    texts = {row["doc_id"]: row["text"] for row in read_document_rows(CHECKOUT)}
    rows = read_timex_annotation(CHECKOUT, annotator)
    starts = {(row["doc_id"], row["start"]) for row in rows}
    for row in rows:
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"]
        assert row["anchor"] in ("-", "dct") or (row["doc_id"], int(row["anchor"][1:])) in starts


def test_every_timex_disagreement_is_adjudicated_and_the_decision_is_shipped():
    rows_a, rows_b = read_timex_annotation(CHECKOUT, "a"), read_timex_annotation(CHECKOUT, "b")
    adjudication = {(row["doc_id"], int(row["start"]), int(row["end"]), row["attribute"]): row
                    for row in read_timex_adjudication(CHECKOUT)}
    assert set(timex_disagreements(rows_a, rows_b)) <= set(adjudication)
    dates = load("dates")["test"]
    shipped = {(row["doc_id"], row["start"], row["end"]): row for row in dates}
    type_name = dates.features["type"].int2str
    for (doc_id, start, end, attribute), row in adjudication.items():
        timex = shipped.get((doc_id, start, end))
        if attribute == "extent":
            expected = "-" if timex is None else f"{type_name(timex['type'])} {timex['value']}"
        elif attribute == "anchor":
            expected = timex["anchor"] or "-"
        elif attribute == "note":
            expected = "factually off" if timex["note"] else "-"
        else:
            expected = timex[attribute]
        assert row["decision"] == expected, (doc_id, start, attribute)
