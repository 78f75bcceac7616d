"""Reading the editable stance sources into `Stance` and `StanceTarget` rows.

annotations/stance_targets.tsv: the closed target inventory (id, name, definition, example), in
the order of the schema's STANCE_TARGET_IDS. annotations/stances/<doc_id>.tsv: one row per
stance; each span cell is `quote#occurrence` (see nkru.sources.locate), `-` for no holder or no entity.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import LAYER_BY_CONFIG, STANCE_ATTRIBUTIONS, STANCE_POLARITIES, STANCE_TARGET_IDS, Stance, StanceTarget
from nkru.sources.locate import locate_in_source
from nkru.sources.tsv import WHOLE_NUMBER, read_tsv

TARGETS_SOURCE = "annotations/stance_targets.tsv"
TARGET_COLUMNS = ["target_id", "name", "definition", "example"]
STANCES_DIR = "annotations/stances"
STANCE_COLUMNS = ["holder", "holder_entity_id", "target", "target_id", "polarity", "cue", "attribution"]
EMPTY = "-"
STANCES = LAYER_BY_CONFIG["stances"]


def read_targets(source_root: Path) -> list[dict]:
    path = source_root / TARGETS_SOURCE
    rows = read_tsv(path, TARGET_COLUMNS)
    if tuple(row["target_id"] for row in rows) != STANCE_TARGET_IDS:
        raise SourceError(f"{path}: expected the targets {list(STANCE_TARGET_IDS)} in this order (nkru/schema.py), "
                          f"found {[row['target_id'] for row in rows]}")
    return rows


def read_stance_rows(source_root: Path, texts_by_doc: dict[str, str]) -> list[Stance]:
    """Rows of the `stances` table: every document's stances, located and sorted by cue."""
    rows = []
    for doc_id, text in texts_by_doc.items():
        path = source_root / STANCES_DIR / f"{doc_id}.tsv"
        located = [_stance(f"{path}:{line_number}", row, text)
                   for line_number, row in enumerate(read_tsv(path, STANCE_COLUMNS), start=2)]
        located.sort(key=lambda stance: (stance["cue_start"], stance["target_start"]))
        for number, stance in enumerate(located, start=1):
            rows.append(Stance(doc_id=doc_id, stance_id=STANCES.row_id(doc_id, number), **stance))
    return rows


def target_rows(targets: list[dict], stances: list[Stance]) -> list[StanceTarget]:
    counts = Counter(stance.target_id for stance in stances)
    return [StanceTarget(**target, stance_count=counts[target["target_id"]]) for target in targets]


def _span(where: str, column: str, cell: str, text: str) -> tuple[int | None, int | None, str | None]:
    if cell == EMPTY:
        return None, None, None
    quote, separator, occurrence = cell.rpartition("#")
    if not separator or not WHOLE_NUMBER.fullmatch(occurrence):
        raise SourceError(f"{where}: {column} must be quote#occurrence or {EMPTY}, found {cell!r}")
    start, end = locate_in_source(where, text, quote, occurrence, what=f"{column} ")
    return start, end, quote


def _stance(where: str, row: dict, text: str) -> dict:
    for column, allowed in (("target_id", STANCE_TARGET_IDS), ("polarity", STANCE_POLARITIES),
                            ("attribution", STANCE_ATTRIBUTIONS)):
        if row[column] not in allowed:
            raise SourceError(f"{where}: unknown {column} {row[column]!r}; expected one of {list(allowed)}")
    if row["target"] == EMPTY or row["cue"] == EMPTY:
        raise SourceError(f"{where}: a stance needs a target and a cue")
    holder_start, holder_end, holder_text = _span(where, "holder", row["holder"], text)
    target_start, target_end, target_text = _span(where, "target", row["target"], text)
    cue_start, cue_end, cue_text = _span(where, "cue", row["cue"], text)
    return {
        "holder_start": holder_start, "holder_end": holder_end, "holder_text": holder_text,
        "holder_entity_id": None if row["holder_entity_id"] == EMPTY else row["holder_entity_id"],
        "target_start": target_start, "target_end": target_end, "target_text": target_text,
        "target_id": row["target_id"], "polarity": row["polarity"],
        "cue_start": cue_start, "cue_end": cue_end, "cue_text": cue_text,
        "attribution": row["attribution"],
    }
