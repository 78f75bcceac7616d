"""Editable sources -> checked tables -> the Parquet files and SHA256SUMS, deterministically.

`build(source_root, out_root)` reads only `source_root` and writes only below `out_root`; the same
sources and library versions give the same bytes, which tests/test_build.py checks against the
committed files. The generated documentation is publishing's job (nkru.publish), run after it.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from datasets import Dataset, DatasetInfo
from datasets.table import InMemoryTable

from nkru.atomic import replace_file, replace_folder
from nkru.build.tables import build_tables
from nkru.checks import run_checks
from nkru.corpus import Corpus
from nkru.errors import SourceError
from nkru.features import features_of
from nkru.manifest import MANIFEST_FILE, manifest_paths, render_manifest
from nkru.schema import CONFIG_FILES, TEXTS_DIR, layer_of
from nkru.sources.review import read_review_files

MAX_FINDINGS_SHOWN = 20


def build(source_root: Path, out_root: Path) -> list[Path]:
    """Write every Parquet file and SHA256SUMS below `out_root`; nothing is written unless the
    built tables pass every check."""
    tables = build_tables(source_root)
    corpus = Corpus(tables=dict(tables), root=source_root, review=read_review_files(source_root))
    findings = run_checks(corpus)
    if findings:
        shown = "\n".join(str(finding) for finding in findings[:MAX_FINDINGS_SHOWN])
        raise SourceError(f"the built tables fail {len(findings)} checks; nothing was written:\n{shown}")
    written = []
    for config, table in tables.items():
        if layer_of(config).sharded:
            written += write_shards(config, table, out_root)
            continue
        target = out_root / CONFIG_FILES[config]
        replace_file(target, lambda path, config=config, table=table: write_parquet(config, table, path))
        written.append(target)
    # The manifest covers the texts, which stay in the sources, and the Parquet files just written.
    covered = {relative: (source_root if relative.startswith(TEXTS_DIR) else out_root) / relative
               for relative in manifest_paths(source_root, out_root)}
    manifest = out_root / MANIFEST_FILE
    replace_file(manifest, lambda path: path.write_text(render_manifest(covered), encoding="utf-8"))
    written.append(manifest)
    return written


def write_shards(config: str, table: pa.Table, out_root: Path) -> list[Path]:
    """A sharded layer's table as one Parquet file per document, its folder replaced whole (so no
    shard of a removed document survives)."""
    layer = layer_of(config)
    doc_ids = table.column("doc_id")
    by_doc = {doc_id: table.filter(pc.equal(doc_ids, doc_id)) for doc_id in sorted(set(doc_ids.to_pylist()))}

    def fill(folder: Path) -> None:
        for doc_id, rows in by_doc.items():
            write_parquet(config, rows, folder / f"{doc_id}.parquet")

    replace_folder(out_root / layer.file, fill)
    return [out_root / layer.shard(doc_id) for doc_id in by_doc]


def write_parquet(config: str, table: pa.Table, path: Path) -> None:
    """Write a config's table as `datasets` writes a Dataset, with the features in the schema's
    metadata (what `load_dataset` reads back)."""
    Dataset(InMemoryTable(table), info=DatasetInfo(features=features_of(config))).to_parquet(str(path))
