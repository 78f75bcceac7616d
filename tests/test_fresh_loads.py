"""Loading is never stale: the README's zero-code `load_dataset` call and `nkru.loader.load` both
return the rows on disk after a Parquet file changes in place (size and modification time kept),
after a rebuild (with the card's YAML changed or not), and from two folders with the same name.

datasets caches a local folder's Arrow copy under the folder's last name, the config name and a
hash of the card's YAML, never of the data files; every zero-code load here runs the README's own
code block in a new process, with one Hugging Face cache shared by the whole module, so that each
copy of the corpus, always named `nkru`, meets what the others left in the cache.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nkru.cli import main
from nkru.loader import load, read_parquet
from nkru.schema import CONFIG_FILES, SPLIT

from conftest import CHECKOUT, CORPUS_FILES, CORPUS_FOLDERS, replace_once

README = (CHECKOUT / "README.md").read_text(encoding="utf-8")
ZERO_CODE = re.search(r"\n## Loading\n.*?```python\n(.*?)```", README, re.DOTALL).group(1)
DOCUMENTED_CALL = 'load_dataset(str(Path.cwd()), "documents"'
PRINT_ROWS = "\nimport json\nprint(json.dumps(documents.to_list()))\n"
LOADER_IN_A_NEW_PROCESS = ("import json, sys\nfrom nkru.loader import load\n"
                           "print(json.dumps(load(sys.argv[1], data_dir=sys.argv[2])['test'].to_list()))\n")
# A registry description rewritten with as many bytes leaves the card's row counts and sizes, hence
# its YAML, as they were; a longer one changes them.
DESCRIPTION, SAME_LENGTH_DESCRIPTION = "\tthe West\t", "\tthe Wes!\t"
LONGER_DESCRIPTION = "\tthe West, the Occident\t"


@pytest.fixture(scope="module")
def hf_environment(tmp_path_factory) -> dict[str, str]:
    """A new process's environment: offline, with the default cache location moved to one
    temporary folder for the module (the user's own cache is never touched)."""
    home = tmp_path_factory.mktemp("hf-home")
    environment = {**os.environ, "HF_HOME": str(home), "HF_DATASETS_CACHE": str(home / "datasets"),
                   "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    environment.pop("NKRU_DATA_DIR", None)
    return environment


def corpus_named_nkru(parent: Path, built: bool = False) -> Path:
    """A copy of the corpus (sources, tables, card) at `parent`/nkru; `built`: rebuilt once, so that
    its card is what a build of it writes even while the checkout's is out of date."""
    copy = parent / "nkru"
    for folder in CORPUS_FOLDERS:
        shutil.copytree(CHECKOUT / folder, copy / folder)
    for name in CORPUS_FILES:
        shutil.copy2(CHECKOUT / name, copy / name)
    if built:
        nkru_build(copy)
    return copy


def run_python(code: str, arguments: list[str], cwd: Path, environment: dict[str, str]) -> list[dict]:
    result = subprocess.run([sys.executable, "-c", code, *arguments], cwd=cwd, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def documented_load(corpus: Path, config: str, environment: dict[str, str]) -> list[dict]:
    """The rows of `config` as the README's zero-code block loads them, run from `corpus` in a new process."""
    assert DOCUMENTED_CALL in ZERO_CODE, ZERO_CODE
    code = ZERO_CODE.replace(DOCUMENTED_CALL, DOCUMENTED_CALL.replace('"documents"', json.dumps(config)), 1)
    return run_python(code + PRINT_ROWS, [], corpus, environment)


def rows_on_disk(corpus: Path, config: str) -> list[dict]:
    return read_parquet(corpus / CONFIG_FILES[config]).to_pylist()


def write_unencoded(path: Path, table: pa.Table) -> None:
    """Neither compressed nor dictionary-encoded: swapping two values then keeps the file's size."""
    pq.write_table(table, path, compression="none", use_dictionary=False)


def swap_two_values(path: Path, column: str) -> None:
    """Swap the column's first value with the next different one, rewriting the file in place."""
    table = read_parquet(path)
    values = table.column(column).to_pylist()
    other = next(index for index, value in enumerate(values) if value != values[0])
    values[0], values[other] = values[other], values[0]
    field = table.schema.field(column)
    write_unencoded(path, table.set_column(table.schema.get_field_index(column), field, pa.array(values, field.type)))


def unencoded_entities(corpus: Path) -> Path:
    """The corpus's entities file, rewritten unencoded (same rows) before it is first loaded."""
    path = corpus / CONFIG_FILES["entities"]
    write_unencoded(path, read_parquet(path))
    return path


def change_in_place(path: Path, keep_mtime: bool) -> None:
    """Two values of an unencoded Parquet file swapped in place: its size kept, and its
    modification time too when asked."""
    before = path.stat()
    rows_before = read_parquet(path).to_pylist()
    swap_two_values(path, "entity_id")
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert read_parquet(path).to_pylist() != rows_before
    assert after.st_size == before.st_size
    assert (after.st_mtime_ns == before.st_mtime_ns) == keep_mtime


def card_yaml(corpus: Path) -> str:
    return (corpus / "README.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]


def nkru_build(corpus: Path) -> None:
    """`nkru build` on the copy: its tables, SHA256SUMS, and the card regenerated from them."""
    assert main(["build", "--source", str(corpus)]) == 0


@pytest.mark.parametrize("keep_mtime", [False, True], ids=["new-mtime", "same-mtime"])
def test_documented_load_sees_a_parquet_file_changed_in_place(tmp_path, hf_environment, keep_mtime):
    corpus = corpus_named_nkru(tmp_path)
    entities = unencoded_entities(corpus)
    assert documented_load(corpus, "entities", hf_environment) == rows_on_disk(corpus, "entities")
    change_in_place(entities, keep_mtime)
    assert documented_load(corpus, "entities", hf_environment) == rows_on_disk(corpus, "entities")


def test_documented_load_sees_each_rebuild_whether_the_card_changes_or_not(tmp_path, hf_environment):
    corpus, registry = corpus_named_nkru(tmp_path, built=True), "entity_registry"
    assert documented_load(corpus, registry, hf_environment) == rows_on_disk(corpus, registry)
    edits = [(DESCRIPTION, SAME_LENGTH_DESCRIPTION, False), (SAME_LENGTH_DESCRIPTION, LONGER_DESCRIPTION, True)]
    for old_description, new_description, card_changes in edits:
        card, rows = card_yaml(corpus), rows_on_disk(corpus, registry)
        replace_once(corpus / "annotations/entity_registry.tsv", old_description, new_description)
        nkru_build(corpus)
        assert (card_yaml(corpus) != card) == card_changes and rows_on_disk(corpus, registry) != rows
        assert documented_load(corpus, registry, hf_environment) == rows_on_disk(corpus, registry), new_description


def test_documented_load_keeps_two_folders_of_the_same_name_apart(tmp_path, hf_environment):
    first, second = corpus_named_nkru(tmp_path / "a"), corpus_named_nkru(tmp_path / "b")
    swap_two_values(second / CONFIG_FILES["entities"], "entity_id")
    assert rows_on_disk(first, "entities") != rows_on_disk(second, "entities")
    assert documented_load(first, "entities", hf_environment) == rows_on_disk(first, "entities")
    assert documented_load(second, "entities", hf_environment) == rows_on_disk(second, "entities")


def test_loader_sees_a_parquet_file_changed_in_place(tmp_path):
    corpus = corpus_named_nkru(tmp_path)
    entities = unencoded_entities(corpus)
    before = load("entities", data_dir=corpus)[SPLIT]
    change_in_place(entities, keep_mtime=True)
    after = load("entities", data_dir=corpus)[SPLIT]
    assert after.to_list() == rows_on_disk(corpus, "entities") != before.to_list()
    assert after._fingerprint != before._fingerprint


def test_loader_sees_a_rebuild_that_leaves_the_card_as_it_was(tmp_path):
    corpus = corpus_named_nkru(tmp_path, built=True)
    before, card = load("entity_registry", data_dir=corpus)[SPLIT].to_list(), card_yaml(corpus)
    replace_once(corpus / "annotations/entity_registry.tsv", DESCRIPTION, SAME_LENGTH_DESCRIPTION)
    nkru_build(corpus)
    assert card_yaml(corpus) == card
    after = load("entity_registry", data_dir=corpus)[SPLIT].to_list()
    assert after == rows_on_disk(corpus, "entity_registry") != before


def test_loader_keeps_two_folders_of_the_same_name_apart(tmp_path):
    first, second = corpus_named_nkru(tmp_path / "a"), corpus_named_nkru(tmp_path / "b")
    swap_two_values(second / CONFIG_FILES["entities"], "entity_id")
    assert load("entities", data_dir=first)[SPLIT].to_list() == rows_on_disk(first, "entities")
    assert load("entities", data_dir=second)[SPLIT].to_list() == rows_on_disk(second, "entities")
    assert rows_on_disk(first, "entities") != rows_on_disk(second, "entities")


def test_loader_in_a_new_process_sees_a_parquet_file_changed_in_place(tmp_path, hf_environment):
    corpus = corpus_named_nkru(tmp_path)
    entities = unencoded_entities(corpus)
    load("entities", data_dir=corpus)
    change_in_place(entities, keep_mtime=True)
    loaded = run_python(LOADER_IN_A_NEW_PROCESS, ["entities", str(corpus)], CHECKOUT, hf_environment)
    assert loaded == rows_on_disk(corpus, "entities")
