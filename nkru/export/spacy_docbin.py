"""A spaCy DocBin (`nkru-fr.spacy`, needs spaCy): one doc per document, in corpus order, whose text
is exactly the document's text.

Each doc carries:
- the tokens and sentences of the `ner` config, as `doc.sents`. Whitespace other than one space
  after a token becomes a whitespace token, as spaCy's tokenizer makes it: the line breaks
  between two sentences end the first, and the space some texts begin with starts the first
  sentence;
- `doc.ents`: the entity mentions with their fine labels, `kb_id_` their registry entity, `id_`
  their mention id; `doc.spans["coarse"]`: the same spans with their CoNLL-4 labels;
- `doc.spans["dates"]`: the TIMEX3 expressions, labelled with their type, `id_` their timex id.
  Their value, mod, function and anchor are the Span extensions `timex_value`, `timex_mod`,
  `timex_function` and `timex_anchor`: spaCy keeps extension values in `doc.user_data`, which the
  DocBin stores; a reader registers the extensions (`Span.set_extension(name, default=None)`) to
  read them as `span._.timex_value` (TIMEX_EXTENSIONS);
- `doc.user_data["doc_id"]`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import replace_file
from nkru.errors import ExportError, NkruError
from nkru.export import ExportFormat
from nkru.schema import Mention, Sentence, Timex

if TYPE_CHECKING:
    from nkru.corpus import Corpus

DOCBIN_FILE = "nkru-fr.spacy"
COARSE_GROUP = "coarse"
DATES_GROUP = "dates"
# Span extension -> the Timex attribute it holds.
TIMEX_EXTENSIONS = {"timex_value": "value", "timex_mod": "mod", "timex_function": "function",
                    "timex_anchor": "anchor"}


def spacy_words(doc_id: str, text: str, sentences: list[Sentence]) -> tuple[list[str], list[bool], list[bool]]:
    """The words, trailing spaces and sentence starts of a spaCy Doc whose text is `text` and whose
    tokens are the sentences' tokens, plus a whitespace token for any whitespace other than one
    space after a token."""
    words: list[str] = []
    spaces: list[bool] = []
    sentence_starts: list[bool] = []
    position = 0

    def add_gap(gap: str) -> None:
        if gap and not gap.isspace():
            raise ExportError(f"{doc_id}: the `ner` config leaves {gap!r} at {position} out of its tokens")
        if words and gap.startswith(" "):
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            sentence_starts.append(len(words) == 1)

    for sentence_number, sentence in enumerate(sentences):
        offsets = zip(sentence.tokens, sentence.token_starts, sentence.token_ends)
        for index, (token, start, end) in enumerate(offsets):
            if start < position or text[start:end] != token:
                raise ExportError(f"{sentence.sentence_id}: the token {token!r} at {start}-{end} is not the text's "
                                  f"{text[start:end]!r} after offset {position}")
            add_gap(text[position:start])
            # The first sentence starts at the doc's first token, even a whitespace one.
            sentence_starts.append(index == 0 and (sentence_number > 0 or not words))
            words.append(token)
            spaces.append(False)
            position = end
    add_gap(text[position:])
    return words, spaces, sentence_starts


def spacy_doc(vocab, doc_id: str, text: str, sentences: list[Sentence], mentions: list[Mention], timexes: list[Timex]):
    """A spaCy Doc of one document with its `ner` tokens and sentences, its mentions and its dates."""
    from spacy.tokens import Doc, Span

    words, spaces, sentence_starts = spacy_words(doc_id, text, sentences)
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sentence_starts)
    if doc.text != text:
        raise ExportError(f"{doc_id}: the spaCy doc does not reproduce the text")

    def span(start: int, end: int, label: str, row_id: str, kb_id: str = "") -> Span:
        found = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=row_id, alignment_mode="strict")
        if found is None:
            raise ExportError(f"{row_id}: {start}-{end} does not fall on the `ner` config's tokens")
        return found

    doc.ents = [span(m.start, m.end, m.label, m.mention_id, m.entity_id) for m in mentions]
    doc.spans[COARSE_GROUP] = [span(m.start, m.end, m.coarse_label, m.mention_id, m.entity_id) for m in mentions]
    if len({(t.start, t.end) for t in timexes}) != len(timexes):
        # Extension values are keyed by the span's offsets: two dates on one span would share them.
        raise ExportError(f"{doc_id}: two dates have the same offsets")
    doc.spans[DATES_GROUP] = [span(t.start, t.end, t.type, t.timex_id) for t in timexes]
    for date, timex in zip(doc.spans[DATES_GROUP], timexes):
        for extension, attribute in TIMEX_EXTENSIONS.items():
            setattr(date._, extension, getattr(timex, attribute))
    doc.user_data["doc_id"] = doc_id
    return doc


def export_spacy(corpus: Corpus, out_dir: Path) -> list[Path]:
    try:
        import spacy
        from spacy.tokens import DocBin, Span
    except ImportError as error:
        raise NkruError("the spaCy export needs spaCy: pip install '.[bench]'") from error

    for extension in TIMEX_EXTENSIONS:
        if not Span.has_extension(extension):
            Span.set_extension(extension, default=None)
    vocab = spacy.blank("fr").vocab
    doc_bin = DocBin(store_user_data=True)
    mentions_by_doc = corpus.mentions_by_doc
    sentences_by_doc = corpus.rows_by_doc("ner")
    timexes_by_doc = corpus.rows_by_doc("dates")
    for document in corpus.documents:
        doc_id = document.doc_id
        doc_bin.add(spacy_doc(vocab, doc_id, document.text, sentences_by_doc.get(doc_id, []),
                              mentions_by_doc.get(doc_id, []), timexes_by_doc.get(doc_id, [])))
    target = out_dir / DOCBIN_FILE
    replace_file(target, doc_bin.to_disk)
    return [target]


FORMAT = ExportFormat("spacy", "DocBin: sentences, fine and CoNLL-4 entities, dates",
                      ("documents", "entities", "dates", "ner"), export_spacy, position=2, extra="bench")
