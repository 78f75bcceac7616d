"""Exports of the shipped tables to formats other tools read.

semeval22: SemEval-2022 Task 10 structured sentiment JSON, one object per document
(`sent_id` = doc_id, `text` = the whole document), each stance an opinion whose Source, Target
and Polar_expression hold [[texts], ["start:end"]] with document offsets, and whose Polarity maps
FAVOR/AGAINST/NEUTRAL to Positive/Negative/Neutral. Writing is atomic: a temporary file in the
same folder, renamed into place.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from nkru.errors import NkruError
from nkru.schema import STANCE_POLARITIES

SEMEVAL_POLARITY = {"FAVOR": "Positive", "AGAINST": "Negative", "NEUTRAL": "Neutral"}
SEMEVAL_FILE = "nkru-fr.semeval22.json"


def _span(stance: dict, name: str) -> list[list[str]]:
    if stance[f"{name}_start"] is None:
        return [[], []]
    return [[stance[f"{name}_text"]], [f"{stance[f'{name}_start']}:{stance[f'{name}_end']}"]]


def semeval22_records(documents: list[dict], stances: list[dict]) -> list[dict]:
    opinions_by_doc: dict[str, list[dict]] = {document["doc_id"]: [] for document in documents}
    for stance in stances:
        opinions_by_doc[stance["doc_id"]].append({
            "Source": _span(stance, "holder"),
            "Target": _span(stance, "target"),
            "Polar_expression": _span(stance, "cue"),
            "Polarity": SEMEVAL_POLARITY[STANCE_POLARITIES[stance["polarity"]]],
            "Intensity": "Standard",
        })
    return [{"sent_id": document["doc_id"], "text": document["text"], "opinions": opinions_by_doc[document["doc_id"]]}
            for document in documents]


def write_atomically(target: Path, content: str) -> None:
    """Write `content` to `target` through a temporary file in the same folder."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise NkruError(f"cannot write into {target.parent} ({error})") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_semeval22(documents: list[dict], stances: list[dict], out_dir: Path) -> Path:
    target = out_dir / SEMEVAL_FILE
    write_atomically(target, json.dumps(semeval22_records(documents, stances), ensure_ascii=False, indent=1) + "\n")
    return target


def read_semeval22(path: Path) -> list[dict]:
    """Read an export back: per document, its text and opinions with (start, end) tuples."""
    records = json.loads(path.read_text(encoding="utf-8"))
    parsed = []
    for record in records:
        opinions = []
        for opinion in record["opinions"]:
            spans = {}
            for key in ("Source", "Target", "Polar_expression"):
                texts, offsets = opinion[key]
                spans[key] = [(text, *map(int, offset.split(":"))) for text, offset in zip(texts, offsets)]
            opinions.append({**spans, "Polarity": opinion["Polarity"]})
        parsed.append({"doc_id": record["sent_id"], "text": record["text"], "opinions": opinions})
    return parsed
