"""Checks shared by every span of every layer: document, offsets, stored text, boundaries."""

from collections import Counter
from typing import NamedTuple

from nkru.checks.findings import Finding, check


class SpanColumns(NamedTuple):
    config: str
    row_id: str
    start: str
    end: str
    text: str


# Every span the tables carry; a layer with several spans per row lists each.
SPAN_COLUMNS = (
    SpanColumns("entities", "mention_id", "start", "end", "text"),
    SpanColumns("dates", "timex_id", "start", "end", "text"),
    SpanColumns("stances", "stance_id", "holder_start", "holder_end", "holder_text"),
    SpanColumns("stances", "stance_id", "target_start", "target_end", "target_text"),
    SpanColumns("stances", "stance_id", "cue_start", "cue_end", "cue_text"),
)
# Spans that may be absent (all three columns null): the holder of the author's own stance.
OPTIONAL_SPANS = {("stances", "holder_start")}
# Every table's identifier column, unique corpus-wide.
ID_COLUMNS = {"documents": "doc_id", "entities": "mention_id", "entity_registry": "entity_id", "dates": "timex_id",
              "stances": "stance_id", "stance_targets": "target_id", "ner": "sentence_id"}


def _finding(name, columns, row, message, value):
    return Finding(name, columns.config, row.get("doc_id", ""), row[columns.row_id], message, value)


def _spans(corpus):
    for columns in SPAN_COLUMNS:
        optional = (columns.config, columns.start) in OPTIONAL_SPANS
        for row in corpus.tables.get(columns.config, []):
            if optional and row[columns.start] is None and row[columns.end] is None and row[columns.text] is None:
                continue
            yield columns, row


def _spans_with_text(corpus):
    """Spans whose document exists and whose offsets fall inside its text."""
    for columns, row in _spans(corpus):
        text = corpus.texts_by_doc.get(row["doc_id"])
        if text is not None and _in_range(row[columns.start], row[columns.end], len(text)):
            yield columns, row, text


def _in_range(start, end, length):
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


@check("span_doc_id")
def span_doc_id(corpus):
    for columns, row in _spans(corpus):
        if row["doc_id"] not in corpus.texts_by_doc:
            yield _finding("span_doc_id", columns, row, "doc_id is not in the documents table", row["doc_id"])


@check("span_offsets")
def span_offsets(corpus):
    for columns, row in _spans(corpus):
        text = corpus.texts_by_doc.get(row["doc_id"])
        if text is not None and not _in_range(row[columns.start], row[columns.end], len(text)):
            yield _finding("span_offsets", columns, row, f"expected 0 <= {columns.start} < {columns.end} <= {len(text)}",
                           (row[columns.start], row[columns.end]))


@check("span_text")
def span_text(corpus):
    for columns, row, text in _spans_with_text(corpus):
        actual = text[row[columns.start]:row[columns.end]]
        if actual != row[columns.text]:
            yield _finding("span_text", columns, row, f"stored {columns.text} differs from the document's {actual!r}",
                           row[columns.text])


@check("span_boundaries")
def span_boundaries(corpus):
    for columns, row, text in _spans_with_text(corpus):
        start, end = row[columns.start], row[columns.end]
        span = text[start:end]
        if span != span.strip():
            yield _finding("span_boundaries", columns, row, "span starts or ends on whitespace", span)
        elif (start > 0 and text[start - 1].isalnum() and span[0].isalnum()) or (
            end < len(text) and text[end].isalnum() and span[-1].isalnum()
        ):
            yield _finding("span_boundaries", columns, row, "span cuts a word", text[max(0, start - 5):end + 5])


@check("unique_ids")
def unique_ids(corpus):
    for config, column in ID_COLUMNS.items():
        counts = Counter(identifier for identifier, in corpus.column_rows(config, (column,)))
        for identifier, count in counts.items():
            if count > 1:
                yield Finding("unique_ids", config, "", identifier, f"{column} is used by several rows", count)
