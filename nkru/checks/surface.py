"""Checks of one surface form across the corpus: same label everywhere, every occurrence decided.

An occurrence is decided when it is a mention, lies inside a longer mention, or is listed in the
reviewed exclusions. Occurrences are found with one pass over each text's word starts, indexed by
the first word of each surface form, so the cost grows with the text, not with texts x forms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.rows import decoded
from nkru.schema import ENTITY_LABELS
from nkru.sources.locate import occurrence_starts, quote_pattern

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


def _occurrences(text, forms_by_first_word, first_words):
    """(start, end, form) of every whole-word occurrence of every form in `text`, in one pass.

    `first_words` matches the whole words that begin a form, so the scan stays in the regex
    engine and Python looks only at candidate positions.
    """
    for word in first_words.finditer(text):
        for form in forms_by_first_word[word.group()]:
            end = word.start() + len(form)
            if text.startswith(form, word.start()) and (end == len(text) or not (
                    form[-1].isalnum() and text[end].isalnum())):
                yield word.start(), end, form


@needs("documents", "entities")
def surface_coverage(corpus: Corpus) -> Iterator[Finding]:
    # Sorted, so that the findings come in the same order in every process (a set's order is not).
    forms = sorted({mention.text for mention in corpus.mentions if mention.text})
    forms_by_first_word, other_forms = defaultdict(list), []
    for form in forms:
        first = WORD.match(form)
        (forms_by_first_word[first.group()] if first else other_forms).append(form)
    first_words = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms_by_first_word))) + r")(?!\w)")
    excluded = excluded_spans(corpus)
    for doc_id, text in corpus.texts_by_doc.items():
        exact = set(corpus.spans_by_doc[doc_id])
        occurrences = list(_occurrences(text, forms_by_first_word, first_words)) if forms_by_first_word else []
        occurrences += [(match.start(), match.end(), form) for form in other_forms
                        for match in quote_pattern(form).finditer(text)]
        for start, end, form in occurrences:
            if (start, end) in exact or (start, end) in excluded[doc_id]:
                continue
            if not corpus.contains(doc_id, start, end):
                yield Finding("surface_coverage", "entities", doc_id, f"{start}-{end}",
                              "annotated surface form left undecided here (annotate it or list it as a reviewed "
                              "exclusion)", form)


@needs("documents", "entities")
def model_review_complete(corpus: Corpus) -> Iterator[Finding]:
    """Every stored model prediction that overlaps no gold mention is a reviewed exclusion."""
    if corpus.review is None:
        return
    excluded = excluded_spans(corpus)
    for prediction in corpus.review.model_predictions:
        doc_id, start, end = prediction.doc_id, prediction.start, prediction.end
        if not corpus.overlaps_a_mention(doc_id, start, end) and (start, end) not in excluded[doc_id]:
            yield Finding("model_review_complete", "entities", doc_id, f"{start}-{end}",
                          f"{prediction.model} predicts {prediction.label} here, neither annotated nor reviewed",
                          prediction.text)


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
