import hashlib
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasets import DatasetDict, load_dataset

import loader
from nkru.errors import CorpusFileError, FileProblem
from nkru.features import features_of
from nkru.loader import read_config_table, CONFIGS, load, read_parquet
from nkru.schema import CONFIG_FILES, LAYERS, SPLIT

from conftest import CHECKOUT


def test_configs_are_the_declared_ones():
    assert CONFIGS == tuple(layer.config for layer in LAYERS)
    assert loader.CONFIGS == CONFIGS and loader.load is load


@pytest.mark.parametrize("config", CONFIGS)
def test_load_equals_the_parquet_file_and_zero_code_load_dataset(config, tmp_path):
    loaded = load(config)
    assert isinstance(loaded, DatasetDict) and list(loaded) == [SPLIT]
    split = loaded[SPLIT]
    assert split.features == features_of(config)
    assert split.data.table.equals(read_config_table(config, CHECKOUT))

    zero_code = load_dataset(str(CHECKOUT), config, cache_dir=str(tmp_path / "hf-cache"))
    assert list(zero_code) == [SPLIT]
    assert zero_code[SPLIT].features == features_of(config)
    assert zero_code[SPLIT].to_list() == split.to_list()


def test_unknown_config_names_the_valid_ones():
    with pytest.raises(ValueError, match="unknown config 'entitiez'; valid configs: documents"):
        load("entitiez")


def test_fingerprint_is_the_parquet_sha256():
    expected = hashlib.sha256((CHECKOUT / CONFIG_FILES["documents"]).read_bytes()).hexdigest()
    assert load("documents")[SPLIT]._fingerprint == expected


def test_a_rebuilt_file_is_never_served_stale(corpus_copy):
    before = load("documents", data_dir=corpus_copy)[SPLIT]
    changed = before.map(lambda row: {"dct": "2099-01-01"})
    changed.to_parquet(str(corpus_copy / CONFIG_FILES["documents"]))
    after = load("documents", data_dir=corpus_copy)[SPLIT]
    assert set(after["dct"]) == {"2099-01-01"}
    assert after._fingerprint != before._fingerprint


def test_a_missing_parquet_file_is_a_corpus_error(corpus_copy):
    (corpus_copy / CONFIG_FILES["documents"]).unlink()
    with pytest.raises(CorpusFileError, match="config 'documents': expected the Parquet file .*documents.parquet, "
                       "found no such file") as raised:
        load("documents", data_dir=corpus_copy)
    assert raised.value.problem is FileProblem.MISSING


@pytest.mark.parametrize("keep", [0, 100, -100, -1], ids=["empty", "first-100-bytes", "last-100-bytes-cut",
                                                          "last-byte-cut"])
def test_a_truncated_parquet_file_is_a_corpus_error(corpus_copy, keep):
    path = corpus_copy / CONFIG_FILES["documents"]
    path.write_bytes(path.read_bytes()[:keep])
    with pytest.raises(CorpusFileError, match="expected a Parquet file at .*documents.parquet, found one that "
                       "cannot be read") as raised:
        load("documents", data_dir=corpus_copy)
    assert raised.value.problem is FileProblem.UNREADABLE


def test_a_parquet_file_with_other_columns_is_a_corpus_error(corpus_copy):
    path = corpus_copy / CONFIG_FILES["documents"]
    pq.write_table(read_parquet(path).drop_columns(["dct"]), path)
    with pytest.raises(CorpusFileError, match="has columns .*, expected .*'dct'") as raised:
        load("documents", data_dir=corpus_copy)
    assert raised.value.problem is FileProblem.SCHEMA


@pytest.mark.parametrize("column, values", [("char_count", lambda n: pa.array(["many"] * n)),
                                            ("char_count", lambda n: pa.array(range(n), pa.int64())),
                                            ("dct", lambda n: pa.array([20230728] * n, pa.int32()))],
                         ids=["int-to-string", "int32-to-int64", "string-to-int"])
def test_a_parquet_column_of_another_type_is_a_corpus_error_even_when_castable(corpus_copy, column, values):
    path = corpus_copy / CONFIG_FILES["documents"]
    table = read_parquet(path)
    table = table.set_column(table.schema.get_field_index(column), column, values(table.num_rows))
    pq.write_table(table.replace_schema_metadata(None), path)
    with pytest.raises(CorpusFileError, match=f"column '{column}' has type .*, expected") as raised:
        load("documents", data_dir=corpus_copy)
    assert raised.value.problem is FileProblem.SCHEMA


