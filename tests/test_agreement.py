import pytest

from nkru.evaluation.agreement import (
    STANCES_1_1_DOUBLE_ANNOTATION_DIR,
    STANCES_DOUBLE_ANNOTATION_DIR,
    stance_target_kappa,
    agreement_by_label,
    disagreements,
    grouping_agreement,
    link_agreement,
    link_disagreements,
    read_link_adjudication,
    read_link_annotation,
    read_adjudication,
    read_annotation,
    cohen_kappa,
    pair_stances,
    read_stance_adjudication,
    read_stance_annotation,
    read_timex_adjudication,
    read_timex_annotation,
    stance_disagreements,
    stance_tuple_agreement,
    timex_agreement,
    timex_disagreements,
)
from nkru.loader import load
from nkru.sources.documents import read_document_rows
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
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
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
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
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


def _stance(cue, holder=None, target_id="sanctions", polarity="AGAINST", doc_id="d"):
    return {"doc_id": doc_id, "holder": holder, "holder_text": "h", "holder_entity_id": "-", "target": (0, 1),
            "target_text": "t", "target_id": target_id, "polarity": polarity, "cue": cue, "cue_text": "c",
            "attribution": "REPORTED" if holder else "AUTHOR"}


def test_cohen_kappa():
    assert cohen_kappa(["F", "A", "F", "A"], ["F", "A", "F", "A"]) == 1.0
    assert cohen_kappa(["F", "F", "A", "A"], ["F", "A", "F", "A"]) == 0.0
    assert cohen_kappa(["F", "F"], ["F", "F"]) == 1.0


def test_stance_tuples_are_paired_by_cue_and_compared_on_holder_target_polarity():
    rows_a = [_stance((10, 15), holder=(0, 5)), _stance((30, 40)), _stance((50, 55), polarity="FAVOR")]
    rows_b = [_stance((10, 15), holder=(2, 5)), _stance((32, 40)), _stance((70, 75))]
    exact, overlap = stance_tuple_agreement(rows_a, rows_b, True), stance_tuple_agreement(rows_a, rows_b, False)
    assert (exact.matched, overlap.matched) == (0, 2)  # exact: holders differ and the second cues differ
    assert len(pair_stances(rows_a, rows_b, exact=False)) == 2
    found = stance_disagreements(rows_a, rows_b)
    assert ("d", "50:55", "-", "stance") in found and ("d", "-", "70:75", "stance") in found
    assert ("d", "10:15", "10:15", "holder") in found and ("d", "30:40", "32:40", "cue") in found


STANCE_ROUNDS = [STANCES_DOUBLE_ANNOTATION_DIR, STANCES_1_1_DOUBLE_ANNOTATION_DIR]


@pytest.mark.parametrize("folder", STANCE_ROUNDS)
@pytest.mark.parametrize("annotator", ["a", "b"])
def test_the_recorded_stance_annotations_point_at_the_texts(annotator, folder):
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
    for row in read_stance_annotation(CHECKOUT, annotator, folder):
        for span in ("holder", "target", "cue"):
            if row[span] is not None:
                assert texts[row["doc_id"]][row[span][0]:row[span][1]] == row[f"{span}_text"]


def test_every_first_round_stance_disagreement_is_adjudicated():
    """The first round's decisions were shipped until the version 1.1 re-annotation replaced them."""
    rows_a, rows_b = read_stance_annotation(CHECKOUT, "a"), read_stance_annotation(CHECKOUT, "b")
    adjudication = read_stance_adjudication(CHECKOUT)
    keys = {(row["doc_id"], row["cue_a"], row["cue_b"], row["attribute"]) for row in adjudication}
    assert keys == set(stance_disagreements(rows_a, rows_b))
    assert all(row["reason"].strip() for row in adjudication)


def _stance_summary(stance, names):
    return f"{names['polarity'](stance['polarity'])} {names['target_id'](stance['target_id'])} {stance['cue_text']!r}"


