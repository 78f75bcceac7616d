"""SemEval-2022 Task 10 structured sentiment JSON (`nkru-fr.semeval22.json`), from the stances.

One object per document (`sent_id` = doc_id, `text` = the whole document); each stance is an
opinion whose Source, Target and Polar_expression hold [[texts], ["start:end"]] with document
offsets, and whose Polarity maps FAVOR/AGAINST/NEUTRAL to Positive/Negative/Neutral.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import write_atomically
from nkru.export import ExportFormat
from nkru.schema import Document, Stance

if TYPE_CHECKING:
    from nkru.corpus import Corpus

SEMEVAL_POLARITY = {"FAVOR": "Positive", "AGAINST": "Negative", "NEUTRAL": "Neutral"}
SEMEVAL_FILE = "nkru-fr.semeval22.json"


def _span(stance: Stance, role: str) -> list[list[str]]:
    start = getattr(stance, f"{role}_start")
    if start is None:
        return [[], []]
    return [[getattr(stance, f"{role}_text")], [f"{start}:{getattr(stance, f'{role}_end')}"]]


def semeval22_records(documents: list[Document], stances: list[Stance]) -> list[dict]:
    opinions_by_doc: dict[str, list[dict]] = {document.doc_id: [] for document in documents}
    for stance in stances:
        opinions_by_doc[stance.doc_id].append({
            "Source": _span(stance, "holder"),
            "Target": _span(stance, "target"),
            "Polar_expression": _span(stance, "cue"),
            "Polarity": SEMEVAL_POLARITY[stance.polarity],
            "Intensity": "Standard",
        })
    return [{"sent_id": document.doc_id, "text": document.text, "opinions": opinions_by_doc[document.doc_id]}
            for document in documents]


def export_semeval22(corpus: Corpus, out_dir: Path) -> list[Path]:
    target = out_dir / SEMEVAL_FILE
    records = semeval22_records(corpus.documents, corpus.stances)
    write_atomically(target, json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    return [target]


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


FORMAT = ExportFormat("semeval22", "SemEval-2022 Task 10 JSON (stances)", ("documents", "stances"),
                      export_semeval22, position=4)
