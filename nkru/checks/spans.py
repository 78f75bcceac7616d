"""Checks shared by every layer, from its declaration (nkru.schema): each span's document, offsets,
stored text and boundaries; ids unique corpus-wide and of their layer's form."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import LAYERS, SPAN_LAYERS, Layer, SpanRole


@dataclass
class _RoleSpans:
    """One span role of one layer, as columns: each present span's row id, document, offsets,
    stored text, and the document's text between the offsets (None when they do not fit in it)."""

    layer: Layer
    role: SpanRole
    row_ids: list
    doc_ids: list
    starts: list
    ends: list
    stored: list
    slices: list

    def finding(self, name: str, index: int, message: str, value) -> Finding:
        return Finding(name, self.layer.config, self.doc_ids[index], self.row_ids[index], message, value)


def _role_spans(corpus: Corpus) -> list[_RoleSpans]:
    """Every span role of every layer, its columns read once per corpus for all the span checks
    (a loop over row objects, per check, was most of a validate's time at x1000 the corpus)."""
    if "role_spans" not in corpus.derived:
        corpus.derived["role_spans"] = [_columns(corpus, layer, role) for layer in SPAN_LAYERS for role in layer.spans]
    return corpus.derived["role_spans"]


def _columns(corpus: Corpus, layer: Layer, role: SpanRole) -> _RoleSpans:
    names = (layer.id_column, "doc_id", role.start, role.end, role.text)
    table = corpus.arrow_table(layer.config)
    columns = [table.column(name).to_pylist() for name in names] if table is not None else [[] for _ in names]
    if role.optional:  # an optional span whose three columns are all null is absent
        keep = [index for index, (start, end, text) in enumerate(zip(*columns[2:]))
                if not (start is None and end is None and text is None)]
        columns = [[column[index] for index in keep] for column in columns]
    row_ids, doc_ids, starts, ends, stored = columns
    texts = corpus.texts_by_doc
    slices = [text[start:end] if text is not None and _in_range(start, end, len(text)) else None
              for text, start, end in zip((texts.get(doc_id) for doc_id in doc_ids), starts, ends)]
    return _RoleSpans(layer, role, row_ids, doc_ids, starts, ends, stored, slices)


def _in_range(start, end, length) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


@needs("documents")
def span_doc_id(corpus: Corpus) -> Iterator[Finding]:
    texts = corpus.texts_by_doc
    for spans in _role_spans(corpus):
        for index in [index for index, doc_id in enumerate(spans.doc_ids) if doc_id not in texts]:
            yield spans.finding("span_doc_id", index, "doc_id is not in the documents table", spans.doc_ids[index])


def span_offsets(corpus: Corpus) -> Iterator[Finding]:
    texts = corpus.texts_by_doc
    for spans in _role_spans(corpus):
        for index in [index for index, (doc_id, piece) in enumerate(zip(spans.doc_ids, spans.slices))
                      if piece is None and doc_id in texts]:
            yield spans.finding("span_offsets", index, f"expected 0 <= {spans.role.start} < {spans.role.end} <= "
                                f"{len(texts[spans.doc_ids[index]])}", (spans.starts[index], spans.ends[index]))


def span_text(corpus: Corpus) -> Iterator[Finding]:
    for spans in _role_spans(corpus):
        for index in [index for index, (piece, stored) in enumerate(zip(spans.slices, spans.stored))
                      if piece is not None and piece != stored]:
            yield spans.finding("span_text", index, f"stored {spans.role.text} differs from the document's "
                                f"{spans.slices[index]!r}", spans.stored[index])


def span_boundaries(corpus: Corpus) -> Iterator[Finding]:
    texts = corpus.texts_by_doc
    for spans in _role_spans(corpus):
        suspects = [index for index, piece in enumerate(spans.slices) if piece is not None and (
            piece != piece.strip() or piece[0].isalnum() or piece[-1].isalnum())]
        for index in suspects:
            piece, start, end = spans.slices[index], spans.starts[index], spans.ends[index]
            text = texts[spans.doc_ids[index]]
            if piece != piece.strip():
                yield spans.finding("span_boundaries", index, "span starts or ends on whitespace", piece)
            elif (start > 0 and text[start - 1].isalnum() and piece[0].isalnum()) or (
                    end < len(text) and text[end].isalnum() and piece[-1].isalnum()):
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
        for index, piece in enumerate(spans.slices):
            if piece and not (piece[0].isalnum() and piece[-1].isalnum()) and piece == piece.strip() and (
                    character := _edge_punctuation(piece)) is not None:
                yield spans.finding("span_edge_punctuation", index, f"span has {character!r} at its edge", piece)


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
