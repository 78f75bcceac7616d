import pytest

from nkru.errors import NkruError
from nkru.evaluation.scoring import ProfileScores, profile_spans, score
from nkru.schema import Sentence
from nkru.tokens import tokenize

TEXT = "Kim Jong-un et les Russes à Moscou"


def _sentences():
    tokens = tokenize(TEXT)
    return [Sentence(doc_id="d", sentence_id="d-s001", sentence_start=0, sentence_end=len(TEXT),
                     tokens=[TEXT[start:end] for start, end in tokens], token_starts=[start for start, _ in tokens],
                     token_ends=[end for _, end in tokens], ner_tags=[], coarse_ner_tags=[])]


GOLD = {"d": [(0, 11, "PER"), (19, 25, "NORP"), (28, 34, "GPE")]}


def test_profiles_map_to_conll_and_drop_norp_for_names():
    assert profile_spans(GOLD["d"], "conll") == [(0, 11, "PER"), (19, 25, "MISC"), (28, 34, "LOC")]
    assert profile_spans(GOLD["d"], "names") == [(0, 11, "PER"), (28, 34, "LOC")]
    with pytest.raises(NkruError, match="unknown profile"):
        profile_spans([], "muc")


def test_perfect_predictions_score_one_everywhere():
    result = score(GOLD, GOLD, _sentences())
    for profile in ("conll", "names"):
        assert result[profile].span["strict"]["ALL"].f1 == 1.0
        assert result[profile].token["ALL"].f1 == 1.0


def test_strict_partial_and_half_open_ends():
    predicted = {"d": [(0, 3, "PER"), (28, 34, "ORG")]}  # "Kim" only; Moscou with the wrong type
    result = score(GOLD, predicted, _sentences())["names"]
    assert result.span["strict"]["ALL"].f1 == 0.0
    assert result.span["partial"]["ALL"].precision == pytest.approx(0.75)  # 0.5 partial + 1 exact-span of 2
    assert result.span["exact"]["ALL"].f1 == pytest.approx(0.5)
    adjacent = {"d": [(11, 14, "PER")]}  # touches Kim Jong-un's end, does not overlap it
    assert score(GOLD, adjacent, _sentences())["names"].span["partial"]["ALL"].precision == 0.0


def test_scores_survive_their_json_record():
    result = score(GOLD, {"d": [(0, 3, "PER")]}, _sentences())
    for scores in result.values():
        assert ProfileScores.from_json(scores.to_json()) == scores
