import json
import re

import pytest

from nkru.evaluation.benchmark import gold_and_sentences
from nkru.evaluation.runs import RESULTS_DIR, results_record, stored_results, stored_runs
from nkru.evaluation.scoring import score
from nkru.publish.benchmark import benchmark_section
from nkru.reader import read_corpus

from conftest import CHECKOUT

SECTION = re.compile(r"<!-- generated:benchmark -->\n(.*?)<!-- /generated:benchmark -->", re.DOTALL)


@pytest.fixture(scope="module")
def scored():
    gold, sentences, texts = gold_and_sentences(read_corpus(CHECKOUT, ("documents", "entities", "ner")))
    return stored_runs(CHECKOUT, texts), gold, sentences, texts


def test_stored_runs_are_the_two_french_pipelines(scored):
    runs = scored[0]
    assert [meta["model"] for _, meta, _ in runs] == ["fr_core_news_md", "fr_core_news_sm"]
    for _, meta, predicted in runs:
        assert meta["entities"] == sum(len(spans) for spans in predicted.values())
        assert "ner" in meta["pipes"] and meta["seconds"] > 0


def test_stored_results_are_a_fresh_scoring_of_the_stored_runs(scored):
    runs, gold, sentences, _ = scored
    for name, meta, predicted in runs:
        stored = json.loads((CHECKOUT / RESULTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        fresh = json.loads(json.dumps(results_record(meta, score(gold, predicted, sentences))))
        assert stored == fresh, f"run `nkru benchmark --write-docs` ({name})"
    assert sorted(path.stem for path in (CHECKOUT / RESULTS_DIR).glob("*.json")) == [name for name, _, _ in runs]


@pytest.mark.parametrize("document", ["README.md", "DATASHEET.md"])
def test_committed_table_renders_the_stored_results(document):
    committed = SECTION.search((CHECKOUT / document).read_text(encoding="utf-8")).group(1)
    assert committed == benchmark_section(stored_results(CHECKOUT)), f"run `nkru publish` ({document})"


@pytest.mark.needs_spacy
@pytest.mark.parametrize("model", ["fr_core_news_sm", "fr_core_news_md"])
def test_a_fresh_spacy_run_reproduces_the_stored_predictions(scored, model):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    if not spacy.util.is_package(model):
        pytest.skip(f"{model} is not installed (pip install '.[bench]')")
    from nkru.evaluation.runners import run_spacy

    runs, _, _, texts = scored
    meta, stored = next((meta, predicted) for _, meta, predicted in runs if meta["model"] == model)
    run = run_spacy(model, texts)
    if run.version != meta["version"]:
        pytest.skip(f"stored run is {meta['version']}, installed is {run.version}")
    assert run.predicted == stored
    assert run.pipes == meta["pipes"]
