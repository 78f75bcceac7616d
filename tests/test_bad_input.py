"""Bad input gives one clear error, of a documented type or exit code, naming what was expected
and what was found, and leaves nothing half-written (README.md, "Errors and exit codes")."""

import errno
import pathlib
import shutil

import pytest

from conftest import CHECKOUT
from nkru.cli import main
from nkru.errors import CorpusFileError, FileProblem, NkruError, PredictionsError, UnknownConfigError
from nkru.export import export_formats
from nkru.loader import CONFIGS, load
from nkru.schema import CONFIG_FILES, layer_of

# Formats that the base install can write (spacy needs the bench extra: tests/test_export.py).
EXPORT_FORMATS = [name for name, export_format in export_formats().items() if export_format.extra is None]


def one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    return text.rstrip("\n")


def files_below(folder: pathlib.Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")} if folder.exists() else set()


# Unknown config.

def test_an_unknown_config_names_the_valid_ones():
    with pytest.raises(UnknownConfigError, match="unknown config 'entites'; valid configs: " + ", ".join(CONFIGS)):
        load("entites")
    assert issubclass(UnknownConfigError, ValueError) and issubclass(UnknownConfigError, NkruError)


def test_the_command_line_refuses_an_unknown_config_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["load", "entites"])
    assert exit_info.value.code == 2
    assert "unknown config 'entites'; valid configs: documents, entities" in capsys.readouterr().err


# Missing or corrupt Parquet.

@pytest.mark.parametrize("config", CONFIGS)
def test_a_missing_table_is_named_by_the_loader_and_the_command_line(corpus_copy, config, capsys):
    layer = layer_of(config)
    path = corpus_copy / layer.file
    shutil.rmtree(path) if layer.sharded else path.unlink()
    with pytest.raises(CorpusFileError) as raised:
        load(config, corpus_copy)
    assert raised.value.problem is FileProblem.MISSING
    assert main(["load", config, "--data-dir", str(corpus_copy)]) == 2
    expected = (f"expected the folder of its per-document Parquet files {path}, found no such folder" if layer.sharded
                else f"expected the Parquet file {path}, found no such file")
    assert one_line(capsys.readouterr().err) == f"nkru load: config {config!r}: {expected}"


@pytest.mark.parametrize("content", [b"", b"PAR1", b"not a parquet file at all\n"], ids=["empty", "magic-only", "text"])
def test_a_corrupt_table_is_named_by_the_command_line(corpus_copy, content, capsys):
    path = corpus_copy / CONFIG_FILES["dates"]
    path.write_bytes(content)
    assert main(["load", "dates", "--data-dir", str(corpus_copy)]) == 2
    error = one_line(capsys.readouterr().err)
    assert error.startswith(f"nkru load: config 'dates': expected a Parquet file at {path}, found one that cannot be read (")


def test_an_export_from_a_corrupt_corpus_writes_nothing(corpus_copy, tmp_path, capsys):
    (corpus_copy / CONFIG_FILES["stances"]).write_bytes(b"PAR1")
    out = tmp_path / "out"
    assert main(["export", "--format", "brat", "--out", str(out), "--data-dir", str(corpus_copy)]) == 2
    assert "config 'stances': expected a Parquet file" in one_line(capsys.readouterr().err)
    assert not out.exists()


def test_validate_of_something_that_is_not_a_corpus_directory_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"nkru validate: expected a corpus directory (with dataset/ and annotations/), "
        f"found no directory at {tmp_path / 'nowhere'}")


