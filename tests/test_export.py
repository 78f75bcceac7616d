import json

import pytest

from nkru.cli import main
from nkru.errors import NkruError
from nkru.export import (
    SEMEVAL_FILE,
    export_brat,
    export_conll,
    export_semeval22,
    export_spacy,
    read_brat,
    read_conll,
    read_semeval22,
    semeval22_records,
)
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


@pytest.fixture(scope="module")
def splits():
    return {config: load(config)["test"] for config in ("documents", "entities", "dates", "stances", "ner")}


def _names(splits):
    return {column: splits[config].features[column].names for config, column in (
        ("entities", "label"), ("dates", "type"), ("dates", "function"), ("stances", "polarity"),
        ("stances", "attribution"), ("stances", "target_id"))}


def test_conll_export_reads_back_to_the_ner_config(splits, tmp_path):
    ner = splits["ner"]
    coarse_path, fine_path = export_conll(ner.to_list(), ner.features["ner_tags"].feature.names,
                                          ner.features["coarse_ner_tags"].feature.names, tmp_path)
    for path, column in ((coarse_path, "coarse_ner_tags"), (fine_path, "ner_tags")):
        documents = read_conll(path)
        names = ner.features[column].feature.names
        expected = {}
        for row in ner:
            expected.setdefault(row["doc_id"], []).append(list(zip(row["tokens"], [names[t] for t in row[column]])))
        assert documents == list(expected.values())


def test_brat_export_reads_back_to_every_layer(splits, tmp_path):
    tables = {config: split.to_list() for config, split in splits.items()}
    names = _names(splits)
    folder = export_brat(tables, names, tmp_path)
    assert (folder / "annotation.conf").is_file()
    for document in tables["documents"]:
        doc_id = document["doc_id"]
        assert (folder / f"{doc_id}.txt").read_bytes() == document["text"].encode("utf-8")
        parsed = read_brat(folder / f"{doc_id}.ann")
        bounds = parsed["T"]
        entities = {(start, end, kind) for kind, start, end, _ in bounds.values() if kind in names["label"]}
        assert entities == {(m["start"], m["end"], names["label"][m["label"]])
                            for m in tables["entities"] if m["doc_id"] == doc_id}
        timex_notes = {bounds[owner][1:3]: note for owner, note in parsed["#"].items() if owner.startswith("T")}
        for timex in (t for t in tables["dates"] if t["doc_id"] == doc_id):
            assert f"value={timex['value']} " in timex_notes[(timex["start"], timex["end"])]
        stances = set()
        for event, arguments in parsed["E"].items():
            attributes = parsed["A"][event]
            holder = bounds[arguments["Holder"]][1:3] if "Holder" in arguments else None
            stances.add((bounds[arguments["Stance"]][1:3], bounds[arguments["Target"]][1:3], holder,
                         attributes["Polarity"], attributes["Attribution"], attributes["TargetId"]))
        assert stances == {((s["cue_start"], s["cue_end"]), (s["target_start"], s["target_end"]),
                            None if s["holder_start"] is None else (s["holder_start"], s["holder_end"]),
                            names["polarity"][s["polarity"]], names["attribution"][s["attribution"]],
                            names["target_id"][s["target_id"]])
                           for s in tables["stances"] if s["doc_id"] == doc_id}


def test_a_failed_brat_export_leaves_the_previous_output(splits, tmp_path, monkeypatch):
    tables = {config: split.to_list() for config, split in splits.items()}
    names = _names(splits)
    export_brat(tables, names, tmp_path)
    before = sorted(path.name for path in (tmp_path / "brat").iterdir())

    def broken(*arguments):
        raise NkruError("disk full")

    monkeypatch.setattr("nkru.export.brat_annotation", broken)
    with pytest.raises(NkruError, match="disk full"):
        export_brat(tables, names, tmp_path)
    assert sorted(path.name for path in (tmp_path / "brat").iterdir()) == before
    assert [path.name for path in tmp_path.iterdir()] == ["brat"]


@pytest.mark.needs_spacy
def test_spacy_export_loads_back_with_the_gold_entities(splits, tmp_path):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    from spacy.tokens import DocBin

    documents, mentions = splits["documents"].to_list(), splits["entities"].to_list()
    label_names = splits["entities"].features["label"].names
    path = export_spacy(documents, mentions, label_names, tmp_path)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("fr").vocab))
    assert [doc.user_data["doc_id"] for doc in docs] == [document["doc_id"] for document in documents]
    for doc, document in zip(docs, documents):
        assert doc.text == document["text"]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (m["start"], m["end"], label_names[m["label"]]) for m in mentions if m["doc_id"] == document["doc_id"]]
