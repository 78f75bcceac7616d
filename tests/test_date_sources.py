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


@pytest.mark.parametrize("old, new, message", [
    ("mardi dernier\t1\tDATE", "mardi dernier\t2\tDATE", "has no whole-word occurrence number 2"),
    ("mardi dernier\t1\tDATE", "mardi dernier\t1\tMOMENT", "unknown type 'MOMENT'"),
    ("\tNONE\tdct\tthe summit", "\tSOMETIMES\tdct\tthe summit", "unknown function 'SOMETIMES'"),
    ("2023-09-12\t-\tNONE", "2023-09-12\tSOON\tNONE", "unknown mod 'SOON'"),
    ("\tNONE\tdct\tthe summit", "\tNONE\tdimanche#9\tthe summit", "anchor 'dimanche#9' is neither"),
])
def test_bad_date_sources_are_refused(corpus_copy, old, new, message):
    replace_once(corpus_copy / DATES_DIR / "nkru-002.tsv", old, new)
    with pytest.raises(SourceError, match=message):
        _rows(corpus_copy)
