"""The viewer's run pages in a real browser: Debian's headless Chromium driven by Playwright.

Needs `apt-get install chromium` and the browser extra, like tests/test_view_browser.py; without
them these tests skip and say which is missing. A screenshot of one run page is saved as a test
artifact in `artifacts/` (or `$NKRU_ARTIFACTS`).
"""

import os
from pathlib import Path

import pytest
from conftest import CHECKOUT
from test_view_run import (
    DOC,
    GOLD_CONFIGS,
    RUN,
    STORED_RUN,
    injected_errors,
    scored_run,
)

from nkru.evaluation.benchmark import gold_and_sentences
from nkru.evaluation.outcomes import OutcomeKind
from nkru.evaluation.runs import default_runs_root, read_stored_run
from nkru.reader import read_corpus
from nkru.view.browser import SCREENSHOT_VIEWPORT, browser_unavailable, chromium
from nkru.view.run_pages import run_page_name, write_run_pages
from nkru.view.site import VIEW_CONFIGS, write_site

pytestmark = [
    pytest.mark.needs_browser,
    pytest.mark.skipif(browser_unavailable() is not None, reason=browser_unavailable() or ""),
]

ARTIFACTS = Path(os.environ.get("NKRU_ARTIFACTS", CHECKOUT / "artifacts"))
TRANSPARENT = "rgba(0, 0, 0, 0)"
# Per outcome kind: how many of its marks (fragments included) are drawn and how many are plain
# text, and how many of its error-table rows show. A drawn mark has its colour, and its badge
# unless it is the continuation of a split mark; a plain one has neither.
OUTCOME_STATE = """() => {
  const state = {};
  for (const box of document.querySelectorAll("input[data-outcome-filter]")) {
    const kind = box.dataset.outcomeFilter;
    const marks = [...document.querySelectorAll(`#text mark[data-outcome="${kind}"]`)];
    const drawn = marks.filter((mark) => getComputedStyle(mark).backgroundColor !== "rgba(0, 0, 0, 0)"
      && (mark.dataset.fragment !== undefined || getComputedStyle(mark, "::after").content !== "none"));
    const plain = marks.filter((mark) => getComputedStyle(mark).backgroundColor === "rgba(0, 0, 0, 0)"
      && getComputedStyle(mark, "::after").content === "none");
    const rows = [...document.querySelectorAll(`#errors tr[data-outcome="${kind}"]`)];
    const extents = [...document.querySelectorAll(`#text [data-extent-of="${kind}"]`)];
    state[kind] = {marks: marks.length, drawn: drawn.length, plain: plain.length, rows: rows.length,
                   rowsShown: rows.filter((row) => getComputedStyle(row).display !== "none").length,
                   extents: extents.length,
                   extentsDrawn: extents.filter((extent) => getComputedStyle(extent).textDecorationLine !== "none").length};
  }
  return state;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("viewer") / "site"
    write_site(read_corpus(CHECKOUT, VIEW_CONFIGS), out)
    gold_corpus = read_corpus(CHECKOUT, GOLD_CONFIGS)
    gold, sentences, texts = gold_and_sentences(gold_corpus)
    predicted, _ = injected_errors(gold, texts[DOC])
    record, predictions = scored_run(gold_corpus, {**gold, DOC: predicted})
    write_run_pages(gold_corpus, RUN, record, predictions, None, out)
    stored_record, stored_predictions = read_stored_run(default_runs_root(CHECKOUT), STORED_RUN, texts, sentences)
    write_run_pages(gold_corpus, STORED_RUN, stored_record, stored_predictions, None, out)
    return out, texts


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


@pytest.fixture
def open_page(browser, site):
    """Open a page of the site; yields the tab and the problems the browser reported."""
    contexts = []

    def opener(name: str, javascript: bool = True):
        context = browser.new_context(java_script_enabled=javascript, viewport=SCREENSHOT_VIEWPORT)
        contexts.append(context)
        tab = context.new_page()
        problems = []
        tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
               if message.type in ("error", "warning") else None)
        tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        tab.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
        tab.on("request", lambda request: problems.append(f"network request: {request.url}")
               if not request.url.startswith("file://") else None)
        tab.goto((site[0] / name).as_uri())
        tab.wait_for_load_state("load")
        return tab, problems

    yield opener
    for context in contexts:
        context.close()


def all_drawn(state: dict) -> bool:
    return all(counts["drawn"] == counts["marks"] and counts["rowsShown"] == counts["rows"]
               and counts["extentsDrawn"] == counts["extents"] for counts in state.values())


@pytest.mark.parametrize("run", [RUN, STORED_RUN])
def test_every_run_page_renders_its_outcomes_without_errors(site, open_page, run):
    _, texts = site
    tab, problems = open_page(run_page_name(run))
    assert problems == []
    for doc_id, text in texts.items():
        tab, problems = open_page(run_page_name(run, doc_id))
        assert problems == [], doc_id
        assert tab.eval_on_selector("#text", "element => element.textContent") == text, doc_id
        assert tab.eval_on_selector("fieldset.outcomes", "element => getComputedStyle(element).display") == "flex"
        counts = tab.eval_on_selector_all("fieldset.outcomes .count", "counts => counts.map((c) => +c.textContent)")
        first_marks = tab.evaluate('() => document.querySelectorAll("#text mark[data-outcome]:not([data-fragment])").length')
        assert sum(counts) == first_marks, doc_id
        assert all_drawn(tab.evaluate(OUTCOME_STATE)), doc_id


@pytest.mark.parametrize("run", [RUN, STORED_RUN])
def test_each_kind_checkbox_hides_exactly_its_marks_and_rows(open_page, run):
    doc_id = DOC if run == RUN else "nkru-004"
    tab, problems = open_page(run_page_name(run, doc_id))
    shown = tab.evaluate(OUTCOME_STATE)
    assert all_drawn(shown) and all(shown[kind]["marks"] for kind in OutcomeKind), shown
    for kind in OutcomeKind:
        tab.click(f'label:has(#show-{kind})')
        hidden = tab.evaluate(OUTCOME_STATE)
        counts = shown[kind]
        assert hidden[kind] == {**counts, "drawn": 0, "plain": counts["marks"], "rowsShown": 0, "extentsDrawn": 0}, kind
        assert {other: hidden[other] for other in hidden if other != kind} == {
            other: shown[other] for other in shown if other != kind}, kind
        tab.click(f'label:has(#show-{kind})')
        assert tab.evaluate(OUTCOME_STATE) == shown, kind
    assert problems == []


def test_without_javascript_the_checkboxes_are_hidden_and_every_outcome_is_drawn(open_page):
    tab, problems = open_page(run_page_name(RUN, DOC), javascript=False)
    assert tab.eval_on_selector("fieldset.outcomes", "element => getComputedStyle(element).display") == "none"
    assert all_drawn(tab.evaluate(OUTCOME_STATE))
    assert problems == []


def test_focusing_an_error_shows_both_of_its_spans(open_page):
    tab, problems = open_page(run_page_name(RUN, DOC))
    selector = f'#text mark[data-outcome="{OutcomeKind.BOUNDARY_AND_TYPE}"]:not([data-fragment])'
    mark = tab.eval_on_selector(selector, "mark => ({...mark.dataset})")
    tab.focus(selector)
    details = tab.eval_on_selector(selector, "mark => getComputedStyle(mark, '::before').content")
    assert f"gold {mark['goldLabel']}" in details and f"predicted {mark['predictedLabel']}" in details
    assert f"{mark['goldStart']}–{mark['goldEnd']}" in details
    assert f"{mark['predictedStart']}–{mark['predictedEnd']}" in details
    assert problems == []


def test_screenshot_of_a_run_page_is_saved(open_page):
    tab, problems = open_page(run_page_name(STORED_RUN, "nkru-004"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"viewer-run-{STORED_RUN}-nkru-004.png"
    tab.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 50_000  # a blank page compresses to a few kB
    assert problems == []
