"""The viewer in a real browser: Debian's headless Chromium driven by Playwright.

Needs `apt-get install chromium` and the browser extra; `.ci/run` installs both. Without them
these tests skip and say which is missing. A screenshot of one page is saved as a test artifact
in `artifacts/` (or `$NKRU_ARTIFACTS`).
"""

import os
from pathlib import Path

import pytest

from conftest import CHECKOUT
from nkru.loader import load
from nkru.reader import read_corpus
from nkru.view.browser import SCREENSHOT_VIEWPORT, browser_unavailable, chromium
from nkru.view.site import VIEW_CONFIGS, page_name, write_site

pytestmark = [
    pytest.mark.needs_browser,
    pytest.mark.skipif(browser_unavailable() is not None, reason=browser_unavailable() or ""),
]

ARTIFACTS = Path(os.environ.get("NKRU_ARTIFACTS", CHECKOUT / "artifacts"))
SCREENSHOT_DOC = "nkru-004"
TRANSPARENT = "rgba(0, 0, 0, 0)"
LAYER_COUNTS = """() => {
  const first = (layer) => document.querySelectorAll(`#text [data-layer="${layer}"]:not([data-fragment])`).length;
  const stancesInText = new Set([...document.querySelectorAll('#text [data-layer="stance"]')].map((e) => e.dataset.stance));
  return {entities: first("entity"), dates: first("timex"), stances: document.querySelectorAll("li.stance").length,
          stancesInText: stancesInText.size};
}"""


@pytest.fixture(scope="module")
def splits():
    return {config: load(config, CHECKOUT)["test"] for config in VIEW_CONFIGS}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("viewer") / "site"
    write_site(read_corpus(CHECKOUT, VIEW_CONFIGS), out)
    return out


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
        tab.goto((site / name).as_uri())
        tab.wait_for_load_state("load")
        return tab, problems

    yield opener
    for context in contexts:
        context.close()


def expected_counts(splits, doc_id: str) -> dict[str, int]:
    counts = {layer: sum(1 for row_doc in splits[config]["doc_id"] if row_doc == doc_id)
              for layer, config in (("entities", "entities"), ("dates", "dates"), ("stances", "stances"))}
    return {**counts, "stancesInText": counts["stances"]}


def test_every_page_renders_all_annotations_without_errors(splits, open_page):
    for document in splits["documents"]:
        doc_id = document["doc_id"]
        tab, problems = open_page(page_name(doc_id))
        assert problems == [], doc_id
        assert tab.evaluate(LAYER_COUNTS) == expected_counts(splits, doc_id), doc_id
        assert tab.eval_on_selector("#text", "element => element.textContent") == document["text"], doc_id
        # viewer.css applied: the text keeps its line breaks
        assert tab.eval_on_selector("#text", "element => getComputedStyle(element).whiteSpace") == "pre-wrap"


def test_the_index_links_every_document(splits, open_page):
    tab, problems = open_page("index.html")
    assert problems == []
    links = tab.eval_on_selector_all("tbody a", "links => links.map((link) => link.getAttribute('href'))")
    assert links == [page_name(doc_id) for doc_id in splits["documents"]["doc_id"]]
    tab.click(f"text={splits['documents']['doc_id'][1]}")
    assert tab.url.endswith(page_name(splits["documents"]["doc_id"][1]))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_each_layer_toggle_hides_its_layer_only(open_page, javascript):
    tab, problems = open_page(page_name(SCREENSHOT_DOC), javascript=javascript)
    styles = """() => ({
      entity: getComputedStyle(document.querySelector("#text mark.entity")).backgroundColor,
      entityTable: getComputedStyle(document.querySelector("#entity-table")).display,
      timex: getComputedStyle(document.querySelector("#text .timex")).borderBottomStyle,
      dateTable: getComputedStyle(document.querySelector("#date-table")).display,
      holder: getComputedStyle(document.querySelector("#text .role-holder")).borderTopStyle,
      stanceList: getComputedStyle(document.querySelector("#stances")).display,
    })"""
    shown = tab.evaluate(styles)
    assert shown["entity"] != TRANSPARENT and shown["timex"] == "solid" and shown["holder"] == "solid"
    assert "none" not in (shown["entityTable"], shown["dateTable"], shown["stanceList"])
    for layer, hidden in (("entities", {"entity": TRANSPARENT, "entityTable": "none"}),
                          ("dates", {"timex": "none", "dateTable": "none"}),
                          ("stances", {"holder": "none", "stanceList": "none"})):
        tab.click(f'label:has(#show-{layer})')
        assert tab.evaluate(styles) == {**shown, **hidden}, layer
        tab.click(f'label:has(#show-{layer})')
        assert tab.evaluate(styles) == shown, layer
    assert problems == []


def test_keyboard_focus_reaches_the_annotations_and_shows_their_details(splits, open_page):
    tab, problems = open_page(page_name(SCREENSHOT_DOC))
    tab.focus("#show-stances")
    tab.keyboard.press("Tab")
    first = tab.evaluate("() => document.querySelector('#text [tabindex]').id")
    assert tab.evaluate("() => document.activeElement.id") == first
    mention = next(row for row in splits["entities"] if row["doc_id"] == SCREENSHOT_DOC)
    registry = {row["entity_id"]: row for row in splits["entity_registry"]}
    tab.focus(f'[id="{mention["mention_id"]}"]')
    details = tab.eval_on_selector(f'[id="{mention["mention_id"]}"]',
                                   "element => getComputedStyle(element, '::before').content")
    assert registry[mention["entity_id"]]["canonical_name"] in details
    timex = next(row for row in splits["dates"] if row["doc_id"] == SCREENSHOT_DOC)
    tab.hover(f'[id="{timex["timex_id"]}"]')
    details = tab.eval_on_selector(f'[id="{timex["timex_id"]}"]',
                                   "element => getComputedStyle(element, '::before').content")
    assert f"value {timex['value']}" in details
    assert problems == []


def test_a_stance_in_the_list_lights_up_its_spans_in_the_text(splits, open_page):
    tab, problems = open_page(page_name(SCREENSHOT_DOC))
    stance_id = next(row["stance_id"] for row in splits["stances"] if row["doc_id"] == SCREENSHOT_DOC)
    linked = '() => [...document.querySelectorAll("#text .linked")].map((e) => e.dataset.stance + ":" + e.dataset.role)'
    assert tab.evaluate(linked) == []
    tab.hover(f'li[data-stance="{stance_id}"]')
    assert sorted(tab.evaluate(linked)) == sorted(f"{stance_id}:{role}" for role in ("holder", "target", "cue"))
    assert problems == []


def test_screenshot_of_a_document_page_is_saved(open_page):
    tab, problems = open_page(page_name(SCREENSHOT_DOC))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"viewer-{SCREENSHOT_DOC}.png"
    tab.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 50_000  # a blank page compresses to a few kB
    assert problems == []
