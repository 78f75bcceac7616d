from hypothesis import given
from hypothesis import strategies as st

from nkru.sources.locate import locate, occurrence_number, occurrence_starts

TEXT = "Kim Jong-un et Kim. Kimchi, Kim! l'Ukraine"


def test_occurrences_are_whole_words_and_include_those_inside_longer_names():
    assert occurrence_starts(TEXT, "Kim") == (0, 15, 28)
    assert locate(TEXT, "Kim", 2) == (15, 18)
    assert locate(TEXT, "Ukraine", 1) == (35, 42)


def test_missing_occurrences_are_none():
    assert locate(TEXT, "Kim", 4) is None
    assert locate(TEXT, "Kim", 0) is None
    assert locate(TEXT, "", 1) is None
    assert occurrence_number(TEXT, "Kim", 20) is None


def test_quotes_that_start_with_punctuation_are_not_word_bounded():
    assert locate("C'est l’ONU", "’ONU", 1) == (7, 11)


words = st.sampled_from(["Kim", "Jong-un", "Corée", "du", "Nord", "l’", "Ukraine", ",", " ", "\n", "é"])


@given(st.lists(words, min_size=1, max_size=40), st.sampled_from(["Kim", "Corée du Nord", "Nord", "Ukraine"]))
def test_occurrence_number_and_locate_are_inverse(pieces, quote):
    text = "".join(pieces)
    for start in occurrence_starts(text, quote):
        number = occurrence_number(text, quote, start)
        assert locate(text, quote, number) == (start, start + len(quote))
        assert text[start:start + len(quote)] == quote
