"""Typed rows and Arrow tables, both ways: the same table as Dataset.from_list, clear errors on bad
rows, and names read back where indices were stored."""

import pytest
from datasets import Dataset

from nkru.errors import SourceError
from nkru.features import features_of
from nkru.loader import load, read_config_table
from nkru.rows import row_values, rows_from_table, table_from_rows
from nkru.schema import CONFIGS, ENTITY_LABELS


@pytest.mark.parametrize("config", [name for name in CONFIGS if name != "ner"])
def test_same_table_as_from_list(config):
    rows = rows_from_table(config, read_config_table(config))
    built = table_from_rows(config, rows)
    expected = Dataset.from_list([row_values(row) for row in rows], features=features_of(config))
    assert built.equals(expected.data.table)
    assert table_from_rows(config, [row_values(row) for row in rows]).equals(built)


@pytest.mark.parametrize("config", CONFIGS)
def test_rows_read_back_to_the_stored_table(config):
    table = read_config_table(config)
    assert table_from_rows(config, rows_from_table(config, table)).equals(table)


def test_label_indices_are_read_as_names_and_kept_when_outside_the_set():
    stored = load("entities")["test"]
    rows = rows_from_table("entities", stored.data.table)
    assert [row.label for row in rows] == [ENTITY_LABELS[index] for index in stored["label"]]
    damaged = stored.data.table.slice(0, 1).to_pylist()
    damaged[0]["label"] = 42
    back = rows_from_table("entities", table_from_rows("entities", damaged))
    assert back[0].label == 42


def test_unknown_label_names_the_column():
    rows = rows_from_table("entities", read_config_table("entities"))
    rows[3].label = "PLANET"
    with pytest.raises(SourceError, match=r"entities\.label: .*PLANET"):
        table_from_rows("entities", rows)


def test_wrong_columns_are_named():
    rows = [{"doc_id": "nkru-001"}]
    with pytest.raises(SourceError, match=r"documents: expected the columns \[.*\], found \['doc_id'\]"):
        table_from_rows("documents", rows)
