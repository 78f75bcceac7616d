"""Shared fixtures. Every test runs offline, with its own Hugging Face cache."""

import os
import shutil
import tempfile
from pathlib import Path

# Set before anything imports `datasets`, which reads these once at import time.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="nkru-test-hf-home-")
os.environ.pop("NKRU_DATA_DIR", None)

import pytest  # noqa: E402

from nkru.errors import NkruError  # noqa: E402


CHECKOUT = Path(__file__).resolve().parent.parent
SEEDS = CHECKOUT.parent / "shared" / "seeds"
# What a copy of the corpus directory holds: sources, shipped tables, the stored benchmark results
# (which publishing renders) and the card.
CORPUS_FOLDERS = ("dataset", "annotations", "benchmarks/results")
CORPUS_FILES = ("README.md", "DATASHEET.md", "SHA256SUMS")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus sources and shipped tables, to corrupt or rebuild."""
    copy = tmp_path / "corpus"
    for folder in CORPUS_FOLDERS:
        shutil.copytree(CHECKOUT / folder, copy / folder)
    for name in CORPUS_FILES:
        shutil.copy2(CHECKOUT / name, copy / name)
    return copy


def refused_or_read(read, *arguments):
    """What `read` returns, or None when it refuses the input with an NkruError; any other
    exception is a bug and fails the test."""
    try:
        return read(*arguments)
    except NkruError:
        return None


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied source file, failing loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
