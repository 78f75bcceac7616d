"""The SemEval-2022 Task 10 export: one record per `ner` sentence, every span on the space-delimited
tokens the task's scorer compares, and the export scored against itself gives SF1 1."""

import json

import pytest

from nkru.errors import ExportError
from nkru.evaluation.stance_predictions import STANCE_CONFIGS, space_token_offsets
from nkru.evaluation.stance_scoring import score_stances
from nkru.export.semeval22 import (
    EXTRA_FIELDS,
    SEMEVAL_FILE,
    SEMEVAL_POLARITY,
    StanceSentences,
    export_semeval22,
    read_semeval22,
    semeval22_records,
)
from nkru.reader import read_corpus
from nkru.schema import Sentence, Stance

SPAN_KEYS = ("Source", "Target", "Polar_expression")
# 52 cues, 50 targets (two lie in the sentence before the cue's) and 41 holders (10 stances are the
# author's, 1 holder is named in the sentence before: spec §4 v1.1 keeps holders in the cue's sentence).
SPANS_CHECKED = 143
IMPLICIT_SOURCES = 11
HOLDERS_IN_ANOTHER_SENTENCE = 1
TARGETS_IN_ANOTHER_SENTENCE = 2


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(None, STANCE_CONFIGS)


@pytest.fixture(scope="module")
def records(corpus):
    return semeval22_records(corpus.sentences, corpus.stances)


def test_the_export_is_one_json_list_of_sentences_in_the_tasks_layout(corpus, tmp_path):
    (path,) = export_semeval22(corpus, tmp_path)
    assert path == tmp_path / "semeval22" / "test.json" == tmp_path / SEMEVAL_FILE
    written = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(written, list) and len(written) == len(corpus.sentences) == 117
    assert [record["sent_id"] for record in written] == [sentence.sentence_id for sentence in corpus.sentences]
    for record, sentence in zip(written, corpus.sentences):
        assert set(record) == {"sent_id", "text", "opinions"}
        assert record["text"] == " ".join(sentence.tokens)
    assert sum(len(record["opinions"]) for record in written) == len(corpus.stances) == 52


def test_every_span_lies_on_space_delimited_tokens_and_holds_their_text(records):
    checked = 0
    for record in records:
        text = record["text"]
        tokens = space_token_offsets(text)
        starts, ends = {start for start, _ in tokens}, {end for _, end in tokens}
        for opinion in record["opinions"]:
            for key in SPAN_KEYS:
                texts, offsets = opinion[key]
                assert len(texts) == len(offsets) <= 1, (record["sent_id"], key)
                for surface, offset in zip(texts, offsets):
                    start, end = map(int, offset.split(":"))
                    assert start in starts and end in ends, (record["sent_id"], key, offset)
                    assert text[start:end] == surface
                    covered = [text[a:b] for a, b in tokens if start <= a and b <= end]
                    assert surface == " ".join(covered)
                    checked += 1
    assert checked == SPANS_CHECKED


def test_each_span_covers_exactly_the_tokens_of_the_stance_span(corpus, records):
    stance_by_id = {stance.stance_id: stance for stance in corpus.stances}
    sentence_by_id = {sentence.sentence_id: sentence for sentence in corpus.sentences}
    for record in records:
        sentence = sentence_by_id[record["sent_id"]]
        for opinion in record["opinions"]:
            stance = stance_by_id[opinion["stance_id"]]
            for key, role in (("Source", "holder"), ("Target", "target"), ("Polar_expression", "cue")):
                if not opinion[key][0]:
                    continue
                start, end = getattr(stance, f"{role}_start"), getattr(stance, f"{role}_end")
                tokens = [token for token, token_start, token_end in zip(
                    sentence.tokens, sentence.token_starts, sentence.token_ends)
                    if token_start < end and start < token_end]
                assert opinion[key][0] == [" ".join(tokens)]


def test_the_export_scored_against_itself_is_perfect(records):
    scores = score_stances(records, records, replicates=50)
    assert scores["measures"]["sf1"] == {"value": 1.0, "ci95": [1.0, 1.0]}
    assert all(entry["value"] == 1.0 for entry in scores["measures"].values())
    assert scores["counts"]["gold"] == scores["counts"]["predicted"] == 52


def test_holders_and_targets_outside_the_cues_sentence_are_empty(corpus, records):
    opinions = [opinion for record in records for opinion in record["opinions"]]
    implicit = [opinion for opinion in opinions if opinion["Source"] == [[], []]]
    assert len(implicit) == IMPLICIT_SOURCES
    stance_by_id = {stance.stance_id: stance for stance in corpus.stances}
    elsewhere = [opinion for opinion in implicit if stance_by_id[opinion["stance_id"]].holder_start is not None]
    assert len(elsewhere) == HOLDERS_IN_ANOTHER_SENTENCE
    assert {opinion["attribution"] for opinion in implicit if opinion not in elsewhere} == {"AUTHOR"}
    assert sum(opinion["Target"] == [[], []] for opinion in opinions) == TARGETS_IN_ANOTHER_SENTENCE
    assert all(opinion["Polar_expression"][0] for opinion in opinions)