def test_every_version_1_1_stance_disagreement_is_adjudicated_and_the_decision_is_shipped():
    folder = STANCES_1_1_DOUBLE_ANNOTATION_DIR
    rows_a, rows_b = read_stance_annotation(CHECKOUT, "a", folder), read_stance_annotation(CHECKOUT, "b", folder)
    adjudication = read_stance_adjudication(CHECKOUT, folder)
    keys = {(row["doc_id"], row["cue_a"], row["cue_b"], row["attribute"]) for row in adjudication}
    assert keys == set(stance_disagreements(rows_a, rows_b))
    assert all(row["reason"].strip() for row in adjudication)
    stances = load("stances")["test"]
    names = {column: stances.features[column].int2str for column in ("target_id", "polarity", "attribution")}
    gold = stances.to_list()
    shipped = {(stance["doc_id"], _stance_summary(stance, names)) for stance in gold}
    for row in adjudication:
        cues = [tuple(map(int, cue.split(":"))) for cue in (row["cue_a"], row["cue_b"]) if cue != "-"]
        near = [stance for stance in gold if stance["doc_id"] == row["doc_id"] and any(
            stance["cue_start"] < end and start < stance["cue_end"] for start, end in cues)]
        if row["attribute"] == "stance":
            # a stance kept (perhaps with the other annotator's cue) is shipped as the decision says
            assert row["decision"] == "-" or (row["doc_id"], row["decision"]) in shipped, row
            if row["decision"] == "-":
                recorded = row["annotator_a"] if row["annotator_a"] != "-" else row["annotator_b"]
                assert (row["doc_id"], recorded) not in shipped, row
            continue
        values = set()
        for stance in near:
            value = stance[f"{row['attribute']}_text"] if row["attribute"] in ("holder", "target", "cue") else (
                names[row["attribute"]](stance[row["attribute"]]) if row["attribute"] in names
                else stance[row["attribute"]])
            values.add(value if value is not None else "-")
        assert row["decision"] in values, row


def test_the_target_kappa_counts_target_disagreements():
    row = {"doc_id": "d", "holder": None, "polarity": "FAVOR"}
    rows_a = [dict(row, cue=(0, 5), target_id="x"), dict(row, cue=(10, 15), target_id="y")]
    rows_b = [dict(row, cue=(0, 5), target_id="x"), dict(row, cue=(10, 15), target_id="x")]
    assert stance_target_kappa(rows_a, rows_a) == (1.0, 2)
    kappa, paired = stance_target_kappa(rows_a, rows_b)
    assert paired == 2 and kappa < 1.0


def test_a_cue_with_two_targets_pairs_each_stance_with_its_own_target():
    row = {"doc_id": "d", "holder": None, "polarity": "AGAINST", "cue": (0, 5)}
    rows_a = [dict(row, target_id="x"), dict(row, target_id="y")]
    rows_b = [dict(row, target_id="y"), dict(row, target_id="x")]
    pairs = pair_stances(rows_a, rows_b, exact=True)
    assert [(a["target_id"], b["target_id"]) for a, b in pairs] == [("x", "x"), ("y", "y")]

def test_every_timeml_attribute_disagreement_is_adjudicated_and_the_decision_is_shipped():
    from nkru.evaluation.agreement import (
        read_timex_attribute_adjudication,
        read_timex_attribute_annotation,
        timex_attribute_disagreements,
    )
    rows_a, rows_b = read_timex_attribute_annotation(CHECKOUT, "a"), read_timex_attribute_annotation(CHECKOUT, "b")
    adjudication = read_timex_attribute_adjudication(CHECKOUT)
    assert {(row["doc_id"], row["quote"], row["occurrence"], row["attribute"]) for row in adjudication} == set(
        timex_attribute_disagreements(rows_a, rows_b))
    shipped = {}
    for path in sorted((CHECKOUT / "annotations" / "dates").glob("nkru-*.tsv")):
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        for line in lines:
            row = dict(zip(header.split("\t"), line.split("\t")))
            shipped[(path.stem, row["quote"], row["occurrence"])] = row
    for row in adjudication:
        assert row["reason"].strip()
        assert shipped[(row["doc_id"], row["quote"], row["occurrence"])][row["attribute"]] == row["decision"], row
    # every timex of the shipped sources was annotated by both
    assert {(row["doc_id"], row["quote"], row["occurrence"]) for row in rows_a} == set(shipped)


