import pytest

from nkru.build import build
from nkru.sources.documents import read_document_rows
from nkru.sources.entities import MENTIONS_DIR, REGISTRY_SOURCE, read_mention_rows, read_registry, registry_rows
from nkru.errors import SourceError

from conftest import CHECKOUT, replace_once


def _rows(root):
    texts = {row.doc_id: row.text for row in read_document_rows(root)}
    registry = read_registry(root)
    mentions = read_mention_rows(root, texts, registry)
    return mentions, registry_rows(registry, mentions)



def test_mentions_are_located_and_sorted():
    mentions, registry = _rows(CHECKOUT)
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
    for mention in mentions:
        assert texts[mention.doc_id][mention.start:mention.end] == mention.text
    for previous, mention in zip(mentions, mentions[1:]):
        if previous.doc_id == mention.doc_id:
            assert previous.end <= mention.start
    assert mentions[0].mention_id == "nkru-000-m001"


def test_golden_entity_facts():
    mentions, registry = _rows(CHECKOUT)
    by_id = {entry.entity_id: entry for entry in registry}
    assert by_id["sergei_shoigu"].surface_forms == [
        "Choïgou", "Choïgu", "Sergei Shoigu", "Sergueï Choïgou", "Sergueï Choïgu", "Shoigu"]
    assert by_id["north_korea"].surface_forms == ["Corée du Nord", "Corée du nord", "Nord", "North Korea", "RPDC"]
    assert {"moscow", "russia"} <= set(by_id)
    assert by_id["kremlin"].label == "ORG"
    assert sum(entry.mention_count for entry in registry) == len(mentions)


def test_an_occurrence_that_does_not_exist_is_refused(corpus_copy):
    replace_once(corpus_copy / MENTIONS_DIR / "nkru-002.tsv", "Kremlin\t1\t", "Kremlin\t3\t")
    with pytest.raises(SourceError, match=r"nkru-002.tsv:\d+: 'Kremlin' has no whole-word occurrence number 3"):
        _rows(corpus_copy)


def test_an_unknown_label_is_refused(corpus_copy):
    replace_once(corpus_copy / MENTIONS_DIR / "nkru-002.tsv", "Kremlin\t1\tORG", "Kremlin\t1\tINSTITUTION")
    with pytest.raises(SourceError, match="unknown label 'INSTITUTION'"):
        _rows(corpus_copy)


def test_a_label_other_than_the_registry_one_is_refused(corpus_copy):
    replace_once(corpus_copy / MENTIONS_DIR / "nkru-002.tsv", "Kremlin\t1\tORG", "Kremlin\t1\tGPE")
    with pytest.raises(SourceError, match="label GPE differs from 'kremlin''s registry label ORG"):
        _rows(corpus_copy)


def test_an_entity_missing_from_the_registry_is_refused(corpus_copy):
    replace_once(corpus_copy / MENTIONS_DIR / "nkru-002.tsv", "Kremlin\t1\tORG\tkremlin", "Kremlin\t1\tORG\tthe_kremlin")
    with pytest.raises(SourceError, match="entity_id 'the_kremlin' is not in"):
        _rows(corpus_copy)


def test_a_registry_entity_without_mentions_is_refused(corpus_copy):
    with (corpus_copy / REGISTRY_SOURCE).open("a", encoding="utf-8") as handle:
        handle.write("kim_il_sung\tPER\tKim Il-sung\tfounder of North Korea\tKim_Il_Sung\t"
                     "https://en.wikipedia.org/wiki/Kim_Il_Sung\tthe English article\n")
    with pytest.raises(SourceError, match=r"entities without any mention: \['kim_il_sung'\]"):
        _rows(corpus_copy)


def test_a_duplicated_registry_id_is_refused(corpus_copy):
    with (corpus_copy / REGISTRY_SOURCE).open("a", encoding="utf-8") as handle:
        handle.write("tokyo\tGPE\tTokyo\tagain\tTokyo\thttps://en.wikipedia.org/wiki/Tokyo\tthe English article\n")
    with pytest.raises(SourceError, match="entity_id 'tokyo' is listed twice"):
        _rows(corpus_copy)


def test_a_short_row_is_refused(corpus_copy):
    replace_once(corpus_copy / MENTIONS_DIR / "nkru-002.tsv", "Kremlin\t1\tORG\tkremlin", "Kremlin\t1\tORG")
    with pytest.raises(SourceError, match="nkru-002.tsv:[0-9]+: expected 4 non-empty columns separated by tabs, found \\[.Kremlin., .1., .ORG.\\]"):
        _rows(corpus_copy)


def test_the_build_refuses_tables_that_fail_a_check(corpus_copy):
    # Dropping one of several `Pyongyang` mentions leaves that occurrence undecided.
    path = corpus_copy / MENTIONS_DIR / "nkru-000.tsv"
    replace_once(path, "Pyongyang\t3\tGPE\tpyongyang\n", "")
    before = (corpus_copy / "annotations/entities.parquet").read_bytes()
    with pytest.raises(SourceError, match=r"fail \d+ checks; nothing was written:\n.*\[surface_coverage\]"):
        build(corpus_copy, corpus_copy)
    assert (corpus_copy / "annotations/entities.parquet").read_bytes() == before


def test_a_registry_link_without_evidence_is_refused(corpus_copy):
    path = corpus_copy / REGISTRY_SOURCE
    header, first, *rest = path.read_text(encoding="utf-8").split("\n")
    cells = first.split("\t")
    cells[header.split("\t").index("link_evidence")] = "-"
    path.write_text("\n".join([header, "\t".join(cells), *rest]), encoding="utf-8")
    with pytest.raises(SourceError, match="expected a link_evidence"):
        _rows(corpus_copy)


def test_a_title_cell_left_empty_is_an_unconfirmed_entity():
    """`-` for the title: the article could not be read, so neither a title nor NIL is claimed."""
    path = CHECKOUT / REGISTRY_SOURCE
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    column = header.split("\t").index("wikipedia_title")
    empty = {line.split("\t")[0] for line in lines if line.split("\t")[column] == "-"}
    _, registry = _rows(CHECKOUT)
    assert empty and {entry.entity_id for entry in registry if entry.wikipedia_title is None} == empty


def test_an_empty_address_cell_is_read_as_null():
    _, registry = _rows(CHECKOUT)
    for entry in registry:
        assert entry.wikipedia_address is None or entry.wikipedia_address != "-"
        if entry.wikipedia_title == "NIL":
            assert entry.wikipedia_address is None, entry.entity_id
