import json

import pytest

from nkru.cli import main
from nkru.errors import NkruError
from nkru.export import SEMEVAL_FILE, export_semeval22, read_semeval22, semeval22_records
from nkru.loader import load
from nkru.schema import STANCE_POLARITIES


@pytest.fixture(scope="module")
def tables():
    return load("documents")["test"].to_list(), load("stances")["test"].to_list()


def test_semeval22_export_reads_back_to_the_stances(tables, tmp_path):
    documents, stances = tables
    path = export_semeval22(documents, stances, tmp_path)
    back = read_semeval22(path)
    assert [record["doc_id"] for record in back] == [document["doc_id"] for document in documents]
    opinions = [(record, opinion) for record in back for opinion in record["opinions"]]
    assert len(opinions) == len(stances)
    polarity = {"Positive": "FAVOR", "Negative": "AGAINST", "Neutral": "NEUTRAL"}
    for (record, opinion), stance in zip(opinions, stances):
        assert record["doc_id"] == stance["doc_id"]
        assert opinion["Polar_expression"] == [(stance["cue_text"], stance["cue_start"], stance["cue_end"])]
        assert opinion["Target"] == [(stance["target_text"], stance["target_start"], stance["target_end"])]
        expected_source = [] if stance["holder_start"] is None else [
            (stance["holder_text"], stance["holder_start"], stance["holder_end"])]
        assert opinion["Source"] == expected_source
        assert polarity[opinion["Polarity"]] == STANCE_POLARITIES[stance["polarity"]]
        for text, start, end in opinion["Source"] + opinion["Target"] + opinion["Polar_expression"]:
            assert record["text"][start:end] == text


def test_semeval22_records_are_json_with_string_offsets(tables):
    records = semeval22_records(*tables)
    opinion = next(opinion for record in records for opinion in record["opinions"])
    assert set(opinion) == {"Source", "Target", "Polar_expression", "Polarity", "Intensity"}
    assert all(":" in offset for offset in opinion["Polar_expression"][1])
    json.dumps(records)


def test_export_command_and_unwritable_folder(tmp_path, capsys):
    assert main(["export", "--format", "semeval22", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / SEMEVAL_FILE).is_file()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["export", "--format", "semeval22", "--out", str(blocker / "out")]) == 2
    assert capsys.readouterr().err.startswith("nkru export: cannot write into")
    assert list(tmp_path.glob("**/.*")) == []


def test_a_failed_write_leaves_no_partial_file(tables, tmp_path, monkeypatch):
    def broken_dumps(*arguments, **keywords):
        raise NkruError("serialisation failed")

    monkeypatch.setattr("nkru.export.json.dumps", broken_dumps)
    with pytest.raises(NkruError):
        export_semeval22(*tables, tmp_path)
    assert list(tmp_path.iterdir()) == []