def test_each_opinion_keeps_the_stances_id_target_attribution_and_polarity(corpus, records):
    opinions = [opinion for record in records for opinion in record["opinions"]]
    assert [opinion["stance_id"] for opinion in opinions] == [stance.stance_id for stance in corpus.stances]
    for opinion, stance in zip(opinions, corpus.stances):
        assert list(opinion)[-len(EXTRA_FIELDS):] == list(EXTRA_FIELDS)
        assert (opinion["target_id"], opinion["attribution"]) == (stance.target_id, stance.attribution)
        assert opinion["Polarity"] == SEMEVAL_POLARITY[stance.polarity]
        assert opinion["Intensity"] == "Standard"
    assert SEMEVAL_POLARITY == {"FAVOR": "Positive", "AGAINST": "Negative", "NEUTRAL": "Neutral"}


def test_the_first_record_with_an_opinion_is_pinned(records):
    record = next(record for record in records if record["opinions"])
    assert record["sent_id"] == "nkru-000-s002"
    assert record["text"].startswith("L' Occident a à plusieurs reprises pointé du doigt Pyongyang")
    assert record["opinions"][0] == {
        "Source": [["Occident"], ["3:11"]],
        "Target": [["fourni à Moscou des fournitures militaires illégales et secrètes"], ["72:136"]],
        "Polar_expression": [["pointé du doigt"], ["35:50"]],
        "Polarity": "Negative", "Intensity": "Standard",
        "stance_id": "nkru-000-st001", "target_id": "dprk_russia_military_cooperation", "attribution": "REPORTED"}


def test_the_export_reads_back(corpus, tmp_path):
    (path,) = export_semeval22(corpus, tmp_path)
    back = read_semeval22(path)
    assert [record["sent_id"] for record in back] == [sentence.sentence_id for sentence in corpus.sentences]
    for record in back:
        for opinion in record["opinions"]:
            for text, start, end in opinion["Source"] + opinion["Target"] + opinion["Polar_expression"]:
                assert record["text"][start:end] == text


def _sentence(sentence_id: str, start: int, tokens: list[tuple[str, int]]) -> Sentence:
    return Sentence("doc", sentence_id, start, tokens[-1][1] + len(tokens[-1][0]), [token for token, _ in tokens],
                    [offset for _, offset in tokens], [offset + len(token) for token, offset in tokens], [], [])


def _stance(cue: tuple[int, int], target: tuple[int, int], holder: tuple[int, int] | None = None) -> Stance:
    return Stance("doc", "doc-st001", *(holder or (None, None)), None, None, *target, "", "other", "FAVOR", *cue, "",
                  "REPORTED")


# "Paris l'aime. Rome aussi." as two sentences of the `ner` config.
SENTENCES = [_sentence("doc-s001", 0, [("Paris", 0), ("l'", 6), ("aime", 8), (".", 12)]),
             _sentence("doc-s002", 14, [("Rome", 14), ("aussi", 19), (".", 24)])]


def test_a_span_inside_a_token_is_widened_to_the_token():
    sent_id, opinion = StanceSentences(SENTENCES).opinion(_stance((9, 11), (1, 3)))
    assert sent_id == "doc-s001"
    assert opinion["Polar_expression"] == [["aime"], ["9:13"]]
    assert opinion["Target"] == [["Paris"], ["0:5"]]
    assert opinion["Source"] == [[], []]


def test_a_holder_in_another_sentence_is_empty_and_one_across_a_boundary_is_refused():
    placer = StanceSentences(SENTENCES)
    _, opinion = placer.opinion(_stance((19, 24), (14, 18), holder=(0, 5)))
    assert opinion["Source"] == [[], []] and opinion["Target"] == [["Rome"], ["0:4"]]
    with pytest.raises(ExportError, match="the holder 8:18 crosses a boundary of the cue's sentence doc-s002"):
        placer.opinion(_stance((19, 24), (14, 18), holder=(8, 18)))
    with pytest.raises(ExportError, match="the cue 8:18 does not lie within one sentence of doc"):
        placer.opinion(_stance((8, 18), (0, 5)))
    with pytest.raises(ExportError, match="the target 40:45 does not lie within one sentence"):
        placer.opinion(_stance((8, 12), (40, 45)))
