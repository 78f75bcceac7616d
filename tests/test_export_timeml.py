from xml.etree import ElementTree

import pytest

from nkru.cli import main
from nkru.errors import ExportError, NkruError
from nkru.export import export_formats
from nkru.export.timeml import FORMAT, export_timeml, read_timeml, timeml_document
from nkru.loader import load
from nkru.reader import read_corpus
from nkru.schema import DCT_ANCHOR, LAYER_BY_CONFIG, TIMEX_FUNCTIONS, Document, Timex

TIMEML_FUNCTIONS = {"CREATION_TIME", "EXPIRATION_TIME", "MODIFICATION_TIME", "PUBLICATION_TIME", "RELEASE_TIME",
                    "RECEPTION_TIME", "NONE"}


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(None, FORMAT.configs)


@pytest.fixture(scope="module")
def exported(corpus, tmp_path_factory):
    (folder,) = export_timeml(corpus, tmp_path_factory.mktemp("export"))
    return folder


def test_the_format_is_listed_and_reads_only_its_configs():
    assert export_formats()["timeml"] is FORMAT
    assert FORMAT.configs == ("documents", "dates") and FORMAT.extra is None


def test_the_function_vocabulary_is_timeml_s():
    assert set(TIMEX_FUNCTIONS) == TIMEML_FUNCTIONS


def test_one_well_formed_file_per_document(corpus, exported):
    assert sorted(path.name for path in exported.iterdir()) == sorted(f"{d.doc_id}.tml" for d in corpus.documents)
    for document in corpus.documents:
        root = ElementTree.parse(exported / f"{document.doc_id}.tml").getroot()
        assert root.tag == "TimeML"
        assert [child.tag for child in root] == ["DOCID", "DCT", *(["TITLE"] * (document.title is not None)), "TEXT"]
        assert "".join(root.find("TEXT").itertext()) == document.text, document.doc_id


def test_the_dct_is_t0_with_the_document_s_date(corpus, exported):
    for document in corpus.documents:
        back = read_timeml(exported / f"{document.doc_id}.tml")
        assert back["doc_id"] == document.doc_id and back["title"] == document.title
        assert back["dct"] == {"tid": "t0", "type": "DATE", "value": document.dct, "temporalFunction": "false",
                               "functionInDocument": "CREATION_TIME"}
        assert back["dct_timex_id"] == document.dct_timex_id == f"{document.doc_id}-t0"


def test_the_timexes_read_back_to_the_dates_table(corpus, exported):
    rebuilt = []
    for document in corpus.documents:
        back = read_timeml(exported / f"{document.doc_id}.tml")
        assert back["text"] == document.text
        rebuilt += back["timexes"]
    assert rebuilt == sorted(corpus.timexes, key=lambda timex: (timex.doc_id, timex.start))
    assert len(rebuilt) == 49
    assert any(timex.anchor not in (None, DCT_ANCHOR) for timex in rebuilt)  # one anchored to another timex
    assert any(timex.end_point is not None for timex in rebuilt) and any(timex.temporal_function for timex in rebuilt)


def test_the_timexes_match_the_shipped_table_as_the_loader_reads_it(corpus, exported):
    table = load("dates")["test"]
    label_columns = [name for name, feature in table.features.items() if hasattr(feature, "int2str")]
    shipped = [{**row, **{name: table.features[name].int2str(row[name]) for name in label_columns}} for row in table]
    columns = LAYER_BY_CONFIG["dates"].columns
    rebuilt = [{column: getattr(timex, column) for column in columns}
               for document in corpus.documents
               for timex in read_timeml(exported / f"{document.doc_id}.tml")["timexes"]]
    assert rebuilt == sorted(shipped, key=lambda row: (row["doc_id"], row["start"]))


def test_tids_are_unique_and_every_anchor_resolves(corpus, exported):
    for document in corpus.documents:
        root = ElementTree.parse(exported / f"{document.doc_id}.tml").getroot()
        timexes = list(root.iter("TIMEX3"))
        tids = [timex.get("tid") for timex in timexes]
        assert len(tids) == len(set(tids)) and tids[0] == "t0"
        for timex in timexes:
            for attribute in ("anchorTimeID", "beginPoint", "endPoint"):
                assert timex.get(attribute) in (None, *tids), (document.doc_id, timex.get("tid"), attribute)
            assert timex.get("temporalFunction") in ("false", "true")
            assert (timex.get("valueFromFunction") is None) == (timex.get("temporalFunction") == "false")
            assert timex.get("functionInDocument") in TIMEML_FUNCTIONS


def test_a_duration_s_end_point_is_the_dct(exported):
    content = (exported / "nkru-003.tml").read_text(encoding="utf-8")
    assert ('<TIMEX3 tid="t017" type="DURATION" value="PXM" temporalFunction="false" functionInDocument="NONE" '
            'anchorTimeID="t0" endPoint="t0">Ces derniers mois</TIMEX3>') in content


