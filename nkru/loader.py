"""Loading a config's shipped Parquet file as a `datasets.DatasetDict`, with no cache in between.

The Parquet file is read, checked against the declared schema and wrapped in an in-memory
`Dataset` whose fingerprint is the SHA-256 of the file's bytes: a rebuilt file can never be
served stale, which `load_dataset` with a YAML `configs:` block cannot promise in its default mode
(its cache is keyed on the folder's name and the card, not on the data; README, Loading). `read_config_table` is the same read without the wrapping and the
fingerprint, for the corpus reader (nkru.reader).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from datasets import Dataset, DatasetDict, DatasetInfo
from datasets.table import InMemoryTable

from nkru.errors import CorpusFileError, DeclarationError, FileProblem
from nkru.features import arrow_schema_of, features_of
from nkru.file_threads import map_files
from nkru.manifest import file_sha256
from nkru.schema import CONFIGS, FOLD_CONFIGS, FOLD_LAYER, SPLIT, doc_order_key, fold_documents, layer_of

# In a checkout the data sits beside the package; an installed wheel carries it in nkru/_data.
PACKAGED_DATA = Path(__file__).resolve().parent / "_data"
CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def corpus_root() -> Path:
    """Where the shipped tables are: $NKRU_DATA_DIR, the installed copy, or the checkout."""
    if "NKRU_DATA_DIR" in os.environ:
        return Path(os.environ["NKRU_DATA_DIR"])
    return PACKAGED_DATA if PACKAGED_DATA.is_dir() else CHECKOUT_ROOT


def read_parquet(source, use_threads: bool = True) -> pa.Table:
    """A whole Parquet file (path or buffer) as an Arrow table.

    ParquetFile.read, not read_table: read_table runs Arrow's dataset scanner, whose threads can
    outlive the interpreter and abort it at exit (apache/arrow#45214).
    """
    return pq.ParquetFile(source).read(use_threads=use_threads)


def schema_mismatch(found: pa.Schema, expected: pa.Schema) -> str | None:
    """How a file's schema differs from the declared one (columns, their order and types), or None.

    No cast is attempted: a column whose type changed is a corrupted file, not one to repair.
    """
    if found.names != expected.names:
        return f"has columns {found.names}, expected {expected.names}"
    for found_field, expected_field in zip(found, expected):
        if not found_field.type.equals(expected_field.type):
            return f"column {found_field.name!r} has type {found_field.type}, expected {expected_field.type}"
    return None


def features_mismatch(schema: pa.Schema, config: str) -> str | None:
    """How the `datasets` features stored in a file's schema metadata differ from the declared
    ones, or None. `load_dataset` and `Dataset.from_parquet` take the ClassLabel names from there:
    reordered names would silently relabel every row."""
    return _stored_features_mismatch((schema.metadata or {}).get(b"huggingface"), config)


@functools.lru_cache(maxsize=64)
def _stored_features_mismatch(stored: bytes | None, config: str) -> str | None:
    # Cached: every shard of a layer stores the same bytes, and decoding them costs more than reading a shard.
    try:
        features = json.loads(stored)["info"]["features"] if stored is not None else None
    except (ValueError, TypeError, KeyError, RecursionError):
        return "has schema metadata 'huggingface' that is not the JSON `datasets` writes"
    if not isinstance(features, dict):
        return "has no `datasets` features in its schema metadata ('huggingface')"
    expected = _declared_features(config)
    if features != expected:
        changed = [name for name in expected if features.get(name) != expected[name]] or sorted(features)
        return (f"stores `datasets` features that differ from the declared ones in {', '.join(changed)} "
                f"(found {features.get(changed[0])!r}, expected {expected.get(changed[0])!r})")
    return None


@functools.cache
def _declared_features(config: str) -> dict:
    return features_of(config).to_dict()


def config_path(config: str, data_dir: str | os.PathLike | None = None) -> Path:
    """The Parquet file of `config` in `data_dir` (default: corpus_root()); a sharded layer's folder."""
    return (Path(data_dir) if data_dir is not None else corpus_root()) / layer_of(config).file


def shard_paths(config: str, data_dir: str | os.PathLike | None = None) -> dict[str, Path]:
    """doc_id -> shard file of a sharded config, in the documents' order (doc_order_key)."""
    folder = config_path(config, data_dir)
    if not folder.is_dir():
        raise CorpusFileError(f"config {config!r}: expected the folder of its per-document Parquet files {folder}, "
                              "found no such folder", FileProblem.MISSING)
    shards = {path.name.removesuffix(".parquet"): path
              for path in sorted(folder.glob("*.parquet"), key=lambda path: doc_order_key(path.stem))}
    if not shards:
        raise CorpusFileError(f"config {config!r}: expected per-document Parquet files in {folder}, found none",
                              FileProblem.MISSING)
    return shards


def read_config_table(config: str, data_dir: str | os.PathLike | None = None, labels_checked: bool = True) -> pa.Table:
    """A config's table, checked against its declared schema (a sharded config: all its shards).

    `labels_checked=False` lets label indices outside their label set through, for `nkru
    validate`, whose checks name every such row."""
    if layer_of(config).sharded:
        return _read_shards(config, shard_paths(config, data_dir), labels_checked=labels_checked)[0]
    return _read_table(config, config_path(config, data_dir), labels_checked=labels_checked)[0]


def _read_table(config: str, path: Path, fingerprint: bool = False,
                labels_checked: bool = True) -> tuple[pa.Table, str | None]:
    """The table at `path`, checked, and (when asked) the SHA-256 of the file's bytes."""
    table, sha256 = _read_file(config, path, fingerprint)
    _check_values(config, path, table, labels_checked)
    return table, sha256


def _check_values(config: str, path: Path, table: pa.Table, labels_checked: bool) -> None:
    _refuse_nulls(config, path, table)
    if labels_checked:
        _refuse_unknown_labels(config, path, table)


def _read_file(config: str, path: Path, fingerprint: bool, use_threads: bool = True) -> tuple[pa.Table, str | None]:
    """The table at `path` with its schema and features checked, not yet its values; a shard is
    read on one thread (`use_threads=False`), the shards being read several at once."""
    if not path.is_file():
        raise CorpusFileError(f"config {config!r}: expected the Parquet file {path}, found no such file",
                              FileProblem.MISSING)
    try:
        sha256 = file_sha256(path) if fingerprint else None
        # Read from the path, not from the bytes just hashed: a table whose buffers point into a
        # Python bytes object needs the GIL to free them, and aborts the interpreter when that
        # happens during shutdown (seen here under CPU load; apache/arrow#36389).
        table = read_parquet(path, use_threads)
    except (OSError, pa.ArrowException) as error:
        raise CorpusFileError(f"config {config!r}: expected a Parquet file at {path}, "
                              f"found one that cannot be read ({error})", FileProblem.UNREADABLE) from error
    mismatch = schema_mismatch(table.schema, arrow_schema_of(config))
    if mismatch:
        raise CorpusFileError(f"config {config!r}: {path} {mismatch}", FileProblem.SCHEMA)
    mismatch = features_mismatch(table.schema, config)
    if mismatch:
        raise CorpusFileError(f"config {config!r}: {path} {mismatch}", FileProblem.METADATA)
    return table, sha256


def _refuse_nulls(config: str, path: Path, table: pa.Table) -> None:
    """A null where the schema requires a value makes the whole table unusable: one error naming
    the column and the first rows, rather than a crash in whatever reads the value."""
    layer = layer_of(config)
    for column in layer.required_columns:
        if table.column(column).null_count:
            nulls = pc.is_null(table.column(column))
            ids = table.filter(nulls).column(layer.id_column).to_pylist()[:3]
            count = table.column(column).null_count
            raise CorpusFileError(f"config {config!r}: {path}: column {column!r} is null in {count} rows (first: "
                                  f"{', '.join(map(str, ids))}); it must hold a value", FileProblem.NULLS)


def _refuse_unknown_labels(config: str, path: Path, table: pa.Table) -> None:
    """A label index outside its ClassLabel's names would end in an error (or a wrong name) in
    whatever decodes it: one error naming the column, the value and its row instead."""
    layer = layer_of(config)
    for column, kind in layer.kinds.items():
        names = getattr(kind, "names", None) or getattr(getattr(kind, "item", None), "names", None)
        if names is None or table.num_rows == 0:
            continue
        values = table.column(column)
        flat = pc.list_flatten(values) if pa.types.is_list(values.type) else values
        outside = pc.or_(pc.less(flat, 0), pc.greater_equal(flat, len(names)))
        if pc.any(outside).as_py():
            value = flat.filter(outside)[0].as_py()
            rows = pc.list_parent_indices(values).filter(outside) if flat is not values else pc.indices_nonzero(outside)
            row_id = table.column(layer.id_column)[rows[0].as_py()].as_py()
            raise CorpusFileError(f"config {config!r}: {path}: column {column!r} holds {value} in row {row_id}, outside "
                                  f"its {len(names)} labels (nkru validate names every such row)", FileProblem.LABELS)


def _read_shards(config: str, shards: dict[str, Path], fingerprint: bool = False,
                 labels_checked: bool = True) -> tuple[pa.Table, str | None]:
    """The shards of documents `shards` concatenated in their order, each checked to hold only its
    document's rows; the fingerprint hashes the shards' own SHA-256s.

    The values are checked once over the concatenation (per shard, that is thousands of small
    Arrow calls at x1000 the corpus); only when that fails is the shard at fault looked for."""
    read = map_files(lambda path: _read_file(config, path, fingerprint, use_threads=False), shards.values())
    tables = [table for table, _ in read]
    hashes = [f"{doc_id}:{sha256}" for doc_id, (_, sha256) in zip(shards, read)]
    # One chunk, not one per shard: every later Arrow call over thousands of chunks pays for each.
    concatenated = pa.concat_tables(tables).combine_chunks()
    expected_doc_ids = pa.array(np.repeat(np.array(list(shards), dtype=object), [table.num_rows for table in tables]),
                                pa.string())
    misplaced = pc.invert(pc.fill_null(pc.equal(concatenated["doc_id"], expected_doc_ids), False))
    try:
        if pc.any(misplaced).as_py():
            raise CorpusFileError("a shard holds rows of another document")
        _check_values(config, Path(), concatenated, labels_checked)
    except CorpusFileError:
        for (doc_id, path), table in zip(shards.items(), tables):
            found = set(table.column("doc_id").unique().to_pylist())
            if found - {doc_id}:
                raise CorpusFileError(f"config {config!r}: {path} is the shard of {doc_id} but holds rows of "
                                      f"{', '.join(sorted(map(str, found - {doc_id})))}", FileProblem.SCHEMA) from None
            _check_values(config, path, table, labels_checked)
        raise
    combined = hashlib.sha256("\n".join(hashes).encode()).hexdigest() if fingerprint else None
    return concatenated, combined


def load(config: str, data_dir: str | os.PathLike | None = None) -> DatasetDict:
    """Load one config (see CONFIGS) as a DatasetDict with its single split, `test`; a fold (see
    FOLD_CONFIGS) with its `train`, `validation` and `test` splits."""
    if config in FOLD_CONFIGS:
        return _load_fold(config, data_dir)
    if layer_of(config).sharded:
        table, fingerprint = _read_shards(config, shard_paths(config, data_dir), fingerprint=True)
    else:
        table, fingerprint = _read_table(config, config_path(config, data_dir), fingerprint=True)
    return DatasetDict({SPLIT: _dataset(config, config, table, SPLIT, fingerprint)})


def _load_fold(fold_config: str, data_dir: str | os.PathLike | None) -> DatasetDict:
    shards = shard_paths(FOLD_LAYER, data_dir)
    try:
        splits = fold_documents(FOLD_CONFIGS.index(fold_config), list(shards))
    except DeclarationError as error:
        raise CorpusFileError(f"config {fold_config!r}: {error}", FileProblem.MISSING) from error
    loaded = {}
    for split, doc_ids in splits.items():
        table, fingerprint = _read_shards(FOLD_LAYER, {doc_id: shards[doc_id] for doc_id in doc_ids}, fingerprint=True)
        loaded[split] = _dataset(FOLD_LAYER, fold_config, table, split, fingerprint)
    return DatasetDict(loaded)


def _dataset(config: str, config_name: str, table: pa.Table, split: str, fingerprint: str) -> Dataset:
    return Dataset(InMemoryTable(table), info=DatasetInfo(features=features_of(config), config_name=config_name),
                   split=split, fingerprint=fingerprint)


__all__ = ["CONFIGS", "FOLD_CONFIGS", "corpus_root", "load", "read_config_table"]
