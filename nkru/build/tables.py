"""Editable sources -> the Arrow table of every config, deterministically."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from nkru.build.ner_table import ner_table
from nkru.rows import table_from_rows
from nkru.schema import CONFIGS
from nkru.sources import read_sources


def build_tables(source_root: Path) -> dict[str, pa.Table]:
    """Every config's table, in the declared order, built from the editable sources."""
    rows = read_sources(source_root)
    tables = {config: table_from_rows(config, config_rows) for config, config_rows in rows.items()}
    tables["ner"] = ner_table(rows["documents"], rows["entities"])
    return {config: tables[config] for config in CONFIGS}
