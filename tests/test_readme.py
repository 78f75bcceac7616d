"""The README's code runs: its Python examples execute, its two commands are the ones CI uses."""

import os
import re
import subprocess
import sys

import pytest

from conftest import CHECKOUT

README = (CHECKOUT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
COMMANDS = dict(re.findall(r"<!-- command: (\w+) -->\n```bash\n(.+)\n```", README))


def test_readme_has_the_two_commands():
    assert set(COMMANDS) == {"main", "test"}
    assert "pip install ." in COMMANDS["main"] and COMMANDS["main"].endswith("nkru load")
    assert '".[test]"' in COMMANDS["test"] and "pytest" in COMMANDS["test"]


def test_ci_runs_the_readme_test_command():
    ci_script = (CHECKOUT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- command: test -->" in ci_script


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[f"block{index}" for index in range(len(PYTHON_BLOCKS))])
def test_readme_python_examples_run(block, tmp_path):
    environment = {**os.environ, "HF_HOME": str(tmp_path / "hf-home")}
    environment.pop("NKRU_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-c", block], cwd=CHECKOUT, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_has_python_examples():
    assert len(PYTHON_BLOCKS) >= 2
