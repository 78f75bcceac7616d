"""The corpus model's searches of the mention spans: many spans at once as arrays give what the
one-at-a-time searches give."""

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from nkru.reader import read_corpus

from conftest import CHECKOUT

CORPUS = read_corpus(CHECKOUT, ("documents", "entities"))
DOC_IDS = [document.doc_id for document in CORPUS.documents] + ["nkru-999"]  # the last has no mention
SPANS = st.lists(st.tuples(st.sampled_from(DOC_IDS), st.integers(0, 6000), st.integers(0, 60)), max_size=200)


def _columns(spans):
    doc_ids, starts, lengths = zip(*spans) if spans else ((), (), ())
    return pa.array(doc_ids, pa.string()), np.array(starts, np.int64), np.array(starts, np.int64) + lengths


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(SPANS)
def test_many_spans_at_once_are_searched_as_one_at_a_time(spans):
    doc_ids, starts, ends = _columns(spans)
    assert CORPUS.overlaps_mentions(doc_ids, starts, ends).tolist() == [
        CORPUS.overlaps_a_mention(doc_id, start, end) for doc_id, start, end in zip(doc_ids.to_pylist(), starts, ends)]
    assert CORPUS.contained_in_mentions(doc_ids, starts, ends).tolist() == [
        CORPUS.contains(doc_id, start, end) for doc_id, start, end in zip(doc_ids.to_pylist(), starts, ends)]


def test_every_mention_overlaps_and_contains_itself_and_offsets_beyond_any_text_are_searched_one_at_a_time():
    mentions = CORPUS.arrow_table("entities")
    assert CORPUS.overlaps_mentions(mentions["doc_id"], mentions["start"], mentions["end"]).all()
    assert CORPUS.contained_in_mentions(mentions["doc_id"], mentions["start"], mentions["end"]).all()
    # 2**61: the documents laid end to end on one line would overflow int64.
    doc_ids, starts, ends = pa.array(["nkru-000", "nkru-000"]), np.array([0, 2 ** 61]), np.array([8, 2 ** 61 + 1])
    assert CORPUS.overlaps_mentions(doc_ids, starts, ends).tolist() == [True, False]
    assert CORPUS.contained_in_mentions(doc_ids, starts, ends).tolist() == [True, False]


ENTITY_IDS = sorted({mention.entity_id for mention in CORPUS.mentions}) + ["nobody"]


def _overlaps_a_mention_of(doc_id, entity_id, start, end):
    return any(mention.entity_id == entity_id and mention.start < end and start < mention.end
               for mention in CORPUS.mentions_by_doc.get(doc_id, ()))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(DOC_IDS), st.sampled_from(ENTITY_IDS), st.integers(0, 6000),
                          st.integers(0, 60)), max_size=200))
def test_spans_are_searched_against_their_own_entitys_mentions_as_one_at_a_time(spans):
    doc_ids, starts, ends = _columns([(doc_id, start, length) for doc_id, _, start, length in spans])
    entity_ids = pa.array([entity_id for _, entity_id, _, _ in spans], pa.string())
    assert CORPUS.overlaps_entity_mentions(doc_ids, entity_ids, starts, ends).tolist() == [
        _overlaps_a_mention_of(doc_id, entity_id, start, end)
        for doc_id, entity_id, start, end in zip(doc_ids.to_pylist(), entity_ids.to_pylist(), starts, ends)]


def test_every_mention_overlaps_a_mention_of_its_own_entity_and_only_then():
    mentions = CORPUS.arrow_table("entities")
    assert CORPUS.overlaps_entity_mentions(mentions["doc_id"], mentions["entity_id"], mentions["start"],
                                           mentions["end"]).all()
    others = pa.array(["nobody"] * mentions.num_rows, pa.string())
    assert not CORPUS.overlaps_entity_mentions(mentions["doc_id"], others, mentions["start"], mentions["end"]).any()
    # offsets beyond any text are searched one at a time
    doc_ids, entity_ids = pa.array(["nkru-000", "nkru-000"]), pa.array(["kim_jong_un", "kim_jong_un"])
    assert CORPUS.overlaps_entity_mentions(doc_ids, entity_ids, np.array([0, 2 ** 61]),
                                           np.array([11, 2 ** 61 + 1])).tolist() == [True, False]
