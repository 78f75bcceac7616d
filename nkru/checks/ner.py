"""Checks over the token-level `ner` config: its sentences and tokens are those the tokenizer
finds in the text, its tags are well-formed IOB2 in range, and they rebuild exactly the `entities`
mentions (fine and coarse).

The checks share one flat view of the table (`_ner_arrays`): a numpy array per token column and
one value per sentence, never Python lists per sentence, which at x1000 the corpus would be most
of a validate's memory and time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.rows import iob2_spans
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, ENTITY_LABELS, NER_TAGS
from nkru.tokens import sentence_bounds, sentence_offsets, token_arrays, token_offsets

LIST_COLUMNS = ("tokens", "token_starts", "token_ends", "ner_tags", "coarse_ner_tags")
TAG_COLUMNS = {"ner_tags": NER_TAGS, "coarse_ner_tags": COARSE_NER_TAGS}
SPAN_SCHEMA = pa.schema([("doc_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("label", pa.string())])


@dataclass
class _NerArrays:
    """The sound sentences of the `ner` table (lists of one length, document known), flattened."""

    doc_ids: pa.Array            # per sentence
    sentence_ids: list[str]      # per sentence
    bounds: np.ndarray           # per sentence: (start, end)
    first_token: np.ndarray      # per sentence, and one past the last: where its tokens begin
    tokens: pa.Array             # per token
    starts: np.ndarray
    ends: np.ndarray
    sentence_of_token: np.ndarray
    tags: dict[str, np.ndarray]  # tag column -> per token
    unsound: list[tuple[str, str, list[int]]]  # (doc_id, sentence_id, list lengths) of the others

    def rows_by_doc(self) -> dict[str, np.ndarray]:
        """doc_id -> the indexes of its sentences, in table order."""
        doc_ids = self.doc_ids.to_numpy(zero_copy_only=False)
        order = np.argsort(doc_ids, kind="stable")
        names, firsts = np.unique(doc_ids[order], return_index=True)
        return dict(zip(names.tolist(), np.split(order, firsts[1:])))


def _ner_arrays(corpus: Corpus) -> _NerArrays | None:
    if "ner_arrays" not in corpus.derived:
        corpus.derived["ner_arrays"] = _flatten(corpus)
    return corpus.derived["ner_arrays"]


def _flatten(corpus: Corpus) -> _NerArrays | None:
    table = corpus.arrow_table("ner")
    if table is None:
        return None
    lengths = [pc.fill_null(pc.list_value_length(table[column]), -1).to_numpy() for column in LIST_COLUMNS]
    sound = np.logical_and.reduce([length == lengths[0] for length in lengths[1:]]) & (lengths[0] >= 0)
    sound &= pc.is_in(table["doc_id"], value_set=pa.array(list(corpus.texts_by_doc), pa.string())).to_numpy(
        zero_copy_only=False)
    unsound = [(table["doc_id"][row].as_py(), table["sentence_id"][row].as_py(),
                sorted({int(length[row]) for length in lengths if length[row] >= 0})) for row in np.flatnonzero(~sound)]
    table = table.filter(pa.array(sound)).combine_chunks()

    def flat(column):
        return pc.list_flatten(table[column]).to_numpy(zero_copy_only=False)
    counts = pc.list_value_length(table["token_starts"]).to_numpy().astype(np.int64)
    return _NerArrays(
        doc_ids=table["doc_id"].combine_chunks() if table.num_rows else pa.array([], pa.string()),
        sentence_ids=table["sentence_id"].to_pylist(),
        bounds=np.stack([table["sentence_start"].to_numpy(), table["sentence_end"].to_numpy()], 1).astype(np.int64)
        if table.num_rows else np.zeros((0, 2), np.int64),
        first_token=np.concatenate([[0], np.cumsum(counts)]),
        tokens=pc.list_flatten(table["tokens"]).combine_chunks() if table.num_rows else pa.array([], pa.string()),
        starts=flat("token_starts").astype(np.int64), ends=flat("token_ends").astype(np.int64),
        sentence_of_token=np.repeat(np.arange(table.num_rows), counts),
        tags={column: flat(column).astype(np.int64) for column in TAG_COLUMNS},
        unsound=unsound,
    )


@needs("ner", "documents")
def ner_tokens(corpus: Corpus) -> Iterator[Finding]:
    """Each sentence's token, offset and tag lists have one length, and its document exists."""
    arrays = _ner_arrays(corpus)
    for doc_id, sentence_id, lengths in arrays.unsound if arrays else ():
        yield Finding("ner_tokens", "ner", doc_id, sentence_id,
                      "token, offset and tag lists must have one length and the document must exist", lengths)


