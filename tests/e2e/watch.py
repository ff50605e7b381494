"""What every browser test shares: a watch on the page for what a user never sees but a broken page
leaves behind (console errors, uncaught exceptions, CSP violations, dialogs), logging in, and the
check that a page does not scroll sideways.

``watch = Watch(page)`` before the first goto, then ``watch.assert_clean()``."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD


class Watch:
    """Collects console errors, uncaught page errors, CSP violations and dialogs on every page
    loaded, and the pages visited."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.pages: list[str] = []
        # Statuses a step expects to be refused with (a 400 form, a 403 page): the browser logs the
        # failed load as a console error, which is then the assertion, not noise.
        self.expected_status: set[int] = set()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"pageerror on {page.url}: {exc}"))
        page.on("dialog", self._dialog)
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.pages.append(frame.url))
        page.expose_binding("__reportCspViolation", self._csp)
        page.add_init_script(
            """document.addEventListener("securitypolicyviolation", function (e) {
                window.__reportCspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                    + " at " + e.sourceFile + ":" + e.lineNumber);
            });"""
        )

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if any(f"status of {status}" in message.text for status in self.expected_status):
            return
        self.problems.append(f"console error on {message.location.get('url', '?')}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type} on {dialog.page.url if dialog.page else '?'}: {dialog.message}")
        dialog.dismiss()

    def _csp(self, source, text: str) -> None:
        self.problems.append(f"CSP violation on {source['frame'].url}: {text}")

    def assert_clean(self, *, expected: tuple[str, ...] = ()) -> None:
        """A page was visited, no dialog fired (an injected script would open one), and no problem
        happened beyond the ``expected`` ones (substrings), each of which must have happened."""
        assert self.pages, "no page was visited"
        assert self.dialogs == [], "a dialog fired (injected script ran?):\n" + "\n".join(self.dialogs)
        problems = list(self.problems)
        for text in expected:
            found = next((p for p in problems if text in p), None)
            assert found is not None, f"expected a console message containing {text!r}"
            problems.remove(found)
        assert problems == [], "\n".join(problems)


def log_in_as(page: Page, base_url: str, email: str, password: str = PASSWORD) -> Page:
    """Log in at whatever width the page has and wait until the Main navigation is on screen (a wait
    on state: the next goto cannot cut the login's own navigation short). Any earlier session is
    dropped first."""
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    return page


def assert_no_sideways_scroll(page: Page, label: str = "") -> None:
    """The page is no wider than the window: nothing needs scrolling sideways."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{label or page.url}: page is {scroll}px wide in a {inner}px window"
