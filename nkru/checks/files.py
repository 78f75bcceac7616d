"""Checks over the files themselves: each table present, readable and of its declared schema,
the review files readable, and every file's checksum as SHA256SUMS records it."""

from nkru.checks.findings import Finding, check
from nkru.manifest import MANIFEST_FILE


def _table_check(name: str, problem: str, message: str):
    """Register a check reporting every table whose loading failed with `problem`."""
    def table_check(corpus):
        for config, error in corpus.load_errors.items():
            if error.problem == problem:
                yield Finding(name, config, "", "", message, str(error))
    table_check.__name__ = name
    return check(name)(table_check)


table_present = _table_check("table_present", "missing", "table file is missing")
table_readable = _table_check("table_readable", "unreadable", "table file cannot be read as Parquet")
table_schema = _table_check("table_schema", "schema", "table file does not have its declared schema")


@check("review_files_readable")
def review_files_readable(corpus):
    if corpus.review_error is not None:
        yield Finding("review_files_readable", "review_files", "", "", "review file cannot be read", corpus.review_error)


@check("manifest_checksums")
def manifest_checksums(corpus):
    if corpus.manifest_error is not None:
        yield Finding("manifest_checksums", MANIFEST_FILE, "", "", "manifest cannot be read", corpus.manifest_error)
    for relative, difference, value in corpus.manifest_differences or ():
        yield Finding("manifest_checksums", MANIFEST_FILE, "", relative, difference, value)
