"""A predictions file read as JSON Lines: each non-blank line one JSON value, with `file:line` for
the error that refuses it (a file too large for this corpus, a line that is not UTF-8 or not JSON).
What each value must hold is its reader's to check (nkru.evaluation.date_predictions,
nkru.evaluation.link_predictions)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from nkru.errors import PredictionsError

MAX_FILE_BYTES = 200_000_000


def json_lines(path: Path, what: str) -> Iterator[tuple[str, object]]:
    """(where, value) of each non-blank line of `path`; `what` names its content in the error for
    a file of more than MAX_FILE_BYTES ("dates", "links")."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PredictionsError(f"{path}: {path.stat().st_size} bytes is far more than {what} for this corpus")
        raw_lines = path.read_bytes().splitlines()
    except OSError as error:
        raise PredictionsError(f"cannot read {path} ({error.strerror or error})") from error
    for number, raw in enumerate(raw_lines, start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PredictionsError(f"{where}: expected UTF-8 text, found byte {raw[error.start]:#04x}") from error
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise PredictionsError(f"{where}: not usable JSON ({error.msg} at column {error.colno})") from error
        except RecursionError as error:
            raise PredictionsError(f"{where}: not usable JSON (nested too deeply to be predictions)") from error
        except ValueError as error:  # e.g. an integer with more digits than Python converts
            raise PredictionsError(f"{where}: not usable JSON ({error})") from error
        yield where, value
