"""The hf: runner on tiny BERT models built here from the corpus's texts: offsets into the documents, long
sentences read in overlapping windows, clear errors, and no network."""

import functools
import json
import os
import re
import shutil
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from conftest import CHECKOUT
from offline import refused_connections

from nkru.errors import NkruError
from nkru.evaluation.runners.hf_runner import run_hf
from nkru.reader import read_corpus

sys.path.insert(0, str(CHECKOUT / "benchmarks"))
from tiny_models import TINY_LABELS, build_tiny_token_classifier

pytestmark = pytest.mark.needs_hf

WINDOW = 64
ENTITY_GROUPS = {label.removeprefix("B-").removeprefix("I-") for label in TINY_LABELS} - {"O"}


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(None, ("documents", "entities", "ner"))


@pytest.fixture(scope="module")
def texts(corpus):
    return dict(corpus.texts_by_doc)


@pytest.fixture(scope="module")
def random_model(tmp_path_factory, texts):
    return build_tiny_token_classifier(tmp_path_factory.mktemp("random"), texts.values(), window=WINDOW)


@pytest.fixture(scope="module")
def every_token_b_per_model(tmp_path_factory, texts):
    return build_tiny_token_classifier(tmp_path_factory.mktemp("b-per"), texts.values(), window=WINDOW,
                                       only_label="B-PER")


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every network connection attempted during a test; each one also fails."""
    with refused_connections(monkeypatch) as attempts:
        yield attempts


@functools.cache
def tokenizer_of(model_folder):
    return transformers.AutoTokenizer.from_pretrained(model_folder, local_files_only=True)


def token_count(model_folder, text: str) -> int:
    return len(tokenizer_of(model_folder)(text)["input_ids"])


def test_every_document_gets_sorted_spans_inside_its_text(random_model, corpus, texts):
    run = run_hf(str(random_model), texts, corpus.sentences[::-1])
    assert set(run.predicted) == set(texts)
    assert run.entity_count > 0
    for doc_id, spans in run.predicted.items():
        assert spans == sorted(spans)
        assert all(0 <= start < end <= len(texts[doc_id]) for start, end, _ in spans), doc_id
    assert {label for spans in run.predicted.values() for *_, label in spans} <= ENTITY_GROUPS


def test_the_run_says_what_ran_and_how_long(random_model, corpus, texts):
    run = run_hf(str(random_model), texts, corpus.sentences, batch_size=8)
    assert run.model == f"hf:{random_model}"
    assert run.version.startswith(f"{random_model.name} (transformers {transformers.__version__}, torch ")
    assert run.pipes == ["token-classification"]
    assert run.details == {"aggregation_strategy": "simple", "batch_size": 8, "stride": WINDOW // 4,
                           "window": WINDOW}
    assert run.seconds > 0 and run.harness_seconds >= 0


def test_spans_are_the_pipelines_own_shifted_by_the_sentence_start(random_model, corpus, texts):
    sentences = [sentence for sentence in corpus.sentences if sentence.sentence_start > 0]
    longest = max(sentences, key=lambda sentence: sentence.sentence_end - sentence.sentence_start)
    text = texts[longest.doc_id]
    sentence_text = text[longest.sentence_start:longest.sentence_end]
    assert token_count(random_model, sentence_text) > WINDOW
    model = transformers.AutoModelForTokenClassification.from_pretrained(random_model, local_files_only=True)
    pipeline = transformers.pipeline("token-classification", model=model, tokenizer=tokenizer_of(random_model),
                                     aggregation_strategy="simple", device=-1)
    expected = [(longest.sentence_start + entity["start"], longest.sentence_start + entity["end"],
                 entity["entity_group"]) for entity in pipeline(sentence_text, stride=WINDOW // 4)]
    run = run_hf(str(random_model), {longest.doc_id: text}, [longest])
    assert run.predicted == {longest.doc_id: sorted(expected)}
    assert any(end > longest.sentence_start + len(sentence_text) // 2 for _, end, _ in expected)


def test_long_sentences_are_read_to_their_end_in_overlapping_windows(every_token_b_per_model, corpus, texts):
    """Every token is its own PER entity, so each sentence's spans must tile its non-space characters once:
    a window lost or read twice would show."""
    run = run_hf(str(every_token_b_per_model), texts, corpus.sentences)
    long_sentences = 0
    for sentence in corpus.sentences:
        text = texts[sentence.doc_id]
        sentence_text = text[sentence.sentence_start:sentence.sentence_end]
        long_sentences += token_count(every_token_b_per_model, sentence_text) > WINDOW
        spans = [span for span in run.predicted[sentence.doc_id]
                 if sentence.sentence_start <= span[0] < sentence.sentence_end]
        covered = [index for start, end, _ in spans for index in range(start, end)]
        assert covered == [index for index in range(sentence.sentence_start, sentence.sentence_end)
                           if not text[index].isspace()], sentence.sentence_id
        assert {label for *_, label in spans} == {"PER"}, sentence.sentence_id
    assert long_sentences > 0


def test_a_tokenizer_that_declares_no_length_is_windowed_by_the_models_positions(every_token_b_per_model,
                                                                                tmp_path, corpus, texts):
    model_folder = shutil.copytree(every_token_b_per_model, tmp_path / "undeclared")
    config_path = model_folder / "tokenizer_config.json"
    tokenizer_config = json.loads(config_path.read_text(encoding="utf-8"))
    del tokenizer_config["model_max_length"]
    config_path.write_text(json.dumps(tokenizer_config), encoding="utf-8")
    longest = max(corpus.sentences, key=lambda sentence: sentence.sentence_end - sentence.sentence_start)
    run = run_hf(str(model_folder), texts, [longest])
    assert run.details["window"] == WINDOW - 2
    assert run.predicted[longest.doc_id][-1][1] == len(texts[longest.doc_id][:longest.sentence_end].rstrip())


@pytest.mark.parametrize("name", ["camembert-base", "Jean-Baptiste/camembert-ner", "absent-folder"])
def test_a_name_that_is_not_a_folder_is_refused_without_a_download(name, tmp_path, monkeypatch, texts):
    monkeypatch.chdir(tmp_path)
    expected = (f"hf:{name}: expected a local model folder (nothing is downloaded); "
                f"found no folder at {tmp_path.resolve() / name}")
    with pytest.raises(NkruError, match=f"^{re.escape(expected)}$"):
        run_hf(name, texts, [])


def test_a_folder_without_a_model_is_a_clear_error(tmp_path, texts):
    with pytest.raises(NkruError, match="expected a token-classification model and its tokenizer in .*loading failed"):
        run_hf(str(tmp_path), texts, [])


def test_missing_libraries_name_the_extra(monkeypatch, random_model, texts):
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(NkruError, match=r"needs transformers and torch: pip install 'nkru-fr\[hf\]'"):
        run_hf(str(random_model), texts, [])
