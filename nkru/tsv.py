"""The one reader of the project's tab-separated source and review files."""

from __future__ import annotations

import csv
from pathlib import Path

from nkru.errors import SourceError


def read_tsv(path: Path, columns: list[str]) -> list[dict]:
    """Rows of a tab-separated file whose header must be exactly `columns`; no cell may be empty."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if reader.fieldnames != columns:
                raise SourceError(f"{path}: expected the header {columns}, found {reader.fieldnames}")
            rows = list(reader)
    except OSError as error:
        raise SourceError(f"cannot read {path} ({error})") from error
    for line_number, row in enumerate(rows, start=2):
        if None in row or any(value is None or value == "" for value in row.values()):
            raise SourceError(f"{path}:{line_number}: expected {len(columns)} non-empty columns, found {row}")
    return rows


def write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Write rows under a header, tab-separated, one line each (values must hold no tab or newline)."""
    lines = ["\t".join(columns)]
    for row in rows:
        values = [str(row[column]) for column in columns]
        if any("\t" in value or "\n" in value for value in values):
            raise SourceError(f"{path}: a value holds a tab or a newline: {values}")
        lines.append("\t".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
