"""A browser page for the staff panel's tests that fails the test on any Content-Security-Policy violation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.e2e.browser import browser_page

WAIT_MS = 15_000

# Init scripts are not subject to the page's CSP: they record every violation of every document the page loads, and
# count the beeps the panel plays (Web Audio oscillators started).
RECORDERS = """
window.__violaciones = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violaciones.push(`${e.violatedDirective} ${e.blockedURI}`));
window.__pitidos = 0;
const startOscillator = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) { window.__pitidos += 1; return startOscillator.apply(this, args); };
"""


@contextmanager
def panel_page() -> Iterator[Any]:
    with browser_page() as page:
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        page.add_init_script(RECORDERS)
        yield page
        assert page.evaluate("window.__violaciones || []") == []
        assert [text for text in console if "Content Security Policy" in text or "Refused to" in text] == []


def visible_tabs(page: Any) -> list[str]:
    return [text.split()[0] for text in page.locator('[role="tab"]:visible').all_inner_texts()]
