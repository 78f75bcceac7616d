"""The wheel built from the checkout carries every Parquet file and loads outside the checkout."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from nkru.loader import read_config_table
from nkru.manifest import parquet_files
from nkru.schema import CONFIGS
from nkru.view.site import STATIC_FILES

from conftest import CHECKOUT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out),
         str(CHECKOUT)],
        check=True, capture_output=True,
    )
    (built,) = out.glob("nkru_fr-*.whl")
    return built


def test_wheel_carries_every_parquet_file_and_no_top_level_loader(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for relative in parquet_files(CHECKOUT):
        assert f"nkru/_data/{relative}" in names, relative
    assert "nkru/_data/SHA256SUMS" in names
    for static in STATIC_FILES:
        assert f"nkru/view/static/{static}" in names, static
    assert "nkru/py.typed" in names
    top_level = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert top_level == {"nkru"}


def test_installed_wheel_loads_every_config_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    script = (
        "import json, nkru.loader as l; "
        "print(json.dumps({'file': l.__file__, 'rows': {c: l.load(c)['test'].num_rows for c in l.CONFIGS}}))"
    )
    environment = {**os.environ, "PYTHONPATH": str(target), "HF_HOME": str(tmp_path / "hf-home")}
    environment.pop("NKRU_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"exit {result.returncode}; stderr:\n{result.stderr[-3000:]}"
    loaded = json.loads(result.stdout)
    assert loaded["file"].startswith(str(target))
    assert loaded["rows"] == {config: read_config_table(config, CHECKOUT).num_rows for config in CONFIGS}
