"""The package's layout holds (docs/ARCHITECTURE.md): imports point one way along the data flow,
every check is listed, and the command line starts without the heavy libraries."""

import ast
import json
import re
import subprocess
import sys
import types

import pytest

import nkru.checks
from nkru.checks import CHECKS, defined_checks, is_check

from conftest import CHECKOUT

PACKAGE = CHECKOUT / "nkru"
BOTTOM = "bottom"
# Each room and the rooms it may import (besides itself). The bottom rooms import only bottom rooms.
BOTTOM_MODULES = {"__init__", "errors", "schema", "features", "rows", "tokens", "timex", "atomic", "manifest",
                  "allocation", "file_threads", "text_arrays", "label_mapping", "wikipedia"}
ALLOWED_IMPORTS = {
    BOTTOM: set(),
    "sources": {BOTTOM},
    "loader": {BOTTOM},
    "corpus": {BOTTOM, "sources"},
    "checks": {BOTTOM, "sources", "corpus"},
    "build": {BOTTOM, "sources", "corpus", "checks"},
    "reader": {BOTTOM, "sources", "corpus", "loader"},
    "evaluation": {BOTTOM, "sources", "corpus"},
    "publish": {BOTTOM, "sources", "corpus", "reader", "evaluation"},
    "export": {BOTTOM, "corpus"},
    "view": {BOTTOM, "corpus", "evaluation"},
    "cli": {BOTTOM, "sources", "corpus", "checks", "build", "reader", "loader", "evaluation", "publish", "export",
            "view"},
    "__main__": {"cli"},
}
HEAVY_LIBRARIES = ("datasets", "pandas", "pyarrow", "spacy")


def room_of(module: str) -> str:
    """The room of a module given as a dotted name below nkru (`build.tables`, `schema`)."""
    top = module.split(".")[0]
    return BOTTOM if top in BOTTOM_MODULES else top


def nkru_imports(path) -> set[str]:
    """The nkru modules a source file imports, anywhere in it, as dotted names below nkru."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "nkru":
            if node.module != "nkru":
                imported.add(node.module.removeprefix("nkru."))
            else:  # `from nkru import x`: a module of the package, or a name of nkru/__init__.py
                imported |= {alias.name if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file()
                             else "__init__" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name.removeprefix("nkru.") for alias in node.names if alias.name.startswith("nkru.")}
    return imported


def wrong_way_imports() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        room = room_of(module)
        for imported in sorted(nkru_imports(path)):
            target = room_of(imported)
            if target != room and target not in ALLOWED_IMPORTS[room]:
                found.append(f"{module} ({room}) imports {imported} ({target})")
    return found


def test_every_module_is_in_a_room():
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        assert room_of(module) in ALLOWED_IMPORTS, module


def test_imports_point_one_way_along_the_flow():
    assert wrong_way_imports() == []


def test_a_wrong_way_import_is_caught(monkeypatch):
    monkeypatch.setitem(ALLOWED_IMPORTS, "build", {BOTTOM, "sources", "corpus"})  # as if build could not use checks
    assert any("imports checks" in line for line in wrong_way_imports())


def test_every_check_a_module_defines_is_listed():
    assert set(defined_checks()) == set(CHECKS)
    assert all(defined_checks()[name] is check for name, check in CHECKS.items())


def test_an_unlisted_check_is_found(monkeypatch):
    def forgotten_check(corpus: "Corpus") -> "Iterator[Finding]":  # noqa: F821
        yield from ()

    forgotten_check.__annotations__ = {"corpus": "Corpus", "return": "Iterator[Finding]"}
    forgotten_check.__module__ = nkru.checks.dates.__name__
    monkeypatch.setattr(nkru.checks.dates, "forgotten_check", forgotten_check, raising=False)
    assert is_check(forgotten_check)
    assert set(defined_checks()) - set(CHECKS) == {"forgotten_check"}


def _modules_loaded_by(argv: list[str]) -> list[str]:
    script = ("import json, sys\nfrom nkru.cli import main\ntry:\n    main(" + repr(argv) + ")\n"
              "except SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=CHECKOUT)
    return json.loads(result.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("command", ["", "build", "publish", "load", "validate", "export", "view", "benchmark", "compare",
                                     "figure", "croissant", "model-review"])
def test_help_loads_no_heavy_library(command):
    loaded = _modules_loaded_by([command, "--help"] if command else ["--help"])
    assert "nkru.cli" in loaded
    assert [name for name in loaded if name.split(".")[0] in HEAVY_LIBRARIES] == []


def test_a_command_that_runs_does_load_them():
    """The startup test could not pass by never importing anything: `load` does import datasets."""
    assert "datasets" in _modules_loaded_by(["load", "documents"])


def test_modules_are_typed_and_the_version_is_declared_once():
    assert (PACKAGE / "py.typed").is_file()
    pyproject = (CHECKOUT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "nkru/__init__.py"' in pyproject
    assert "\nversion =" not in pyproject
    import nkru

    assert isinstance(nkru, types.ModuleType) and nkru.__version__.count(".") == 2


ARCHITECTURE = (CHECKOUT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_the_architecture_document_names_every_module_and_room():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(CHECKOUT).as_posix()
        folder = path.parent.relative_to(CHECKOUT).as_posix() + "/"
        assert f"`{relative}`" in ARCHITECTURE or (folder != "nkru/" and f"`{folder}`" in ARCHITECTURE), relative
    for room in ALLOWED_IMPORTS:
        if room not in (BOTTOM, "__main__"):
            assert f"| `{room}` |" in ARCHITECTURE, room


def test_the_architecture_document_states_the_import_rules_the_test_enforces():
    rows = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", ARCHITECTURE, re.MULTILINE))
    for room, allowed in ALLOWED_IMPORTS.items():
        if room in (BOTTOM, "__main__"):
            continue
        stated = set(re.findall(r"`(\w+)`", rows[room])) if "every room" not in rows[room] else set(
            ALLOWED_IMPORTS) - {BOTTOM, "__main__", room}
        assert stated | {BOTTOM} == allowed | {BOTTOM}, room


def test_the_architecture_document_names_only_files_that_exist():
    for relative in re.findall(r"`((?:nkru|tests|benchmarks|docs)/[\w/.-]+\.(?:py|md|png|json))`", ARCHITECTURE):
        if "<" not in relative:
            assert (CHECKOUT / relative).exists(), relative
