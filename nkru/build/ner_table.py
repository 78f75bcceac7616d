"""The token-level `ner` config: one row per sentence, tokens with document offsets and IOB2 tags
over the fine and the CoNLL-4 types, derived from the `entities` rows (see nkru.tokens).

A corpus has a few tokens per character of text, so nothing here is done token by token in
Python: one `findall` gives each token with the whitespace before it, from which Arrow takes the
token's text and numpy its end offset (the running sum of the lengths); numpy places the tokens
in sentences and the mentions on tokens, and Arrow assembles the columns. Python objects made per
token grew past the processor's caches at x100 the corpus (benchmarks/scale.py), where each
document then cost half as much again to convert.
The result equals what tokenize, sentence_bounds and spans_to_iob give (tests/test_ner_table.py).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa

from nkru.errors import SourceError
from nkru.features import arrow_schema_of
from nkru.schema import (
    COARSE_BY_ENTITY_LABEL,
    COARSE_NER_TAGS,
    ENTITY_LABELS,
    LAYER_BY_CONFIG,
    NER_TAGS,
    Document,
    Mention,
)
from nkru.tokens import sentence_bounds, token_arrays

SENTENCES = LAYER_BY_CONFIG["ner"]
LABEL_INDEX = {label: index for index, label in enumerate(ENTITY_LABELS)}
BEGIN_TAG = np.array([NER_TAGS.index(f"B-{label}") for label in ENTITY_LABELS], np.int8)
INSIDE_TAG = np.array([NER_TAGS.index(f"I-{label}") for label in ENTITY_LABELS], np.int8)
COARSE_TAG = np.array([COARSE_NER_TAGS.index(tag if tag == "O" else f"{tag[:2]}{COARSE_BY_ENTITY_LABEL[tag[2:]]}")
                       for tag in NER_TAGS], np.int8)
OFFSET_TYPE = np.int32
# Documents are assembled into record batches of about this many tokens, so that the working
# copies made while assembling (joined offsets, tags before their cast) stay the size of a batch
# rather than of the corpus: at x1000 the corpus, this lowered the peak memory from 783 to 692 MiB.
BATCH_TOKENS = 1 << 16


def ner_table(documents: list[Document], mentions: list[Mention]) -> pa.Table:
    """The `ner` table (its declared Arrow schema, ClassLabels as indices) for `documents` and
    their `mentions`; raises SourceError when a mention does not fall on token boundaries, overlaps
    another or crosses a sentence boundary."""
    spans_by_doc = defaultdict(list)
    for mention in mentions:
        label = LABEL_INDEX.get(mention.label)
        if label is None:
            raise SourceError(f"{mention.doc_id}: span {mention.start}:{mention.end} has the unknown label "
                              f"{mention.label!r} (expected one of {', '.join(ENTITY_LABELS)})")
        spans_by_doc[mention.doc_id].append((mention.start, mention.end, label))
    schema = arrow_schema_of("ner")
    batches, parts, batch_tokens = [], defaultdict(list), 0
    for document in documents:
        doc_id, text = document.doc_id, document.text
        bounds = np.array(sentence_bounds(text), OFFSET_TYPE).reshape(-1, 2)
        tokens, starts, ends = token_arrays(text, OFFSET_TYPE)
        # A token belongs to the sentence whose bounds hold its start: the sentences hold every
        # character but the whitespace around them, and a token starts with a non-space character.
        sentence = np.searchsorted(bounds[:, 1], starts, side="right")
        parts["tokens"].append(tokens)
        parts["token_starts"].append(starts)
        parts["token_ends"].append(ends)
        parts["ner_tags"].append(_fine_tags(doc_id, bounds, starts, ends, sentence, spans_by_doc[doc_id]))
        parts["sentence_lengths"].append(np.bincount(sentence, minlength=len(bounds)))
        parts["sentence_start"].append(bounds[:, 0])
        parts["sentence_end"].append(bounds[:, 1])
        parts["doc_id"] += [doc_id] * len(bounds)
        parts["sentence_id"] += [SENTENCES.row_id(doc_id, number) for number in range(1, len(bounds) + 1)]
        batch_tokens += len(starts)
        if batch_tokens >= BATCH_TOKENS:
            batches.append(_record_batch(parts, schema))
            parts, batch_tokens = defaultdict(list), 0
    if parts or not batches:
        batches.append(_record_batch(parts, schema))
    return pa.Table.from_batches(batches, schema)


def _record_batch(parts: dict[str, list], schema: pa.Schema) -> pa.RecordBatch:
    """The rows of the documents whose parts have been gathered, as one batch of `schema` (the
    cast widens the tag indices to ClassLabel's int64)."""
    offsets = pa.array(np.concatenate([[0], np.cumsum(_joined(parts["sentence_lengths"], np.int64))]).astype(np.int32))
    fine = _joined(parts["ner_tags"], np.int8)

    def listed(values) -> pa.ListArray:
        return pa.ListArray.from_arrays(offsets, values)

    return pa.RecordBatch.from_pydict({
        "doc_id": parts["doc_id"],
        "sentence_id": parts["sentence_id"],
        "sentence_start": _joined(parts["sentence_start"], OFFSET_TYPE),
        "sentence_end": _joined(parts["sentence_end"], OFFSET_TYPE),
        "tokens": listed(pa.concat_arrays(parts["tokens"]) if parts["tokens"] else pa.array([], pa.string())),
        "token_starts": listed(_joined(parts["token_starts"], OFFSET_TYPE)),
        "token_ends": listed(_joined(parts["token_ends"], OFFSET_TYPE)),
        "ner_tags": listed(fine),
        "coarse_ner_tags": listed(COARSE_TAG[fine]),
    }).cast(schema)


def _fine_tags(doc_id: str, bounds: np.ndarray, starts: np.ndarray, ends: np.ndarray, sentence: np.ndarray,
               spans: list[tuple[int, int, int]]) -> np.ndarray:
    """The fine IOB2 tag index of each token, for the spans (start, end, label index)."""
    tags = np.zeros(len(starts), np.int8)
    if not spans:
        return tags
    span_starts, span_ends, labels = (np.array(column, np.int64) for column in zip(*sorted(spans)))
    first = np.searchsorted(starts, span_starts)
    last = np.searchsorted(ends, span_ends)
    on_tokens = (first < len(starts)) & (last < len(ends)) & (last >= first)
    on_tokens[on_tokens] = ((starts[first[on_tokens]] == span_starts[on_tokens])
                            & (ends[last[on_tokens]] == span_ends[on_tokens]))
    overlapping = np.zeros(len(span_starts), bool)
    overlapping[1:] = span_starts[1:] < span_ends[:-1]
    crossing = np.zeros(len(span_starts), bool)
    crossing[on_tokens] = sentence[first[on_tokens]] != sentence[last[on_tokens]]
    bad = ~on_tokens | overlapping | crossing
    if bad.any():
        index = int(np.argmax(bad))
        start, end, label = int(span_starts[index]), int(span_ends[index]), ENTITY_LABELS[labels[index]]
        number = int(np.searchsorted(bounds[:, 1], start, side="right")) + 1
        if overlapping[index]:
            problem = f"overlaps the span before it, which ends at {int(span_ends[index - 1])}"
        elif crossing[index]:
            problem = "crosses a sentence boundary"
        else:
            problem = "does not fall on token boundaries"
        raise SourceError(f"{doc_id}, sentence {number}: span {start}:{end} ({label}) {problem}")
    lengths = last - first
    inside = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(first + 1, lengths)
    tags[inside] = np.repeat(INSIDE_TAG[labels], lengths)
    tags[first] = BEGIN_TAG[labels]
    return tags


def _joined(chunks: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(chunks).astype(dtype, copy=False) if chunks else np.array([], dtype)
