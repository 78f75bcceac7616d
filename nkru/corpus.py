"""The corpus as typed rows: one model over the tables, whether the build made them in memory or
the reader (nkru.reader) read them from a corpus directory.

`tables` holds each config as an Arrow table or as its rows; rows are decoded from Arrow once,
on first use (nkru.rows, where label indices become names). The token-level `ner` table is the
largest by far (a Python row holds a list per column): the checks that read it stream it as Arrow
and never ask for its rows. A config absent from `tables` could not be read; the reader keeps
why in `load_errors`. The tables are not changed once the corpus is made: to edit a table, make a
new Corpus from the edited rows.
"""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.errors import CorpusFileError
from nkru.rows import label_name, rows_from_table, table_from_rows
from nkru.schema import LAYER_BY_CONFIG, Document, Mention, RegistryEntity, Row, Sentence, Stance, StanceTarget, Timex
from nkru.sources.review import ReviewFiles
from nkru.text_arrays import TextArrays, text_arrays

STREAM_BATCH_ROWS = 4096


@functools.cache
def _label_set(config: str, column: str) -> frozenset[str]:
    return frozenset(LAYER_BY_CONFIG[config].labels(column))


@dataclass
class Corpus:
    tables: dict[str, pa.Table | list[Row]]
    root: Path | None = None
    load_errors: dict[str, CorpusFileError] = field(default_factory=dict)
    review: ReviewFiles | None = None
    review_error: str | None = None
    # source_file -> the bytes of dataset/texts/<source_file>, None when it is missing; empty when
    # the corpus was not read from a directory.
    text_files: dict[str, bytes | None] = field(default_factory=dict)
    # Disagreements between SHA256SUMS and the files, None when they were not compared.
    manifest_differences: list[tuple[str, str, object]] | None = None
    manifest_error: str | None = None
    # Editable sources that differ from what SHA256SUMS recorded at the build, None when not compared.
    source_differences: list[tuple[str, str, object]] | None = None
    # Values that several checks derive from the tables, computed once.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def has(self, config: str) -> bool:
        return config in self.tables

    def rows(self, config: str) -> list[Row]:
        """The config's rows (none when the table could not be read)."""
        table = self.tables.get(config)
        if table is None:
            return []
        if not isinstance(table, pa.Table):
            return table
        key = f"rows:{config}"
        if key not in self.derived:
            self.derived[key] = rows_from_table(config, table)
        return self.derived[key]

    def arrow_table(self, config: str) -> pa.Table | None:
        """The config's table as Arrow (rows are encoded once); None when it could not be read."""
        table = self.tables.get(config)
        if table is None or isinstance(table, pa.Table):
            return table
        key = f"arrow:{config}"
        if key not in self.derived:
            self.derived[key] = table_from_rows(config, table)
        return self.derived[key]

    def stored_first_row(self, config: str) -> dict:
        """The first row as stored (label columns as indices)."""
        return self.arrow_table(config).slice(0, 1).to_pylist()[0]

    def first_row(self, config: str) -> Row:
        """The first row, decoded alone (the table's other rows are not)."""
        return rows_from_table(config, self.arrow_table(config).slice(0, 1))[0]

    def column_rows(self, config: str, columns: tuple[str, ...]) -> Iterator[tuple]:
        """Tuples of the named columns, row by row; nothing when the table is missing.

        An Arrow table is converted one batch at a time, so that it is never held as Python rows.
        """
        table = self.tables.get(config)
        if isinstance(table, pa.Table):
            for batch in table.select(list(columns)).to_batches(max_chunksize=STREAM_BATCH_ROWS):
                yield from zip(*(column.to_pylist() for column in batch.columns))
        elif table is not None:
            for row in table:
                yield tuple(getattr(row, column) for column in columns)

    def label_name(self, config: str, column: str, value) -> str | None:
        """The label a row's cell names, or None when it holds an index outside the label set."""
        return label_name(value, _label_set(config, column))

    @property
    def documents(self) -> list[Document]:
        return self.rows("documents")

    @property
    def mentions(self) -> list[Mention]:
        return self.rows("entities")

    @property
    def registry(self) -> list[RegistryEntity]:
        return self.rows("entity_registry")

    @property
    def timexes(self) -> list[Timex]:
        return self.rows("dates")

    @property
    def stances(self) -> list[Stance]:
        return self.rows("stances")

    @property
    def stance_targets(self) -> list[StanceTarget]:
        return self.rows("stance_targets")

    @property
    def sentences(self) -> list[Sentence]:
        return self.rows("ner")

    @functools.cached_property
    def texts_by_doc(self) -> dict[str, str]:
        return {document.doc_id: document.text for document in self.documents}

    def joined_texts(self) -> tuple[TextArrays, np.ndarray]:
        """Every text, in the documents' order, joined by line breaks (which no token, word or
        sentence crosses) as arrays (nkru.text_arrays), and the offset at which each text begins:
        the checks that scan the whole corpus share one pass over it."""
        if "joined_texts" not in self.derived:
            texts = list(self.texts_by_doc.values())
            self.derived["joined_texts"] = (text_arrays("\n".join(texts)),
                                            np.cumsum([0] + [len(text) + 1 for text in texts[:-1]], dtype=np.int64))
        return self.derived["joined_texts"]

    @property
    def mentions_by_doc(self) -> dict[str, list[Mention]]:
        return self.rows_by_doc("entities")

    @functools.cached_property
    def spans_by_doc(self) -> dict[str, list[tuple[int, int]]]:
        return defaultdict(list, {doc_id: sorted((mention.start, mention.end) for mention in mentions)
                                  for doc_id, mentions in self.mentions_by_doc.items()})

    def rows_by_doc(self, config: str) -> dict[str, list[Row]]:
        """doc_id -> the config's rows of that document, in table order, every document present."""
        key = f"by_doc:{config}"
        if key not in self.derived:
            grouped = {document.doc_id: [] for document in self.documents}
            for row in self.rows(config):
                grouped.setdefault(row.doc_id, []).append(row)
            self.derived[key] = grouped
        return self.derived[key]

    def overlaps_a_mention(self, doc_id: str, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a mention (bisection: assumes the flat layer holds)."""
        spans = self.spans_by_doc[doc_id]
        index = bisect.bisect_left(spans, (end, -1)) - 1
        return index >= 0 and spans[index][1] > start

    def overlaps_mentions(self, doc_ids: pa.Array, starts, ends) -> np.ndarray:
        """overlaps_a_mention for many spans at once, as a boolean array; a span of a document that
        has no mention overlaps nothing."""
        return self._searched(doc_ids, starts, ends, self.overlaps_a_mention, _overlap_on_the_line)

    def overlaps_entity_mentions(self, doc_ids: pa.Array, entity_ids: pa.Array, starts, ends) -> np.ndarray:
        """For spans each naming one entity: whether a mention of that entity in the span's
        document overlaps it (the documents and entities laid one after the other on one line)."""
        mentions = self.arrow_table("entities")
        if mentions is None or mentions.num_rows == 0 or len(doc_ids) == 0:
            return np.zeros(len(doc_ids), dtype=bool)

        def one_at_a_time(key: str, start: int, end: int) -> bool:
            doc_id, entity_id = key.split(_KEY_SEPARATOR)
            return any(mention.entity_id == entity_id and mention.start < end and start < mention.end
                       for mention in self.mentions_by_doc.get(doc_id, ()))
        return self._searched(pc.binary_join_element_wise(doc_ids, entity_ids, _KEY_SEPARATOR), starts, ends,
                              one_at_a_time, _overlap_on_the_line,
                              pc.binary_join_element_wise(mentions["doc_id"], mentions["entity_id"], _KEY_SEPARATOR))

    def contained_in_mentions(self, doc_ids: pa.Array, starts, ends) -> np.ndarray:
        """contains for many spans at once: whether a mention spans all of each one."""
        def on_the_line(query_starts, query_ends, mention_starts, running_ends):
            last_from_start = np.searchsorted(mention_starts, query_starts, side="right") - 1
            return (last_from_start >= 0) & (running_ends[np.maximum(last_from_start, 0)] >= query_ends)
        return self._searched(doc_ids, starts, ends, self.contains, on_the_line)

    def _searched(self, keys, starts, ends, one_at_a_time, on_the_line, mention_keys=None) -> np.ndarray:
        """A search of the mention spans for many spans at once: on the line of _mention_line, or
        one at a time when offsets no text has would overflow it. Spans and mentions are grouped by
        their documents, or by `mention_keys` (and the spans' `keys`) when given."""
        mentions = self.arrow_table("entities")
        if mentions is None or mentions.num_rows == 0 or len(keys) == 0:
            return np.zeros(len(keys), dtype=bool)
        mention_keys = mentions["doc_id"] if mention_keys is None else mention_keys
        line = self._mention_line(mention_keys, mentions["start"], mentions["end"], keys, starts, ends)
        if line is None:
            return np.array([one_at_a_time(*span) for span in _python_spans(keys, starts, ends)], dtype=bool)
        query_keys, *points = line
        return (query_keys >= 0) & on_the_line(*points)

    @staticmethod
    def _mention_line(mention_keys, mention_starts, mention_ends, keys, starts, ends):
        """The mentions and the spans asked about as points on one line on which their groups (the
        documents, as a rule) follow each other, so that one sorted search serves every group: the
        spans' groups (-1: a group without mentions), starts and ends, the mention starts in order
        and the running maximum of their ends (which keeps the searches right when mentions
        overlap, in a corrupted layer). None when offsets no text has would overflow the line.
        There is at least one mention and one span."""
        groups = pc.unique(mention_keys)
        mention_groups = pc.index_in(mention_keys, value_set=groups).to_numpy(zero_copy_only=False)
        query_groups = pc.index_in(keys, value_set=groups).fill_null(-1).to_numpy(zero_copy_only=False)
        offsets = [np.asarray(values, dtype=np.int64) for values in (mention_starts, mention_ends, starts, ends)]
        lowest = min(int(values.min()) for values in offsets)
        stride = max(int(values.max()) for values in offsets) - lowest + 2
        if stride * (len(groups) + 1) >= 2 ** 62:
            return None
        mention_starts, mention_ends, query_starts, query_ends = (
            values - lowest + base * stride for values, base
            in zip(offsets, (mention_groups, mention_groups, query_groups, query_groups)))
        order = np.argsort(mention_starts, kind="stable")
        return query_groups, query_starts, query_ends, mention_starts[order], np.maximum.accumulate(mention_ends[order])

    def contains(self, doc_id: str, start: int, end: int) -> bool:
        """Whether a mention spans all of [start, end)."""
        spans = self.spans_by_doc[doc_id]
        index = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return index >= 0 and spans[index][1] >= end


# Joins a document id and an entity id into one group key (no id holds a control character).
_KEY_SEPARATOR = "\x1f"


def _overlap_on_the_line(query_starts, query_ends, mention_starts, running_ends) -> np.ndarray:
    last_before_end = np.searchsorted(mention_starts, query_ends, side="left") - 1
    return (last_before_end >= 0) & (running_ends[np.maximum(last_before_end, 0)] > query_starts)


def _python_spans(doc_ids, starts, ends) -> Iterator[tuple[str, int, int]]:
    return zip(pc.cast(doc_ids, pa.string()).to_pylist(), np.asarray(starts).tolist(), np.asarray(ends).tolist())
