import datetime
import hashlib
import re

import pytest

from nkru.schema import PINNED_TEXT_SHA256, TEXTS_DIR
from nkru.sources.documents import DOCUMENTS_SOURCE, read_document_rows
from nkru.errors import SourceError

from conftest import CHECKOUT, SEEDS, replace_once

EXPECTED_SHA256 = PINNED_TEXT_SHA256  # golden facts: the five texts as received
WEEKDAY_AND_DATE = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (\d{4}-\d{2}-\d{2})")


@pytest.fixture(scope="module")
def rows():
    return read_document_rows(CHECKOUT)


def test_shipped_texts_have_the_pinned_sha256():
    shipped = {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
               for path in (CHECKOUT / TEXTS_DIR).glob("*.txt")}
    assert shipped == EXPECTED_SHA256


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_shipped_texts_equal_the_seeds_byte_for_byte():
    for name in EXPECTED_SHA256:
        assert (CHECKOUT / TEXTS_DIR / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_rows_carry_the_text_unchanged(rows):
    assert [row.doc_id for row in rows] == [f"nkru-00{index}" for index in range(5)]
    for row in rows:
        raw = (CHECKOUT / TEXTS_DIR / row.source_file).read_bytes()
        assert row.text == raw.decode("utf-8")
        assert row.char_count == len(row.text)
        assert row.sha256 == EXPECTED_SHA256[row.source_file]


def test_title_is_the_first_line_where_there_is_a_headline(rows):
    titled = {row.doc_id: row.title for row in rows if row.title is not None}
    assert titled == {
        "nkru-000": "Kim Jong-un fait étalage de toute sa puissance militaire lors de la visite de Sergei Shoigu"
    }
    assert rows[0].text.startswith(titled["nkru-000"] + "\n")


def test_date_headers_and_dct(rows):
    by_id = {row.doc_id: row for row in rows}
    assert {doc_id: row.dct_header for doc_id, row in by_id.items()} == {
        "nkru-000": None, "nkru-001": None, "nkru-002": "2023-09", "nkru-003": "2023-09", "nkru-004": "2023-08",
    }
    for row in rows:
        if row.dct_header:
            assert row.text.startswith(f" date {row.dct_header} ")
            assert row.dct.startswith(row.dct_header)
        assert row.dct_evidence.strip()


def test_weekdays_named_in_the_dct_evidence_are_right(rows):
    checked = 0
    for row in rows:
        for weekday, date in WEEKDAY_AND_DATE.findall(row.dct_evidence):
            assert datetime.date.fromisoformat(date).strftime("%A") == weekday, (row.doc_id, date)
            checked += 1
    assert checked >= 5


def _edit_source(corpus, old, new):
    replace_once(corpus / DOCUMENTS_SOURCE, old, new)


def test_a_changed_text_is_refused(corpus_copy):
    text_path = corpus_copy / TEXTS_DIR / "001_3de3316c9cfa180a.txt"
    text_path.write_bytes(text_path.read_bytes().replace("Choïgou".encode(), b"Choigou", 1))
    with pytest.raises(SourceError, match="001_3de3316c9cfa180a.txt has SHA-256"):
        read_document_rows(corpus_copy)


def test_a_dct_outside_the_header_month_is_refused(corpus_copy):
    _edit_source(corpus_copy, 'dct = "2023-08-15"', 'dct = "2023-09-15"')
    with pytest.raises(SourceError, match="disagrees with the text's date header '2023-08'"):
        read_document_rows(corpus_copy)


@pytest.mark.parametrize("bad_dct", ["2023-02-30", "15/08/2023", "2023"])
def test_a_malformed_dct_is_refused(corpus_copy, bad_dct):
    _edit_source(corpus_copy, 'dct = "2023-07-28"', f'dct = "{bad_dct}"')
    with pytest.raises(SourceError, match="nkru-000"):
        read_document_rows(corpus_copy)


def test_a_duplicated_doc_id_is_refused(corpus_copy):
    _edit_source(corpus_copy, 'doc_id = "nkru-001"', 'doc_id = "nkru-000"')
    with pytest.raises(SourceError, match="doc_id values must be unique"):
        read_document_rows(corpus_copy)


def test_a_missing_key_is_refused(corpus_copy):
    _edit_source(corpus_copy, 'headline = false\ndct = "2023-07"', 'dct = "2023-07"')
    with pytest.raises(SourceError, match=r"'nkru-001': missing keys \['headline'\]"):
        read_document_rows(corpus_copy)


@pytest.mark.parametrize("source_file", ["../../README.md", "/etc/passwd", ".hidden.txt", "sub/dir.txt"])
def test_a_source_file_outside_the_texts_folder_is_refused(corpus_copy, source_file):
    replace_once(corpus_copy / DOCUMENTS_SOURCE, 'source_file = "001_3de3316c9cfa180a.txt"',
                 f'source_file = "{source_file}"')
    with pytest.raises(SourceError, match="expected source_file to name a file of dataset/texts"):
        read_document_rows(corpus_copy)