@needs("ner", "documents")
def ner_tags_wellformed(corpus: Corpus) -> Iterator[Finding]:
    """Every tag is an index of its label list, and the tags are IOB2: an I- tag continues a B- or
    I- tag of its type in the same sentence. One finding per sentence and column, at its first bad tag."""
    arrays = _ner_arrays(corpus)
    if arrays is None:
        return
    rows = arrays.sentence_of_token
    doc_ids = arrays.doc_ids
    for column, tag_names in TAG_COLUMNS.items():
        tags = arrays.tags[column]
        outside = (tags < 0) | (tags >= len(tag_names))
        known = np.where(outside, tag_names.index("O"), tags)
        # Each tag as (prefix, type) codes: O is 0; B- is 1 and I- 2, with the type's index.
        prefix = np.array([" BI".index(name[0]) if name != "O" else 0 for name in tag_names])[known]
        kind = np.array([sorted({name[2:] for name in tag_names}).index(name[2:]) for name in tag_names])[known]
        follows = np.zeros(len(tags), bool)
        follows[1:] = (rows[1:] == rows[:-1]) & (prefix[:-1] != 0) & (kind[1:] == kind[:-1])
        bad = outside | ((prefix == 2) & ~follows)
        reported = set()
        for index in np.flatnonzero(bad):
            row = int(rows[index])
            if row in reported:
                continue
            reported.add(row)
            position = int(index - arrays.first_token[row])
            message = (f"{column}: tag of token {position} is outside 0..{len(tag_names) - 1}" if outside[index]
                       else f"{column}: token {position} is tagged {tag_names[known[index]]} without a B- or I- "
                       "of its type before it")
            yield Finding("ner_tags_wellformed", "ner", doc_ids[row].as_py(), arrays.sentence_ids[row], message,
                          int(tags[index]))


@needs("ner", "documents")
def ner_tokenization(corpus: Corpus) -> Iterator[Finding]:
    """The sentences and tokens are those that nkru.tokens finds in each document's text: the same
    sentence bounds, the same tokens at the same offsets, each token in its sentence. One finding
    per document, at its first difference."""
    arrays = _ner_arrays(corpus)
    if arrays is None or _equals_the_tokenizer_output(corpus, arrays):
        return
    rows_by_doc = arrays.rows_by_doc()
    for doc_id, text in corpus.texts_by_doc.items():
        rows = rows_by_doc.get(doc_id)
        if rows is None:
            yield Finding("ner_tokenization", "ner", doc_id, "", "the document has no sentence in the table "
                          "(its shard is missing or empty)", len(sentence_bounds(text)))
            continue
        difference = _tokenization_difference(text, rows, arrays)
        if difference is not None:
            row, message, value = difference
            yield Finding("ner_tokenization", "ner", doc_id, arrays.sentence_ids[rows[min(row, len(rows) - 1)]],
                          message, value)


