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

import pyarrow as pa

from nkru.errors import CorpusFileError
from nkru.rows import label_name, rows_from_table, table_from_rows
from nkru.schema import LAYER_BY_CONFIG, Document, Mention, RegistryEntity, Row, Sentence, Stance, StanceTarget, Timex
from nkru.sources.review import ReviewFiles

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

    def contains(self, doc_id: str, start: int, end: int) -> bool:
        """Whether a mention spans all of [start, end)."""
        spans = self.spans_by_doc[doc_id]
        index = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return index >= 0 and spans[index][1] >= end
