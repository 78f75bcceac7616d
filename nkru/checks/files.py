"""Checks that every shipped table and review file can be read against its schema."""

from nkru.checks.findings import Finding, check


@check("table_readable")
def table_readable(corpus):
    for config, error in corpus.load_errors.items():
        yield Finding("table_readable", config, "", "", "table cannot be loaded against its schema", error)


@check("review_files_readable")
def review_files_readable(corpus):
    if corpus.review_error is not None:
        yield Finding("review_files_readable", "review_files", "", "", "review file cannot be read", corpus.review_error)