def _equals_the_tokenizer_output(corpus: Corpus, arrays: _NerArrays) -> bool:
    """Whether the whole table is exactly what the tokenizer gives for every document, in the
    documents' order: the usual case, decided with one pass of nkru.tokens.sentence_offsets and
    token_offsets over all the texts joined by line breaks (Corpus.joined_texts) and whole-array
    comparisons. False sends ner_tokenization to its per-document search for the difference."""
    doc_ids = arrays.doc_ids.to_numpy(zero_copy_only=False)
    if not len(doc_ids) or list(doc_ids[np.flatnonzero(np.r_[True, doc_ids[1:] != doc_ids[:-1]])]) != list(
            corpus.texts_by_doc):
        return False
    joined, doc_starts = corpus.joined_texts()
    bounds = sentence_offsets(joined, doc_starts[1:] - 1)
    sentence_doc = np.searchsorted(doc_starts, bounds[:, 0], side="right") - 1
    if len(bounds) != len(arrays.bounds) or ((bounds - doc_starts[sentence_doc][:, None]) != arrays.bounds).any():
        return False
    starts, ends = token_offsets(joined)
    counts = np.bincount(np.searchsorted(bounds[:, 1], starts, side="right"), minlength=len(bounds))
    if len(starts) != len(arrays.tokens) or (counts != np.diff(arrays.first_token)).any():
        return False
    token_doc = sentence_doc[arrays.sentence_of_token]
    if not ((starts - doc_starts[token_doc] == arrays.starts).all() and (ends - doc_starts[token_doc] == arrays.ends).all()):
        return False
    # The stored tokens equal the text's: the same length each, and the same characters in all.
    stored = arrays.tokens
    if stored.null_count or (pc.utf8_length(stored).to_numpy(zero_copy_only=False) != ends - starts).any():
        return False
    all_stored = pc.binary_join(pa.LargeListArray.from_arrays([0, len(stored)], stored.cast(pa.large_string())),
                                pa.scalar("", pa.large_string()))
    stored_codes = np.frombuffer(all_stored[0].as_py().encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return bool(np.array_equal(stored_codes, joined.codes_between(starts, ends)))


def _tokenization_difference(text: str, rows: np.ndarray, arrays: _NerArrays):
    """(index among the document's rows, message, value) of the first place where the rows differ
    from the text's own sentences and tokens, or None."""
    expected_bounds = np.array(sentence_bounds(text), np.int64).reshape(-1, 2)
    found_bounds = arrays.bounds[rows]
    count = min(len(found_bounds), len(expected_bounds))
    differing = np.flatnonzero((found_bounds[:count] != expected_bounds[:count]).any(1))
    if len(differing):
        row = int(differing[0])
        found, expected = tuple(map(int, found_bounds[row])), tuple(map(int, expected_bounds[row]))
        return row, f"sentence bounds {found} differ from the text's sentence {expected}", found
    if len(found_bounds) != len(expected_bounds):
        return count, f"the text has {len(expected_bounds)} sentences, the table {len(found_bounds)}", len(found_bounds)
    expected_tokens, expected_starts, expected_ends = token_arrays(text, np.int64)
    expected_lengths = np.bincount(np.searchsorted(expected_bounds[:, 1], expected_starts, side="right"),
                                   minlength=len(expected_bounds))
    found_lengths = arrays.first_token[rows + 1] - arrays.first_token[rows]
    differing = np.flatnonzero(found_lengths != expected_lengths)
    if len(differing):
        row = int(differing[0])
        return row, (f"sentence has {int(found_lengths[row])} tokens, the text's sentence "
                     f"{int(expected_lengths[row])}"), int(found_lengths[row])
    if len(rows) and (np.diff(rows) == 1).all():  # the usual case: the document's sentences are together
        token_rows = np.arange(arrays.first_token[rows[0]], arrays.first_token[rows[-1] + 1])
    else:
        token_rows = np.concatenate([np.arange(arrays.first_token[row], arrays.first_token[row + 1]) for row in rows])
    same_strings = pc.equal(arrays.tokens.take(pa.array(token_rows)), expected_tokens)
    differing = np.flatnonzero((arrays.starts[token_rows] != expected_starts) | (arrays.ends[token_rows] != expected_ends)
                               | ~pc.fill_null(same_strings, False).to_numpy(zero_copy_only=False))
    if len(differing):
        token = int(differing[0])
        row = int(np.searchsorted(np.cumsum(expected_lengths), token, side="right"))
        found = (int(arrays.starts[token_rows][token]), int(arrays.ends[token_rows][token]))
        expected = (int(expected_starts[token]), int(expected_ends[token]))
        return row, (f"token {arrays.tokens[int(token_rows[token])].as_py()!r} at {found[0]}:{found[1]} differs from "
                     f"the text's token at {expected[0]}:{expected[1]}"), expected_tokens[token].as_py()
    return None


def _spans_from_tags(arrays: _NerArrays) -> dict[str, pa.Table]:
    """Tag column -> (doc_id, start, end, label) of every span it encodes."""
    spans = {}
    for column, tag_names in TAG_COLUMNS.items():
        span_rows, starts, ends, labels = iob2_spans(arrays.starts, arrays.ends, arrays.sentence_of_token,
                                                     arrays.tags[column], tag_names)
        spans[column] = pa.table({"doc_id": arrays.doc_ids.take(pa.array(span_rows, pa.int64())),
                                  "start": starts.astype(np.int64), "end": ends.astype(np.int64),
                                  "label": labels.astype(str)}, schema=SPAN_SCHEMA)
    return spans


# A fine label index -> its name and its coarse name; "?" for an index outside the label list.
FINE_NAMES = pa.array([*ENTITY_LABELS, "?"])
COARSE_NAMES_OF_FINE = pa.array([*(COARSE_BY_ENTITY_LABEL[label] for label in ENTITY_LABELS), "?"])


def _mention_spans(corpus) -> tuple[pa.Table, pa.Table]:
    """(doc_id, start, end, label) of every mention, with its fine and with its coarse label."""
    mentions = corpus.arrow_table("entities")
    label = mentions["label"]
    index = pc.if_else(pc.fill_null(pc.or_(pc.less(label, 0), pc.greater_equal(label, len(ENTITY_LABELS))), True),
                       len(ENTITY_LABELS), label)
    columns = {"doc_id": mentions["doc_id"], "start": pc.cast(mentions["start"], pa.int64()),
               "end": pc.cast(mentions["end"], pa.int64())}
    return (pa.table({**columns, "label": pc.take(FINE_NAMES, index)}, schema=SPAN_SCHEMA),
            pa.table({**columns, "label": pc.take(COARSE_NAMES_OF_FINE, index)}, schema=SPAN_SCHEMA))


def _only_in(left: pa.Table, right: pa.Table) -> set[tuple]:
    """The distinct rows of `left` that are not rows of `right`."""
    missing = left.join(right, keys=list(SPAN_SCHEMA.names), join_type="left anti")
    return set(zip(*(missing[name].to_pylist() for name in SPAN_SCHEMA.names)))


@needs("ner", "documents", "entities")
def ner_matches_entities(corpus: Corpus) -> Iterator[Finding]:
    """The IOB2 tags, read back into spans, are exactly the mentions, with their fine and coarse types."""
    arrays = _ner_arrays(corpus)
    differences = []
    # A document without sentences is ner_tokenization's finding, not one per mention here.
    tagged_docs = pc.unique(arrays.doc_ids)
    for (column, built), expected in zip(_spans_from_tags(arrays).items(), _mention_spans(corpus)):
        expected = expected.filter(pc.is_in(expected["doc_id"], value_set=tagged_docs))
        if built.combine_chunks().equals(expected.combine_chunks()):  # the usual case: row for row
            continue
        differences += [(doc_id, column, (start, end, label), "only in the tags")
                        for doc_id, start, end, label in _only_in(built, expected)]
        differences += [(doc_id, column, (start, end, label), "missing from the tags")
                        for doc_id, start, end, label in _only_in(expected, built)]
    column_order = {"ner_tags": 0, "coarse_ner_tags": 1}
    for doc_id, column, span, side in sorted(differences, key=lambda item: (item[0], column_order[item[1]], item[2])):
        yield Finding("ner_matches_entities", "ner", doc_id, f"{span[0]}-{span[1]}", f"{column}: span {side}", span[2])
