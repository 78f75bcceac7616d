"""The one reader of a built corpus directory: its tables as a Corpus of typed rows.

`read_corpus` is for the commands that use the data (export, view, benchmark, publish): a table
that cannot be read raises CorpusFileError. `read_corpus_directory` is for `nkru validate`: it
keeps every problem as a finding to report (tables that cannot be read, review files, the texts
and the checksum manifest) instead of raising.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nkru.corpus import Corpus
from nkru.errors import CorpusFileError, NkruError
from nkru.loader import corpus_root, read_config_table
from nkru.manifest import manifest_differences, read_manifest, source_differences
from nkru.schema import CONFIGS, TEXTS_DIR
from nkru.sources.review import read_review_files


def read_corpus(data_dir: str | os.PathLike | None = None, configs: Iterable[str] = CONFIGS) -> Corpus:
    """The named configs of a corpus directory (default: the installed or checkout corpus)."""
    root = Path(data_dir) if data_dir is not None else corpus_root()
    return Corpus(tables={config: read_config_table(config, root) for config in configs}, root=root)


def read_fold_tables(root: Path, fold_config: str) -> dict:
    """split -> Arrow table of a fold (FOLD_CONFIGS), as `datasets` holds it once loaded."""
    from nkru.loader import load

    return {split: dataset.data.table for split, dataset in load(fold_config, root).items()}


def read_corpus_directory(root: Path, compare_manifest: bool = True) -> Corpus:
    """Everything `nkru validate` judges in a corpus directory; with `compare_manifest`, its files
    are also hashed against SHA256SUMS."""
    if not root.is_dir():
        raise NkruError(f"expected a corpus directory (with dataset/ and annotations/), found no directory at {root}")
    tables, load_errors = {}, {}
    for config in CONFIGS:
        try:
            tables[config] = read_config_table(config, root, labels_checked=False)
        except CorpusFileError as error:
            load_errors[config] = error
    try:
        review, review_error = read_review_files(root), None
    except NkruError as error:
        review, review_error = None, str(error)
    # SHA256SUMS is read once, and each file hashed once, for the manifest and the sources' record.
    try:
        recorded, manifest_error = read_manifest(root), None
    except CorpusFileError as error:
        recorded, manifest_error = None, str(error)
    digests = {}
    differences = manifest_differences(root, digests, recorded) if compare_manifest and recorded is not None else None
    corpus = Corpus(tables=tables, root=root, load_errors=load_errors, review=review, review_error=review_error,
                    manifest_differences=differences, manifest_error=manifest_error if compare_manifest else None,
                    source_differences=None if recorded is None else source_differences(root, digests, recorded))
    corpus.text_files = _read_text_files(root, corpus.documents)
    return corpus


def _read_text_files(root: Path, documents) -> dict[str, bytes | None]:
    text_files = {}
    for document in documents:
        name = document.source_file
        path = root / TEXTS_DIR / name
        # A source_file that is not a plain file name is reported by the check, not followed.
        text_files[name] = path.read_bytes() if Path(name).name == name and path.is_file() else None
    return text_files