def test_timeml_attribute_agreement_counts_and_kappa():
    from nkru.evaluation.agreement import TIMEX_FUNCTION_ATTRIBUTES, timex_attribute_agreement

    def row(occurrence, function, rule):
        values = dict.fromkeys(TIMEX_FUNCTION_ATTRIBUTES, "-")
        return {"doc_id": "d", "quote": "jeudi", "occurrence": occurrence, **values,
                "temporal_function": function, "value_from_function": rule}
    rows_a = [row("1", "true", "weekday_before"), row("2", "false", "-")]
    rows_b = [row("1", "true", "same_day"), row("2", "false", "-")]
    by_attribute = {attribute: (agree, total, kappa) for attribute, agree, total, kappa in
                    timex_attribute_agreement(rows_a, rows_b)}
    assert by_attribute["temporal_function"] == (2, 2, 1.0)
    agree, total, kappa = by_attribute["value_from_function"]
    assert (agree, total) == (1, 2) and kappa < 1.0



def test_link_agreement_counts_titles_nils_and_undecided_apart():
    titles_a = {"e1": "Paris", "e2": "NIL", "e3": "London", "e4": "NIL", "e5": "UNDECIDED", "e6": "Rome"}
    titles_b = {"e1": "Paris", "e2": "NIL", "e3": "London_(band)", "e4": "Berlin", "e5": "Madrid", "e7": "Oslo"}
    result = link_agreement(titles_a, titles_b)
    assert (result.listed_a, result.listed_b, result.one_record_only) == (6, 6, 2)
    assert (result.undecided_a, result.undecided_b, result.compared, result.same_title) == (1, 0, 4, 2)
    assert result.accuracy == 0.5
    assert (result.both_nil, result.one_nil, result.both_linked, result.both_linked_same) == (1, 1, 2, 1)
    # NIL flags A: no, yes, no, yes; B: no, yes, no, no. Observed 3/4; expected (2*1 + 2*3)/16 = 1/2.
    assert result.nil_kappa == pytest.approx((0.75 - 0.5) / (1 - 0.5))
    assert link_disagreements(titles_a, titles_b) == ["e3", "e4", "e5"]


def test_link_agreement_of_nothing_compared_is_not_a_division_by_zero():
    result = link_agreement({"e1": "UNDECIDED"}, {"e1": "Paris"})
    assert (result.compared, result.accuracy, result.nil_kappa) == (0, 1.0, 1.0)


def test_every_link_disagreement_is_adjudicated_and_the_decision_is_shipped():
    titles_a, titles_b = read_link_annotation(CHECKOUT, "a"), read_link_annotation(CHECKOUT, "b")
    adjudication = {row["entity_id"]: row for row in read_link_adjudication(CHECKOUT)}
    # every disagreement is adjudicated; the other rows are entities both left undecided that the
    # adjudicator's search settled
    disagreeing = link_disagreements(titles_a, titles_b)
    assert set(disagreeing) <= set(adjudication)
    assert all(titles_a[entity_id] == titles_b[entity_id] == "UNDECIDED"
               for entity_id in set(adjudication) - set(disagreeing))
    shipped = {row["entity_id"]: row["wikipedia_title"] for row in load("entity_registry")["test"]}
    for entity_id, row in adjudication.items():
        assert (row["annotator_a"], row["annotator_b"]) == (titles_a[entity_id], titles_b[entity_id])
        assert (None if row["decision"] == "-" else row["decision"]) == shipped[entity_id], entity_id
        assert row["reason"].strip()
    # an entity ships without a title (unconfirmed) only when both annotators left it undecided or
    # the adjudication says so
    for entity_id, title in shipped.items():
        if title is None:
            assert (titles_a[entity_id] == titles_b[entity_id] == "UNDECIDED"
                    or adjudication.get(entity_id, {}).get("decision") == "-"), entity_id
        elif entity_id not in adjudication:
            assert titles_a[entity_id] == titles_b[entity_id] == title, entity_id
