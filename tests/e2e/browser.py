"""Headless Chromium from Debian's `chromium` package (`make ensure-chromium`), driven by Playwright for Python.

Never `playwright install`: the browser is the system's, given by `executable_path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A microphone that plays a tone, granted without asking: for the widget's voice notes.
FAKE_MICROPHONE = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")

requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: run `make ensure-chromium`")


@contextmanager
def browser_page(extra_args: tuple[str, ...] = (), permissions: list[str] | None = None) -> Iterator[Any]:
    """A fresh page (Spanish locale, desktop size); fails the test if the page raised a JavaScript error."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args], headless=True
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="es-CO", permissions=permissions or []
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            yield page
        finally:
            browser.close()
        assert errors == [], errors
