import re

import pytest

from nkru.benchmark import gold_and_sentences, results_tables, stored_runs
from nkru.loader import load

from conftest import CHECKOUT

SECTION = re.compile(r"<!-- generated:benchmark -->\n(.*?)<!-- /generated:benchmark -->", re.DOTALL)


@pytest.fixture(scope="module")
def scored():
    tables = {config: load(config)["test"].to_list() for config in ("documents", "entities", "ner")}
    gold, sentences, texts = gold_and_sentences(tables)
    return stored_runs(CHECKOUT, texts), gold, sentences, texts


def test_stored_runs_are_the_two_french_pipelines(scored):
    runs = scored[0]
    assert [meta["model"] for meta, _ in runs] == ["fr_core_news_md", "fr_core_news_sm"]
    for meta, predicted in runs:
        assert meta["entities"] == sum(len(spans) for spans in predicted.values())
        assert "ner" in meta["pipes"] and meta["seconds"] > 0


@pytest.mark.parametrize("document", ["README.md", "DATASHEET.md"])
def test_committed_table_is_a_fresh_scoring_of_the_stored_runs(scored, document):
    runs, gold, sentences, _ = scored
    committed = SECTION.search((CHECKOUT / document).read_text(encoding="utf-8")).group(1)
    assert committed == results_tables(runs, gold, sentences), f"run `nkru benchmark --write-docs` ({document})"


@pytest.mark.needs_spacy
@pytest.mark.parametrize("model", ["fr_core_news_sm", "fr_core_news_md"])
def test_a_fresh_spacy_run_reproduces_the_stored_predictions(scored, model):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    if not spacy.util.is_package(model):
        pytest.skip(f"{model} is not installed (pip install '.[bench]')")
    from nkru.models import run_spacy

    runs, _, _, texts = scored
    meta, stored = next((meta, predicted) for meta, predicted in runs if meta["model"] == model)
    run = run_spacy(model, texts)
    if run.version != meta["version"]:
        pytest.skip(f"stored run is {meta['version']}, installed is {run.version}")
    assert run.predicted == stored
    assert run.pipes == meta["pipes"]
