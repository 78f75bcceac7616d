"""Checks over the `entities` table: the flat layer and the label inventories."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_LABELS, ENTITY_LABELS, LAYER_BY_CONFIG


def entity_overlap(corpus: Corpus) -> Iterator[Finding]:
    """No mention overlaps the one before it in its document, in the order of start and end (as
    arrays: x1000 the corpus has 400,000 mentions; only the overlapping ones are named)."""
    mentions = corpus.arrow_table("entities")
    if mentions is None or mentions.num_rows == 0:
        return
    # The documents in the order of the documents table, then any other in the order it comes.
    doc_ids = pa.array(list(dict.fromkeys([*corpus.texts_by_doc, *pc.unique(mentions["doc_id"]).to_pylist()])),
                       pa.string())
    documents = pc.index_in(mentions["doc_id"], value_set=doc_ids).fill_null(-1).to_numpy(zero_copy_only=False)
    starts, ends = (np.asarray(mentions[column], dtype=np.int64) for column in ("start", "end"))
    order = np.lexsort((ends, starts, documents))
    overlapping = np.flatnonzero((documents[order][1:] == documents[order][:-1])
                                 & (starts[order][1:] < ends[order][:-1]))
    for position in overlapping.tolist():
        previous, row = int(order[position]), int(order[position + 1])
        yield Finding("entity_overlap", "entities", mentions["doc_id"][row].as_py(), mentions["mention_id"][row].as_py(),
                      f"overlaps {mentions['mention_id'][previous].as_py()} in the flat layer",
                      (int(starts[row]), int(ends[row])))


def _outside(values: pa.ChunkedArray, size: int) -> pa.ChunkedArray:
    """Which label indices fall outside a label list of `size` names."""
    return pc.fill_null(pc.or_(pc.less(values, 0), pc.greater_equal(values, size)), False)


def entity_label_inventory(corpus: Corpus) -> Iterator[Finding]:
    """Every label index names a label (a column at a time: x1000 the corpus has 400,000 mentions)."""
    table = corpus.arrow_table("entities")
    if table is None:
        return
    for column in ("label", "coarse_label"):
        bad = table.filter(_outside(table[column], len(LAYER_BY_CONFIG["entities"].labels(column))))
        for doc_id, mention_id, value in zip(*(bad[name].to_pylist() for name in ("doc_id", "mention_id", column))):
            yield Finding("entity_label_inventory", "entities", doc_id, mention_id, f"{column} is outside the label set",
                          value)


# The coarse label index each fine label index maps to (nkru.schema.COARSE_BY_ENTITY_LABEL).
COARSE_INDEX_OF_FINE = pa.array([COARSE_LABELS.index(COARSE_BY_ENTITY_LABEL[label]) for label in ENTITY_LABELS])


def entity_coarse_mapping(corpus: Corpus) -> Iterator[Finding]:
    for config, id_column in (("entities", "mention_id"), ("entity_registry", "entity_id")):
        table = corpus.arrow_table(config)
        if table is None:
            continue
        known = pc.invert(pc.or_(_outside(table["label"], len(ENTITY_LABELS)),
                                 _outside(table["coarse_label"], len(COARSE_LABELS))))
        table = table.filter(known)
        expected = pc.take(COARSE_INDEX_OF_FINE, table["label"])
        bad = table.filter(pc.not_equal(expected, table["coarse_label"]))
        doc_ids = bad["doc_id"].to_pylist() if "doc_id" in bad.column_names else [""] * bad.num_rows
        for doc_id, row_id, label, coarse in zip(doc_ids, *(bad[name].to_pylist()
                                                             for name in (id_column, "label", "coarse_label"))):
            fine = ENTITY_LABELS[label]
            yield Finding("entity_coarse_mapping", config, doc_id, row_id,
                          f"{fine} maps to {COARSE_BY_ENTITY_LABEL[fine]}, the row has", COARSE_LABELS[coarse])
