import pyarrow.parquet as pq
import pytest

from nkru.loader import read_parquet
from nkru.cli import main
from nkru.loader import read_config_table
from nkru.manifest import parquet_files
from nkru.schema import CONFIG_FILES, FOLD_CONFIGS

from conftest import CHECKOUT


def test_load_prints_every_config_with_its_rows_and_an_example(capsys):
    assert main(["load"]) == 0
    output = capsys.readouterr().out
    for config in CONFIG_FILES:
        rows = read_config_table(config, CHECKOUT).num_rows
        assert f"{config}: {rows} rows" in output
    assert output.count("first row: {") == len(CONFIG_FILES)
    for fold in FOLD_CONFIGS:
        assert f"{fold}: the ner config's rows by document: train " in output


def test_load_refuses_an_unknown_config(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["load", "entitiez"])
    assert exit_info.value.code == 2
    assert "unknown config 'entitiez'; valid configs: documents" in capsys.readouterr().err


def test_build_into_another_folder(tmp_path, capsys):
    assert main(["build", "--source", str(CHECKOUT), "--out", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    for relative in [*parquet_files(CHECKOUT), "README.md"]:
        assert f"wrote {tmp_path / relative}\n" in output
        assert (tmp_path / relative).is_file()


def test_build_failure_is_one_line_and_exit_2(corpus_copy, capsys):
    (corpus_copy / "dataset/documents.toml").write_text("[[documents]]\n", encoding="utf-8")
    assert main(["build", "--source", str(corpus_copy)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("nkru build: document '?': missing keys") and error.count("\n") == 1


def test_validate_passes_on_the_checkout(capsys):
    assert main(["validate", str(CHECKOUT)]) == 0
    assert "passes all" in capsys.readouterr().out


def test_validate_prints_one_line_per_finding_and_exits_1(corpus_copy, capsys):
    import pyarrow as pa

    path = corpus_copy / CONFIG_FILES["entities"]
    table = read_parquet(path)
    starts = table["start"].to_pylist()
    starts[5] += 1
    table = table.set_column(table.schema.get_field_index("start"), "start", pa.array(starts, pa.int32()))
    pq.write_table(table, path)
    assert main(["validate", str(corpus_copy)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines and all("\t[" in line for line in lines)
    assert any(line.startswith("entities\tnkru-000\tnkru-000-m006\t[span_text]") for line in lines)
    assert f"{len(lines)} findings" in captured.err


def test_an_unexpected_exception_is_one_line_and_exit_2(monkeypatch, capsys):
    import nkru.checks

    def broken(*arguments, **keywords):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(nkru.checks, "run_checks", broken)
    monkeypatch.delenv("NKRU_DEBUG", raising=False)
    assert main(["validate", str(CHECKOUT)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected ZeroDivisionError: a bug" in err and "Traceback" not in err
    monkeypatch.setenv("NKRU_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["validate", str(CHECKOUT)])
