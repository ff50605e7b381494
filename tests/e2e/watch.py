"""Watch a Playwright page for what a user never sees but a broken page leaves behind: console
errors, uncaught exceptions and CSP violations. ``Watch(page)`` before the first goto, then
``watch.assert_clean()``. (The metrics and listening journeys keep their own richer copies, with
expected messages and the pages visited.)"""

from __future__ import annotations

from playwright.sync_api import Page


class Watch:
    """Collects console errors, uncaught page errors and CSP violations on every page loaded."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"pageerror on {page.url}: {exc}"))
        page.expose_binding("__reportCspViolation", self._csp)
        page.add_init_script(
            """document.addEventListener("securitypolicyviolation", function (e) {
                window.__reportCspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                    + " at " + e.sourceFile + ":" + e.lineNumber);
            });"""
        )

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {message.location.get('url', '?')}: {message.text}")

    def _csp(self, source, text: str) -> None:
        self.problems.append(f"CSP violation on {source['frame'].url}: {text}")

    def assert_clean(self) -> None:
        assert self.problems == [], "\n".join(self.problems)
