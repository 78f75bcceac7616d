"""What the runners of local model folders (hf:, gliner:) share: the folder check that refuses hub
ids, the sentence-by-sentence batched prediction with its timing, and offsets moved back into the
documents."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from nkru.errors import NkruError
from nkru.evaluation.runners import Span
from nkru.schema import Sentence


def local_model_folder(kind: str, path: str) -> Path:
    """The model folder a runner loads; a name that is no folder (a hub id) is refused, never downloaded."""
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise NkruError(f"{kind}:{path}: expected a local model folder (nothing is downloaded); "
                        f"found no folder at {folder.resolve()}")
    return folder


def predict_by_sentence(texts_by_doc: dict[str, str], sentences: list[Sentence],
                        predict: Callable[[list[str]], list], spans_of: Callable[[list], list[Span]],
                        ) -> tuple[dict[str, list[Span]], float, float]:
    """Run `predict` once over the text of every sentence of the documents, and turn each sentence's output
    into spans with `spans_of`. Returns the spans at document offsets, sorted, for every document; the seconds
    inside `predict`; and the seconds around it (slicing the sentences, moving the offsets)."""
    start = time.perf_counter()
    sentence_texts = [(sentence.doc_id, sentence.sentence_start,
                       texts_by_doc[sentence.doc_id][sentence.sentence_start:sentence.sentence_end])
                      for sentence in sentences if sentence.doc_id in texts_by_doc]
    model_start = time.perf_counter()
    outputs = predict([text for _, _, text in sentence_texts]) if sentence_texts else []
    seconds = time.perf_counter() - model_start
    spans_by_doc: dict[str, list[Span]] = {doc_id: [] for doc_id in texts_by_doc}
    for (doc_id, sentence_start, _), output in zip(sentence_texts, outputs, strict=True):
        spans_by_doc[doc_id].extend((sentence_start + int(span_start), sentence_start + int(span_end), label)
                                    for span_start, span_end, label in spans_of(output))
    predicted = {doc_id: sorted(spans) for doc_id, spans in spans_by_doc.items()}
    return predicted, seconds, time.perf_counter() - start - seconds


def first_line(error: Exception) -> str:
    message = str(error).strip()
    return message.splitlines()[0] if message else type(error).__name__
