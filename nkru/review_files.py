"""The entity layer's review records, read by the validators.

annotations/entities/reviewed_exclusions.tsv: spans deliberately left unannotated (an occurrence
of an annotated surface form, or a model's prediction), as doc_id + quote + occurrence + reason.
annotations/entities/label_exceptions.tsv: surface forms allowed more than one label, with why.
annotations/model_review/spacy_predictions.tsv: what spaCy's French pipelines predicted, stored so
that the recall review can be checked without installing spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nkru.tsv import read_tsv

EXCLUSIONS_FILE = "annotations/entities/reviewed_exclusions.tsv"
EXCLUSION_COLUMNS = ["doc_id", "quote", "occurrence", "reason"]
LABEL_EXCEPTIONS_FILE = "annotations/entities/label_exceptions.tsv"
LABEL_EXCEPTION_COLUMNS = ["surface_form", "labels", "reason"]
MODEL_PREDICTIONS_FILE = "annotations/model_review/spacy_predictions.tsv"
MODEL_PREDICTION_COLUMNS = ["model", "model_version", "doc_id", "start", "end", "text", "label"]


@dataclass(frozen=True)
class ReviewFiles:
    exclusions: list[dict]
    label_exceptions: dict[str, frozenset[str]]
    model_predictions: list[dict]


def read_review_files(corpus_root: Path) -> ReviewFiles:
    exceptions = read_tsv(corpus_root / LABEL_EXCEPTIONS_FILE, LABEL_EXCEPTION_COLUMNS)
    predictions = read_tsv(corpus_root / MODEL_PREDICTIONS_FILE, MODEL_PREDICTION_COLUMNS)
    for prediction in predictions:
        prediction["start"], prediction["end"] = int(prediction["start"]), int(prediction["end"])
    return ReviewFiles(
        exclusions=read_tsv(corpus_root / EXCLUSIONS_FILE, EXCLUSION_COLUMNS),
        label_exceptions={row["surface_form"]: frozenset(row["labels"].split(",")) for row in exceptions},
        model_predictions=predictions,
    )
