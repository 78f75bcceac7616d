"""Reading the editable date sources into `Timex` rows.

annotations/dates/<doc_id>.tsv: one row per TIMEX3, as quote + occurrence (see nkru.sources.locate),
type, value, mod, function, anchor, note; `-` marks an empty cell. `anchor` is `dct`, `-`, or
another timex of the same document written as `quote#occurrence`.
"""

from __future__ import annotations

from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import DCT_ANCHOR, LAYER_BY_CONFIG, TIMEX_FUNCTIONS, TIMEX_MODS, TIMEX_TYPES, Timex
from nkru.sources.locate import locate_in_source
from nkru.sources.tsv import read_tsv

DATES_DIR = "annotations/dates"
DATE_COLUMNS = ["quote", "occurrence", "type", "value", "mod", "function", "anchor", "note"]
EMPTY = "-"
DATES = LAYER_BY_CONFIG["dates"]


def read_date_rows(source_root: Path, texts_by_doc: dict[str, str]) -> list[Timex]:
    """Rows of the `dates` table: every document's timexes, located, sorted, anchors resolved."""
    rows = []
    for doc_id, text in texts_by_doc.items():
        path = source_root / DATES_DIR / f"{doc_id}.tsv"
        located = []
        for line_number, row in enumerate(read_tsv(path, DATE_COLUMNS), start=2):
            located.append((f"{path}:{line_number}", row, _locate(f"{path}:{line_number}", row, text)))
        located.sort(key=lambda item: item[2])
        ids_by_reference = {}
        for number, (_, row, _) in enumerate(located, start=1):
            ids_by_reference[f"{row['quote']}#{row['occurrence']}"] = DATES.row_id(doc_id, number)
        for number, (where, row, (start, end)) in enumerate(located, start=1):
            rows.append(Timex(
                doc_id=doc_id,
                timex_id=DATES.row_id(doc_id, number),
                start=start,
                end=end,
                text=row["quote"],
                type=row["type"],
                value=row["value"],
                mod=_optional(row["mod"]),
                function=row["function"],
                anchor=_anchor(where, row["anchor"], ids_by_reference),
                note=_optional(row["note"]),
            ))
    return rows


def _optional(cell: str) -> str | None:
    return None if cell == EMPTY else cell


def _locate(where: str, row: dict, text: str) -> tuple[int, int]:
    span = locate_in_source(where, text, row["quote"], row["occurrence"])
    for column, allowed in (("type", TIMEX_TYPES), ("function", TIMEX_FUNCTIONS)):
        if row[column] not in allowed:
            raise SourceError(f"{where}: unknown {column} {row[column]!r}; expected one of {list(allowed)}")
    if row["mod"] != EMPTY and row["mod"] not in TIMEX_MODS:
        raise SourceError(f"{where}: unknown mod {row['mod']!r}; expected one of {list(TIMEX_MODS)} or {EMPTY}")
    return span


def _anchor(where: str, cell: str, ids_by_reference: dict[str, str]) -> str | None:
    if cell in (EMPTY, DCT_ANCHOR):
        return _optional(cell)
    if cell not in ids_by_reference:
        raise SourceError(f"{where}: anchor {cell!r} is neither {DCT_ANCHOR!r}, {EMPTY!r} nor a timex of this document")
    return ids_by_reference[cell]
