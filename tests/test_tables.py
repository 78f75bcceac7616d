"""Rows turned into Datasets as Dataset.from_list would, with clear errors on bad rows."""

import pytest
from datasets import Dataset

from nkru.errors import SourceError
from nkru.loader import load
from nkru.schema import CONFIG_FEATURES, with_label_names
from nkru.tables import dataset_from_rows


@pytest.mark.parametrize("config", [name for name in CONFIG_FEATURES if name != "ner"])
def test_same_table_as_from_list(config):
    shipped = load(config)["test"]
    rows = [with_label_names(shipped.features, row) for row in shipped.to_list()]
    built = dataset_from_rows(rows, CONFIG_FEATURES[config], config)
    expected = Dataset.from_list(rows, features=CONFIG_FEATURES[config])
    assert built.features == expected.features
    assert built.data.table.equals(expected.data.table)


def test_unknown_label_names_the_column():
    rows = [with_label_names(CONFIG_FEATURES["entities"], row) for row in load("entities")["test"].to_list()]
    rows[3]["label"] = "PLANET"
    with pytest.raises(SourceError, match=r"entities\.label: .*PLANET"):
        dataset_from_rows(rows, CONFIG_FEATURES["entities"], "entities")


def test_wrong_columns_are_named():
    rows = [{"doc_id": "nkru-001"}]
    with pytest.raises(SourceError, match=r"documents: expected the columns \[.*\], found \['doc_id'\]"):
        dataset_from_rows(rows, CONFIG_FEATURES["documents"], "documents")
