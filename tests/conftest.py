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

from nkru.schema import CONFIG_FILES  # noqa: E402

CHECKOUT = Path(__file__).resolve().parent.parent
SEEDS = CHECKOUT.parent / "shared" / "seeds"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus sources and shipped tables, to corrupt or rebuild."""
    copy = tmp_path / "corpus"
    shutil.copytree(CHECKOUT / "dataset", copy / "dataset")
    for relative in CONFIG_FILES.values():
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CHECKOUT / relative, copy / relative)
    shutil.copy2(CHECKOUT / "README.md", copy / "README.md")
    return copy
