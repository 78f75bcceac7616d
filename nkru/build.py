"""Editable sources -> tables -> Parquet files and the card's generated YAML, deterministically.

`build(source_root, out_root)` reads only `source_root` and writes only below `out_root`; the same
sources and library versions give the same bytes, which tests/test_build.py checks against the
committed files.
"""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset

from nkru.atomic import replace_file
from nkru.card import render_card
from nkru.checks import run_checks
from nkru.corpus import STREAMED_CONFIGS, Corpus
from nkru.date_sources import read_date_rows
from nkru.docs import render_docs, replace_sections
from nkru.documents import TEXTS_DIR, read_document_rows
from nkru.entity_sources import read_mention_rows, read_registry, registry_rows
from nkru.errors import SourceError
from nkru.loader import read_parquet
from nkru.manifest import MANIFEST_FILE, manifest_paths, render_manifest
from nkru.ner_table import ner_table
from nkru.review_files import read_review_files
from nkru.schema import CONFIG_FEATURES, CONFIG_FILES
from nkru.stance_sources import read_stance_rows, read_targets, target_rows
from nkru.tables import dataset_from_rows, dataset_from_table

README = "README.md"
GENERATED_DOCUMENTS = (README, "DATASHEET.md")
MAX_FINDINGS_SHOWN = 20


def build_tables(source_root: Path) -> dict[str, Dataset]:
    """Every config's table, built from the editable sources."""
    documents = read_document_rows(source_root)
    registry = read_registry(source_root)
    texts_by_doc = {row["doc_id"]: row["text"] for row in documents}
    mentions = read_mention_rows(source_root, texts_by_doc, registry)
    rows_by_config = {
        "documents": documents,
        "entities": mentions,
        "entity_registry": registry_rows(registry, mentions),
        "dates": read_date_rows(source_root, texts_by_doc),
    }
    rows_by_config["stances"] = read_stance_rows(source_root, texts_by_doc)
    rows_by_config["stance_targets"] = target_rows(read_targets(source_root), rows_by_config["stances"])
    tables = {name: dataset_from_rows(rows, CONFIG_FEATURES[name], name) for name, rows in rows_by_config.items()}
    tables["ner"] = dataset_from_table(ner_table(documents, mentions), CONFIG_FEATURES["ner"])
    return {name: tables[name] for name in CONFIG_FEATURES}


def build(source_root: Path, out_root: Path) -> list[Path]:
    """Write every Parquet file, SHA256SUMS, README.md and DATASHEET.md (generated parts refreshed)
    below `out_root`.

    Nothing is written unless the built tables pass every check.
    """
    tables = build_tables(source_root)
    rows = {name: table.data.table if name in STREAMED_CONFIGS else table.to_list() for name, table in tables.items()}
    corpus = Corpus(root=source_root, tables=rows, load_errors={}, review=read_review_files(source_root))
    findings = run_checks(corpus)
    if findings:
        shown = "\n".join(str(finding) for finding in findings[:MAX_FINDINGS_SHOWN])
        raise SourceError(f"the built tables fail {len(findings)} checks; nothing was written:\n{shown}")
    sections = render_docs(corpus)
    documents = {name: replace_sections((source_root / name).read_text(encoding="utf-8"), sections[name], name)
                 for name in GENERATED_DOCUMENTS}
    written = []
    for name, table in tables.items():
        target = out_root / CONFIG_FILES[name]
        replace_file(target, lambda path, table=table: table.to_parquet(str(path)))
        written.append(target)
    # The manifest covers the texts, which stay in the sources, and the Parquet files just written.
    covered = {relative: (source_root if relative.startswith(TEXTS_DIR) else out_root) / relative
               for relative in manifest_paths(source_root)}
    manifest = out_root / MANIFEST_FILE
    replace_file(manifest, lambda path: path.write_text(render_manifest(covered), encoding="utf-8"))
    written.append(manifest)
    documents[README] = render_card(documents[README],
                                    {name: split_size(out_root / CONFIG_FILES[name]) for name in tables})
    for name, text in documents.items():
        target = out_root / name
        replace_file(target, lambda path, text=text: path.write_text(text, encoding="utf-8"))
        written.append(target)
    return written


def split_size(parquet_path: Path) -> tuple[int, int]:
    """(rows, Arrow bytes) of a Parquet file as `datasets` reports them once it has read it."""
    table = read_parquet(parquet_path)
    return table.num_rows, table.nbytes
