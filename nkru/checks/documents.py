"""Checks over the `documents` table."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import PINNED_TEXT_SHA256, TEXTS_DIR


def _text_sha256(corpus: Corpus) -> list[str]:
    """The SHA-256 of each document row's text (rows, not doc_ids: a doc_id may repeat), hashed once
    for the two checks that compare it."""
    if "text_sha256" not in corpus.derived:
        corpus.derived["text_sha256"] = [hashlib.sha256(row.text.encode("utf-8")).hexdigest()
                                         for row in corpus.documents]
    return corpus.derived["text_sha256"]


def document_sha256(corpus: Corpus) -> Iterator[Finding]:
    for row, actual in zip(corpus.documents, _text_sha256(corpus)):
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


PINNED_TEXTS = frozenset(PINNED_TEXT_SHA256.values())
# Characters that no source text holds and that an editor or a conversion may slip in unseen: a
# byte-order mark, carriage returns, zero-width spaces and joiners, the word joiner, soft hyphens.
INVISIBLE_OR_FOREIGN = re.compile("[\ufeff\r\u200b\u200c\u200d\u2060\u00ad]")


def document_text_form(corpus: Corpus) -> Iterator[Finding]:
    """The text is in NFC, holds no BOM, carriage return or zero-width character, and never
    ends with whitespace, as none of the source texts does (three begin with a space, kept)."""
    for row in corpus.documents:
        text = row.text
        if match := INVISIBLE_OR_FOREIGN.search(text):
            yield Finding("document_text_form", "documents", row.doc_id, row.doc_id,
                          f"text holds U+{ord(match.group()):04X} at {match.start()}", text[max(0, match.start() - 10):
                                                                                         match.start() + 10])
        elif text != text.rstrip():
            yield Finding("document_text_form", "documents", row.doc_id, row.doc_id,
                          "text ends with whitespace (a final line break the source text does not have)", text[-10:])
        elif not unicodedata.is_normalized("NFC", text):
            position = next(index for index, character in enumerate(text)
                            if unicodedata.normalize("NFC", text[:index + 2]) != text[:index + 2])
            yield Finding("document_text_form", "documents", row.doc_id, row.doc_id,
                          f"text is not in Unicode NFC from character {position}", text[position:position + 10])


def document_text_pinned(corpus: Corpus) -> Iterator[Finding]:
    """Every text is one of the source texts as received (nkru.schema.PINNED_TEXT_SHA256)."""
    for row, actual in zip(corpus.documents, _text_sha256(corpus)):
        if actual not in PINNED_TEXTS:
            yield Finding("document_text_pinned", "documents", row.doc_id, row.doc_id,
                          "text is none of the pinned source texts; its SHA-256 is", actual)
