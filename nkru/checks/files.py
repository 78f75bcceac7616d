"""Checks over the files themselves: each table present, readable and of its declared schema,
the review files readable, and every file's checksum as SHA256SUMS records it."""

from nkru.checks.findings import Finding, check
from nkru.manifest import MANIFEST_FILE


def _table_errors(corpus, problem):
    return ((config, error) for config, error in corpus.load_errors.items() if error.problem == problem)


@check("table_present")
def table_present(corpus):
    for config, error in _table_errors(corpus, "missing"):
        yield Finding("table_present", config, "", "", "table file is missing", str(error))


@check("table_readable")
def table_readable(corpus):
    for config, error in _table_errors(corpus, "unreadable"):
        yield Finding("table_readable", config, "", "", "table file cannot be read as Parquet", str(error))


@check("table_schema")
def table_schema(corpus):
    for config, error in _table_errors(corpus, "schema"):
        yield Finding("table_schema", config, "", "", "table file does not have its declared schema", str(error))


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
