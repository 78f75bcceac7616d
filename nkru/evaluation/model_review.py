"""Model-assisted recall review: run spaCy's French pipelines over the source texts and store what
they find as a review file.

The stored predictions (annotations/model_review/spacy_predictions.tsv) are a record of what the
models found, not an editable source: the `model_review_complete` check compares them with the
gold mentions, so the review can be checked without spaCy. The texts are read from the editable
sources, never from the built tables, so nothing flows back up from the Parquet files.
Regenerating the file needs the `review` extra and the pipelines installed.
"""

from __future__ import annotations

from pathlib import Path

from nkru.evaluation.runners.spacy_runner import load_spacy_pipeline
from nkru.sources.documents import read_document_rows
from nkru.sources.review import MODEL_PREDICTION_COLUMNS, MODEL_PREDICTIONS_FILE
from nkru.sources.tsv import write_tsv

DEFAULT_MODELS = ("fr_core_news_sm", "fr_core_news_md")


def predict(model_name: str, texts_by_doc: dict[str, str]) -> list[dict]:
    """Every entity `model_name` predicts, as prediction rows (character offsets into each text)."""
    pipeline, version = load_spacy_pipeline(model_name)
    rows = []
    for doc_id, text in texts_by_doc.items():
        for entity in pipeline(text).ents:
            rows.append({"model": model_name, "model_version": version, "doc_id": doc_id,
                         "start": entity.start_char, "end": entity.end_char, "text": entity.text,
                         "label": entity.label_})
    return rows


def write_predictions(source_root: Path, models=DEFAULT_MODELS) -> Path:
    """Run the models over the source texts and write the review file; returns its path."""
    texts_by_doc = {document.doc_id: document.text for document in read_document_rows(source_root)}
    rows = [row for model in models for row in predict(model, texts_by_doc)]
    path = source_root / MODEL_PREDICTIONS_FILE
    write_tsv(path, MODEL_PREDICTION_COLUMNS, rows)
    return path
