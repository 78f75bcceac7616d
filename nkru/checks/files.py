"""Checks over the files themselves: each table present, readable and of its declared schema,
the review files readable, and every file's checksum as SHA256SUMS records it."""

from __future__ import annotations

from collections.abc import Iterator

from nkru.checks.findings import CheckFunction, Finding
from nkru.corpus import Corpus
from nkru.errors import FileProblem
from nkru.manifest import MANIFEST_FILE
from nkru.schema import CONFIGS


def _table_check(name: str, problem: FileProblem, message: str) -> CheckFunction:
    """A check reporting every table whose reading failed with `problem`."""
    def table_check(corpus: Corpus) -> Iterator[Finding]:
        for config, error in corpus.load_errors.items():
            if error.problem == problem:
                yield Finding(name, config, "", "", message, str(error))
    table_check.__name__ = table_check.__qualname__ = name
    return table_check


table_present = _table_check("table_present", FileProblem.MISSING, "table file is missing")
table_readable = _table_check("table_readable", FileProblem.UNREADABLE, "table file cannot be read as Parquet")
table_schema = _table_check("table_schema", FileProblem.SCHEMA, "table file does not have its declared schema")
table_metadata = _table_check("table_metadata", FileProblem.METADATA,
                              "table file's `datasets` features differ from the declared ones")
table_values = _table_check("table_values", FileProblem.NULLS, "a column that must hold a value is null")


def table_rows(corpus: Corpus) -> Iterator[Finding]:
    """Every table read holds rows: an empty table is a corpus with that layer erased."""
    for config in CONFIGS:
        table = corpus.arrow_table(config)
        if table is not None and table.num_rows == 0:
            yield Finding("table_rows", config, "", "", "table holds no rows", 0)


def review_files_readable(corpus: Corpus) -> Iterator[Finding]:
    if corpus.review_error is not None:
        yield Finding("review_files_readable", "review_files", "", "", "review file cannot be read", corpus.review_error)


def sources_in_sync(corpus: Corpus) -> Iterator[Finding]:
    """The editable sources present are those the tables were built from (compared with their
    SHA256SUMS entries even under --no-manifest): a source edited without a rebuild is reported."""
    for relative, difference, value in corpus.source_differences or ():
        yield Finding("sources_in_sync", "sources", "", relative, difference, value)


def manifest_checksums(corpus: Corpus) -> Iterator[Finding]:
    if corpus.manifest_error is not None:
        yield Finding("manifest_checksums", MANIFEST_FILE, "", "", "manifest cannot be read", corpus.manifest_error)
    for relative, difference, value in corpus.manifest_differences or ():
        yield Finding("manifest_checksums", MANIFEST_FILE, "", relative, difference, value)
