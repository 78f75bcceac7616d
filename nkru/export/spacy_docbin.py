"""A spaCy DocBin (`nkru-fr.spacy`, needs spaCy) whose docs reproduce each text exactly and carry
the gold mentions as `doc.ents` with fine labels."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import replace_file
from nkru.errors import ExportError, NkruError
from nkru.export import ExportFormat

if TYPE_CHECKING:
    from nkru.corpus import Corpus

DOCBIN_FILE = "nkru-fr.spacy"


def spacy_doc(vocab, text: str, tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]):
    """A spaCy Doc whose text is exactly `text`: our tokens, with any whitespace other than one
    space between two tokens kept as a whitespace token, and `spans` as its entities."""
    from spacy.tokens import Doc

    words, spaces, position = [], [], 0
    for start, end in tokens:
        gap = text[position:start]
        if gap:
            if gap == " " and words:
                spaces[-1] = True
            else:
                if words and gap.startswith(" "):
                    spaces[-1], gap = True, gap[1:]
                words.append(gap)
                spaces.append(False)
        words.append(text[start:end])
        spaces.append(False)
        position = end
    if text[position:]:
        words.append(text[position:])
        spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != text:
        raise ExportError("the spaCy doc does not reproduce the text")
    entities = [doc.char_span(start, end, label=label, alignment_mode="strict") for start, end, label in spans]
    if any(entity is None for entity in entities):
        raise ExportError("a mention does not fall on the spaCy doc's tokens")
    doc.ents = entities
    return doc


def export_spacy(corpus: Corpus, out_dir: Path) -> list[Path]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as error:
        raise NkruError("the spaCy export needs spaCy: pip install '.[bench]'") from error
    from nkru.tokens import tokenize

    vocab = spacy.blank("fr").vocab
    doc_bin = DocBin(store_user_data=True)
    mentions_by_doc = corpus.mentions_by_doc
    for document in corpus.documents:
        spans = [(mention.start, mention.end, mention.label) for mention in mentions_by_doc.get(document.doc_id, [])]
        doc = spacy_doc(vocab, document.text, tokenize(document.text), spans)
        doc.user_data["doc_id"] = document.doc_id
        doc_bin.add(doc)
    target = out_dir / DOCBIN_FILE
    replace_file(target, doc_bin.to_disk)
    return [target]


FORMAT = ExportFormat("spacy", "DocBin", ("documents", "entities"), export_spacy, position=2, extra="bench")
