"""croissant.json is current, valid Croissant 1.1, and its records are the Parquet files' rows."""

import json

import pytest

from nkru.publish.croissant import CROISSANT_FILE, croissant_metadata
from nkru.loader import read_parquet
from nkru.schema import CONFIG_FILES

from conftest import CHECKOUT

mlc = pytest.importorskip("mlcroissant", reason="mlcroissant is not installed (pip install '.[test]')")


def test_croissant_json_is_current():
    committed = json.loads((CHECKOUT / CROISSANT_FILE).read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(croissant_metadata(CHECKOUT))), "run `nkru croissant`"
    assert committed["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert {item["contentUrl"] for item in committed["distribution"]} == set(CONFIG_FILES.values())
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
    rows = read_parquet(CHECKOUT / CONFIG_FILES[config]).to_pylist()
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        assert record == {key: (list(value) if isinstance(value, list) else value) for key, value in row.items()}
