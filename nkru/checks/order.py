"""The declared row order (nkru.schema `Layer.row_order`): the documents in the order of their
numbers (`doc_order_key`), each
per-document layer's rows grouped by document in that order and sorted within it, and each
per-document id numbering its row's place in its document.

Row order is part of the data: the CoNLL export writes a document separator wherever the
document changes, and a user who zips two configs row by row relies on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import LAYERS, Layer, doc_order_key


def row_order(corpus: Corpus) -> Iterator[Finding]:
    position_of_doc = {document.doc_id: position for position, document in enumerate(corpus.documents)}
    for layer in LAYERS:
        if not layer.row_order:
            continue
        if layer.id_prefix is None:
            yield from _table_order(corpus, layer)
        elif position_of_doc and not _in_order(corpus, layer, position_of_doc):
            yield from _per_document_order(corpus, layer, position_of_doc)


def _in_order(corpus: Corpus, layer: Layer, position_of_doc: dict[str, int]) -> bool:
    """Whether a per-document layer's rows are plainly in order, found with array operations: the
    usual case, which then needs no walk through the rows. False when in doubt."""
    table = corpus.arrow_table(layer.config)
    if table is None or table.num_rows == 0:
        return table is not None
    positions = pc.index_in(table["doc_id"], value_set=pa.array(list(position_of_doc), pa.string()))
    keys = [table[column] for column in layer.row_order]
    if positions.null_count or any(key.null_count for key in keys):
        return False
    positions = positions.to_numpy()
    same_doc = positions[1:] == positions[:-1]
    if (positions[1:] < positions[:-1]).any():
        return False
    # Within a document, each key tuple is at least the previous one.
    ordered, tied = np.zeros(len(same_doc), bool), np.ones(len(same_doc), bool)
    for key in keys:
        values = key.to_numpy()
        ordered |= tied & (values[1:] > values[:-1])
        tied &= values[1:] == values[:-1]
    if (same_doc & ~(ordered | tied)).any():
        return False
    numbers = pc.extract_regex(table[layer.id_column], rf"-{layer.id_prefix}(?P<number>\d{{3,}})$")
    if numbers.null_count:
        return False
    numbers = pc.cast(pc.struct_field(numbers, [0]), pa.int64()).to_numpy()
    first_of_doc = np.flatnonzero(np.concatenate([[True], ~same_doc]))
    place = np.arange(len(positions)) - np.repeat(first_of_doc, np.diff(np.append(first_of_doc, len(positions))))
    return bool((numbers == place + 1).all())


def _comparable(key: tuple) -> bool:
    return all(isinstance(value, (int, str, tuple)) for value in key)


def _table_order(corpus: Corpus, layer: Layer) -> Iterator[Finding]:
    previous = None
    for identifier, *key in corpus.column_rows(layer.config, (layer.id_column, *layer.row_order)):
        key = tuple(doc_order_key(value) if column == "doc_id" else value
                    for column, value in zip(layer.row_order, key))
        if previous is not None and _comparable(key) and _comparable(previous) and key < previous:
            yield Finding("row_order", layer.config, "", str(identifier),
                          f"row comes before the previous one in the declared order ({', '.join(layer.row_order)})",
                          key)
        previous = key


def _per_document_order(corpus: Corpus, layer: Layer, position_of_doc: dict[str, int]) -> Iterator[Finding]:
    """One finding at most per document and kind of disorder, so that one moved block of rows is
    not reported row by row."""
    regex = layer.id_regex()
    rows_seen, last_key, reported = {}, {}, set()
    current_doc = None
    for doc_id, identifier, *key in corpus.column_rows(layer.config, ("doc_id", layer.id_column, *layer.row_order)):
        if doc_id not in position_of_doc:
            continue  # span_doc_id and id_format report a row of no document
        key = tuple(key)
        if doc_id != current_doc:
            if doc_id in rows_seen and (doc_id, "split") not in reported:
                reported.add((doc_id, "split"))
                yield Finding("row_order", layer.config, doc_id, str(identifier),
                              f"the rows of {doc_id} are not together: they resume after rows of {current_doc}",
                              current_doc)
            elif current_doc is not None and position_of_doc[doc_id] < position_of_doc[current_doc] and (
                    doc_id, "documents") not in reported:
                reported.add((doc_id, "documents"))
                yield Finding("row_order", layer.config, doc_id, str(identifier),
                              f"the rows of {doc_id} come after those of {current_doc}, against the documents' "
                              "order", current_doc)
            current_doc = doc_id
        number = rows_seen[doc_id] = rows_seen.get(doc_id, 0) + 1
        previous_key = last_key.get(doc_id)
        if previous_key is not None and _comparable(key) and _comparable(previous_key) and key < previous_key and (
                doc_id, "sorted") not in reported:
            reported.add((doc_id, "sorted"))
            yield Finding("row_order", layer.config, doc_id, str(identifier),
                          f"row comes before the previous one in the declared order ({', '.join(layer.row_order)})",
                          key)
        last_key[doc_id] = key
        match = regex.fullmatch(identifier) if isinstance(identifier, str) else None
        if match and int(match.group("number")) != number and (doc_id, "number") not in reported:
            reported.add((doc_id, "number"))
            yield Finding("row_order", layer.config, doc_id, identifier,
                          f"is row {number} of its document, its id numbers another place", int(match.group("number")))
