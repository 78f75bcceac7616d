"""The token-level `ner` config: one row per sentence, tokens with document offsets and IOB2 tags
over the fine and the CoNLL-4 types, derived from the `entities` rows (see nkru.tokens).

The table is assembled column by column in Arrow rather than as Python rows: a corpus has a few
tokens per character of text, and rows holding a Python int per offset and a list per column
grew past the processor's caches at x100 the corpus (benchmarks/scale.py), where each document
then cost half as much again to convert. Only one document's Python objects are alive at a time.
"""

from __future__ import annotations

from array import array
from collections import defaultdict

import numpy as np
import pyarrow as pa

from nkru.errors import SourceError
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, CONFIG_FEATURES, NER_TAGS
from nkru.tokens import OUTSIDE, offsets_to_iob, sentences_with_tokens

COARSE_TAG_BY_FINE_TAG = {OUTSIDE: OUTSIDE, **{
    f"{prefix}-{label}": f"{prefix}-{coarse}" for label, coarse in COARSE_BY_ENTITY_LABEL.items() for prefix in "BI"}}
FINE_INDEX = {tag: index for index, tag in enumerate(NER_TAGS)}
COARSE_INDEX_BY_FINE_TAG = {tag: COARSE_NER_TAGS.index(coarse) for tag, coarse in COARSE_TAG_BY_FINE_TAG.items()}


def ner_table(documents: list[dict], mentions: list[dict]) -> pa.Table:
    """The `ner` table (schema of CONFIG_FEATURES["ner"], ClassLabels as indices) for `documents`
    and their `mentions` (labels as names); raises SourceError when a mention does not fall on
    token boundaries, overlaps another or crosses a sentence boundary."""
    spans_by_doc = defaultdict(list)
    for mention in mentions:
        spans_by_doc[mention["doc_id"]].append((mention["start"], mention["end"], mention["label"]))
    sentences = {"doc_id": [], "sentence_id": [], "sentence_start": array("i"), "sentence_end": array("i")}
    token_chunks, starts, ends, fine, coarse, row_offsets = [], array("i"), array("i"), array("b"), array("b"), array("i", [0])
    for document in documents:
        doc_id, text = document["doc_id"], document["text"]
        pending = sorted(spans_by_doc[doc_id])
        next_span = placed = 0
        document_tokens = []
        for number, ((start, end), tokens, token_starts, token_ends) in enumerate(sentences_with_tokens(text), start=1):
            # Sentences come in text order and the spans are sorted, so one pointer walks both.
            while next_span < len(pending) and pending[next_span][0] < start:
                next_span += 1
            first = next_span
            while next_span < len(pending) and pending[next_span][0] < end:
                next_span += 1
            own = [span for span in pending[first:next_span] if span[1] <= end]
            try:
                tags = offsets_to_iob(token_starts, token_ends, own)
            except ValueError as error:
                raise SourceError(f"{doc_id}, sentence {number}: {error}") from error
            placed += len(own)  # offsets_to_iob tags every span it is given, or raises
            sentences["doc_id"].append(doc_id)
            sentences["sentence_id"].append(f"{doc_id}-s{number:03d}")
            sentences["sentence_start"].append(start)
            sentences["sentence_end"].append(end)
            document_tokens += tokens
            starts.extend(token_starts)
            ends.extend(token_ends)
            fine.extend(FINE_INDEX[tag] for tag in tags)
            coarse.extend(COARSE_INDEX_BY_FINE_TAG[tag] for tag in tags)
            row_offsets.append(len(starts))
        if placed != len(pending):
            raise SourceError(f"{doc_id}: {len(pending) - placed} mentions cross a sentence boundary")
        token_chunks.append(pa.array(document_tokens, pa.string()))
    schema = CONFIG_FEATURES["ner"].arrow_schema
    offsets = pa.array(_numbers(row_offsets))

    def listed(name: str, values: pa.Array) -> pa.ListArray:
        return pa.ListArray.from_arrays(offsets, values.cast(schema.field(name).type.value_type))

    return pa.table({
        **sentences,
        "sentence_start": _numbers(sentences["sentence_start"]),
        "sentence_end": _numbers(sentences["sentence_end"]),
        "tokens": listed("tokens", pa.concat_arrays(token_chunks) if token_chunks else pa.array([], pa.string())),
        "token_starts": listed("token_starts", pa.array(_numbers(starts))),
        "token_ends": listed("token_ends", pa.array(_numbers(ends))),
        "ner_tags": listed("ner_tags", pa.array(_numbers(fine))),
        "coarse_ner_tags": listed("coarse_ner_tags", pa.array(_numbers(coarse))),
    }).cast(schema)


def _numbers(values: array) -> np.ndarray:
    """The array's numbers without a copy (typecode i is a C int, b a signed char)."""
    return np.frombuffer(values, {"i": np.intc, "b": np.byte}[values.typecode])
