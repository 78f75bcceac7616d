import pytest
from datasets import Features

from nkru.errors import SourceError
from nkru.features import features_of
from nkru.loader import read_parquet
from nkru.publish.card import split_card
from nkru.schema import CONFIG_FILES, CONFIGS, SPLIT

from conftest import CHECKOUT

REQUIRED_KEYS = ("language", "license", "task_categories", "task_ids", "pretty_name", "size_categories",
                 "annotations_creators", "source_datasets")


@pytest.fixture(scope="module")
def card_header():
    return split_card((CHECKOUT / "README.md").read_text(encoding="utf-8"))[0]


def test_card_carries_the_hub_metadata(card_header):
    assert [key for key in REQUIRED_KEYS if not card_header.get(key)] == []
    assert card_header["language"] == ["fr"]


def test_card_declares_every_config_with_a_test_split(card_header):
    declared = {config["config_name"]: config["data_files"] for config in card_header["configs"]}
    assert declared == {name: [{"split": SPLIT, "path": CONFIG_FILES[name]}] for name in CONFIGS}
    for path in CONFIG_FILES.values():
        assert (CHECKOUT / path).is_file(), path


def test_card_features_equal_the_schema(card_header):
    info_by_config = {info["config_name"]: info for info in card_header["dataset_info"]}
    assert set(info_by_config) == set(CONFIGS)
    for name in CONFIGS:
        assert Features._from_yaml_list(info_by_config[name]["features"]) == features_of(name), name


def test_card_split_sizes_equal_the_parquet_files(card_header):
    for info in card_header["dataset_info"]:
        table = read_parquet(CHECKOUT / CONFIG_FILES[info["config_name"]])
        assert info["splits"] == [{"name": SPLIT, "num_bytes": table.nbytes, "num_examples": table.num_rows}]


@pytest.mark.parametrize("broken", ["# no header\n", "---\n- a list\n---\nbody", "---\nkey: [unclosed\n"])
def test_a_card_without_a_mapping_header_is_refused(broken):
    with pytest.raises(SourceError, match="README.md: "):
        split_card(broken)
