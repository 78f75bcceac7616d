"""The stored spaCy predictions are what the pipelines predict (needs the `review` extra)."""

import pytest

from nkru.evaluation.model_review import predict
from nkru.sources.documents import read_document_rows
from nkru.sources.review import read_review_files

from conftest import CHECKOUT

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[review]')")


@pytest.mark.needs_spacy
@pytest.mark.parametrize("model", ["fr_core_news_sm", "fr_core_news_md"])
def test_stored_predictions_are_reproduced(model):
    if not spacy.util.is_package(model):
        pytest.skip(f"{model} is not installed")
    fresh = predict(model, {document.doc_id: document.text for document in read_document_rows(CHECKOUT)})
    stored = [row for row in read_review_files(CHECKOUT).model_predictions.to_pylist() if row["model"] == model]
    assert stored, f"no stored predictions for {model}"
    if stored[0]["model_version"] != fresh[0]["model_version"]:
        pytest.skip(f"stored predictions come from {stored[0]['model_version']}, installed is {fresh[0]['model_version']}")
    assert [{key: row[key] for key in ("doc_id", "start", "end", "text", "label")} for row in fresh] == \
           [{key: row[key] for key in ("doc_id", "start", "end", "text", "label")} for row in stored]
