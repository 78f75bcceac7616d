"""Checks over the `documents` table."""

import hashlib

from nkru.checks.findings import Finding, check


@check("document_sha256")
def document_sha256(corpus):
    for row in corpus.tables.get("documents", []):
        actual = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
        if actual != row["sha256"]:
            yield Finding("document_sha256", "documents", row["doc_id"], row["doc_id"],
                          f"text has SHA-256 {actual}, the row records", row["sha256"])


@check("document_char_count")
def document_char_count(corpus):
    for row in corpus.tables.get("documents", []):
        if row["char_count"] != len(row["text"]):
            yield Finding("document_char_count", "documents", row["doc_id"], row["doc_id"],
                          f"text has {len(row['text'])} characters, the row records", row["char_count"])
