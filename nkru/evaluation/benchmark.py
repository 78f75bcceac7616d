"""The NER benchmark: the gold mentions and sentences from the corpus, a run scored under every
profile, and the terminal summary."""

from __future__ import annotations

from nkru.corpus import Corpus
from nkru.evaluation.scoring import ProfileScores
from nkru.schema import COARSE_LABELS, Sentence

Spans = dict[str, list[tuple[int, int, str]]]  # doc_id -> (start, end, label) spans


def gold_and_sentences(corpus: Corpus) -> tuple[Spans, list[Sentence], dict[str, str]]:
    """(gold spans with fine labels, the `ner` sentences, doc_id -> text) of a corpus."""
    texts = dict(corpus.texts_by_doc)
    gold = {doc_id: [] for doc_id in texts}
    for mention in corpus.mentions:
        gold[mention.doc_id].append((mention.start, mention.end, mention.label))
    return gold, corpus.sentences, texts


def print_scores(name: str, scores: dict[str, ProfileScores]) -> None:
    for profile, result in scores.items():
        print(f"{name} [{profile}]  label  strict P/R/F1  partial P/R/F1  seqeval F1")
        for label in ("ALL", *COARSE_LABELS):
            strict, partial = result.span["strict"][label], result.span["partial"][label]
            print(f"  {label:<5} {strict.precision:.3f}/{strict.recall:.3f}/{strict.f1:.3f}  "
                  f"{partial.precision:.3f}/{partial.recall:.3f}/{partial.f1:.3f}  {result.token[label].f1:.3f}")
