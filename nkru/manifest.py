"""The checksum manifest, `SHA256SUMS`: the SHA-256 of every text, every editable source the
tables were built from, and every shipped Parquet file.

It is written by `nkru build` in the format of GNU `sha256sum` (`<hex>  <path>`, paths relative
to the corpus root), so `sha256sum -c SHA256SUMS` checks a copy without this package, and
`nkru validate` compares it with the files it finds.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from pathlib import Path

from nkru.errors import CorpusFileError, FileProblem
from nkru.schema import LAYERS, TEXTS_DIR, layer_of

MANIFEST_FILE = "SHA256SUMS"
MANIFEST_LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")
# The editable sources the build reads besides the texts (nkru.sources; tests/test_manifest.py
# checks that the build needs nothing else). Recorded, so that `nkru validate` can tell sources
# edited since the tables were built from them.
SOURCE_PATTERNS = ("dataset/documents.toml", "dataset/noise.tsv", "annotations/entity_registry.tsv",
                   "annotations/stance_targets.tsv", "annotations/shared_wikipedia_titles.tsv",
                   "annotations/entities/*.tsv", "annotations/dates/*.tsv", "annotations/stances/*.tsv",
                   "annotations/model_review/*.tsv")


def manifest_paths(root: Path, data_root: Path | None = None) -> list[str]:
    """The files the manifest covers, relative to the corpus root: the texts and the editable
    sources in `root`, then the Parquet files in `data_root` (default: `root`), each shard of a
    sharded layer included."""
    data_root = root if data_root is None else data_root
    return _files_matching(root, (f"{TEXTS_DIR}/*.txt",)) + source_files(root) + parquet_files(data_root)


def source_files(root: Path) -> list[str]:
    """The editable sources present at `root`, relative to it, sorted."""
    return _files_matching(root, SOURCE_PATTERNS)


def _files_matching(root: Path, patterns: tuple[str, ...]) -> list[str]:
    """The files at `root` that match one of `patterns` (a folder, then a file-name pattern),
    relative to it, sorted; one directory listing per folder (pathlib's glob and a stat per file
    cost seconds over the 15,000 sources of x1000 the corpus)."""
    found = set()
    for pattern in patterns:
        folder, _, name_pattern = pattern.rpartition("/")
        try:
            with os.scandir(os.path.join(root, folder)) as entries:
                found.update(f"{folder}/{entry.name}" for entry in entries
                             if fnmatch.fnmatchcase(entry.name, name_pattern) and entry.is_file())
        except OSError:
            continue
    return sorted(found)


def is_source_file(relative: str) -> bool:
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in SOURCE_PATTERNS)


def source_differences(root: Path, digests: dict[str, str] | None = None,
                       recorded: dict[str, str] | None = None) -> list[tuple[str, str, object]] | None:
    """(path, what differs, value) for every editable source present at `root` that differs from
    what SHA256SUMS recorded when the tables were built; None when there is no readable record.
    A source that is absent is not compared (an installed copy may ship without some)."""
    if recorded is None:
        try:
            recorded = read_manifest(root)
        except CorpusFileError:
            return None
    recorded = {relative: digest for relative, digest in recorded.items() if is_source_file(relative)}
    present = source_files(root)
    actual = sha256s(root, present, digests)
    differences = []
    for relative in present:
        if relative not in recorded:
            differences.append((relative, "is a source the tables were not built from (no SHA256SUMS entry)", None))
        elif actual[relative] != recorded[relative]:
            differences.append((relative, "changed since the tables were built from it (run nkru build); "
                                f"SHA-256 {actual[relative]}, SHA256SUMS records", recorded[relative]))
    return differences


def parquet_files(root: Path) -> list[str]:
    """Every Parquet file present in the corpus at `root`, relative to it, each shard of a sharded
    layer included."""
    shards = _files_matching(root, tuple(f"{layer.file}/*.parquet" for layer in LAYERS if layer.sharded))
    return sorted(shards + [layer.file for layer in LAYERS if not layer.sharded and os.path.isfile(root / layer.file)])


def config_sha256s(root: Path, configs) -> dict[str, str]:
    """Relative path -> SHA-256 of every file the configs read (each shard of a sharded layer)."""
    hashes = {}
    for config in configs:
        layer = layer_of(config)
        paths = sorted((root / layer.file).glob("*.parquet")) if layer.sharded else [root / layer.file]
        hashes.update({path.relative_to(root).as_posix(): file_sha256(path) for path in paths})
    return hashes


def file_sha256(path: str | os.PathLike) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def sha256s(root: Path, relatives: list[str], digests: dict[str, str] | None = None) -> dict[str, str]:
    """Relative path -> SHA-256 of each of these files at `root`; `digests` keeps them, so that a
    file asked for again is not hashed again."""
    digests = {} if digests is None else digests
    missing = [relative for relative in relatives if relative not in digests]
    # Plain strings, not Path objects: pathlib's joins cost more than hashing a small file.
    digests.update(zip(missing, map(file_sha256, [os.path.join(root, relative) for relative in missing])))
    return {relative: digests[relative] for relative in relatives}


def render_manifest(files: dict[str, Path]) -> str:
    """The manifest's text for these files (path relative to the corpus root -> where it is now)."""
    return "".join(f"{file_sha256(path)}  {relative}\n" for relative, path in files.items())


def read_manifest(root: Path) -> dict[str, str]:
    """Path -> SHA-256, as the manifest records them."""
    path = root / MANIFEST_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusFileError(f"expected the checksum manifest {path}, cannot read it ({error})",
                              FileProblem.MISSING if not path.exists() else FileProblem.UNREADABLE) from error
    recorded = {}
    for number, line in enumerate(lines, start=1):
        match = MANIFEST_LINE.fullmatch(line)
        if not match:
            raise CorpusFileError(f"{path}, line {number}: expected '<64 hex digits>  <path>', found {line!r}")
        if match.group(2) in recorded:
            raise CorpusFileError(f"{path}, line {number}: {match.group(2)} is listed twice")
        recorded[match.group(2)] = match.group(1)
    return recorded


def manifest_differences(root: Path, digests: dict[str, str] | None = None,
                         recorded: dict[str, str] | None = None) -> list[tuple[str, str, object]]:
    """(path, what differs, value) for every disagreement between the manifest and the files;
    `digests` keeps the SHA-256 of the files hashed, and `recorded` the manifest already read, for
    source_differences in the same read."""
    recorded = read_manifest(root) if recorded is None else recorded
    present = set(manifest_paths(root))
    actual = sha256s(root, [relative for relative in recorded if relative in present], digests)
    differences = []
    for relative, expected in recorded.items():
        if relative not in present:
            differences.append((relative, "is listed in the manifest but missing", expected))
        elif actual[relative] != expected:
            differences.append((relative, f"has SHA-256 {actual[relative]}, the manifest records", expected))
    for relative in sorted(present - set(recorded)):
        differences.append((relative, "is not listed in the manifest", None))
    return differences
