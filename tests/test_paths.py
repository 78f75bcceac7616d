"""Nothing is written outside its target: ids that become file names are checked, and an output
folder given as a symbolic link is followed (the folder it points to is replaced, the link stays)."""

import pyarrow.parquet as pq
import pytest

from nkru.atomic import checked_file_stem
from nkru.cli import main
from nkru.errors import NkruError


@pytest.mark.parametrize("name", ["../../escape", "a/b", ".hidden", "..", "", "x" * 201, "nkru-000\n"])
def test_a_name_that_could_leave_its_folder_is_refused(name):
    with pytest.raises(NkruError, match="cannot name a file"):
        checked_file_stem(name, "doc_id")


@pytest.mark.parametrize("command", [["export", "--format", "brat"], ["export", "--format", "timeml"], ["view"]])
def test_an_export_or_the_viewer_never_writes_outside_its_folder(corpus_copy, tmp_path, capsys, command):
    documents = corpus_copy / "dataset/documents.parquet"
    table = pq.read_table(documents)
    doc_ids = table.column("doc_id").to_pylist()
    doc_ids[0] = "../../escape"
    pq.write_table(table.set_column(0, "doc_id", __import__("pyarrow").array(doc_ids)), documents)
    out = tmp_path / "deep" / "out"
    assert main([*command, "--out", str(out), "--data-dir", str(corpus_copy)]) == 2
    error = capsys.readouterr().err
    # The viewer refuses the corpus even earlier: the other tables name a document no longer there.
    expected = "row for unknown document" if command == ["view"] else "doc_id '../../escape' cannot name a"
    assert error.count("\n") == 1 and expected in error
    assert not list(tmp_path.rglob("escape*"))


@pytest.mark.parametrize("command", [["view"], ["export", "--format", "brat"], ["export", "--format", "timeml"]])
def test_an_output_folder_given_as_a_link_is_followed(tmp_path, capsys, command):
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real)
    for _ in range(2):  # the second run replaces what the first wrote
        assert main([*command, "--out", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert list(real.rglob("*.*")), "nothing was written into the linked folder"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")], "temporary folders were left"


@pytest.mark.parametrize("doc_id", ["../../escape", "a/b", ".hidden", "x\ny"])
def test_a_doc_id_that_could_leave_the_site_names_no_page(doc_id):
    from nkru.view.site import page_name

    with pytest.raises(NkruError, match="cannot name a page"):
        page_name(doc_id)
