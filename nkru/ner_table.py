"""Rows of the token-level `ner` config: one per sentence, tokens with document offsets and IOB2
tags over the fine and the CoNLL-4 types, derived from the `entities` rows (see nkru.tokens)."""

from __future__ import annotations

from collections import defaultdict

from nkru.errors import SourceError
from nkru.schema import COARSE_BY_ENTITY_LABEL
from nkru.tokens import OUTSIDE, offsets_to_iob, sentences_with_tokens

COARSE_TAG_BY_FINE_TAG = {OUTSIDE: OUTSIDE, **{
    f"{prefix}-{label}": f"{prefix}-{coarse}" for label, coarse in COARSE_BY_ENTITY_LABEL.items() for prefix in "BI"}}


def ner_rows(documents: list[dict], mentions: list[dict]) -> list[dict]:
    spans_by_doc = defaultdict(list)
    for mention in mentions:
        spans_by_doc[mention["doc_id"]].append((mention["start"], mention["end"], mention["label"]))
    rows = []
    for document in documents:
        doc_id, text = document["doc_id"], document["text"]
        pending = sorted(spans_by_doc[doc_id])
        next_span = placed = 0
        for number, ((start, end), token_starts, token_ends) in enumerate(sentences_with_tokens(text), start=1):
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
            rows.append({
                "doc_id": doc_id,
                "sentence_id": f"{doc_id}-s{number:03d}",
                "sentence_start": start,
                "sentence_end": end,
                "tokens": [text[token_start:token_end] for token_start, token_end in zip(token_starts, token_ends)],
                "token_starts": token_starts,
                "token_ends": token_ends,
                "ner_tags": tags,
                "coarse_ner_tags": [COARSE_TAG_BY_FINE_TAG[tag] for tag in tags],
            })
        if placed != len(pending):
            raise SourceError(f"{doc_id}: {len(pending) - placed} mentions cross a sentence boundary")
    return rows
