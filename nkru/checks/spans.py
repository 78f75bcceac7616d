"""Checks shared by every layer, from its declaration (nkru.schema): each span's document, offsets,
stored text and boundaries; ids unique corpus-wide and of their layer's form."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import LAYERS, SPAN_LAYERS, Layer, Row, SpanRole


def _finding(name: str, layer: Layer, row: Row, message: str, value) -> Finding:
    return Finding(name, layer.config, row.doc_id, getattr(row, layer.id_column), message, value)


def _spans(corpus: Corpus) -> Iterator[tuple[Layer, SpanRole, Row, int | None, int | None]]:
    """(layer, span role, row, start, end) of every span present (an optional span whose three
    columns are all null is absent)."""
    for layer in SPAN_LAYERS:
        for span in layer.spans:
            for row in corpus.rows(layer.config):
                start, end = getattr(row, span.start), getattr(row, span.end)
                if span.optional and start is None and end is None and getattr(row, span.text) is None:
                    continue
                yield layer, span, row, start, end


def _spans_with_text(corpus: Corpus) -> Iterator[tuple[Layer, SpanRole, Row, int, int, str]]:
    """Spans whose document exists and whose offsets fall inside its text."""
    for layer, span, row, start, end in _spans(corpus):
        text = corpus.texts_by_doc.get(row.doc_id)
        if text is not None and _in_range(start, end, len(text)):
            yield layer, span, row, start, end, text


def _in_range(start, end, length) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


@needs("documents")
def span_doc_id(corpus: Corpus) -> Iterator[Finding]:
    for layer, _, row, _, _ in _spans(corpus):
        if row.doc_id not in corpus.texts_by_doc:
            yield _finding("span_doc_id", layer, row, "doc_id is not in the documents table", row.doc_id)


def span_offsets(corpus: Corpus) -> Iterator[Finding]:
    for layer, span, row, start, end in _spans(corpus):
        text = corpus.texts_by_doc.get(row.doc_id)
        if text is not None and not _in_range(start, end, len(text)):
            yield _finding("span_offsets", layer, row, f"expected 0 <= {span.start} < {span.end} <= {len(text)}",
                           (start, end))


def span_text(corpus: Corpus) -> Iterator[Finding]:
    for layer, span, row, start, end, text in _spans_with_text(corpus):
        actual = text[start:end]
        if actual != getattr(row, span.text):
            yield _finding("span_text", layer, row, f"stored {span.text} differs from the document's {actual!r}",
                           getattr(row, span.text))


def span_boundaries(corpus: Corpus) -> Iterator[Finding]:
    for layer, _, row, start, end, text in _spans_with_text(corpus):
        span = text[start:end]
        if span != span.strip():
            yield _finding("span_boundaries", layer, row, "span starts or ends on whitespace", span)
        elif (start > 0 and text[start - 1].isalnum() and span[0].isalnum()) or (
            end < len(text) and text[end].isalnum() and span[-1].isalnum()
        ):
            yield _finding("span_boundaries", layer, row, "span cuts a word", text[max(0, start - 5):end + 5])


# Brackets and quotation marks that a span may end (or begin) with when it holds their partner.
PAIRED_MARKS = {"(": ")", "[": "]", "«": "»", "“": "”", "\"": "\"", "‘": "’"}


def _edge_punctuation(span: str) -> str | None:
    """The punctuation a span begins or ends with, unless it is a bracket or quotation mark whose
    partner is inside the span (`(ONU)`); None when both edges are clean."""
    for edge, character in ((0, span[0]), (-1, span[-1])):
        if not unicodedata.category(character).startswith("P"):
            continue
        partner = PAIRED_MARKS.get(character) if edge == 0 else next(
            (opener for opener, closer in PAIRED_MARKS.items() if closer == character), None)
        if partner is None or partner not in (span[1:] if edge == 0 else span[:-1]):
            return character
    return None


def span_edge_punctuation(corpus: Corpus) -> Iterator[Finding]:
    """No span begins or ends with punctuation that is not part of what it names (`Shoigu,`)."""
    for layer, _, row, start, end, text in _spans_with_text(corpus):
        span = text[start:end]
        if span == span.strip() and (character := _edge_punctuation(span)) is not None:
            yield _finding("span_edge_punctuation", layer, row, f"span has {character!r} at its edge", span)


def unique_ids(corpus: Corpus) -> Iterator[Finding]:
    for layer in LAYERS:
        counts = Counter(identifier for identifier, in corpus.column_rows(layer.config, (layer.id_column,)))
        for identifier, count in counts.items():
            if count > 1:
                yield Finding("unique_ids", layer.config, "", identifier, f"{layer.id_column} is used by several rows",
                              count)


def id_format(corpus: Corpus) -> Iterator[Finding]:
    """Every id has its layer's form: `<doc_id>-<prefix><digits>` naming its own row's document for
    a per-document layer, the declared pattern otherwise."""
    for layer in LAYERS:
        regex = layer.id_regex()
        if regex is None:
            continue
        per_document = layer.id_prefix is not None
        columns = ("doc_id", layer.id_column) if per_document else (layer.id_column,)
        for values in corpus.column_rows(layer.config, columns):
            doc_id, identifier = values if per_document else ("", values[0])
            match = regex.fullmatch(identifier) if isinstance(identifier, str) else None
            if match is None:
                expected = f"<doc_id>-{layer.id_prefix}<number>" if per_document else regex.pattern
                yield Finding("id_format", layer.config, doc_id, str(identifier),
                              f"{layer.id_column} does not have the form {expected}", identifier)
            elif per_document and match.group("doc_id") != doc_id:
                yield Finding("id_format", layer.config, doc_id, identifier,
                              f"{layer.id_column} names another document than its row's", match.group("doc_id"))
