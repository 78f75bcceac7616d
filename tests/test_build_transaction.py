"""`nkru build` is all or nothing: killed before any of its write and rename steps, it leaves the
old corpus or the new one once recovered (by the next build, or by recovery alone), `nkru validate`
reports the leftovers in between, and a build that fails leaves nothing behind."""

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nkru.atomic import KILL_AT_VARIABLE, STAGING_FOLDER, TEMPORARY_NAME, Staging
from nkru.checks import run_checks
from nkru.checks.leftovers import build_leftovers
from nkru.cli import main
from nkru.reader import read_corpus_directory

from conftest import CHECKOUT, CORPUS_FILES, CORPUS_FOLDERS, replace_once

# The steps killed: the first, one in the middle of staging, the commit and the steps either side
# of it, both renames of the folder swap, and the last.
KILL_POINTS = ["stage dataset/documents.parquet", "stage annotations/ner", "write the journal", "commit",
               "swap dataset/documents.parquet", "retire annotations/ner", "swap annotations/ner",
               "remove the staging folder"]


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below `root`, hidden ones included."""
    return {path.relative_to(root).as_posix(): path.read_bytes() if path.is_file() else None
            for path in sorted(root.rglob("*"))}


def leftovers(root: Path) -> list[str]:
    return [relative for relative in snapshot(root)
            if relative.split("/")[0] == STAGING_FOLDER or TEMPORARY_NAME.fullmatch(relative.rsplit("/", 1)[-1])]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A corpus whose sources changed since it was built (the old tree), the same after `nkru build`
    (the new tree), and the steps of that build, in order."""
    old = tmp_path_factory.mktemp("old") / "corpus"
    for folder in CORPUS_FOLDERS:
        shutil.copytree(CHECKOUT / folder, old / folder)
    for name in CORPUS_FILES:
        shutil.copy2(CHECKOUT / name, old / name)
    # The Kremlin as a GPE: the entity tables, two ner shards, SHA256SUMS and DATASHEET.md change.
    replace_once(old / "annotations/entity_registry.tsv", "kremlin\tORG\t", "kremlin\tGPE\t")
    for name in ("nkru-002.tsv", "nkru-004.tsv"):
        replace_once(old / "annotations/entities" / name, "Kremlin\t1\tORG\tkremlin", "Kremlin\t1\tGPE\tkremlin")
    new = tmp_path_factory.mktemp("new") / "corpus"
    shutil.copytree(old, new)
    steps = []
    original_step = Staging._step

    def recorded_step(staging, name):
        steps.append(name)
        original_step(staging, name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Staging, "_step", recorded_step)
        assert main(["build", "--source", str(new)]) == 0
    return {"old": snapshot(old), "new": snapshot(new), "old_root": old, "steps": steps}


@pytest.fixture(scope="module")
def killed(builds, tmp_path_factory):
    """Kill point -> a copy of the old tree where `nkru build` was killed just before that step,
    and the process that ran it (the builds run two at a time)."""
    killed = {}
    for name in KILL_POINTS:
        tree = tmp_path_factory.mktemp("killed") / "corpus"
        shutil.copytree(builds["old_root"], tree)
        if len(killed) >= 2:
            list(killed.values())[-2][1].wait()
        environment = {**os.environ, KILL_AT_VARIABLE: str(builds["steps"].index(name) + 1)}
        killed[name] = tree, subprocess.Popen([sys.executable, "-m", "nkru", "build", "--source", str(tree)],
                                              cwd=CHECKOUT, env=environment, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.PIPE)
    return killed


def killed_tree(killed, name) -> Path:
    tree, process = killed[name]
    process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read().decode()
    return tree


def test_the_kill_points_include_the_first_and_the_last_step(builds):
    steps = builds["steps"]
    assert set(KILL_POINTS) <= set(steps), sorted(set(KILL_POINTS) - set(steps))
    assert steps[0] == KILL_POINTS[0] and steps[-1] == KILL_POINTS[-1]
    commit = steps.index("commit")
    assert steps[commit - 1] in KILL_POINTS and steps[commit + 1] in KILL_POINTS
    assert builds["old"] != builds["new"]


@pytest.mark.parametrize("kill_point", KILL_POINTS)
def test_a_killed_build_is_old_new_or_reported(builds, killed, kill_point, capsys):
    tree = killed_tree(killed, kill_point)
    state = snapshot(tree)
    for arguments in (["validate", "--no-manifest", str(tree)], ["validate", str(tree)]):
        code = main(arguments)
        output = capsys.readouterr()
        checks = set(re.findall(r"\t\[(\w+)\] ", output.out))
        if state == builds["new"]:
            assert code == 0, output.out
        elif state == builds["old"]:
            # The old tables, whose sources were edited since they were built: that alone is reported.
            assert code == 1 and "sources_in_sync" in checks, output.out
            assert checks <= {"sources_in_sync", "manifest_checksums"}, output.out
        else:
            assert code == 1 and "[build_leftovers]" in output.out, output.out


