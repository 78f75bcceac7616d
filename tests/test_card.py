import pytest
from datasets import Features

from nkru.errors import SourceError
from nkru.features import features_of
from nkru.loader import load
from nkru.publish.card import split_card
from nkru.schema import (
    CONFIG_FILES,
    CONFIGS,
    DEFAULT_CONFIG,
    FOLD_CONFIGS,
    FOLD_LAYER,
    FOLD_SPLITS,
    SPLIT,
)

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
    declared = {config["config_name"]: config for config in card_header["configs"]}
    assert list(declared) == [*CONFIGS, *FOLD_CONFIGS]
    for name in CONFIGS:
        assert declared[name]["data_files"] == [{"split": SPLIT, "path": CONFIG_FILES[name]}]
    assert [name for name, config in declared.items() if config.get("default")] == [DEFAULT_CONFIG]
    for path in CONFIG_FILES.values():
        assert list(CHECKOUT.glob(path)), path


def test_the_folds_leave_each_document_out_once(card_header):
    declared = {config["config_name"]: config["data_files"] for config in card_header["configs"]}
    shards = sorted(path.relative_to(CHECKOUT).as_posix() for path in CHECKOUT.glob(CONFIG_FILES[FOLD_LAYER]))
    tested = []
    for name in FOLD_CONFIGS:
        splits = {entry["split"]: entry["path"] for entry in declared[name]}
        assert list(splits) == list(FOLD_SPLITS)
        assert (len(splits["train"]), len(splits["validation"]), len(splits["test"])) == (3, 1, 1)
        assert sorted(path for paths in splits.values() for path in paths) == shards, name
        tested += splits["test"]
    assert sorted(tested) == shards


def test_card_features_equal_the_schema(card_header):
    info_by_config = {info["config_name"]: info for info in card_header["dataset_info"]}
    assert set(info_by_config) == {*CONFIGS, *FOLD_CONFIGS}
    for name in CONFIGS:
        assert Features._from_yaml_list(info_by_config[name]["features"]) == features_of(name), name
    for name in FOLD_CONFIGS:
        assert Features._from_yaml_list(info_by_config[name]["features"]) == features_of(FOLD_LAYER), name


def test_card_split_sizes_equal_the_parquet_files(card_header):
    for info in card_header["dataset_info"]:
        loaded = load(info["config_name"], CHECKOUT)
        assert info["splits"] == [{"name": split, "num_bytes": loaded[split].data.table.nbytes,
                                   "num_examples": loaded[split].num_rows} for split in loaded], info["config_name"]


@pytest.mark.parametrize("broken", ["# no header\n", "---\n- a list\n---\nbody", "---\nkey: [unclosed\n"])
def test_a_card_without_a_mapping_header_is_refused(broken):
    with pytest.raises(SourceError, match="README.md: "):
        split_card(broken)
