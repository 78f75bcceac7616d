"""nkru.build.ner_table works on whole documents with numpy; it must give, sentence by sentence, the
tokens of tokenize, the sentences of sentence_bounds and the tags of spans_to_iob, and refuse
every span they refuse."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nkru.build.ner_table
from nkru.build.ner_table import ner_table
from nkru.errors import SourceError
from nkru.reader import read_corpus
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, NER_TAGS, Document, Mention
from nkru.tokens import WHITESPACE, sentence_bounds, spans_to_iob, tokenize

pieces = st.sampled_from(["Kim", "Jong-un", "l'", "qu’", "Russia's", "M.", "Corée", "2023-09", " ", " ", "  ", "\n",
                          "\n\n", ",", ".", "!", "…", "?", "«", "»", "(", ")", "’", "@", "é", "\u00a0", "\u202f", "\t", "\x1c"])
labels = st.sampled_from(["PER", "GPE", "NORP", "ORG", "EVENT"])


def document(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, text=text, title=None, dct="2023-09", dct_evidence="test", dct_header=None,
                    source_file=f"{doc_id}.txt", sha256="", char_count=len(text), dct_timex_id=f"{doc_id}-t0")


def mention(doc_id: str, start: int, end: int, label: str) -> Mention:
    return Mention(doc_id=doc_id, mention_id="", start=start, end=end, text="", label=label, coarse_label="",
                   entity_id="")


def reference_rows(doc_id, text, spans):
    """The `ner` rows of one document, sentence by sentence, from the reference functions."""
    tokens, rows = tokenize(text), []
    for number, (start, end) in enumerate(sentence_bounds(text), start=1):
        own = [token for token in tokens if start <= token[0] < end]
        tags = spans_to_iob(own, [span for span in spans if start <= span[0] < end])
        rows.append({
            "doc_id": doc_id, "sentence_id": f"{doc_id}-s{number:03d}", "sentence_start": start, "sentence_end": end,
            "tokens": [text[token_start:token_end] for token_start, token_end in own],
            "token_starts": [token_start for token_start, _ in own], "token_ends": [token_end for _, token_end in own],
            "ner_tags": [NER_TAGS.index(tag) for tag in tags],
            "coarse_ner_tags": [COARSE_NER_TAGS.index(tag if tag == "O" else f"{tag[:2]}{COARSE_BY_ENTITY_LABEL[tag[2:]]}")
                                for tag in tags],
        })
    return rows


@st.composite
def documents_and_spans(draw):
    """Up to three documents, with non-overlapping spans over whole tokens of one sentence."""
    documents, mentions = [], []
    for number in range(draw(st.integers(min_value=0, max_value=3))):
        doc_id, text = f"d{number}", "".join(draw(st.lists(pieces, max_size=40)))
        documents.append(document(doc_id, text))
        for start, end in sentence_bounds(text):
            own = [token for token in tokenize(text) if start <= token[0] < end]
            index = 0
            while index < len(own):
                length = draw(st.integers(min_value=0, max_value=3))
                if length:
                    last = min(index + length, len(own)) - 1
                    mentions.append(mention(doc_id, own[index][0], own[last][1], draw(labels)))
                    index = last + 1
                else:
                    index += 1
    return documents, draw(st.permutations(mentions))


@given(documents_and_spans())
def test_same_rows_as_the_reference_functions(generated):
    documents, mentions = generated
    expected = [row for document in documents for row in reference_rows(
        document.doc_id, document.text,
        [(m.start, m.end, m.label) for m in mentions if m.doc_id == document.doc_id])]
    assert ner_table(documents, mentions).to_pylist() == expected


TEXT = "Kim Jong-un à Moscou. Choïgou à Pyongyang."


def at(quote, label, end_shift=0):
    """The span of `quote`'s first occurrence in TEXT, its end moved by `end_shift` characters."""
    start = TEXT.index(quote)
    return start, start + len(quote) + end_shift, label


@pytest.mark.parametrize("spans, message", [
    ([at("Kim Jong-un", "PER", -5)], r"d0, sentence 1: span 0:6 \(PER\) does not fall on token boundaries"),
    ([at("Moscou", "GPE", 5)], r"d0, sentence 1: span 14:25 \(GPE\) does not fall on token boundaries"),
    ([at("Kim Jong-un", "PER"), at("Jong-un", "PER")],
     r"d0, sentence 1: span 4:11 \(PER\) overlaps the span before it, which ends at 11"),
    ([at("Moscou. Choïgou", "GPE")], r"d0, sentence 1: span 14:29 \(GPE\) crosses a sentence boundary"),
    ([at("Pyongyang", "GPE"), at("Pyongyang.", "GPE", 1)],
     r"d0, sentence 2: span 32:43 \(GPE\) overlaps the span before it, which ends at 41"),
    ([at("Pyongyang.", "GPE", 1)], r"d0, sentence 2: span 32:43 \(GPE\) does not fall on token boundaries"),
    ([(TEXT.index("Moscou"), TEXT.index("Kim") + 3, "GPE")], r"span 14:3 \(GPE\) does not fall on token boundaries"),
    ([at("Kim", "PLANET")], r"d0: span 0:3 has the unknown label 'PLANET'"),
])
def test_refused_spans_are_named(spans, message):
    mentions = [mention("d0", start, end, label) for start, end, label in spans]
    with pytest.raises(SourceError, match=message):
        ner_table([document("d0", TEXT)], mentions)


def test_whitespace_is_what_the_tokenizer_skips():
    assert WHITESPACE == "".join(chr(code) for code in range(0x110000) if re.fullmatch(r"\s", chr(code)))


def test_batches_join_into_the_table_built_at_once(monkeypatch):
    corpus = read_corpus(configs=("documents", "entities"))
    documents, mentions = corpus.documents, corpus.mentions
    at_once = ner_table(documents, mentions)
    monkeypatch.setattr(nkru.build.ner_table, "BATCH_TOKENS", 1)
    by_document = ner_table(documents, mentions)
    assert len(at_once.to_batches()) == 1 and len(by_document.to_batches()) == len(documents)
    assert by_document.equals(at_once)
