"""A corpus directory read for validation: its shipped tables, texts, review files and manifest.

Unreadable tables and review files are kept as errors, not raised, so that `validate` can report
them alongside every other finding.

Tables are held as lists of row dicts, which the checks walk many times, except the token-level
`ner` table: it is the largest by far (a Python row holds a list per column) and two checks read
it once each, so a corpus read from disk keeps it as an Arrow table and streams it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from nkru.documents import TEXTS_DIR
from nkru.errors import CorpusFileError, NkruError
from nkru.loader import load
from nkru.manifest import manifest_differences
from nkru.review_files import ReviewFiles, read_review_files
from nkru.schema import CONFIG_FEATURES, SPLIT

STREAMED_CONFIGS = ("ner",)
STREAM_BATCH_ROWS = 4096


@dataclass
class Corpus:
    root: Path
    # config -> its rows; a table read from disk in STREAMED_CONFIGS stays an Arrow table.
    tables: dict[str, list[dict] | pa.Table]
    load_errors: dict[str, CorpusFileError]
    review: ReviewFiles | None
    review_error: str | None = None
    # source_file -> the bytes of dataset/texts/<source_file>, None when it is missing; empty when
    # the corpus was built in memory rather than read from a directory.
    text_files: dict[str, bytes | None] = field(default_factory=dict)
    # Disagreements between SHA256SUMS and the files, None when they were not compared.
    manifest_differences: list[tuple[str, str, object]] | None = None
    manifest_error: str | None = None
    # Values that several checks derive from the tables, computed once (the tables are not changed).
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)
    texts_by_doc: dict[str, str] = field(init=False)
    mentions_by_doc: dict[str, list[dict]] = field(init=False)
    spans_by_doc: dict[str, list[tuple[int, int]]] = field(init=False)

    def __post_init__(self) -> None:
        self.texts_by_doc = {row["doc_id"]: row["text"] for row in self.tables.get("documents", [])}
        self.mentions_by_doc = defaultdict(list)
        for mention in self.tables.get("entities", []):
            self.mentions_by_doc[mention["doc_id"]].append(mention)
        self.spans_by_doc = defaultdict(list, {
            doc_id: sorted((mention["start"], mention["end"]) for mention in mentions)
            for doc_id, mentions in self.mentions_by_doc.items()
        })

    def arrow_table(self, config: str) -> pa.Table | None:
        """The table as Arrow (rows given in memory are converted once); None when it is missing."""
        table = self.tables.get(config)
        if table is None or isinstance(table, pa.Table):
            return table
        key = f"arrow:{config}"
        if key not in self.derived:
            self.derived[key] = pa.Table.from_pylist(table, schema=CONFIG_FEATURES[config].arrow_schema)
        return self.derived[key]

    def first_row(self, config: str) -> dict:
        table = self.tables[config]
        return table.slice(0, 1).to_pylist()[0] if isinstance(table, pa.Table) else table[0]

    def column_rows(self, config: str, columns: tuple[str, ...]):
        """Tuples of the named columns, row by row; nothing when the table is missing.

        An Arrow table is converted one batch at a time, so that it is never held as Python rows.
        """
        table = self.tables.get(config)
        if isinstance(table, pa.Table):
            for batch in table.select(list(columns)).to_batches(max_chunksize=STREAM_BATCH_ROWS):
                yield from zip(*(column.to_pylist() for column in batch.columns))
        elif table is not None:
            for row in table:
                yield tuple(row[column] for column in columns)

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

    def label_name(self, config: str, column: str, index: int) -> str | None:
        """The name of a ClassLabel index, or None when the index is outside the label set."""
        names = CONFIG_FEATURES[config][column].names
        return names[index] if isinstance(index, int) and 0 <= index < len(names) else None


def read_corpus(root: Path, compare_manifest: bool = True) -> Corpus:
    """Read a corpus directory; with `compare_manifest`, also hash its files against SHA256SUMS."""
    if not root.is_dir():
        raise NkruError(f"expected a corpus directory (with dataset/ and annotations/), found no directory at {root}")
    tables, load_errors = {}, {}
    for config in CONFIG_FEATURES:
        try:
            dataset = load(config, data_dir=root)[SPLIT]
            tables[config] = dataset.data.table if config in STREAMED_CONFIGS else dataset.to_list()
        except CorpusFileError as error:
            load_errors[config] = error
    try:
        review, review_error = read_review_files(root), None
    except NkruError as error:
        review, review_error = None, str(error)
    differences, manifest_error = None, None
    if compare_manifest:
        try:
            differences = manifest_differences(root)
        except CorpusFileError as error:
            manifest_error = str(error)
    return Corpus(root=root, tables=tables, load_errors=load_errors, review=review, review_error=review_error,
                  text_files=_read_text_files(root, tables.get("documents", [])),
                  manifest_differences=differences, manifest_error=manifest_error)


def _read_text_files(root: Path, documents: list[dict]) -> dict[str, bytes | None]:
    text_files = {}
    for document in documents:
        name = document["source_file"]
        path = root / TEXTS_DIR / name
        # A source_file that is not a plain file name is reported by the check, not followed.
        text_files[name] = path.read_bytes() if Path(name).name == name and path.is_file() else None
    return text_files
