"""Reading the editable document sources (dataset/documents.toml and the texts) into `Document` rows."""

from __future__ import annotations

import datetime
import hashlib
import re
import tomllib
from pathlib import Path

from nkru.errors import SourceError
from nkru.schema import TEXTS_DIR, Document

DOCUMENTS_SOURCE = "dataset/documents.toml"

# Three of the five texts open with a scraped " date YYYY-MM " line fused to the first sentence.
DATE_HEADER = re.compile(r"^ date (\d{4}-\d{2}) ")
# A dct is a calendar date or, where the day is unknown, a month.
DCT_FORMAT = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
REQUIRED_KEYS = ("doc_id", "source_file", "sha256", "headline", "dct", "dct_evidence")


def read_document_rows(corpus_root: Path) -> list[Document]:
    """Rows of the `documents` table, in source order, checked against their recorded SHA-256."""
    source = corpus_root / DOCUMENTS_SOURCE
    try:
        entries = tomllib.loads(source.read_text(encoding="utf-8"))["documents"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise SourceError(f"{source}: expected a TOML file with [[documents]] tables ({error})") from error
    rows = [_document_row(corpus_root, entry) for entry in entries]
    doc_ids = [row.doc_id for row in rows]
    if len(set(doc_ids)) != len(doc_ids):
        raise SourceError(f"{source}: doc_id values must be unique, got {doc_ids}")
    return rows


def _document_row(corpus_root: Path, entry: dict) -> Document:
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        raise SourceError(f"document {entry.get('doc_id', '?')!r}: missing keys {missing}")
    text_path = corpus_root / TEXTS_DIR / entry["source_file"]
    try:
        text_bytes = text_path.read_bytes()
    except OSError as error:
        raise SourceError(f"document {entry['doc_id']!r}: cannot read its text ({error})") from error
    sha256 = hashlib.sha256(text_bytes).hexdigest()
    if sha256 != entry["sha256"]:
        raise SourceError(
            f"document {entry['doc_id']!r}: {text_path.name} has SHA-256 {sha256}, "
            f"expected {entry['sha256']}"
        )
    text = text_bytes.decode("utf-8")
    header = DATE_HEADER.match(text)
    dct = entry["dct"]
    _check_dct(entry["doc_id"], dct, header.group(1) if header else None)
    return Document(
        doc_id=entry["doc_id"],
        text=text,
        title=text.split("\n", 1)[0] if entry["headline"] else None,
        dct=dct,
        dct_evidence=" ".join(entry["dct_evidence"].split()),
        dct_header=header.group(1) if header else None,
        source_file=entry["source_file"],
        sha256=sha256,
        char_count=len(text),
    )


def _check_dct(doc_id: str, dct: str, header_month: str | None) -> None:
    if not DCT_FORMAT.match(dct):
        raise SourceError(f"document {doc_id!r}: dct must be YYYY-MM or YYYY-MM-DD, got {dct!r}")
    if len(dct) == 10:
        try:
            datetime.date.fromisoformat(dct)
        except ValueError as error:
            raise SourceError(f"document {doc_id!r}: dct {dct!r} is not a calendar date") from error
    if header_month is not None and not dct.startswith(header_month):
        raise SourceError(
            f"document {doc_id!r}: dct {dct!r} disagrees with the text's date header {header_month!r}"
        )
