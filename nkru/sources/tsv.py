"""The one reader of the project's tab-separated source and review files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from nkru.atomic import write_atomically
from nkru.errors import SourceError

# A whole-number cell (an occurrence, an offset): ASCII digits, which int() always reads (str.isdigit
# also accepts '²', which it refuses), and few enough of them (int() refuses 4,300; no text has a
# billion characters).
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def read_tsv(path: Path, columns: list[str]) -> list[dict]:
    """Rows of a tab-separated file whose header must be exactly `columns`; no cell may be empty."""
    return [dict(zip(columns, values)) for values in read_tsv_values(path, columns)]


def read_tsv_values(path: Path, columns: list[str]) -> Iterator[list[str]]:
    """read_tsv's rows, one at a time, as lists of cells in the order of `columns` (the row at
    index i is on line i + 2 of the file). An error is raised when the bad line is reached.

    The format has no quoting (values hold no tab or newline, see write_tsv), so a line is split
    on tabs as it is; this is what csv.DictReader with QUOTE_NONE reads, several times faster.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError) as error:  # ValueError: not UTF-8, or a NUL in a doc_id that names the file
        raise SourceError(f"cannot read {path} ({error})") from error
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    header = lines[0].split("\t") if lines else None
    if header != columns:
        raise SourceError(f"{path}: expected the header {columns}, found {header}")
    for line_number, line in enumerate(lines[1:], start=2):
        values = line.split("\t")
        if len(values) != len(columns) or "" in values:
            raise SourceError(f"{path}:{line_number}: expected {len(columns)} non-empty columns separated by tabs, "
                              f"found {values}")
        yield values


def write_tsv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Write rows under a header, tab-separated, one line each (values must hold no tab or newline),
    atomically."""
    lines = ["\t".join(columns)]
    for row in rows:
        values = [str(row[column]) for column in columns]
        if any("\t" in value or "\n" in value for value in values):
            raise SourceError(f"{path}: a value holds a tab or a newline: {values}")
        lines.append("\t".join(values))
    write_atomically(path, "\n".join(lines) + "\n")
