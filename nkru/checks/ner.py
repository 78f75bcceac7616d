"""Checks over the token-level `ner` config: tokens match the text, and the tags rebuild exactly
the `entities` mentions (fine and coarse).

Both read the Arrow table a batch of sentences at a time, through flat columns: the table holds
several lists per sentence, and as nested Python lists it would be most of a validate's memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import STREAM_BATCH_ROWS, Corpus
from nkru.rows import iob2_spans
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, NER_TAGS
from nkru.tokens import sentence_bounds, token_arrays

LIST_COLUMNS = ("tokens", "token_starts", "token_ends", "ner_tags", "coarse_ner_tags")
SPAN_SCHEMA = pa.schema([("doc_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("label", pa.string())])


def _sound_batches(corpus):
    """(batch, sound) for each batch of the `ner` table, where `sound` marks the rows whose lists
    have one length and whose document exists (ner_tokens reports the others)."""
    table = corpus.arrow_table("ner")
    if table is None:
        return
    doc_ids = pa.array(list(corpus.texts_by_doc), pa.string())
    for batch in table.to_batches(max_chunksize=STREAM_BATCH_ROWS):
        lengths = [pc.fill_null(pc.list_value_length(batch[column]), -1).to_numpy() for column in LIST_COLUMNS]
        sound = np.logical_and.reduce([length == lengths[0] for length in lengths[1:]]) & (lengths[0] >= 0)
        sound &= pc.is_in(batch["doc_id"], value_set=doc_ids).to_numpy(zero_copy_only=False)
        yield batch, sound


def _flat(batch, column) -> np.ndarray:
    return pc.list_flatten(batch[column]).to_numpy(zero_copy_only=False)


@needs("ner", "documents")
def ner_tokens(corpus: Corpus) -> Iterator[Finding]:
    for batch, sound in _sound_batches(corpus):
        doc_ids, sentence_ids = batch["doc_id"].to_pylist(), batch["sentence_id"].to_pylist()
        token_offsets = batch["tokens"].offsets.to_numpy()
        token_offsets = (token_offsets - token_offsets[0]).tolist()  # a batch may be a slice of the list values
        tokens, starts, ends = (pc.list_flatten(batch["tokens"]).to_pylist(), _flat(batch, "token_starts").tolist(),
                                _flat(batch, "token_ends").tolist())
        for row in range(batch.num_rows):
            if not sound[row]:
                lengths = sorted({len(batch[column][row]) for column in LIST_COLUMNS if batch[column][row].is_valid})
                yield Finding("ner_tokens", "ner", doc_ids[row], sentence_ids[row],
                              "token, offset and tag lists must have one length and the document must exist", lengths)
                continue
            text = corpus.texts_by_doc[doc_ids[row]]
            for index in range(token_offsets[row], token_offsets[row + 1]):
                token, start, end = tokens[index], starts[index], ends[index]
                if token is None or not token.strip() or text[start:end] != token:
                    yield Finding("ner_tokens", "ner", doc_ids[row], sentence_ids[row],
                                  f"token differs from the text at {start}:{end} or is whitespace", token)
                    break


TAG_COLUMNS = {"ner_tags": NER_TAGS, "coarse_ner_tags": COARSE_NER_TAGS}


def _spans_from_tags(corpus) -> dict[str, pa.Table]:
    """Tag column -> (doc_id, start, end, label) of every span it encodes, over the sound rows
    (one pass over the table for both columns)."""
    parts = {column: [] for column in TAG_COLUMNS}
    for batch, sound in _sound_batches(corpus):
        batch = batch.filter(pa.array(sound))
        rows = pc.list_parent_indices(batch["token_starts"]).to_numpy()
        token_starts, token_ends = _flat(batch, "token_starts"), _flat(batch, "token_ends")
        for column, tag_names in TAG_COLUMNS.items():
            span_rows, starts, ends, labels = iob2_spans(token_starts, token_ends, rows, _flat(batch, column),
                                                             tag_names)
            parts[column].append(pa.table({"doc_id": batch["doc_id"].take(span_rows), "start": starts.astype(np.int64),
                                           "end": ends.astype(np.int64), "label": labels.astype(str)}))
    return {column: pa.concat_tables(tables) if tables else SPAN_SCHEMA.empty_table()
            for column, tables in parts.items()}


def _mention_spans(corpus) -> tuple[pa.Table, pa.Table]:
    """(doc_id, start, end, label) of every mention, with its fine and with its coarse label."""
    mentions = corpus.mentions
    fine = [corpus.label_name("entities", "label", mention.label) or "?" for mention in mentions]
    columns = {"doc_id": [mention.doc_id for mention in mentions],
               "start": [mention.start for mention in mentions], "end": [mention.end for mention in mentions]}
    coarse = [COARSE_BY_ENTITY_LABEL.get(label, "?") for label in fine]
    return (pa.table({**columns, "label": fine}, schema=SPAN_SCHEMA),
            pa.table({**columns, "label": coarse}, schema=SPAN_SCHEMA))


def _only_in(left: pa.Table, right: pa.Table) -> set[tuple]:
    """The distinct rows of `left` that are not rows of `right`."""
    missing = left.join(right, keys=list(SPAN_SCHEMA.names), join_type="left anti")
    return set(zip(*(missing[name].to_pylist() for name in SPAN_SCHEMA.names)))


@needs("ner", "documents", "entities")
def ner_matches_entities(corpus: Corpus) -> Iterator[Finding]:
    """The IOB2 tags, read back into spans, are exactly the mentions, with their fine and coarse types."""
    if not corpus.has("ner") or not corpus.has("entities"):
        return
    differences = []
    # A document without sentences is ner_tokenization's finding, not one per mention here.
    tagged_docs = pc.unique(corpus.arrow_table("ner")["doc_id"])
    for (column, built), expected in zip(_spans_from_tags(corpus).items(), _mention_spans(corpus)):
        expected = expected.filter(pc.is_in(expected["doc_id"], value_set=tagged_docs))
        differences += [(doc_id, column, (start, end, label), "only in the tags")
                        for doc_id, start, end, label in _only_in(built, expected)]
        differences += [(doc_id, column, (start, end, label), "missing from the tags")
                        for doc_id, start, end, label in _only_in(expected, built)]
    column_order = {"ner_tags": 0, "coarse_ner_tags": 1}
    for doc_id, column, span, side in sorted(differences, key=lambda item: (item[0], column_order[item[1]], item[2])):
        yield Finding("ner_matches_entities", "ner", doc_id, f"{span[0]}-{span[1]}", f"{column}: span {side}", span[2])


@needs("ner", "documents")
def ner_tags_wellformed(corpus: Corpus) -> Iterator[Finding]:
    """Every tag is an index of its label list, and the tags are IOB2: an I- tag continues a B- or
    I- tag of its type in the same sentence. One finding per sentence and column, at its first bad tag."""
    for batch, sound in _sound_batches(corpus):
        doc_ids, sentence_ids = batch["doc_id"].to_pylist(), batch["sentence_id"].to_pylist()
        rows = pc.list_parent_indices(batch["ner_tags"]).to_numpy()
        for column, tag_names in TAG_COLUMNS.items():
            tags = _flat(batch, column).astype(np.int64)
            outside = (tags < 0) | (tags >= len(tag_names))
            known = np.where(outside, tag_names.index("O"), tags)
            prefix = np.array([name[0] for name in tag_names])[known]
            label = np.array([name[2:] for name in tag_names])[known]
            follows = np.zeros(len(tags), bool)
            follows[1:] = (rows[1:] == rows[:-1]) & (prefix[:-1] != "O") & (label[1:] == label[:-1])
            orphan = (prefix == "I") & ~follows & ~outside
            bad = outside | orphan
            reported = set()
            for index in np.flatnonzero(bad & sound[rows]):
                row = int(rows[index])
                if row in reported:
                    continue
                reported.add(row)
                position = index - int(np.searchsorted(rows, row))
                message = (f"{column}: tag of token {position} is outside 0..{len(tag_names) - 1}" if outside[index]
                           else f"{column}: token {position} is tagged {tag_names[known[index]]} without a B- or I- "
                           "of its type before it")
                yield Finding("ner_tags_wellformed", "ner", doc_ids[row], sentence_ids[row], message, int(tags[index]))


@needs("ner", "documents")
def ner_tokenization(corpus: Corpus) -> Iterator[Finding]:
    """The sentences and tokens are those that nkru.tokens finds in each document's text: the same
    sentence bounds, the same token offsets, each token in its sentence. One finding per document,
    at its first difference."""
    rows_by_doc, parts = {}, {"sentence_id": [], "bounds": [], "lengths": [], "starts": [], "ends": []}
    row_count = 0
    for batch, sound in _sound_batches(corpus):
        batch = batch.filter(pa.array(sound))
        for number, doc_id in enumerate(batch["doc_id"].to_pylist()):
            rows_by_doc.setdefault(doc_id, []).append(row_count + number)
        row_count += batch.num_rows
        parts["sentence_id"] += batch["sentence_id"].to_pylist()
        parts["bounds"].append(np.stack([batch["sentence_start"].to_numpy(), batch["sentence_end"].to_numpy()], 1))
        parts["lengths"].append(pc.list_value_length(batch["token_starts"]).to_numpy())
        parts["starts"].append(_flat(batch, "token_starts"))
        parts["ends"].append(_flat(batch, "token_ends"))
    for doc_id, text in corpus.texts_by_doc.items():
        if doc_id not in rows_by_doc:
            yield Finding("ner_tokenization", "ner", doc_id, "", "the document has no sentence in the table "
                          "(its shard is missing or empty)", len(sentence_bounds(text)))
    if not row_count:
        return
    bounds = np.concatenate(parts["bounds"])
    lengths = np.concatenate(parts["lengths"]).astype(np.int64)
    first_token = np.concatenate([[0], np.cumsum(lengths)])
    starts, ends = np.concatenate(parts["starts"]), np.concatenate(parts["ends"])
    for doc_id, rows in rows_by_doc.items():
        text = corpus.texts_by_doc[doc_id]
        difference = _tokenization_difference(text, np.array(rows), bounds, lengths, first_token, starts, ends)
        if difference is not None:
            row, message, value = difference
            yield Finding("ner_tokenization", "ner", doc_id, parts["sentence_id"][rows[min(row, len(rows) - 1)]],
                          message, value)


def _tokenization_difference(text, rows, bounds, lengths, first_token, starts, ends):
    """(index among the document's rows, message, value) of the first place where the rows differ
    from the text's own sentences and tokens, or None."""
    expected_bounds = np.array(sentence_bounds(text), np.int64).reshape(-1, 2)
    _, expected_starts, expected_ends = token_arrays(text, np.int64)
    found_bounds = bounds[rows].astype(np.int64)
    count = min(len(found_bounds), len(expected_bounds))
    differing = np.flatnonzero((found_bounds[:count] != expected_bounds[:count]).any(1))
    if len(differing):
        row = int(differing[0])
        found, expected = (tuple(map(int, found_bounds[row])), tuple(map(int, expected_bounds[row])))
        return row, f"sentence bounds {found} differ from the text's sentence {expected}", found
    if len(found_bounds) != len(expected_bounds):
        return count, f"the text has {len(expected_bounds)} sentences, the table {len(found_bounds)}", len(found_bounds)
    expected_lengths = np.bincount(np.searchsorted(expected_bounds[:, 1], expected_starts, side="right"),
                                   minlength=len(expected_bounds))
    differing = np.flatnonzero(lengths[rows] != expected_lengths)
    if len(differing):
        row = int(differing[0])
        found = int(lengths[rows][row])
        return row, f"sentence has {found} tokens, the text's sentence {int(expected_lengths[row])}", found
    token_rows = np.concatenate([np.arange(first_token[row], first_token[row + 1]) for row in rows])
    differing = np.flatnonzero((starts[token_rows] != expected_starts) | (ends[token_rows] != expected_ends))
    if len(differing):
        token = int(differing[0])
        row = int(np.searchsorted(np.cumsum(expected_lengths), token, side="right"))
        found = (int(starts[token_rows][token]), int(ends[token_rows][token]))
        expected = (int(expected_starts[token]), int(expected_ends[token]))
        return row, f"token at {found[0]}:{found[1]} differs from the text's token {expected[0]}:{expected[1]}", text[
            expected[0]:expected[1]]
    return None
