import pytest

from nkru.sources.dates import DATES_DIR, read_date_rows
from nkru.sources.documents import read_document_rows
from nkru.errors import SourceError

from conftest import CHECKOUT, replace_once


def _rows(root):
    return read_date_rows(root, {row.doc_id: row.text for row in read_document_rows(root)})



def test_timexes_are_located_sorted_and_anchored():
    rows = _rows(CHECKOUT)
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
    for row in rows:
        assert texts[row.doc_id][row.start:row.end] == row.text
    thursday = next(row for row in rows if row.text == "Thursday")
    tweet_date = next(row for row in rows if row.text == "July 28, 2023")
    assert thursday.anchor == tweet_date.timex_id and thursday.value == "2023-07-27"
    header = next(row for row in rows if row.doc_id == "nkru-004" and row.function == "CREATION_TIME")
    assert (header.start, header.text, header.anchor, header.mod) == (6, "2023-08", None, None)


def test_golden_date_facts():
    rows = _rows(CHECKOUT)
    by_text = {(row.doc_id, row.text): row for row in rows}
    assert by_text[("nkru-002", "mardi dernier")].value == "2023-09-12"
    assert "Wednesday 2023-09-13" in by_text[("nkru-002", "mardi dernier")].note
    assert by_text[("nkru-003", "années 1980")].value == "198"
    assert by_text[("nkru-004", "début du mois")].mod == "START"


def test_timeml_attributes_are_read_and_points_become_ids():
    rows = _rows(CHECKOUT)
    by_text = {(row.doc_id, row.text): row for row in rows}
    last_tuesday = by_text[("nkru-002", "mardi dernier")]
    assert (last_tuesday.temporal_function, last_tuesday.value_from_function, last_tuesday.anchor_timex_id) == (
        True, "weekday_before", "nkru-002-t0")
    thursday, tweet_date = by_text[("nkru-000", "Thursday")], by_text[("nkru-000", "July 28, 2023")]
    assert thursday.anchor_timex_id == tweet_date.timex_id and not tweet_date.temporal_function
    months = by_text[("nkru-003", "Ces derniers mois")]
    assert (months.temporal_function, months.anchor, months.anchor_timex_id, months.begin_point, months.end_point) == (
        False, "dct", "nkru-003-t0", None, "nkru-003-t0")
    one_day, saturday = by_text[("nkru-003", "Un jour")], next(
        row for row in rows if row.doc_id == "nkru-003" and row.text == "samedi")
    assert (one_day.begin_point, one_day.end_point) == (None, saturday.timex_id)
    assert all(row.quant is None and row.freq is None for row in rows)


@pytest.mark.parametrize("old, new, message", [
    ("mardi dernier\t1\tDATE", "mardi dernier\t2\tDATE", "has no whole-word occurrence number 2"),
    ("mardi dernier\t1\tDATE", "mardi dernier\t1\tMOMENT", "unknown type 'MOMENT'"),
    ("\tNONE\tdct\tthe summit", "\tSOMETIMES\tdct\tthe summit", "unknown function 'SOMETIMES'"),
    ("2023-09-12\t-\tNONE", "2023-09-12\tSOON\tNONE", "unknown mod 'SOON'"),
    ("\tNONE\tdct\tthe summit", "\tNONE\tdimanche#9\tthe summit", "anchor 'dimanche#9' is neither"),
    ("\ttrue\tweekday_before\t", "\tyes\tweekday_before\t", "expected temporal_function true or false"),
    ("\ttrue\tweekday_before\t", "\ttrue\tlast_tuesday\t", "unknown value_from_function 'last_tuesday'"),
    ("PXD\t-\tNONE\t-\t-\tfalse\t-\t-\tdct", "PXD\t-\tNONE\t-\t-\tfalse\t-\t-\tdimanche#2",
     "end_point 'dimanche#2' is neither"),
    ("PXD\t-\tNONE\t-\t-\tfalse\t-\t-\tdct\t-", "PXD\t-\tNONE\t-\t-\tfalse\t-\t-\tdct\tALWAYS",
     "unknown quant 'ALWAYS'"),
])
def test_bad_date_sources_are_refused(corpus_copy, old, new, message):
    replace_once(corpus_copy / DATES_DIR / "nkru-002.tsv", old, new)
    with pytest.raises(SourceError, match=message):
        _rows(corpus_copy)