@pytest.mark.parametrize("kill_point", KILL_POINTS)
def test_recovery_alone_leaves_the_old_or_the_new_tree(builds, killed, kill_point, tmp_path):
    tree = tmp_path / "corpus"
    shutil.copytree(killed_tree(killed, kill_point), tree)
    Staging(tree).recover()
    committed = builds["steps"].index(kill_point) > builds["steps"].index("commit")
    assert not leftovers(tree)
    assert snapshot(tree) == builds["new" if committed else "old"]


@pytest.mark.parametrize("kill_point", KILL_POINTS)
def test_the_next_build_finishes_with_the_new_tree(builds, killed, kill_point, tmp_path, capsys):
    tree = tmp_path / "corpus"
    shutil.copytree(killed_tree(killed, kill_point), tree)
    staged = (tree / STAGING_FOLDER).exists()
    assert main(["build", "--source", str(tree)]) == 0
    output = capsys.readouterr().out
    assert ("an interrupted build" in output) == staged
    assert output.splitlines()[-1] == f"nkru build: 14 files written into {tree}"
    assert not leftovers(tree)
    assert snapshot(tree) == builds["new"]


def test_a_kill_during_recovery_is_recovered_too(builds, killed, tmp_path):
    tree = tmp_path / "corpus"
    shutil.copytree(killed_tree(killed, "swap dataset/documents.parquet"), tree)
    # Step 3 of this build is the third swap of the previous build's roll forward.
    environment = {**os.environ, KILL_AT_VARIABLE: "3"}
    process = subprocess.run([sys.executable, "-m", "nkru", "build", "--source", str(tree)], cwd=CHECKOUT,
                             env=environment, capture_output=True)
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()
    assert leftovers(tree)
    Staging(tree).recover()
    assert snapshot(tree) == builds["new"]


def test_publish_alone_finishes_a_committed_build(builds, killed, tmp_path, capsys):
    tree = tmp_path / "corpus"
    shutil.copytree(killed_tree(killed, "swap annotations/ner"), tree)
    assert main(["publish", "--source", str(tree)]) == 0
    assert "finished swapping in an interrupted build" in capsys.readouterr().out
    assert snapshot(tree) == builds["new"]


def test_a_build_failing_its_checks_writes_nothing(builds, tmp_path, capsys):
    tree = tmp_path / "corpus"
    shutil.copytree(builds["old_root"], tree)
    # Dropping one of several `Pyongyang` mentions leaves that occurrence undecided (surface_coverage).
    replace_once(tree / "annotations/entities/nkru-000.tsv", "Pyongyang\t3\tGPE\tpyongyang\n", "")
    before = snapshot(tree)
    assert main(["build", "--source", str(tree)]) == 2
    assert capsys.readouterr().err.startswith("nkru build: the built tables fail")
    assert snapshot(tree) == before


def test_a_build_failing_after_staging_deletes_what_it_staged(builds, tmp_path, capsys):
    tree = tmp_path / "corpus"
    shutil.copytree(builds["old_root"], tree)
    (tree / "DATASHEET.md").write_text("# Datasheet without its generated sections\n", encoding="utf-8")
    before = snapshot(tree)
    assert main(["build", "--source", str(tree)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("nkru build: DATASHEET.md: expected exactly one generated section") and error.count("\n") == 1
    assert snapshot(tree) == before


def test_leftovers_name_the_staging_state_and_each_temporary(builds, tmp_path):
    tree = tmp_path / "corpus"
    shutil.copytree(builds["old_root"], tree)
    (tree / STAGING_FOLDER / "staged").mkdir(parents=True)
    (tree / STAGING_FOLDER / "COMMITTED").write_text("file\tREADME.md\n", encoding="utf-8")
    (tree / ".SHA256SUMS.k2x9_q7a").write_text("half", encoding="utf-8")
    (tree / "annotations/.ner.old").mkdir()
    (tree / "annotations/ner/.nkru-003.parquet.tmp").write_text("an editor's file, not ours", encoding="utf-8")
    findings = list(build_leftovers(read_corpus_directory(tree, compare_manifest=False)))
    assert [(finding.config, finding.value) for finding in findings] == [
        (STAGING_FOLDER, str(tree / STAGING_FOLDER)), (".", ".SHA256SUMS.k2x9_q7a"), ("annotations", ".ner.old")]
    assert "staging folder, committed" in findings[0].message and "temporary folder" in findings[2].message


def test_the_shipped_corpus_has_no_leftovers():
    assert not [finding for finding in run_checks(read_corpus_directory(CHECKOUT, compare_manifest=False),
                                                  ["build_leftovers"])]
