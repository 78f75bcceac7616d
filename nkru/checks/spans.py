"""Checks shared by every layer, from its declaration (nkru.schema): each span's document, offsets,
stored text and boundaries; ids unique corpus-wide and of their layer's form."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import LAYERS, SPAN_LAYERS, Layer, SpanRole


@dataclass
class _RoleSpans:
    """One span role of one layer, as arrays, one entry per present span: its row id, document,
    offsets and stored text; whether its document is known and its offsets fit in the text; and
    the text between them (null when they do not fit). Only the spans a check finds at fault are
    looked at one by one."""

    layer: Layer
    role: SpanRole
    row_ids: pa.Array
    doc_ids: pa.Array
    start_values: pa.Array       # as stored (null allowed)
    end_values: pa.Array
    stored: pa.Array
    known: np.ndarray            # the document is in the documents table
    in_range: np.ndarray         # known, and 0 <= start < end <= the text's length
    joined_starts: np.ndarray    # the offsets in the joined texts (Corpus.joined_texts), where in_range
    joined_ends: np.ndarray
    slices: pa.Array

    def finding(self, name: str, index: int, message: str, value) -> Finding:
        return Finding(name, self.layer.config, self.doc_ids[index].as_py(), self.row_ids[index].as_py(), message,
                       value)

    def start(self, index: int):
        return self.start_values[index].as_py()

    def end(self, index: int):
        return self.end_values[index].as_py()


def _role_spans(corpus: Corpus) -> list[_RoleSpans]:
    """Every span role of every layer, its columns read once per corpus for all the span checks."""
    if "role_spans" not in corpus.derived:
        corpus.derived["role_spans"] = [_columns(corpus, layer, role) for layer in SPAN_LAYERS for role in layer.spans]
    return corpus.derived["role_spans"]


def _columns(corpus: Corpus, layer: Layer, role: SpanRole) -> _RoleSpans:
    names = (layer.id_column, "doc_id", role.start, role.end, role.text)
    table = corpus.arrow_table(layer.config)
    if table is None:
        table = pa.table({name: pa.array([], pa.int64() if name in (role.start, role.end) else pa.string())
                          for name in names})
    table = table.select(list(names)).combine_chunks()
    if role.optional:  # an optional span whose three columns are all null is absent
        table = table.filter(pc.invert(pc.and_(pc.and_(pc.is_null(table[role.start]), pc.is_null(table[role.end])),
                                               pc.is_null(table[role.text]))))
    row_ids, doc_ids, start_values, end_values, stored = (table.column(name).combine_chunks() for name in names)
    texts = corpus.texts_by_doc
    joined, doc_starts = corpus.joined_texts()
    document = pc.index_in(doc_ids, value_set=pa.array(list(texts), pa.string()))
    known = document.is_valid().to_numpy(zero_copy_only=False)
    document = document.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    text_lengths = np.array([len(text) for text in texts.values()] or [0], dtype=np.int64)
    starts, ends = (pc.fill_null(values, 0).to_numpy(zero_copy_only=False).astype(np.int64) for values in
                    (start_values, end_values))
    in_range = (known & start_values.is_valid().to_numpy(zero_copy_only=False)
                & end_values.is_valid().to_numpy(zero_copy_only=False)
                & (0 <= starts) & (starts < ends) & (ends <= text_lengths[document]))
    joined_starts = np.where(in_range, doc_starts[document] + starts, 0) if len(doc_starts) else starts * 0
    joined_ends = np.where(in_range, doc_starts[document] + ends, 0) if len(doc_starts) else ends * 0
    slices = pc.if_else(pa.array(in_range, pa.bool_()), joined.pieces(joined_starts, joined_ends),
                        pa.scalar(None, pa.large_string()))
    return _RoleSpans(layer, role, row_ids, doc_ids, start_values, end_values, stored, known, in_range,
                      joined_starts, joined_ends, slices)


@needs("documents")
def span_doc_id(corpus: Corpus) -> Iterator[Finding]:
    for spans in _role_spans(corpus):
        for index in np.flatnonzero(~spans.known).tolist():
            yield spans.finding("span_doc_id", index, "doc_id is not in the documents table",
                                spans.doc_ids[index].as_py())


def span_offsets(corpus: Corpus) -> Iterator[Finding]:
    texts = corpus.texts_by_doc
    for spans in _role_spans(corpus):
        for index in np.flatnonzero(spans.known & ~spans.in_range).tolist():
            yield spans.finding("span_offsets", index, f"expected 0 <= {spans.role.start} < {spans.role.end} <= "
                                f"{len(texts[spans.doc_ids[index].as_py()])}", (spans.start(index), spans.end(index)))


def span_text(corpus: Corpus) -> Iterator[Finding]:
    for spans in _role_spans(corpus):
        same = pc.fill_null(pc.equal(spans.slices, pc.cast(spans.stored, pa.large_string())), False)
        for index in np.flatnonzero(spans.in_range & ~same.to_numpy(zero_copy_only=False)).tolist():
            yield spans.finding("span_text", index, f"stored {spans.role.text} differs from the document's "
                                f"{spans.slices[index].as_py()!r}", spans.stored[index].as_py())


def _edges(corpus: Corpus, spans: _RoleSpans, member) -> tuple[np.ndarray, np.ndarray]:
    """Whether the first and the last character of each span (that fits in its text) is in a class."""
    in_class = corpus.joined_texts()[0].character_class(member)
    return (spans.in_range & in_class[spans.joined_starts],
            spans.in_range & in_class[np.maximum(spans.joined_ends - 1, 0)])


def span_boundaries(corpus: Corpus) -> Iterator[Finding]:
    texts = corpus.texts_by_doc
    alphanumeric = corpus.joined_texts()[0].character_class(str.isalnum)
    for spans in _role_spans(corpus):
        first_space, last_space = _edges(corpus, spans, str.isspace)
        first_alphanumeric, last_alphanumeric = _edges(corpus, spans, str.isalnum)
        # The characters just outside: a text's first is preceded, and its last followed, by a line
        # break in the joined texts, which is neither a letter nor a digit.
        cuts = ((first_alphanumeric & alphanumeric[np.maximum(spans.joined_starts - 1, 0)] & (spans.joined_starts > 0))
                | (last_alphanumeric & alphanumeric[spans.joined_ends]))
        for index in np.flatnonzero(first_space | last_space | cuts).tolist():
            piece = spans.slices[index].as_py()
            if first_space[index] or last_space[index]:
                yield spans.finding("span_boundaries", index, "span starts or ends on whitespace", piece)
            else:
                text, start, end = texts[spans.doc_ids[index].as_py()], spans.start(index), spans.end(index)
                yield spans.finding("span_boundaries", index, "span cuts a word", text[max(0, start - 5):end + 5])


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
    for spans in _role_spans(corpus):
        first_punctuation, last_punctuation = _edges(corpus, spans, _is_punctuation)
        first_space, last_space = _edges(corpus, spans, str.isspace)
        for index in np.flatnonzero((first_punctuation | last_punctuation) & ~first_space & ~last_space).tolist():
            piece = spans.slices[index].as_py()
            if (character := _edge_punctuation(piece)) is not None:
                yield spans.finding("span_edge_punctuation", index, f"span has {character!r} at its edge", piece)


def _is_punctuation(character: str) -> bool:
    return unicodedata.category(character).startswith("P")


def unique_ids(corpus: Corpus) -> Iterator[Finding]:
    for layer in LAYERS:
        table = corpus.arrow_table(layer.config)
        if table is None:
            continue
        counts = pc.value_counts(table[layer.id_column])  # in the order of first use
        for entry in counts.filter(pc.greater(counts.field("counts"), 1)).to_pylist():
            yield Finding("unique_ids", layer.config, "", entry["values"], f"{layer.id_column} is used by several rows",
                          entry["counts"])


def id_format(corpus: Corpus) -> Iterator[Finding]:
    """Every id has its layer's form: `<doc_id>-<prefix><digits>` naming its own row's document for
    a per-document layer, the declared pattern otherwise."""
    for layer in LAYERS:
        regex = layer.id_regex()
        table = corpus.arrow_table(layer.config)
        if regex is None or table is None:
            continue
        per_document = layer.id_prefix is not None
        rows = np.arange(table.num_rows)
        if per_document:
            # Arrow's RE2 decides the usual id at once: an id it matches (ASCII digits) Python's
            # pattern matches too, with the same document part, since the number comes after the
            # last `-<prefix>`. The others are judged by the pattern itself.
            parts = pc.extract_regex(pc.fill_null(table[layer.id_column], ""),
                                     rf"^(?P<doc_id>.+)-{layer.id_prefix}(?P<number>[0-9]{{3,}})$")
            plain = pc.fill_null(pc.equal(pc.struct_field(parts, "doc_id"), table["doc_id"]), False)
            rows = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
        columns = ("doc_id", layer.id_column) if per_document else (layer.id_column,)
        values = table.select(list(columns)).take(pa.array(rows, pa.int64())).to_pylist()
        for row in values:
            doc_id, identifier = (row["doc_id"], row[layer.id_column]) if per_document else ("", row[layer.id_column])
            match = regex.fullmatch(identifier) if isinstance(identifier, str) else None
            if match is None:
                expected = f"<doc_id>-{layer.id_prefix}<number>" if per_document else regex.pattern
                yield Finding("id_format", layer.config, doc_id, str(identifier),
                              f"{layer.id_column} does not have the form {expected}", identifier)
            elif per_document and match.group("doc_id") != doc_id:
                yield Finding("id_format", layer.config, doc_id, identifier,
                              f"{layer.id_column} names another document than its row's", match.group("doc_id"))
