"""CoNLL-2003-style IOB2 text: one `token<TAB>tag` per line, a blank line between sentences,
`-DOCSTART-` before each document; `nkru-fr.conll` has the CoNLL-4 tags, `nkru-fr.fine.conll`
the fine ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import write_files_atomically
from nkru.export import ExportFormat
from nkru.schema import Sentence

if TYPE_CHECKING:
    from nkru.corpus import Corpus

FILES = (("nkru-fr.conll", "coarse_ner_tags"), ("nkru-fr.fine.conll", "ner_tags"))


def conll_lines(sentences: list[Sentence], column: str) -> list[str]:
    lines, current_doc = [], None
    for sentence in sentences:
        if sentence.doc_id != current_doc:
            lines += ["-DOCSTART-\tO", ""]
            current_doc = sentence.doc_id
        lines += [f"{token}\t{tag}" for token, tag in zip(sentence.tokens, getattr(sentence, column))]
        lines.append("")
    return lines


def export_conll(corpus: Corpus, out_dir: Path) -> list[Path]:
    sentences = corpus.sentences
    contents = {out_dir / name: "\n".join(conll_lines(sentences, column)) + "\n" for name, column in FILES}
    write_files_atomically(contents)
    return list(contents)


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag) pairs."""
    documents, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif not line:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            token, tag = line.split("\t")
            sentence.append((token, tag))
    return documents


FORMAT = ExportFormat("conll", "CoNLL-2003-style IOB2", ("ner",), export_conll, position=1)
