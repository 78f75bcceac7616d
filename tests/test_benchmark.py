"""The stored benchmark runs: fresh scorings of their stored predictions, rendered in README and
DATASHEET, and (with spaCy installed) reproduced by a fresh run of the pipelines."""

import json
import re

import pytest
from conftest import CHECKOUT

from nkru.reader import read_corpus
from nkru.evaluation.benchmark import GOLD_CONFIGS, ScoringOptions, gold_of, score_run
from nkru.evaluation.runs import default_runs_root, read_stored_run, stored_records, stored_run_names
from nkru.publish.benchmark import benchmark_section

SECTION = re.compile(r"<!-- generated:benchmark -->\n(.*?)<!-- /generated:benchmark -->", re.DOTALL)
RUNS = default_runs_root(CHECKOUT)
# Fields a fresh scoring cannot reproduce: the libraries installed now.
MACHINE_FIELDS = ("versions",)


@pytest.fixture(scope="module")
def gold():
    return gold_of(read_corpus(CHECKOUT, GOLD_CONFIGS))


def test_stored_runs_are_the_spacy_pipelines_and_the_rule_baseline():
    assert stored_run_names(RUNS) == ["fr_core_news_md", "fr_core_news_sm", "rule_baseline"]
    for name, record in stored_records(RUNS):
        assert record["run"]["name"] == name
        assert record["run"]["seconds"] > 0
        assert not record["scope"]["partial"]
    runners = {name: record["run"]["runner"] for name, record in stored_records(RUNS)}
    assert runners["rule_baseline"] == "python:benchmarks/rule_baseline.py:predict"
    assert runners["fr_core_news_sm"] == "spacy:fr_core_news_sm"


@pytest.mark.parametrize("name", ["fr_core_news_md", "fr_core_news_sm", "rule_baseline"])
def test_stored_results_are_a_fresh_scoring_of_the_stored_predictions(gold, name):
    record, predictions = read_stored_run(RUNS, name, gold.texts, gold.sentences)
    assert record["entities"] == sum(len(spans) for spans in predictions.spans.values())
    options = ScoringOptions(tuple(record["profiles"]), record["bootstrap"]["replicates"], record["bootstrap"]["seed"])
    fresh = json.loads(json.dumps(score_run(gold, predictions, record["run"], options)))
    for field in MACHINE_FIELDS:
        fresh.pop(field), record.pop(field)
    assert fresh == record, f"run `nkru benchmark --write-docs` ({name})"


@pytest.mark.parametrize("document", ["README.md", "DATASHEET.md"])
def test_committed_tables_render_the_stored_results(document):
    committed = SECTION.search((CHECKOUT / document).read_text(encoding="utf-8")).group(1)
    assert committed == benchmark_section(stored_records(RUNS)), f"run `nkru publish` ({document})"


def test_the_tables_show_every_interval():
    section = benchmark_section(stored_records(RUNS))
    for name, record in stored_records(RUNS):
        for profile, labels in record["profiles"].items():
            for label, modes in labels.items():
                low, high = modes["strict"]["f1_ci95"]
                assert f"{modes['strict']['f1']:.3f} [{low:.3f}, {high:.3f}]" in section, (name, profile, label)


def test_the_rule_baseline_reproduces_its_stored_run(gold):
    from nkru.evaluation.runners.python_runner import run_python

    run = run_python(str(CHECKOUT / "benchmarks/rule_baseline.py") + ":predict", gold.texts)
    _, stored = read_stored_run(RUNS, "rule_baseline", gold.texts, gold.sentences)
    assert {doc: sorted(spans) for doc, spans in run.predicted.items()} == stored.spans


@pytest.mark.needs_spacy
@pytest.mark.parametrize("model", ["fr_core_news_sm", "fr_core_news_md"])
def test_a_fresh_spacy_run_reproduces_the_stored_predictions(gold, model):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install '.[bench]')")
    if not spacy.util.is_package(model):
        pytest.skip(f"{model} is not installed (pip install '.[bench]')")
    from nkru.evaluation.runners.spacy_runner import run_spacy

    record, stored = read_stored_run(RUNS, model, gold.texts, gold.sentences)
    run = run_spacy(model, gold.texts)
    if run.version != record["run"]["version"]:
        pytest.skip(f"stored run is {record['run']['version']}, installed is {run.version}")
    assert run.predicted == stored.spans
    assert run.pipes == record["run"]["pipes"]
