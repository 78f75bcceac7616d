import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkru.errors import SourceError
from nkru.loader import load
from nkru.rows import iob2_spans
from nkru.schema import COARSE_NER_TAGS, NER_TAGS
from nkru.text_arrays import text_arrays
from nkru.tokens import iob_to_spans, sentence_bounds, sentence_offsets, spans_to_iob, token_offsets, tokenize


def _words(text):
    return [text[start:end] for start, end in tokenize(text)]


def test_tokenizer_rules():
    assert _words("L'Occident d’armes qu’il jusqu'à") == ["L'", "Occident", "d’", "armes", "qu’", "il", "jusqu'", "à"]
    assert _words("Russia's King’s (russe)") == ["Russia", "'s", "King", "’s", "(", "russe", ")"]
    assert _words("Kim Jong-un, Hwasong-17 et 2023-09 : 6 500 km.") == [
        "Kim", "Jong-un", ",", "Hwasong-17", "et", "2023-09", ":", "6", "500", "km", "."]
    assert _words(" \n\t ") == []


def test_sentences_split_at_full_stops_and_lines_but_not_after_m():
    text = "M. Choïgou est venu. Il est reparti !\n« Oui. » Fin"
    assert [text[start:end] for start, end in sentence_bounds(text)] == [
        "M. Choïgou est venu.", "Il est reparti !", "« Oui. »", "Fin"]


def test_ner_config_rebuilds_every_entity():
    mentions = {(row["doc_id"], row["start"], row["end"], row["label"]) for row in load("entities")["test"]}
    ner = load("ner")["test"]
    names = ner.features["ner_tags"].feature.names
    rebuilt = set()
    for row in ner:
        tokens = list(zip(row["token_starts"], row["token_ends"]))
        rebuilt |= {(row["doc_id"], start, end, label)
                    for start, end, label in iob_to_spans(tokens, [names[tag] for tag in row["ner_tags"]])}
    label_names = load("entities")["test"].features["label"].names
    assert rebuilt == {(doc, start, end, label_names[label]) for doc, start, end, label in mentions}
    assert all(token.strip() for row in ner for token in row["tokens"])


def test_a_span_off_token_boundaries_is_refused():
    tokens = tokenize("Kim Jong-un")
    try:
        spans_to_iob(tokens, [(0, 2, "PER")])
    except SourceError as error:
        assert "0:2" in str(error)
    else:
        raise AssertionError("expected a SourceError")


pieces = st.sampled_from(["Kim", "Jong-un", "l'", "Ukraine", "Corée", "du", "Nord", " ", " ", "\n", ",", ".", "«", "»"])


@st.composite
def text_and_spans(draw):
    text = "".join(draw(st.lists(pieces, min_size=1, max_size=40)))
    tokens = tokenize(text)
    spans, index = [], 0
    while index < len(tokens):
        if draw(st.booleans()):
            length = draw(st.integers(min_value=1, max_value=3))
            last = min(index + length, len(tokens)) - 1
            spans.append((tokens[index][0], tokens[last][1], draw(st.sampled_from(["PER", "GPE", "NORP"]))))
            index = last + 1
        else:
            index += 1
    return text, tokens, spans


@given(text_and_spans())
def test_span_to_iob_to_span_is_lossless(generated):
    text, tokens, spans = generated
    assert iob_to_spans(tokens, spans_to_iob(tokens, spans)) == spans
    assert all(text[start:end].strip() for start, end in tokens)


def test_overlapping_spans_and_ends_off_token_boundaries_are_refused():
    tokens = tokenize("Kim Jong-un à Moscou")
    with pytest.raises(SourceError, match="span 4:11 \\(PER\\) overlaps the span before it, which ends at 11"):
        spans_to_iob(tokens, [(0, 11, "PER"), (4, 11, "PER")])
    with pytest.raises(SourceError, match="span 0:6 \\(PER\\) does not fall on token boundaries"):
        spans_to_iob(tokens, [(0, 6, "PER")])
    with pytest.raises(SourceError, match="span 14:25 \\(GPE\\) does not fall on token boundaries"):
        spans_to_iob(tokens, [(14, 25, "GPE")])
    assert spans_to_iob(tokens, [(14, 20, "GPE"), (0, 11, "PER")]) == ["B-PER", "I-PER", "O", "B-GPE"]



