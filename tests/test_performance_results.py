"""The stored benchmark results are complete, within their limits, and what README.md shows."""

import importlib.util
import json

import pytest

from conftest import CHECKOUT
from nkru.publish.markdown import SECTION
from nkru.publish.performance import LOAD_RESULTS, SCALE_RESULTS, STAGES, render_section
from nkru.schema import CONFIGS

def _module(name):
    spec = importlib.util.spec_from_file_location(name, CHECKOUT / f"benchmarks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scale = _module("scale")


@pytest.fixture(scope="module")
def load_record():
    return json.loads((CHECKOUT / LOAD_RESULTS).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scale_record():
    return json.loads((CHECKOUT / SCALE_RESULTS).read_text(encoding="utf-8"))


def test_load_results_cover_every_config_cold_and_warm(load_record):
    assert [row["config"] for row in load_record["results"]] == list(CONFIGS)
    for row in load_record["results"]:
        for kind in ("cold", "warm"):
            assert row[f"{kind}_ratio"] == pytest.approx(row[f"{kind}_ms"]["loader"] / row[f"{kind}_ms"]["floor"])


def test_scale_results_cover_x1_to_x1000_and_report_every_breach_of_the_limits(scale_record):
    results = scale_record["results"]
    assert [result["factor"] for result in results] == [1, 10, 100, 1000]
    assert [result["size"]["documents"] for result in results] == [5, 50, 500, 5000]
    assert [result["size"]["entities"] for result in results] == [400, 4000, 40000, 400000]
    assert scale_record["problems"] == scale.growth_problems(results)  # the record hides no breach
    for result in results:
        for stage in STAGES:
            assert result[stage]["processes"] == scale_record["rounds"] <= result[stage]["runs"]
            assert result[stage]["fastest_seconds"] <= result[stage]["seconds"]

def test_stored_scale_results_grow_near_linearly(scale_record):
    """A change that makes a stage grow faster than x12 per x10 data must not land with its
    benchmark record (`python benchmarks/performance.py` rewrites the record)."""
    assert [problem for problem in scale_record["problems"] if "over the" in problem and " allowed" in problem] == []


def test_stored_scale_results_are_within_the_limits(scale_record):
    assert scale_record["results"][-1]["validate"]["seconds"] <= scale_record["validate_limit_seconds"]
    assert scale_record["problems"] == []


def test_readme_shows_the_stored_results(load_record, scale_record):
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    (shown,) = [match.group(3) for match in SECTION.finditer(readme) if match.group("name") == "performance"]
    assert shown == render_section(load_record, scale_record), (
        "README.md's performance section is out of date: run `nkru publish`")


def test_stored_scoring_time_is_within_its_limit():
    """Scoring a predictions file with 1,000 replicates under every profile costs at most 1 s beyond
    start-up (`python benchmarks/scoring_time.py --out benchmarks/results/scoring.json`)."""
    record = json.loads((CHECKOUT / "benchmarks/results/scoring.json").read_text(encoding="utf-8"))
    scoring_time = _module("scoring_time")
    assert set(record["results"]) == set(scoring_time.INPUTS)
    for result in record["results"].values():
        assert result["replicates"] == 1000
        assert result["slowest_scoring_seconds"] <= record["limit_seconds"] == scoring_time.LIMIT_SECONDS
    assert {"conll", "names", "fine"} <= {profile for result in record["results"].values()
                                          for profile in result["profiles"]}


@pytest.mark.parametrize("runner", ["hf", "gliner"])
def test_stored_runner_overhead_is_under_a_tenth(runner):
    """The runners' own time beyond inference (`python benchmarks/runner_overhead.py --runner R --out
    benchmarks/results/runner_overhead_R.json`, on a tiny model: an upper bound)."""
    record = json.loads((CHECKOUT / f"benchmarks/results/runner_overhead_{runner}.json").read_text(encoding="utf-8"))
    model = sum(repeat["model_seconds"] for repeat in record["repeats"])
    harness = sum(repeat["harness_seconds"] for repeat in record["repeats"])
    assert record["runner"] == runner and record["sentences"] == 117
    assert harness / (model + harness) == pytest.approx(record["harness_share"]) and record["harness_share"] < 0.10
