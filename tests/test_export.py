import json

import pytest

from conftest import CHECKOUT
from nkru.cli import main
from nkru.errors import NkruError
from nkru.export import export_formats
from nkru.export.brat import annotation_conf, export_brat, read_brat
from nkru.export.conll import export_conll, read_conll
from nkru.export.semeval22 import SEMEVAL_FILE, export_semeval22, read_semeval22, semeval22_records
from nkru.export.spacy_docbin import export_spacy
from nkru.reader import read_corpus
from nkru.schema import ENTITY_LABELS, STANCE_ATTRIBUTIONS, STANCE_POLARITIES, STANCE_TARGET_IDS


@pytest.fixture(scope="module")
def corpus():
    return read_corpus()


def test_every_format_module_is_found_in_the_help_order():
    formats = export_formats()
    assert list(formats)[:4] == ["conll", "spacy", "brat", "semeval22"]
    modules = sorted(path.stem for path in (CHECKOUT / "nkru" / "export").glob("*.py") if path.stem != "__init__")
    assert sorted(export_format.write.__module__.rsplit(".", 1)[1] for export_format in formats.values()) == modules
    positions = [export_format.position for export_format in formats.values()]
    assert positions == sorted(set(positions))
    for export_format in formats.values():
        assert export_format.description and export_format.configs


def test_semeval22_export_reads_back_to_the_stances(corpus, tmp_path):
    (path,) = export_semeval22(corpus, tmp_path)
    back = read_semeval22(path)
    assert [record["sent_id"] for record in back] == [sentence.sentence_id for sentence in corpus.sentences]
    opinions = [(record, opinion) for record in back for opinion in record["opinions"]]
    assert [opinion["stance_id"] for _, opinion in opinions] == [stance.stance_id for stance in corpus.stances]
    polarity = {"Positive": "FAVOR", "Negative": "AGAINST", "Neutral": "NEUTRAL"}
    for (record, opinion), stance in zip(opinions, corpus.stances):
        assert record["sent_id"].startswith(f"{stance.doc_id}-s")
        (cue_text, _, _), = opinion["Polar_expression"]
        assert cue_text.replace(" ", "") == "".join(stance.cue_text.split())  # tokens joined by spaces
        assert polarity[opinion["Polarity"]] == stance.polarity
        for text, start, end in opinion["Source"] + opinion["Target"] + opinion["Polar_expression"]:
            assert record["text"][start:end] == text


def test_semeval22_records_are_json_with_string_offsets(corpus):
    records = semeval22_records(corpus.sentences, corpus.stances)
    opinion = next(opinion for record in records for opinion in record["opinions"])
    assert set(opinion) == {"Source", "Target", "Polar_expression", "Polarity", "Intensity", "stance_id", "target_id",
                            "attribution"}
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


def test_a_failed_write_leaves_no_partial_file(corpus, tmp_path, monkeypatch):
    def broken_dumps(*arguments, **keywords):
        raise NkruError("serialisation failed")

    monkeypatch.setattr("nkru.export.semeval22.json.dumps", broken_dumps)
    with pytest.raises(NkruError):
        export_semeval22(corpus, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_conll_export_reads_back_to_the_ner_config(corpus, tmp_path):
    coarse_path, fine_path = export_conll(corpus, tmp_path)
    for path, column in ((coarse_path, "coarse_ner_tags"), (fine_path, "ner_tags")):
        expected = {}
        for sentence in corpus.sentences:
            expected.setdefault(sentence.doc_id, []).append(list(zip(sentence.tokens, getattr(sentence, column))))
        assert read_conll(path) == list(expected.values())


def test_the_brat_configuration_comes_from_the_schema():
    conf = annotation_conf()
    assert conf == ("[entities]\n" + "\n".join(ENTITY_LABELS) + "\nTIMEX3\nStanceHolder\nStanceTarget\nStanceCue\n\n"
                    "[relations]\n\n[events]\nStance\tHolder?:StanceHolder, Target:StanceTarget\n\n[attributes]\n"
                    f"Polarity\tArg:Stance, Value:{'|'.join(STANCE_POLARITIES)}\n"
                    f"Attribution\tArg:Stance, Value:{'|'.join(STANCE_ATTRIBUTIONS)}\n"
                    f"TargetId\tArg:Stance, Value:{'|'.join(STANCE_TARGET_IDS)}\n")


def test_brat_export_reads_back_to_every_layer(corpus, tmp_path):
    (folder,) = export_brat(corpus, tmp_path)
    assert (folder / "annotation.conf").read_text(encoding="utf-8") == annotation_conf()
    for document in corpus.documents:
        doc_id = document.doc_id
        assert (folder / f"{doc_id}.txt").read_bytes() == document.text.encode("utf-8")
        parsed = read_brat(folder / f"{doc_id}.ann")
        bounds = parsed["T"]
        entities = {(start, end, kind) for kind, start, end, _ in bounds.values() if kind in ENTITY_LABELS}
        assert entities == {(m.start, m.end, m.label) for m in corpus.mentions if m.doc_id == doc_id}
        timex_notes = {bounds[owner][1:3]: note for owner, note in parsed["#"].items() if owner.startswith("T")}
        for timex in (t for t in corpus.timexes if t.doc_id == doc_id):
            assert f"value={timex.value} " in timex_notes[(timex.start, timex.end)]
        stances = set()
        for event, arguments in parsed["E"].items():
            attributes = parsed["A"][event]
            holder = bounds[arguments["Holder"]][1:3] if "Holder" in arguments else None
            stances.add((bounds[arguments["Stance"]][1:3], bounds[arguments["Target"]][1:3], holder,
                         attributes["Polarity"], attributes["Attribution"], attributes["TargetId"]))
        assert stances == {((s.cue_start, s.cue_end), (s.target_start, s.target_end),
                            None if s.holder_start is None else (s.holder_start, s.holder_end),
                            s.polarity, s.attribution, s.target_id)
                           for s in corpus.stances if s.doc_id == doc_id}


def test_a_failed_brat_export_leaves_the_previous_output(corpus, tmp_path, monkeypatch):
    export_brat(corpus, tmp_path)
    before = sorted(path.name for path in (tmp_path / "brat").iterdir())

    def broken(*arguments):
        raise NkruError("disk full")

    monkeypatch.setattr("nkru.export.brat.brat_annotation", broken)
    with pytest.raises(NkruError, match="disk full"):
        export_brat(corpus, tmp_path)
    assert sorted(path.name for path in (tmp_path / "brat").iterdir()) == before
    assert [path.name for path in tmp_path.iterdir()] == ["brat"]


@pytest.mark.needs_spacy
def test_spacy_export_loads_back_with_the_gold_entities(corpus, tmp_path):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    from spacy.tokens import DocBin

    (path,) = export_spacy(corpus, tmp_path)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("fr").vocab))
    assert [doc.user_data["doc_id"] for doc in docs] == [document.doc_id for document in corpus.documents]
    for doc, document in zip(docs, corpus.documents):
        assert doc.text == document.text
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (m.start, m.end, m.label) for m in corpus.mentions if m.doc_id == document.doc_id]
