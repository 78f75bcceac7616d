"""The checks that judge the whole corpus as arrays (for speed at x1000) find what a plain reading
of their rule, one row and one text at a time, finds: on the shipped corpus and on copies damaged
at random."""

import dataclasses
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from nkru.checks import CHECKS
from nkru.corpus import Corpus
from nkru.reader import read_corpus_directory
from nkru.schema import SPAN_LAYERS

from conftest import CHECKOUT

SHIPPED = read_corpus_directory(CHECKOUT)
MENTIONS = SHIPPED.mentions
DAMAGE = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def _with_mentions(mentions) -> Corpus:
    return Corpus(tables={**SHIPPED.tables, "entities": list(mentions)}, root=SHIPPED.root, review=SHIPPED.review)


def _found(check: str, corpus: Corpus) -> list[tuple]:
    return [(finding.doc_id, finding.row_id, finding.value) for finding in CHECKS[check](corpus)]


def _undecided_occurrences(corpus: Corpus) -> list[tuple]:
    """surface_coverage's rule, text by text and form by form: every whole-word occurrence of an
    annotated surface form lies inside a mention or is a reviewed exclusion."""
    from nkru.checks.surface import excluded_spans

    forms = sorted({mention.text for mention in corpus.mentions if mention.text})
    excluded = excluded_spans(corpus)
    found = []
    for doc_id, text in corpus.texts_by_doc.items():
        spans = corpus.spans_by_doc[doc_id]
        occurrences = []
        for rank, form in enumerate(forms):
            first_word = re.match(r"\w+", form)
            # A form that begins with a word begins at a whole word: its first one, then the rest.
            before = rf"(?<!\w){re.escape(first_word.group())}(?!\w)" if first_word else ""
            pattern = before + re.escape(form[first_word.end():] if first_word else form)
            for match in re.finditer(pattern, text):
                end = match.end()
                if not before or end == len(text) or not (form[-1].isalnum() and text[end].isalnum()):
                    occurrences.append((0 if before else 1, match.start() if before else rank,
                                        rank if before else match.start(), match.start(), end, form))
        for _, _, _, start, end, form in sorted(occurrences):
            inside = any(span_start <= start and end <= span_end for span_start, span_end in spans)
            if not inside and (start, end) not in excluded[doc_id]:
                found.append((doc_id, f"{start}-{end}", form))
    return found


@DAMAGE
@given(st.lists(st.integers(0, len(MENTIONS) - 1), max_size=40))
def test_surface_coverage_finds_each_occurrence_left_undecided(dropped):
    corpus = _with_mentions(mention for index, mention in enumerate(MENTIONS) if index not in set(dropped))
    assert _found("surface_coverage", corpus) == _undecided_occurrences(corpus)


def _moves(distance: int):
    """Mentions to move: (index, start move, end move), each move at most `distance` characters."""
    move = st.integers(-distance, distance)
    return st.lists(st.tuples(st.integers(0, len(MENTIONS) - 1), move, move), max_size=12)


def _with_moved_mentions(moves, from_the_text_start: bool = False) -> Corpus:
    """The shipped corpus with these mentions moved (offsets kept at 0 or after, if asked)."""
    mentions = list(MENTIONS)
    for index, start_move, end_move in moves:
        mention = mentions[index]
        start, end = mention.start + start_move, mention.end + end_move
        if from_the_text_start:
            start, end = max(0, start), max(1, end)
        mentions[index] = dataclasses.replace(mention, start=start, end=end)
    return _with_mentions(mentions)


@DAMAGE
@given(_moves(30))
def test_entity_overlap_finds_each_mention_that_overlaps_the_one_before(moves):
    corpus = _with_moved_mentions(moves, from_the_text_start=True)
    expected = []
    for doc_mentions in corpus.mentions_by_doc.values():
        ordered = sorted(doc_mentions, key=lambda mention: (mention.start, mention.end))
        expected += [(mention.doc_id, mention.mention_id, (mention.start, mention.end))
                     for previous, mention in zip(ordered, ordered[1:]) if mention.start < previous.end]
    assert _found("entity_overlap", corpus) == expected


def _span_rule_findings(corpus: Corpus) -> dict[str, list[tuple]]:
    """span_offsets, span_text and span_boundaries' rules, span by span."""
    found = {"span_offsets": [], "span_text": [], "span_boundaries": []}
    texts = corpus.texts_by_doc
    for layer in SPAN_LAYERS:
        for row in corpus.rows(layer.config):
            for role in layer.spans:
                start, end, stored = (getattr(row, name) for name in (role.start, role.end, role.text))
                if role.optional and start is None and end is None and stored is None or row.doc_id not in texts:
                    continue
                text, where = texts[row.doc_id], (row.doc_id, getattr(row, layer.id_column))
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                    found["span_offsets"].append((*where, (start, end)))
                    continue
                piece = text[start:end]
                if piece != stored:
                    found["span_text"].append((*where, stored))
                if piece != piece.strip():
                    found["span_boundaries"].append((*where, piece))
                elif (start > 0 and text[start - 1].isalnum() and piece[0].isalnum()) or (
                        end < len(text) and text[end].isalnum() and piece[-1].isalnum()):
                    found["span_boundaries"].append((*where, text[max(0, start - 5):end + 5]))
    return found


@DAMAGE
@given(_moves(3))
def test_the_span_checks_find_each_span_out_of_place(moves):
    corpus = _with_moved_mentions(moves)
    expected = _span_rule_findings(corpus)
    for check in expected:  # the reference walks layer by layer, row by row, then role by role
        assert sorted(_found(check, corpus), key=str) == sorted(expected[check], key=str), check
