import pyarrow
import pyarrow.parquet as pq
import pytest

from nkru.loader import read_parquet
from nkru.build import build
from nkru.publish import PUBLISHED_DOCUMENTS, publish
from nkru.errors import SourceError
from nkru.manifest import MANIFEST_FILE, is_source_file, manifest_differences, parquet_files

from conftest import CHECKOUT

GENERATED = [*parquet_files(CHECKOUT), MANIFEST_FILE, *PUBLISHED_DOCUMENTS]


def build_and_publish(source, out):
    """What `nkru build` does: the tables and manifest, then the generated documentation."""
    return build(source, out) + publish(source, out)


def _same_parquet_content(left, right) -> bool:
    left_table, right_table = read_parquet(left), read_parquet(right)
    return left_table.equals(right_table) and left_table.schema.metadata == right_table.schema.metadata


def test_two_builds_give_identical_bytes(tmp_path):
    build_and_publish(CHECKOUT, tmp_path / "first")
    build_and_publish(CHECKOUT, tmp_path / "second")
    for relative in GENERATED:
        assert (tmp_path / "first" / relative).read_bytes() == (tmp_path / "second" / relative).read_bytes(), relative


def test_committed_files_are_what_the_sources_build(tmp_path):
    build_and_publish(CHECKOUT, tmp_path)
    for name in PUBLISHED_DOCUMENTS:
        assert (tmp_path / name).read_text(encoding="utf-8") == (CHECKOUT / name).read_text(encoding="utf-8"), (
            f"{name}'s generated parts are out of date: run `python -m nkru build` (or `nkru publish`)"
        )
    assert parquet_files(tmp_path) == parquet_files(CHECKOUT)
    for relative in parquet_files(CHECKOUT):
        committed, rebuilt = CHECKOUT / relative, tmp_path / relative
        assert _same_parquet_content(committed, rebuilt), f"{relative} is out of date: run `python -m nkru build`"
        # Byte identity holds for the Parquet writer that made the committed file.
        if pq.read_metadata(committed).created_by.endswith(f"version {pyarrow.__version__}"):
            assert committed.read_bytes() == rebuilt.read_bytes(), relative


def test_the_committed_manifest_records_the_committed_files(tmp_path):
    assert manifest_differences(CHECKOUT) == [], "SHA256SUMS is out of date: run `python -m nkru build`"
    build(CHECKOUT, tmp_path)
    rebuilt = (tmp_path / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in rebuilt] == [
        line.split("  ")[1] for line in (CHECKOUT / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()]
    assert manifest_differences(tmp_path) == [
        (relative, "is listed in the manifest but missing", sha) for sha, relative in
        (line.split("  ") for line in rebuilt) if relative.startswith("dataset/texts/") or is_source_file(relative)]


def test_build_writes_only_below_its_output(tmp_path, corpus_copy):
    before = {path: path.read_bytes() for path in corpus_copy.rglob("*") if path.is_file()}
    written = build_and_publish(corpus_copy, tmp_path / "out")
    assert all((tmp_path / "out") in path.parents for path in written)
    assert {path: path.read_bytes() for path in corpus_copy.rglob("*") if path.is_file()} == before


def test_a_failed_build_leaves_the_previous_files(corpus_copy):
    shipped = {relative: (corpus_copy / relative).read_bytes() for relative in GENERATED}
    (corpus_copy / "dataset/texts/004_3620be85bbcd42ef.txt").write_text("tampered", encoding="utf-8")
    with pytest.raises(SourceError):
        build_and_publish(corpus_copy, corpus_copy)
    assert {relative: (corpus_copy / relative).read_bytes() for relative in GENERATED} == shipped
    assert not [path for path in corpus_copy.rglob(".*") if path.is_file()], "temporary files left behind"
