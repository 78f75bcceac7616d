"""A corpus directory read for validation: its shipped tables, texts and review files.

Unreadable tables and review files are kept as errors, not raised, so that `validate` can report
them alongside every other finding.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nkru.errors import NkruError
from nkru.loader import load
from nkru.review_files import ReviewFiles, read_review_files
from nkru.schema import CONFIG_FEATURES, SPLIT


@dataclass
class Corpus:
    root: Path
    tables: dict[str, list[dict]]
    load_errors: dict[str, str]
    review: ReviewFiles | None
    review_error: str | None = None
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


def read_corpus(root: Path) -> Corpus:
    tables, load_errors = {}, {}
    for config in CONFIG_FEATURES:
        try:
            tables[config] = load(config, data_dir=root)[SPLIT].to_list()
        except NkruError as error:
            load_errors[config] = str(error)
    try:
        review, review_error = read_review_files(root), None
    except NkruError as error:
        review, review_error = None, str(error)
    return Corpus(root=root, tables=tables, load_errors=load_errors, review=review, review_error=review_error)