@pytest.mark.parametrize("tag_names", [NER_TAGS, COARSE_NER_TAGS], ids=["fine", "coarse"])
@given(data=st.data())
def test_the_ner_check_decodes_tags_as_iob_to_spans_does(tag_names, data):
    """nkru.rows.iob2_spans (for the ner checks) decodes whole batches of sentences with numpy; on any tag sequences, stray
    I- tags and indexes outside the label set included, it must find iob_to_spans's spans."""
    sentences = data.draw(st.lists(st.lists(st.integers(-1, len(tag_names)), max_size=12), min_size=1, max_size=5))
    rows = np.array([row for row, tags in enumerate(sentences) for _ in tags], dtype=np.int64)
    tags = np.array([tag for row_tags in sentences for tag in row_tags], dtype=np.int64)
    starts = np.arange(len(tags), dtype=np.int64) * 3
    decoded = iob2_spans(starts, starts + 2, rows, tags, tag_names)
    expected, first = [], 0
    for row, row_tags in enumerate(sentences):
        tokens = [(int(start), int(start) + 2) for start in starts[first:first + len(row_tags)]]
        names = [tag_names[tag] if 0 <= tag < len(tag_names) else "O" for tag in row_tags]
        expected += [(row, *span) for span in iob_to_spans(tokens, names)]
        first += len(row_tags)
    assert list(zip(*(array.tolist() for array in decoded))) == expected


# The array versions of the tokenizer and the splitter (what `nkru validate` runs over the whole
# corpus) against the regex ones, on texts made of the characters where their rules meet:
# clitics, apostrophes, hyphens, the `s` of a possessive, sentence ends and closing marks,
# abbreviations, and characters that `(?i)`, `\w` or `\s` treat unusually.
TRICKY_CHARACTERS = st.sampled_from(list("aslqudjcmntSLQJ'’-. !?…»”\")]\n_é1ſKİ") + ["\u00a0", "\u2028", "\u200b",
                                                                                  "\U0001d518", "Mme", "M", "jusqu"])
TRICKY_TEXTS = st.lists(TRICKY_CHARACTERS, max_size=30).map("".join)
ARRAY_FUZZ = settings(max_examples=400, deadline=None, derandomize=True, database=None)


@ARRAY_FUZZ
@given(TRICKY_TEXTS)
def test_token_offsets_are_what_the_regex_tokenizer_finds(text):
    starts, ends = token_offsets(text_arrays(text))
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize(text)


@ARRAY_FUZZ
@given(TRICKY_TEXTS)
def test_the_pieces_between_token_offsets_are_the_tokens(text):
    starts, ends = token_offsets(text_arrays(text))
    assert text_arrays(text).pieces(starts, ends).to_pylist() == _words(text)


@ARRAY_FUZZ
@given(st.lists(TRICKY_TEXTS, min_size=1, max_size=4))
def test_sentence_offsets_over_joined_texts_are_each_texts_sentence_bounds(texts):
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    expected = [(start + offset, end + offset) for text, offset in zip(texts, text_starts)
                for start, end in sentence_bounds(text)]
    found = sentence_offsets(text_arrays("\n".join(texts)), text_starts[1:] - 1)
    assert [tuple(bounds) for bounds in found.tolist()] == expected


def test_the_array_tokenizer_and_splitter_agree_with_the_regex_ones_on_the_corpus():
    texts = [document["text"] for document in load("documents")["test"]]
    joined = text_arrays("\n".join(texts))
    starts, ends = token_offsets(joined)
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize("\n".join(texts))
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    assert [tuple(bounds) for bounds in sentence_offsets(joined, text_starts[1:] - 1).tolist()] == [
        (start + offset, end + offset) for text, offset in zip(texts, text_starts) for start, end in sentence_bounds(text)]


def test_text_arrays_classify_characters_as_re_does():
    arrays = text_arrays("a_é 1\u00a0\u200b-ſ")
    assert arrays.word.tolist() == [True, True, True, False, True, False, False, False, True]
    assert arrays.space.tolist() == [False, False, False, True, False, True, False, False, False]
    assert [arrays.text[start:end] for start, end in zip(*arrays.word_runs)] == ["a_é", "1", "ſ"]
