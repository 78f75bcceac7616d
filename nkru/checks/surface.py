"""Checks of one surface form across the corpus: same label everywhere, every occurrence decided.

An occurrence is decided when it is a mention, lies inside a longer mention, or is listed in the
reviewed exclusions. Occurrences are found with one pass over each text's word starts, indexed by
the first word of each surface form, so the cost grows with the text, not with texts x forms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.rows import decoded
from nkru.schema import ENTITY_LABELS
from nkru.sources.locate import occurrence_starts, quote_pattern
from nkru.text_arrays import TextArrays

WORD = re.compile(r"\w+")


def surface_label_consistency(corpus: Corpus) -> Iterator[Finding]:
    mentions = corpus.arrow_table("entities")
    if mentions is None:
        return
    # Only the forms with more than one label index are looked at one by one.
    counts = mentions.group_by("text").aggregate([("label", "count_distinct")])
    several = counts.filter(pc.greater(counts["label_count_distinct"], 1))["text"]
    labels_by_form = defaultdict(set)
    mixed = mentions.filter(pc.is_in(mentions["text"], value_set=several))
    for form, label in zip(mixed["text"].to_pylist(), decoded(mixed["label"].to_pylist(), ENTITY_LABELS)):
        labels_by_form[form].add(corpus.label_name("entities", "label", label))
    allowed = corpus.review.label_exceptions if corpus.review else {}
    for form, labels in sorted(labels_by_form.items()):
        if len(labels) > 1 and not labels <= allowed.get(form, frozenset()):
            yield Finding("surface_label_consistency", "entities", "", "",
                          f"surface form {form!r} has several labels and no listed exception",
                          sorted(label or "?" for label in labels))


def located_exclusions(corpus: Corpus) -> list[tuple[dict, tuple[int, int] | None]]:
    """Each reviewed exclusion with the span it points at (None when it points nowhere).

    Each (document, quote) is searched once, whatever the number of its excluded occurrences, and
    the result is kept on the corpus for the three checks that need it.
    """
    if "located_exclusions" not in corpus.derived:
        corpus.derived["located_exclusions"] = _locate_exclusions(corpus)
    return corpus.derived["located_exclusions"]


def _locate_exclusions(corpus: Corpus) -> list[tuple[dict, tuple[int, int] | None]]:
    starts_by_quote = {}
    located = []
    for row in corpus.review.exclusions if corpus.review else []:
        text = corpus.texts_by_doc.get(row["doc_id"])
        span = None
        if text is not None and row["occurrence"].isdigit():
            key = (row["doc_id"], row["quote"])
            if key not in starts_by_quote:
                starts_by_quote[key] = occurrence_starts(text, row["quote"])
            starts, number = starts_by_quote[key], int(row["occurrence"])
            if 1 <= number <= len(starts):
                span = (starts[number - 1], starts[number - 1] + len(row["quote"]))
        located.append((row, span))
    return located


def excluded_spans(corpus: Corpus) -> dict[str, set[tuple[int, int]]]:
    """doc_id -> the spans the reviewed exclusions point at (those that can be located)."""
    spans = defaultdict(set)
    for row, span in located_exclusions(corpus):
        if span:
            spans[row["doc_id"]].add(span)
    return spans


@needs("documents", "entities")
def surface_coverage(corpus: Corpus) -> Iterator[Finding]:
    mentions = corpus.arrow_table("entities")
    # Sorted, so that the findings come in the same order in every process (a set's order is not).
    forms = sorted(form for form in pc.unique(mentions["text"]).to_pylist() if form)
    doc_ids = list(corpus.texts_by_doc)
    if not forms or not doc_ids:
        return
    texts = list(corpus.texts_by_doc.values())
    joined, doc_starts = corpus.joined_texts()
    doc_ends = doc_starts + [len(text) for text in texts]
    by_first_word = [(rank, form) for rank, form in enumerate(forms) if WORD.match(form)]
    # (document, kind, rank, start, end) of every occurrence; kind 0: found by its first word.
    columns = [_word_form_occurrences(by_first_word, joined, doc_starts, doc_ends)]
    columns += [[np.array([document]), np.array([1]), np.array([rank]), np.array([match.start()]), np.array([match.end()])]
                for rank, form in enumerate(forms) if not WORD.match(form) for document, text in enumerate(texts)
                for match in quote_pattern(form).finditer(text)]
    documents, kinds, ranks, starts, ends = (np.concatenate(column).astype(np.int64) for column in zip(*columns))
    undecided = np.flatnonzero(~corpus.contained_in_mentions(pa.array(doc_ids).take(pa.array(documents)), starts, ends))
    documents, kinds, ranks, starts, ends = (column[undecided] for column in (documents, kinds, ranks, starts, ends))
    excluded = excluded_spans(corpus)
    # The order of a scan of each text: by place, then form, for the forms found by their first
    # word; then form by form for the others.
    by_place = kinds == 0
    for index in np.lexsort((np.where(by_place, ranks, starts), np.where(by_place, starts, ranks), kinds, documents)):
        doc_id, start, end = doc_ids[documents[index]], int(starts[index]), int(ends[index])
        if (start, end) not in excluded[doc_id]:
            yield Finding("surface_coverage", "entities", doc_id, f"{start}-{end}",
                          "annotated surface form left undecided here (annotate it or list it as a reviewed "
                          "exclusion)", forms[ranks[index]])


def _word_form_occurrences(forms: list[tuple[int, str]], arrays: TextArrays, doc_starts: np.ndarray,
                           doc_ends: np.ndarray) -> list[np.ndarray]:
    """The columns (document, 0, rank, start, end) of every whole-word occurrence of these (rank,
    form) pairs, offsets within the document: the form's first word is a whole run of word
    characters in the text, followed by the rest of the form, and then by no letter or digit
    when the form ends with one, in the joined texts (Corpus.joined_texts)."""
    run_starts, run_ends = arrays.word_runs
    first_words = [WORD.match(form).group() for _, form in forms]
    # Only the runs of a first word's length and first character can be one; sorted by both,
    # those of each first word are a slice.
    lengths, first_codes = run_ends - run_starts, arrays.codes[run_starts]
    possible = np.flatnonzero(_member(lengths, [len(word) for word in first_words])
                              & _member(first_codes, [ord(word[0]) for word in first_words]))
    keys = lengths[possible] * 0x110000 + first_codes[possible]
    order = np.argsort(keys, kind="stable")
    sorted_keys, sorted_starts = keys[order], run_starts[possible][order]
    alphanumeric = arrays.character_class(str.isalnum)
    columns = []
    for (rank, form), word in zip(forms, first_words):
        key = len(word) * 0x110000 + ord(word[0])
        candidates = sorted_starts[np.searchsorted(sorted_keys, key):np.searchsorted(sorted_keys, key, "right")]
        starts = candidates[_equals_at(arrays.codes, candidates, form)]
        ends = starts + len(form)
        if form[-1].isalnum():
            ending = ~alphanumeric[ends]
            starts, ends = starts[ending], ends[ending]
        documents = np.searchsorted(doc_starts, starts, side="right") - 1
        within = ends <= doc_ends[documents]
        documents, starts, ends = documents[within], starts[within], ends[within]
        columns.append((documents, np.zeros_like(documents), np.full_like(documents, rank),
                        starts - doc_starts[documents], ends - doc_starts[documents]))
    return [np.concatenate(column) for column in zip(*columns)] if columns else [np.zeros(0, np.int64)] * 5


def _member(values: np.ndarray, wanted: list[int]) -> np.ndarray:
    """np.isin for small non-negative whole numbers, by a lookup table (np.isin sorts)."""
    table = np.zeros(max(wanted) + 2, dtype=bool)
    table[wanted] = True
    return table[np.minimum(values, len(table) - 1)]


def _equals_at(codes: np.ndarray, positions: np.ndarray, piece: str) -> np.ndarray:
    """Whether `piece` is written at each of `positions` of the text whose code points are `codes`."""
    piece_codes = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    fits = positions + len(piece_codes) <= len(codes)
    equal = np.zeros(len(positions), dtype=bool)
    equal[fits] = (codes[positions[fits, None] + np.arange(len(piece_codes))] == piece_codes).all(axis=1)
    return equal


@needs("documents", "entities")
def model_review_complete(corpus: Corpus) -> Iterator[Finding]:
    """Every stored model prediction that overlaps no gold mention is a reviewed exclusion."""
    if corpus.review is None:
        return
    predictions = corpus.review.model_predictions
    # Only the predictions that overlap no mention (a few percent) are looked at one by one.
    overlapping = corpus.overlaps_mentions(predictions["doc_id"], predictions["start"], predictions["end"])
    excluded = excluded_spans(corpus)
    for prediction in predictions.filter(pa.array(~overlapping)).to_pylist():
        doc_id, start, end = prediction["doc_id"], prediction["start"], prediction["end"]
        if (start, end) not in excluded[doc_id]:
            yield Finding("model_review_complete", "entities", doc_id, f"{start}-{end}",
                          f"{prediction['model']} predicts {prediction['label']} here, neither annotated nor reviewed",
                          prediction["text"])


@needs("documents", "entities")
def reviewed_exclusions_valid(corpus: Corpus) -> Iterator[Finding]:
    """Each exclusion points at a real occurrence that is not annotated."""
    mention_spans = {doc_id: set(spans) for doc_id, spans in corpus.spans_by_doc.items()}
    for row, span in located_exclusions(corpus):
        where = f"{row['quote']}#{row['occurrence']}"
        if span is None:
            yield Finding("reviewed_exclusions_valid", "reviewed_exclusions", row["doc_id"], where,
                          "exclusion does not point at an occurrence in the text", row["occurrence"])
        elif span in mention_spans.get(row["doc_id"], ()):
            yield Finding("reviewed_exclusions_valid", "reviewed_exclusions", row["doc_id"], where,
                          "exclusion points at an annotated mention", span)


def surface_entity_consistency(corpus: Corpus) -> Iterator[Finding]:
    """Every mention of one surface form is linked to one registry entity."""
    entities_by_form = defaultdict(lambda: defaultdict(list))
    for mention in corpus.mentions:
        entities_by_form[mention.text][mention.entity_id].append(mention)
    for form, by_entity in entities_by_form.items():
        if len(by_entity) > 1:
            # Name the mentions of the less frequent entities: the majority is most likely right.
            majority = max(by_entity, key=lambda entity_id: (len(by_entity[entity_id]), str(entity_id)))
            for entity_id, mentions in sorted(by_entity.items(), key=lambda item: str(item[0])):
                if entity_id != majority:
                    for mention in mentions:
                        yield Finding("surface_entity_consistency", "entities", mention.doc_id, mention.mention_id,
                                      f"surface form {form!r} is linked to {majority!r} elsewhere", entity_id)
