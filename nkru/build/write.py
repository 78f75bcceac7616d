"""Editable sources -> checked tables -> the Parquet files and SHA256SUMS, deterministically.

`build(source_root, out_root)` reads only `source_root` and writes only below `out_root`; the same
sources and library versions give the same bytes, which tests/test_build.py checks against the
committed files. Every file is written into a staging folder and swapped in with the others
(nkru.atomic.Staging), so an interrupted build leaves the old files or the new ones. The generated
documentation is publishing's job (nkru.publish): `nkru build` hands it the same staging, so the
tables, SHA256SUMS, README.md and DATASHEET.md are swapped in together.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from datasets import Dataset, DatasetInfo
from datasets.table import InMemoryTable

from nkru.atomic import Staging
from nkru.build.tables import build_tables
from nkru.checks import CHECKS, run_checks
from nkru.checks.leftovers import build_leftovers
from nkru.corpus import Corpus
from nkru.errors import SourceError
from nkru.features import features_of
from nkru.manifest import MANIFEST_FILE, manifest_paths, render_manifest, source_files
from nkru.schema import CONFIG_FILES, TEXTS_DIR, layer_of
from nkru.sources.review import read_review_files

MAX_FINDINGS_SHOWN = 20
# The checks of the built tables: leftovers of an interrupted build are a finding about a corpus
# directory (nkru validate), not about tables, and the staging of this very build is one.
TABLE_CHECKS = [name for name in CHECKS if name != build_leftovers.__name__]


def build(source_root: Path, out_root: Path, staging: Staging | None = None) -> list[Path]:
    """Write every Parquet file and SHA256SUMS below `out_root`; nothing is written unless the
    built tables pass every check. With `staging` (nkru build's, whose root is `out_root`), the
    files are only staged there, for its commit; without, they are swapped in before returning."""
    if staging is None:
        with Staging(out_root) as own_staging:
            build(source_root, out_root, own_staging)
            return own_staging.commit()
    tables = build_tables(source_root)
    corpus = Corpus(tables=dict(tables), root=source_root, review=read_review_files(source_root))
    findings = run_checks(corpus, TABLE_CHECKS)
    if findings:
        shown = "\n".join(str(finding) for finding in findings[:MAX_FINDINGS_SHOWN])
        raise SourceError(f"the built tables fail {len(findings)} checks; nothing was written:\n{shown}")
    written = []
    for config, table in tables.items():
        if layer_of(config).sharded:
            written += stage_shards(config, table, staging)
            continue
        staging.write_file(CONFIG_FILES[config],
                           lambda path, config=config, table=table: write_parquet(config, table, path))
        written.append(CONFIG_FILES[config])
    # The manifest covers the texts and the other sources the tables come from, and the Parquet
    # files just staged.
    sources = set(source_files(source_root))
    covered = {relative: (source_root if relative.startswith(TEXTS_DIR) or relative in sources else staging.staged)
               / relative for relative in manifest_paths(source_root, staging.staged)}
    staging.write_file(MANIFEST_FILE, lambda path: path.write_text(render_manifest(covered), encoding="utf-8"))
    return [out_root / relative for relative in [*written, MANIFEST_FILE]]


def stage_shards(config: str, table: pa.Table, staging: Staging) -> list[str]:
    """A sharded layer's table as one Parquet file per document, in a folder that replaces the
    layer's folder whole (so no shard of a removed document survives); the shards' relative paths."""
    layer = layer_of(config)
    doc_ids = table.column("doc_id")
    by_doc = {doc_id: table.filter(pc.equal(doc_ids, doc_id)) for doc_id in sorted(set(doc_ids.to_pylist()))}

    def fill(folder: Path) -> None:
        for doc_id, rows in by_doc.items():
            write_parquet(config, rows, folder / f"{doc_id}.parquet")

    staging.write_folder(layer.file, fill)
    return [layer.shard(doc_id) for doc_id in by_doc]


def write_parquet(config: str, table: pa.Table, path: Path) -> None:
    """Write a config's table as `datasets` writes a Dataset, with the features in the schema's
    metadata (what `load_dataset` reads back). The fingerprint is given: without one, `datasets`
    pickles the whole table to make one, which cost more than writing the file (x100 the corpus:
    19 of the build's 33 s), and a written file does not keep it."""
    dataset = Dataset(InMemoryTable(table), info=DatasetInfo(features=features_of(config)), fingerprint=config)
    dataset.to_parquet(str(path))
