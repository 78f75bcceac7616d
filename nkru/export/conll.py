"""CoNLL-2003 text, IOB2 tags: `nkru-fr.conll` has the CoNLL-4 tags, `nkru-fr.fine.conll` the
fine ones. Each line is `token POS chunk NER`, separated by single spaces as in the CoNLL-2003
files, with `-X-` in the POS and chunk columns, which this corpus does not annotate; a blank line
ends a sentence; the line `-DOCSTART- -X- O O`, then a blank line, starts each document.

That line is the one document separator spaCy's `ner` converter knows (`spacy convert FILE DIR -c
ner`): without it, the converter makes a document of every block between blank lines. Readers that
take any line beginning `-DOCSTART-` as the separator, and the token from the first column and the
tag from the last, read the same documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import write_files_atomically
from nkru.errors import ExportError
from nkru.export import ExportFormat
from nkru.schema import Sentence

if TYPE_CHECKING:
    from nkru.corpus import Corpus

FILES = (("nkru-fr.conll", "coarse_ner_tags"), ("nkru-fr.fine.conll", "ner_tags"))
DOCUMENT_SEPARATOR = "-DOCSTART- -X- O O"
UNANNOTATED = "-X-"


def conll_lines(sentences: list[Sentence], column: str) -> list[str]:
    lines, current_doc = [], None
    for sentence in sentences:
        if sentence.doc_id != current_doc:
            lines += [DOCUMENT_SEPARATOR, ""]
            current_doc = sentence.doc_id
        for token, tag in zip(sentence.tokens, getattr(sentence, column)):
            if not token or any(character.isspace() for character in token):
                raise ExportError(f"{sentence.sentence_id}: the token {token!r} cannot be a CoNLL column")
            lines.append(f"{token} {UNANNOTATED} {UNANNOTATED} {tag}")
        lines.append("")
    return lines


def export_conll(corpus: Corpus, out_dir: Path) -> list[Path]:
    sentences = corpus.sentences
    contents = {out_dir / name: "\n".join(conll_lines(sentences, column)) + "\n" for name, column in FILES}
    write_files_atomically(contents)
    return list(contents)


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag) pairs: the token from the first column, the tag from
    the last."""
    documents, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif not line.strip():
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            columns = line.split()
            sentence.append((columns[0], columns[-1]))
    return documents


FORMAT = ExportFormat("conll", "CoNLL-2003 columns, IOB2 tags", ("ner",), export_conll, position=1)
