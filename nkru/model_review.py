"""Model-assisted recall review: run spaCy's French pipelines over the texts and store what they find.

The stored predictions (annotations/model_review/spacy_predictions.tsv) are what the
`model_review_complete` check compares with the gold mentions, so the review can be checked
without spaCy; regenerating them needs the `review` extra and the pipelines installed.
"""

from __future__ import annotations

from pathlib import Path

from nkru.models import load_spacy_pipeline
from nkru.review_files import MODEL_PREDICTION_COLUMNS, MODEL_PREDICTIONS_FILE
from nkru.tsv import write_tsv

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


def write_predictions(corpus_root: Path, texts_by_doc: dict[str, str], models=DEFAULT_MODELS) -> Path:
    rows = [row for model in models for row in predict(model, texts_by_doc)]
    path = corpus_root / MODEL_PREDICTIONS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_tsv(path, MODEL_PREDICTION_COLUMNS, rows)
    return path
