"""The spaCy DocBin export read back with a blank French vocabulary: texts, the `ner` config's
tokens and sentences, the fine entities, the CoNLL-4 and dates span groups."""

import pytest

from nkru.cli import main
from nkru.errors import ExportError
from nkru.export.spacy_docbin import (
    COARSE_GROUP,
    DATES_GROUP,
    DOCBIN_FILE,
    TIMEX_EXTENSIONS,
    spacy_words,
)
from nkru.reader import read_corpus
from nkru.schema import Sentence


@pytest.fixture(scope="module")
def corpus():
    return read_corpus()


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    from spacy.tokens import DocBin, Span

    out = tmp_path_factory.mktemp("spacy")
    assert main(["export", "--format", "spacy", "--out", str(out)]) == 0
    for extension in TIMEX_EXTENSIONS:
        if not Span.has_extension(extension):
            Span.set_extension(extension, default=None)
    return list(DocBin().from_disk(out / DOCBIN_FILE).get_docs(spacy.blank("fr").vocab))


@pytest.mark.needs_spacy
def test_one_doc_per_document_with_its_text(corpus, docs):
    assert [doc.user_data["doc_id"] for doc in docs] == [document.doc_id for document in corpus.documents]
    assert [doc.text for doc in docs] == [document.text for document in corpus.documents]


@pytest.mark.needs_spacy
def test_the_tokens_are_the_ner_configs_plus_whitespace(corpus, docs):
    sentences_by_doc = corpus.rows_by_doc("ner")
    for doc in docs:
        expected = [(token, start, end) for sentence in sentences_by_doc[doc.user_data["doc_id"]]
                    for token, start, end in zip(sentence.tokens, sentence.token_starts, sentence.token_ends)]
        assert [(token.text, token.idx, token.idx + len(token)) for token in doc if not token.is_space] == expected
        assert all(token.text.isspace() for token in doc if token.is_space)


@pytest.mark.needs_spacy
def test_the_sentences_are_the_ner_configs(corpus, docs):
    sentences_by_doc = corpus.rows_by_doc("ner")
    assert sum(len(list(doc.sents)) for doc in docs) == len(corpus.sentences)
    for doc in docs:
        assert doc.has_annotation("SENT_START")
        read_back = [[(token.idx, token.idx + len(token)) for token in sent if not token.is_space]
                     for sent in doc.sents]
        assert read_back == [list(zip(sentence.token_starts, sentence.token_ends))
                             for sentence in sentences_by_doc[doc.user_data["doc_id"]]]


@pytest.mark.needs_spacy
def test_the_ents_are_the_mentions_with_their_fine_labels(corpus, docs):
    mentions_by_doc = corpus.mentions_by_doc
    for doc in docs:
        assert [(ent.start_char, ent.end_char, ent.label_, ent.kb_id_, ent.id_) for ent in doc.ents] == [
            (m.start, m.end, m.label, m.entity_id, m.mention_id)
            for m in mentions_by_doc.get(doc.user_data["doc_id"], [])]


@pytest.mark.needs_spacy
def test_the_coarse_group_has_the_conll4_labels(corpus, docs):
    mentions_by_doc = corpus.mentions_by_doc
    for doc in docs:
        assert [(span.start_char, span.end_char, span.label_, span.kb_id_, span.id_)
                for span in doc.spans[COARSE_GROUP]] == [
            (m.start, m.end, m.coarse_label, m.entity_id, m.mention_id)
            for m in mentions_by_doc.get(doc.user_data["doc_id"], [])]


@pytest.mark.needs_spacy
def test_the_dates_group_has_the_timexes_with_their_attributes(corpus, docs):
    timexes_by_doc = corpus.rows_by_doc("dates")
    assert sum(len(doc.spans[DATES_GROUP]) for doc in docs) == len(corpus.timexes)
    for doc in docs:
        read_back = [(span.start_char, span.end_char, span.text, span.label_, span.id_,
                      *(getattr(span._, extension) for extension in TIMEX_EXTENSIONS))
                     for span in doc.spans[DATES_GROUP]]
        assert read_back == [(t.start, t.end, t.text, t.type, t.timex_id,
                              *(getattr(t, attribute) for attribute in TIMEX_EXTENSIONS.values()))
                             for t in timexes_by_doc[doc.user_data["doc_id"]]]


def sentence(tokens: list[tuple[str, int]]) -> Sentence:
    return Sentence("nkru-999", "nkru-999-s001", tokens[0][1], tokens[-1][1] + len(tokens[-1][0]),
                    [token for token, _ in tokens], [start for _, start in tokens],
                    [start + len(token) for token, start in tokens], ["O"] * len(tokens), ["O"] * len(tokens))


def test_whitespace_between_sentences_ends_the_sentence_before_it():
    text = " Oui.\n\nNon  !"
    sentences = [sentence([("Oui", 1), (".", 4)]), sentence([("Non", 7), ("!", 12)])]
    assert spacy_words("nkru-999", text, sentences) == (
        [" ", "Oui", ".", "\n\n", "Non", " ", "!"],
        [False, False, False, False, True, False, False],
        [True, False, False, False, True, False, False])


def test_text_outside_the_tokens_is_refused():
    with pytest.raises(ExportError, match=r"nkru-999: the `ner` config leaves ' x' at 3 out of its tokens"):
        spacy_words("nkru-999", "Oui x", [sentence([("Oui", 0)])])
