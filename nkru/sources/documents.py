"""Reading the editable document sources (dataset/documents.toml and the texts) into `Document` rows."""

from __future__ import annotations

import datetime
import hashlib
import re
import tomllib
from pathlib import Path

from nkru.atomic import SAFE_FILE_STEM
from nkru.errors import SourceError
from nkru.schema import TEXTS_DIR, Document, dct_timex_id, doc_order_key

DOCUMENTS_SOURCE = "dataset/documents.toml"

# Three of the five texts open with a scraped " date YYYY-MM " line fused to the first sentence.
DATE_HEADER = re.compile(r"^ date (\d{4}-\d{2}) ")
# A dct is a calendar date or, where the day is unknown, a month (in ASCII digits, with nothing
# after it: `$` would also allow a final newline).
DCT_FORMAT = re.compile(r"^\d{4}-\d{2}(-\d{2})?\Z", re.ASCII)
# Each key of a [[documents]] table, and the TOML type of its value.
REQUIRED_KEYS = {"doc_id": str, "source_file": str, "sha256": str, "headline": bool, "dct": str, "dct_evidence": str}
TOML_TYPES = {str: "string", bool: "boolean"}


def read_document_rows(corpus_root: Path) -> list[Document]:
    """Rows of the `documents` table, in source order, checked against their recorded SHA-256."""
    source = corpus_root / DOCUMENTS_SOURCE
    try:
        entries = tomllib.loads(source.read_text(encoding="utf-8"))["documents"]
    # ValueError: not UTF-8, not TOML, or an integer of more digits than Python converts.
    except (OSError, KeyError, ValueError) as error:
        raise SourceError(f"{source}: expected a TOML file with [[documents]] tables ({error})") from error
    except RecursionError as error:
        raise SourceError(f"{source}: expected a TOML file with [[documents]] tables, found values nested too "
                          "deeply") from error
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        found = (f"an array holding a {next(type(entry).__name__ for entry in entries if not isinstance(entry, dict))}"
                 if isinstance(entries, list) else f"a {type(entries).__name__}")
        raise SourceError(f"{source}: expected [[documents]] tables, found `documents` as {found}")
    rows = [_document_row(corpus_root, entry, number) for number, entry in enumerate(entries, start=1)]
    doc_ids = [row.doc_id for row in rows]
    if len(set(doc_ids)) != len(doc_ids):
        raise SourceError(f"{source}: doc_id values must be unique, got {doc_ids}")
    return sorted(rows, key=lambda row: doc_order_key(row.doc_id))


def _document_row(corpus_root: Path, entry: dict, number: int) -> Document:
    doc_id = entry.get("doc_id", "?")
    named = f"document {doc_id!r}" if isinstance(doc_id, str) else f"document number {number}"
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        raise SourceError(f"{named}: missing keys {missing}")
    for key, kind in REQUIRED_KEYS.items():
        if not isinstance(entry[key], kind):
            raise SourceError(f"{named}: expected {key} to be a {TOML_TYPES[kind]}, found a "
                              f"{type(entry[key]).__name__}")
    if not SAFE_FILE_STEM.fullmatch(entry["source_file"]):
        raise SourceError(f"{named}: expected source_file to name a file of {TEXTS_DIR} (letters, digits, '.', '_' or "
                          f"'-', first a letter or digit), found {entry['source_file']!r}")
    text_path = corpus_root / TEXTS_DIR / entry["source_file"]
    try:
        text_bytes = text_path.read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL in the file name
        raise SourceError(f"document {entry['doc_id']!r}: cannot read its text ({error})") from error
    sha256 = hashlib.sha256(text_bytes).hexdigest()
    if sha256 != entry["sha256"]:
        raise SourceError(
            f"document {entry['doc_id']!r}: {text_path.name} has SHA-256 {sha256}, "
            f"expected {entry['sha256']}"
        )
    try:
        text = text_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"document {entry['doc_id']!r}: expected {text_path.name} in UTF-8, found byte "
                          f"{text_bytes[error.start]:#04x} at byte {error.start}") from error
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
        dct_timex_id=dct_timex_id(entry["doc_id"]),
    )


def _check_dct(doc_id: str, dct: str, header_month: str | None) -> None:
    if not DCT_FORMAT.match(dct):
        raise SourceError(f"document {doc_id!r}: dct must be YYYY-MM or YYYY-MM-DD, got {dct!r}")
    try:
        datetime.date.fromisoformat(dct if len(dct) == 10 else f"{dct}-01")
    except ValueError as error:
        raise SourceError(f"document {doc_id!r}: dct {dct!r} is not a calendar date or month") from error
    if header_month is not None and not dct.startswith(header_month):
        raise SourceError(
            f"document {doc_id!r}: dct {dct!r} disagrees with the text's date header {header_month!r}"
        )
