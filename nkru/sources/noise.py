"""The noise inventory: translation and web-page traces in the texts (dataset/noise.tsv), each
located by quote and occurrence (see nkru.sources.locate) and described; offsets are computed, never typed."""

from __future__ import annotations

from pathlib import Path

from nkru.errors import SourceError
from nkru.sources.locate import locate
from nkru.sources.tsv import WHOLE_NUMBER, read_tsv

NOISE_SOURCE = "dataset/noise.tsv"
NOISE_COLUMNS = ["doc_id", "quote", "occurrence", "kind", "note"]


def read_noise(corpus_root: Path, texts_by_doc: dict[str, str]) -> list[dict]:
    rows = []
    for line_number, row in enumerate(read_tsv(corpus_root / NOISE_SOURCE, NOISE_COLUMNS), start=2):
        text = texts_by_doc.get(row["doc_id"])
        span = (locate(text, row["quote"], int(row["occurrence"]))
                if text and WHOLE_NUMBER.fullmatch(row["occurrence"]) else None)
        if span is None:
            raise SourceError(f"{NOISE_SOURCE}:{line_number}: {row['quote']!r} is not occurrence {row['occurrence']} "
                              f"of a text in {row['doc_id']!r}")
        rows.append({**row, "start": span[0], "end": span[1]})
    return rows
