"""Reading the editable date sources into `Timex` rows.

annotations/dates/<doc_id>.tsv: one row per TIMEX3, as quote + occurrence (see nkru.sources.locate),
type, value, mod, function, anchor, note, then the TimeML attributes temporal_function (`true` or
`false`), value_from_function, begin_point, end_point, quant, freq; `-` marks an empty cell.
`anchor`, `begin_point` and `end_point` are `dct`, `-`, or another timex of the same document
written as `quote#occurrence`; the build writes the points, and the anchor again as
`anchor_timex_id`, as timex ids (the dct's being the document's `<doc_id>-t0`).
"""

from __future__ import annotations

from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import (
    DCT_ANCHOR, LAYER_BY_CONFIG, TIMEX_FUNCTIONS, TIMEX_MODS, TIMEX_QUANTS, TIMEX_TYPES, TIMEX_VALUE_FUNCTIONS, Timex,
    dct_timex_id,
)
from nkru.sources.locate import locate_in_source
from nkru.sources.tsv import read_tsv

DATES_DIR = "annotations/dates"
DATE_COLUMNS = ["quote", "occurrence", "type", "value", "mod", "function", "anchor", "note", "temporal_function",
                "value_from_function", "begin_point", "end_point", "quant", "freq"]
TEMPORAL_FUNCTION_CELLS = {"true": True, "false": False}
# Closed sets of the optional columns: `-` or one of these.
OPTIONAL_VOCABULARIES = {"mod": TIMEX_MODS, "value_from_function": TIMEX_VALUE_FUNCTIONS, "quant": TIMEX_QUANTS}
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
            anchor = _anchor(where, "anchor", row["anchor"], ids_by_reference)
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
                anchor=anchor,
                note=_optional(row["note"]),
                temporal_function=TEMPORAL_FUNCTION_CELLS[row["temporal_function"]],
                value_from_function=_optional(row["value_from_function"]),
                anchor_timex_id=_point(doc_id, anchor),
                begin_point=_point(doc_id, _anchor(where, "begin_point", row["begin_point"], ids_by_reference)),
                end_point=_point(doc_id, _anchor(where, "end_point", row["end_point"], ids_by_reference)),
                quant=_optional(row["quant"]),
                freq=_optional(row["freq"]),
            ))
    return rows


def _optional(cell: str) -> str | None:
    return None if cell == EMPTY else cell


def _locate(where: str, row: dict, text: str) -> tuple[int, int]:
    span = locate_in_source(where, text, row["quote"], row["occurrence"])
    for column, allowed in (("type", TIMEX_TYPES), ("function", TIMEX_FUNCTIONS)):
        if row[column] not in allowed:
            raise SourceError(f"{where}: unknown {column} {row[column]!r}; expected one of {list(allowed)}")
    for column, allowed in OPTIONAL_VOCABULARIES.items():
        if row[column] != EMPTY and row[column] not in allowed:
            raise SourceError(f"{where}: unknown {column} {row[column]!r}; expected one of {list(allowed)} or {EMPTY}")
    if row["temporal_function"] not in TEMPORAL_FUNCTION_CELLS:
        raise SourceError(f"{where}: expected temporal_function true or false, found {row['temporal_function']!r}")
    return span


def _anchor(where: str, column: str, cell: str, ids_by_reference: dict[str, str]) -> str | None:
    """An anchor or point cell as the table's `anchor` holds it: `dct`, a timex id, or None."""
    if cell in (EMPTY, DCT_ANCHOR):
        return _optional(cell)
    if cell not in ids_by_reference:
        raise SourceError(f"{where}: {column} {cell!r} is neither {DCT_ANCHOR!r}, {EMPTY!r} nor a timex of this "
                          "document")
    return ids_by_reference[cell]


def _point(doc_id: str, anchor: str | None) -> str | None:
    """An anchor as a TIMEX3 id: the dct is the document's creation-time TIMEX3."""
    return dct_timex_id(doc_id) if anchor == DCT_ANCHOR else anchor