def test_validate_of_an_empty_directory_lists_every_missing_table(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    missing = [line for line in captured.out.splitlines() if "[table_present]" in line]
    assert len(missing) == len(CONFIGS)
    assert "fails" in captured.err


# Predictions with malformed lines.

@pytest.fixture
def documents():
    return {row["doc_id"]: row["text"] for row in load("documents")["test"]}


@pytest.mark.parametrize("content, message", [
    (b'{"doc_id": "nkru-000", "spans": []}\n{"doc_id": "nkru-001", "spans": [}\n', r":2: not JSON \("),
    (b'{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "label": "PER"}]}\n\xff\xfe\n',
     r":2: expected UTF-8 text, found byte 0xff at column 1"),
    (b'{"doc_id": "nkru-000", "spans": [{"start": true, "end": 3, "label": "PER"}]}\n',
     r":1: expected an integer 'start'"),
    (b'["nkru-000", []]\n', r":1: expected a JSON object, found list"),
    (b'{"doc_id": "nkru-042", "spans": []}\n', r":1: unknown doc_id 'nkru-042'; expected one of nkru-000"),
], ids=["not-json", "not-utf8", "boolean-offset", "not-an-object", "unknown-document"])
def test_a_malformed_predictions_line_is_named_with_its_number(tmp_path, documents, content, message, capsys):
    path = tmp_path / "system.jsonl"
    path.write_bytes(content)
    from nkru.evaluation.predictions import read_predictions

    with pytest.raises(PredictionsError, match=f"^{path}{message}"):
        read_predictions(path, documents, [])
    assert main(["benchmark", "--predictions", str(path), "--data-dir", str(CHECKOUT)]) == 2
    assert one_line(capsys.readouterr().err).startswith(f"nkru benchmark: {path}:")


def test_a_missing_predictions_file_is_named(tmp_path, capsys):
    path = tmp_path / "absent.jsonl"
    assert main(["benchmark", "--predictions", str(path), "--data-dir", str(CHECKOUT)]) == 2
    assert one_line(capsys.readouterr().err).startswith(f"nkru benchmark: cannot read {path} (")


# An output directory that cannot be written.

@pytest.mark.parametrize("export_format", EXPORT_FORMATS)
def test_an_export_below_a_file_fails_in_one_line_and_writes_nothing(tmp_path, export_format, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["export", "--format", export_format, "--out", str(blocker / "out")]) == 2
    assert one_line(capsys.readouterr().err).startswith("nkru export: cannot write")
    assert files_below(tmp_path) == {"a-file"}


@pytest.mark.parametrize("failing_write", ["first", "last"])
@pytest.mark.parametrize("export_format", EXPORT_FORMATS)
def test_an_export_that_fails_midway_leaves_the_previous_output(tmp_path, export_format, failing_write, monkeypatch,
                                                                 capsys):
    out = tmp_path / "out"
    original_write_text = pathlib.Path.write_text
    writes = []

    def counted(self, *arguments, **keywords):
        writes.append(self)
        return original_write_text(self, *arguments, **keywords)

    monkeypatch.setattr(pathlib.Path, "write_text", counted)
    assert main(["export", "--format", export_format, "--out", str(out)]) == 0
    failing = 1 if failing_write == "first" else len(writes)  # the same write for a one-file format
    for name in files_below(out):  # mark the previous output, so that any replacement shows
        if (out / name).is_file():
            (out / name).write_bytes((out / name).read_bytes() + b"previous export\n")
    before = {name: (out / name).read_bytes() for name in files_below(out) if (out / name).is_file()}
    capsys.readouterr()
    writes.clear()

    def disk_full_on_one_write(self, *arguments, **keywords):
        writes.append(self)
        if len(writes) == failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original_write_text(self, *arguments, **keywords)

    monkeypatch.setattr(pathlib.Path, "write_text", disk_full_on_one_write)
    assert main(["export", "--format", export_format, "--out", str(out)]) == 2
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert {name: (out / name).read_bytes() for name in files_below(out) if (out / name).is_file()} == before


def test_a_viewer_site_into_a_file_path_fails_in_one_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["view", "--out", str(blocker)]) == 2
    assert one_line(capsys.readouterr().err) == f"nkru view: {blocker} exists and is not a folder"


def test_a_build_into_an_unwritable_place_fails_in_one_line(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["build", "--source", str(CHECKOUT), "--out", str(blocker / "out")]) == 2
    assert one_line(capsys.readouterr().err).startswith("nkru build: cannot write into")
    assert files_below(tmp_path) == {"a-file"}



def test_a_null_where_a_value_is_required_is_one_line(corpus_copy, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = corpus_copy / CONFIG_FILES["entities"]
    table = pq.read_table(path)
    index = table.schema.get_field_index("label")
    labels = table["label"].to_pylist()
    labels[0] = None
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(labels, table.schema.field(index).type)),
                   path)
    with pytest.raises(CorpusFileError) as raised:
        load("entities", corpus_copy)
    assert raised.value.problem is FileProblem.NULLS
    assert main(["load", "entities", "--data-dir", str(corpus_copy)]) == 2
    assert one_line(capsys.readouterr().err).endswith("column 'label' is null in 1 rows (first: nkru-000-m001); "
                                                      "it must hold a value")
    assert main(["validate", str(corpus_copy), "--no-manifest"]) == 1
    assert "[table_values]" in capsys.readouterr().out
