"""SHA256SUMS covers the texts, the editable sources and the Parquet files, and the sources it
covers are all that the build reads."""

import shutil

from nkru.build import build_tables
from nkru.manifest import MANIFEST_FILE, manifest_paths, read_manifest, source_differences, source_files
from nkru.schema import TEXTS_DIR

from conftest import CHECKOUT


def test_the_manifest_lists_every_text_source_and_parquet_file():
    assert list(read_manifest(CHECKOUT)) == manifest_paths(CHECKOUT)
    assert source_files(CHECKOUT) and set(source_files(CHECKOUT)) <= set(read_manifest(CHECKOUT))


def test_the_build_needs_no_file_beyond_the_texts_and_the_recorded_sources(tmp_path):
    for relative in [*source_files(CHECKOUT), *(f"{TEXTS_DIR}/{path.name}" for path in (CHECKOUT / TEXTS_DIR).iterdir())]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CHECKOUT / relative, tmp_path / relative)
    rebuilt, shipped = build_tables(tmp_path), build_tables(CHECKOUT)
    assert all(rebuilt[config].equals(shipped[config]) for config in shipped)


def test_source_differences_name_an_edited_an_unrecorded_and_no_absent_source(corpus_copy):
    assert source_differences(corpus_copy) == []
    (corpus_copy / "annotations/dates/nkru-002.tsv").write_text("edited\n", encoding="utf-8")
    (corpus_copy / "annotations/stances/nkru-099.tsv").write_text("new\n", encoding="utf-8")
    (corpus_copy / "dataset/noise.tsv").unlink()
    found = {relative: difference for relative, difference, _ in source_differences(corpus_copy)}
    assert set(found) == {"annotations/dates/nkru-002.tsv", "annotations/stances/nkru-099.tsv"}
    assert "changed since the tables were built" in found["annotations/dates/nkru-002.tsv"]
    (corpus_copy / MANIFEST_FILE).unlink()
    assert source_differences(corpus_copy) is None