def test_data_dir_from_the_environment(corpus_copy, monkeypatch):
    (corpus_copy / CONFIG_FILES["documents"]).unlink()
    monkeypatch.setenv("NKRU_DATA_DIR", str(corpus_copy))
    with pytest.raises(CorpusFileError, match=str(corpus_copy)):
        load("documents")


def test_top_level_loader_works_from_any_working_directory(tmp_path):
    script = f"import sys; sys.path.insert(0, {str(CHECKOUT)!r}); import loader; print(loader.load('documents')['test'].num_rows)"
    environment = {key: value for key, value in os.environ.items() if key != "NKRU_DATA_DIR"}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"exit {result.returncode}; stderr:\n{result.stderr[-3000:]}"
    assert result.stdout.strip() == str(pq.read_metadata(CHECKOUT / CONFIG_FILES["documents"]).num_rows)


def test_folds_split_the_ner_shards_by_document_and_store_nothing_twice():
    from nkru.schema import FOLD_CONFIGS, fold_documents

    full = load("ner")[SPLIT]
    doc_ids = sorted(set(full["doc_id"]))
    tested = []
    for index, fold in enumerate(FOLD_CONFIGS):
        loaded = load(fold)
        assert list(loaded) == ["train", "validation", "test"]
        expected = fold_documents(index, doc_ids)
        for split, dataset in loaded.items():
            assert sorted(set(dataset["doc_id"])) == expected[split], (fold, split)
            assert dataset.features == full.features
        assert sum(dataset.num_rows for dataset in loaded.values()) == full.num_rows
        tested += expected["test"]
    assert sorted(tested) == doc_ids
    assert sorted(path.name for path in (CHECKOUT / "annotations/ner").iterdir()) == [f"{doc}.parquet" for doc in doc_ids]


def test_a_shard_holding_another_documents_rows_is_refused(corpus_copy, capsys):
    from nkru.cli import main

    shard_a, shard_b = corpus_copy / "annotations/ner/nkru-000.parquet", corpus_copy / "annotations/ner/nkru-001.parquet"
    shard_a.write_bytes(shard_b.read_bytes())
    with pytest.raises(CorpusFileError, match="is the shard of nkru-000 but holds rows of nkru-001"):
        load("ner", corpus_copy)
    assert main(["validate", str(corpus_copy)]) == 1
    assert "is the shard of nkru-000 but holds rows of nkru-001" in capsys.readouterr().out


def _rewrite_rows(path, change):
    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)


@pytest.mark.parametrize("config, column, value", [("entities", "label", 42), ("ner", "ner_tags", 99),
                                                   ("ner", "coarse_ner_tags", -1), ("stances", "polarity", 3)])
def test_a_label_index_outside_its_names_is_a_corpus_error_naming_the_row(corpus_copy, config, column, value):
    layer = [layer for layer in LAYERS if layer.config == config][0]
    path = corpus_copy / (layer.shard("nkru-001") if layer.sharded else layer.file)

    def change(rows):
        if isinstance(rows[1][column], list):
            rows[1][column][0] = value
        else:
            rows[1][column] = value
    _rewrite_rows(path, change)
    row_id = pq.read_table(path).column(layer.id_column)[1].as_py()
    with pytest.raises(CorpusFileError, match=rf"column '{column}' holds {value} in row {row_id}") as raised:
        load(config, corpus_copy)
    assert raised.value.problem == FileProblem.LABELS
    assert read_config_table(config, corpus_copy, labels_checked=False).num_rows  # validate still reads it


def test_features_metadata_differing_from_the_declared_is_a_corpus_error(corpus_copy):
    import json

    path = corpus_copy / CONFIG_FILES["entities"]
    table = pq.read_table(path)
    metadata = json.loads(table.schema.metadata[b"huggingface"])
    metadata["info"]["features"]["label"]["names"].reverse()
    pq.write_table(table.replace_schema_metadata({b"huggingface": json.dumps(metadata).encode()}), path)
    with pytest.raises(CorpusFileError, match="differ from the declared ones in label") as raised:
        load("entities", corpus_copy)
    assert raised.value.problem == FileProblem.METADATA