def test_the_first_file_literally(exported):
    lines = (exported / "nkru-000.tml").read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        '<?xml version="1.0" encoding="UTF-8"?>', "<TimeML>", "<DOCID>nkru-000</DOCID>",
        ('<DCT><TIMEX3 tid="t0" type="DATE" value="2023-07-28" temporalFunction="false" '
         'functionInDocument="CREATION_TIME">2023-07-28</TIMEX3></DCT>')]
    anchored_to_a_timex = ('<TIMEX3 tid="t008" type="DATE" value="2023-07-27" temporalFunction="true" '
                           'functionInDocument="NONE" anchorTimeID="t009" valueFromFunction="weekday_before">'
                           'Thursday</TIMEX3>')
    assert anchored_to_a_timex in "\n".join(lines)
    assert lines[-1] == "</TimeML>"


def _document(text: str) -> Document:
    return Document(doc_id="nkru-900", text=text, title=None, dct="2023-07", dct_evidence="", dct_header=None,
                    source_file="x.txt", sha256="", char_count=len(text), dct_timex_id="nkru-900-t0")


def _timex(start: int, end: int, text: str, number: int = 1, **columns) -> Timex:
    values = {"type": "DATE", "value": "2023-07", "mod": None, "function": "NONE", "anchor": None, "note": None,
              "temporal_function": False, "value_from_function": None, "anchor_timex_id": None, "begin_point": None,
              "end_point": None, "quant": None, "freq": None}
    return Timex(doc_id="nkru-900", timex_id=f"nkru-900-t{number:03d}", start=start, end=end, text=text,
                 **(values | columns))


def test_markup_characters_line_breaks_and_attributes_survive(tmp_path):
    text = " a<b & c>\r\n en juillet\tdernier \n"
    start = text.index("juillet")
    timex = _timex(start, start + len("juillet\tdernier"), "juillet\tdernier", mod="START", anchor=DCT_ANCHOR,
                   note='said "last"\nin <quotes> & more', temporal_function=True,
                   value_from_function="month_of_anchor_year", anchor_timex_id="nkru-900-t0")
    path = tmp_path / "nkru-900.tml"
    path.write_text(timeml_document(_document(text), [timex]), encoding="utf-8", newline="")
    back = read_timeml(path)
    assert back["text"] == text and back["timexes"] == [timex]


def test_a_set_s_quant_and_freq_and_a_duration_s_points_read_back(tmp_path):
    text = "chaque semaine pendant deux semaines en juillet"
    timexes = [
        _timex(0, 14, "chaque semaine", type="SET", value="P1W", quant="EACH", freq="1X"),
        _timex(23, 36, "deux semaines", 2, type="DURATION", value="P2W", begin_point="nkru-900-t003",
               end_point="nkru-900-t0"),
        _timex(40, 47, "juillet", 3, anchor=DCT_ANCHOR, anchor_timex_id="nkru-900-t0", temporal_function=True,
               value_from_function="month_of_anchor_year"),
    ]
    path = tmp_path / "nkru-900.tml"
    path.write_text(timeml_document(_document(text), timexes), encoding="utf-8", newline="")
    assert read_timeml(path)["timexes"] == timexes


@pytest.mark.parametrize("timexes, message", [
    ([_timex(0, 4, "juil"), _timex(2, 6, "illet", 2)], "overlaps the timex before it"),
    ([_timex(0, 4, "août")], r"expected text\[0:4\] to be 'août'"),
    ([_timex(0, 7, "juillet", anchor="nkru-900-t009")], "expected an anchor 'dct' or a timex id"),
    ([_timex(0, 7, "juillet", anchor=DCT_ANCHOR)], "expected anchor_timex_id 'nkru-900-t0'"),
    ([_timex(0, 7, "juillet", end_point="nkru-901-t0")], "expected endPoint to name the dct or a timex"),
    ([Timex("nkru-900", "nkru-901-t001", 0, 7, "juillet", "DATE", "2023-07", None, "NONE", None, None, False, None,
            None, None, None, None, None)],
     "expected a timex id nkru-900-t<digits>"),
])
def test_what_timeml_cannot_carry_is_refused(timexes, message):
    with pytest.raises(ExportError, match=message):
        timeml_document(_document("juillet 2023"), timexes)


def test_a_character_xml_cannot_carry_is_refused():
    with pytest.raises(ExportError, match="XML 1.0"):
        timeml_document(_document("juillet\x0c2023"), [])


def test_the_export_command_writes_the_folder(tmp_path):
    assert main(["export", "--format", "timeml", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "timeml" / "nkru-000.tml").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["timeml"]


def test_a_failed_export_leaves_the_previous_output(corpus, tmp_path, monkeypatch):
    export_timeml(corpus, tmp_path)
    before = {path.name: path.read_bytes() for path in (tmp_path / "timeml").iterdir()}

    def broken(*arguments):
        raise NkruError("disk full")

    monkeypatch.setattr("nkru.export.timeml.timeml_document", broken)
    with pytest.raises(NkruError, match="disk full"):
        export_timeml(corpus, tmp_path)
    assert {path.name: path.read_bytes() for path in (tmp_path / "timeml").iterdir()} == before
    assert [path.name for path in tmp_path.iterdir()] == ["timeml"]
