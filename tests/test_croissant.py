"""croissant.json is current, valid Croissant 1.1, and its records are the Parquet files' rows."""

import json

import pytest

from nkru.publish.croissant import CROISSANT_FILE, croissant_metadata
from nkru.loader import read_config_table
from nkru.schema import CONFIG_FILES, LAYER_BY_CONFIG, LAYERS, STRING, ListOf

from conftest import CHECKOUT

mlc = pytest.importorskip("mlcroissant", reason="mlcroissant is not installed (pip install '.[test]')")


def test_croissant_json_is_current():
    committed = json.loads((CHECKOUT / CROISSANT_FILE).read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(croissant_metadata(CHECKOUT))), "run `nkru croissant`"
    assert committed["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    located = {item.get("contentUrl") or item["includes"] for item in committed["distribution"]}
    assert located == set(CONFIG_FILES.values())
    assert "rai:dataAnnotationProtocol" in committed


def _plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@pytest.mark.parametrize("config", list(CONFIG_FILES))
def test_croissant_records_match_the_parquet_rows(config):
    dataset = mlc.Dataset(jsonld=str(CHECKOUT / CROISSANT_FILE))
    records = [{key.split("/", 1)[1]: _plain(value) for key, value in record.items()}
               for record in dataset.records(record_set=config)]
    rows = read_config_table(config, CHECKOUT).to_pylist()
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        assert record == {key: (list(value) if isinstance(value, list) else value) for key, value in row.items()}


# The joins, pinned: each column holding another layer's ids references that layer's id field.
REFERENCES = {
    "entities/doc_id": "documents/doc_id",
    "entities/entity_id": "entity_registry/entity_id",
    "dates/doc_id": "documents/doc_id",
    "stances/doc_id": "documents/doc_id",
    "stances/holder_entity_id": "entity_registry/entity_id",
    "stances/target_id": "stance_targets/target_id",
    "ner/doc_id": "documents/doc_id",
}


def test_croissant_validates_without_a_warning():
    issues = mlc.Dataset(jsonld=str(CHECKOUT / CROISSANT_FILE)).metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())


def test_croissant_keys_are_the_layers_id_columns():
    committed = json.loads((CHECKOUT / CROISSANT_FILE).read_text(encoding="utf-8"))
    keys = {record_set["@id"]: record_set["key"] for record_set in committed["recordSet"]}
    assert keys == {config: {"@id": f"{config}/{LAYER_BY_CONFIG[config].id_column}"} for config in CONFIG_FILES}


def test_croissant_references_are_the_schema_links_between_layers():
    committed = json.loads((CHECKOUT / CROISSANT_FILE).read_text(encoding="utf-8"))
    references = {field["@id"]: field["references"]["field"]["@id"]
                  for record_set in committed["recordSet"] for field in record_set["field"] if "references" in field}
    assert references == REFERENCES
    # A timex's anchor links within its layer and also holds `dct`: no reference.
    assert {f"{layer.config}/{link.column}": f"{link.layer}/{LAYER_BY_CONFIG[link.layer].id_column}"
            for layer in LAYERS for link in layer.links if link.layer != layer.config} == REFERENCES


def _check_type(value, kind, where):
    if isinstance(kind, ListOf):
        assert isinstance(value, list), where
        for item in value:
            _check_type(item, kind.item, where)
    elif value is not None:
        assert isinstance(value, bytes if kind == STRING else int), (where, value)


@pytest.mark.parametrize("config", list(CONFIG_FILES))
def test_croissant_text_fields_come_back_as_bytes(config):
    """mlcroissant (1.1.1 and its main branch) reads every sc:Text value as bytes, whatever its source;
    no dataType or transform makes it return str. Its users decode them (UTF-8, as the records test
    does); if this fails, mlcroissant returns str now and the decoding can go."""
    dataset = mlc.Dataset(jsonld=str(CHECKOUT / CROISSANT_FILE))
    record = next(iter(dataset.records(record_set=config)))
    for name, kind in LAYER_BY_CONFIG[config].kinds.items():
        _check_type(record[f"{config}/{name}"], kind, f"{config}/{name}")
