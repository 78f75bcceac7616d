"""Headless Chromium for the viewer's screenshot and browser tests: Debian's `chromium` driven by
Playwright (the `browser` extra), never a browser that Playwright downloads.

Install it with `apt-get install chromium`; `NKRU_CHROMIUM` names another executable.
"""

from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from pathlib import Path

from nkru.errors import NkruError

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google's hosts, which a closed
# network refuses; running as root needs --no-sandbox.
CHROMIUM_FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
)
SCREENSHOT_VIEWPORT = {"width": 1100, "height": 1300}


def chromium_path() -> Path:
    return Path(os.environ.get("NKRU_CHROMIUM", DEFAULT_CHROMIUM))


def browser_unavailable() -> str | None:
    """Why no browser can be started here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install '.[browser]'"
    if not chromium_path().is_file():
        return f"no Chromium at {chromium_path()}: apt-get install chromium (or set NKRU_CHROMIUM)"
    return None


@contextmanager
def chromium():
    """A headless Chromium browser, closed on exit."""
    reason = browser_unavailable()
    if reason:
        raise NkruError(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Path, png: Path, focus_id: str | None = None) -> Path:
    """Save the top of a local page to `png` (written atomically), with the element `focus_id`
    focused so that its details show."""
    from nkru.atomic import replace_file

    with chromium() as browser:
        tab = browser.new_page(viewport=SCREENSHOT_VIEWPORT)
        tab.goto(page.resolve().as_uri())
        if focus_id:
            element = tab.query_selector(f'[id="{focus_id}"]')
            if element is None:
                raise NkruError(f"{page.name} has no element with id {focus_id!r} to focus")
            element.focus()
        replace_file(png, lambda path: tab.screenshot(path=str(path), type="png"))
    return png
