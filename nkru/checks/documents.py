"""Checks over the `documents` table."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import TEXTS_DIR


def document_sha256(corpus: Corpus) -> Iterator[Finding]:
    for row in corpus.documents:
        actual = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        if actual != row.sha256:
            yield Finding("document_sha256", "documents", row.doc_id, row.doc_id,
                          f"text has SHA-256 {actual}, the row records", row.sha256)


def document_char_count(corpus: Corpus) -> Iterator[Finding]:
    for row in corpus.documents:
        if row.char_count != len(row.text):
            yield Finding("document_char_count", "documents", row.doc_id, row.doc_id,
                          f"text has {len(row.text)} characters, the row records", row.char_count)


def document_text_file(corpus: Corpus) -> Iterator[Finding]:
    """Each row's text is dataset/texts/<source_file>, byte for byte (when read from a directory)."""
    if not corpus.text_files:
        return
    for row in corpus.documents:
        content = corpus.text_files.get(row.source_file)
        if content is None:
            yield Finding("document_text_file", "documents", row.doc_id, row.doc_id,
                          f"expected the text file {TEXTS_DIR}/<source_file>, found none", row.source_file)
            continue
        stored = row.text.encode("utf-8")
        if content != stored:
            offset = next((index for index, (left, right) in enumerate(zip(content, stored)) if left != right),
                          min(len(content), len(stored)))
            yield Finding("document_text_file", "documents", row.doc_id, row.doc_id,
                          f"{TEXTS_DIR}/{row.source_file} differs from the table's text from byte {offset}",
                          content[offset:offset + 20])
