"""The gliner: runner on a tiny GLiNER model built here from the corpus's texts: offsets into the documents,
prompts turned into our labels, clear errors, and no network."""

import functools
import json
import os
import sys
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest

pytest.importorskip("torch")
gliner = pytest.importorskip("gliner")

from conftest import CHECKOUT
from offline import refused_connections

from nkru.errors import NkruError
from nkru.evaluation.runners.gliner_runner import run_gliner
from nkru.reader import read_corpus

sys.path.insert(0, str(CHECKOUT / "benchmarks"))
from tiny_models import build_tiny_gliner

pytestmark = pytest.mark.needs_gliner

LABELS_WITH_PROMPTS = {"personne": "PER", "pays": "GPE", "organisation": "ORG"}
# The random model's scores sit near 0.5, so this threshold keeps many spans and still drops some.
THRESHOLD = 0.45


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(None, ("documents", "entities", "ner"))


@pytest.fixture(scope="module")
def texts(corpus):
    return dict(corpus.texts_by_doc)


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory, texts):
    return build_tiny_gliner(tmp_path_factory.mktemp("gliner"), texts.values())


@pytest.fixture(scope="module")
def run(model_folder, corpus, texts):
    return run_gliner(str(model_folder), texts, corpus.sentences[::-1], LABELS_WITH_PROMPTS, THRESHOLD, batch_size=8)


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every network connection attempted during a test; each one also fails."""
    with refused_connections(monkeypatch) as attempts:
        yield attempts


@functools.cache
def loaded(model_folder):
    return gliner.GLiNER.from_pretrained(str(model_folder), local_files_only=True)


def test_every_document_gets_sorted_spans_with_our_labels(run, texts):
    assert set(run.predicted) == set(texts)
    assert run.entity_count > 0
    for doc_id, spans in run.predicted.items():
        assert spans == sorted(spans)
        assert all(0 <= start < end <= len(texts[doc_id]) for start, end, _ in spans), doc_id
    assert {label for spans in run.predicted.values() for *_, label in spans} <= set(LABELS_WITH_PROMPTS.values())


def test_the_run_says_what_ran_and_how_long(run, model_folder):
    assert run.model == f"gliner:{model_folder}"
    assert run.version.startswith(f"{model_folder.name} (gliner {gliner.__version__}, transformers ")
    assert run.details == {"labels_with_prompts": LABELS_WITH_PROMPTS, "threshold": THRESHOLD, "batch_size": 8,
                           "flat_ner": True, "max_words": 384}
    assert run.seconds > 0 and run.harness_seconds >= 0


def test_spans_are_the_models_own_shifted_by_the_sentence_start(run, model_folder, corpus, texts):
    later_sentences = [sentence for sentence in corpus.sentences if sentence.sentence_start > 0][:5]
    model = loaded(model_folder)
    for sentence in later_sentences:
        text = texts[sentence.doc_id]
        entities = model.inference([text[sentence.sentence_start:sentence.sentence_end]], list(LABELS_WITH_PROMPTS),
                                   threshold=THRESHOLD)[0]
        expected = sorted((sentence.sentence_start + entity["start"], sentence.sentence_start + entity["end"],
                           LABELS_WITH_PROMPTS[entity["label"]]) for entity in entities)
        assert expected, sentence.sentence_id
        assert [span for span in run.predicted[sentence.doc_id]
                if sentence.sentence_start <= span[0] < sentence.sentence_end] == expected, sentence.sentence_id
        surfaces = {(sentence.sentence_start + entity["start"], entity["text"]) for entity in entities}
        assert surfaces == {(start, text[start:end]) for start, end, _ in expected}


def test_a_threshold_above_every_score_finds_nothing(model_folder, corpus, texts):
    run = run_gliner(str(model_folder), texts, corpus.sentences, LABELS_WITH_PROMPTS, threshold=1.0)
    assert run.predicted == {doc_id: [] for doc_id in texts}


def test_the_saved_model_loads_without_the_backbone_it_was_built_from(model_folder, run):
    config = json.loads((model_folder / "gliner_config.json").read_text(encoding="utf-8"))
    assert not Path(config["model_name"]).exists()
    assert run.entity_count > 0


@pytest.mark.parametrize("name", ["urchade/gliner_multi-v2.1", "absent-folder"])
def test_a_name_that_is_not_a_folder_is_refused_without_a_download(name, tmp_path, monkeypatch, texts):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NkruError, match=f"^gliner:{name}: expected a local model folder \\(nothing is downloaded\\)"):
        run_gliner(name, texts, [], LABELS_WITH_PROMPTS)


def test_a_folder_without_a_model_is_a_clear_error(tmp_path, texts):
    with pytest.raises(NkruError, match="expected a GLiNER model .* loading failed: No config file found"):
        run_gliner(str(tmp_path), texts, [], LABELS_WITH_PROMPTS)


def test_no_prompt_is_an_error(model_folder, texts):
    with pytest.raises(NkruError, match="expected at least one prompt"):
        run_gliner(str(model_folder), texts, [], {})


def test_missing_libraries_name_the_extra(monkeypatch, model_folder, texts):
    monkeypatch.setitem(sys.modules, "gliner", None)
    with pytest.raises(NkruError, match=r"needs gliner: pip install 'nkru-fr\[gliner\]'"):
        run_gliner(str(model_folder), texts, [], LABELS_WITH_PROMPTS)
