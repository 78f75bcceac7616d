"""Running an installed spaCy pipeline over the corpus, timed, for the benchmark (needs spaCy)."""

from __future__ import annotations

import time

from nkru.errors import NkruError
from nkru.evaluation.runners import ModelRun


def load_spacy_pipeline(model_name: str):
    """An installed spaCy pipeline and its version string, or a clear error saying what to install."""
    try:
        import spacy
    except ImportError as error:
        raise NkruError("the spacy: runner needs spaCy: pip install 'nkru-fr[bench]'") from error
    try:
        pipeline = spacy.load(model_name)
    except OSError as error:
        raise NkruError(f"spaCy pipeline {model_name!r} is not installed: pip install {model_name}") from error
    return pipeline, f"{pipeline.meta['version']} (spaCy {spacy.__version__})"


def run_spacy(model_name: str, texts_by_doc: dict[str, str], batch_size: int = 16) -> ModelRun:
    pipeline, version = load_spacy_pipeline(model_name)
    if "ner" not in pipeline.pipe_names:
        raise NkruError(f"spaCy pipeline {model_name!r} has no ner component: {pipeline.pipe_names}")
    start = time.perf_counter()
    predicted = {doc_id: [(e.start_char, e.end_char, e.label_) for e in doc.ents]
                 for doc_id, doc in zip(texts_by_doc, pipeline.pipe(texts_by_doc.values(), batch_size=batch_size))}
    seconds = time.perf_counter() - start
    return ModelRun(model=model_name, version=version, pipes=list(pipeline.pipe_names), seconds=seconds,
                    predicted=predicted)
