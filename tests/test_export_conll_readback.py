"""The CoNLL export read back by spaCy's `ner` converter and by a plain CoNLL-2003 reader: both
find the `ner` config's documents, sentences, tokens and tags."""

import subprocess
import sys
from pathlib import Path

import pytest

from nkru.cli import main
from nkru.errors import ExportError
from nkru.export.conll import DOCUMENT_SEPARATOR, FILES, conll_lines
from nkru.reader import read_corpus
from nkru.schema import Sentence


@pytest.fixture(scope="module")
def corpus():
    return read_corpus()


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("conll")
    assert main(["export", "--format", "conll", "--out", str(out)]) == 0
    return out


def expected_documents(corpus, column: str) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag), from the `ner` config."""
    documents: dict[str, list] = {}
    for sentence in corpus.sentences:
        documents.setdefault(sentence.doc_id, []).append(list(zip(sentence.tokens, getattr(sentence, column))))
    return list(documents.values())


def plain_conll2003(path: Path) -> list[list[list[tuple[str, str]]]]:
    """The conventional reading: the line `-DOCSTART- -X- O O` starts a document, a blank line ends
    a sentence, the token is the first column and the tag the last."""
    documents, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == DOCUMENT_SEPARATOR:
            documents.append([])
        elif line == "":
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            columns = line.split(" ")
            assert len(columns) == 4, line
            sentence.append((columns[0], columns[-1]))
    assert sentence == []
    return documents


@pytest.mark.parametrize(("name", "column"), FILES)
def test_a_plain_conll2003_reader_finds_the_ner_config(corpus, exported, name, column):
    documents = plain_conll2003(exported / name)
    assert documents == expected_documents(corpus, column)
    assert len(documents) == len(corpus.documents)
    assert sum(len(document) for document in documents) == len(corpus.sentences)


def test_every_line_has_the_four_conll2003_columns(exported):
    for name, _ in FILES:
        lines = (exported / name).read_text(encoding="utf-8").splitlines()
        assert lines[:2] == [DOCUMENT_SEPARATOR, ""]
        for line in lines:
            assert line == "" or line == DOCUMENT_SEPARATOR or line.split(" ")[1:3] == ["-X-", "-X-"], line


def test_a_token_with_a_space_is_refused():
    sentence = Sentence("nkru-999", "nkru-999-s001", 0, 9, ["Kim", "Jong un"], [0, 4], [3, 9], ["B-PER", "I-PER"],
                        ["B-PER", "I-PER"])
    with pytest.raises(ExportError, match=r"nkru-999-s001: the token 'Jong un' cannot be a CoNLL column"):
        conll_lines([sentence], "ner_tags")


@pytest.mark.needs_spacy
@pytest.mark.parametrize(("name", "column"), FILES)
def test_spacy_convert_ner_finds_the_documents_sentences_tokens_and_tags(corpus, exported, tmp_path, name, column):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    from spacy.tokens import DocBin

    completed = subprocess.run([sys.executable, "-m", "spacy", "convert", str(exported / name), str(tmp_path),
                                "-c", "ner"], check=False, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr + completed.stdout
    (converted,) = tmp_path.glob("*.spacy")
    docs = list(DocBin().from_disk(converted).get_docs(spacy.blank("fr").vocab))
    assert len(docs) == len(corpus.documents)
    assert sum(len(doc) for doc in docs) == sum(len(sentence.tokens) for sentence in corpus.sentences)
    read_back = [[[(token.text, f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else "O") for token in sent]
                  for sent in doc.sents] for doc in docs]
    assert read_back == expected_documents(corpus, column)
