"""Real-browser fixtures: the app on a live local server, Debian's chromium driven by Playwright, and axe.

No browser is downloaded: Playwright for Python launches /usr/bin/chromium (`apt-get install -y
chromium`; .ci/run does it). Without it, or without the playwright package, these tests skip and say why.

axe-core 4.14.1 is vendored as tests/browser/axe.min.js (MPL-2.0, see axe-core-LICENSE.txt; from the npm
package axe-core). It is injected with Playwright's evaluate, which the page's CSP does not block, so the
pages are checked under the same CSP they are served with.
"""

import os
import pathlib
import threading

import pytest
from werkzeug.serving import make_server

from tests.web.conftest import close_app, make_app
from tests.web.conftest import legal_pack_path as legal_pack_path  # noqa: F401 - fixtures shared with the web tests
from tests.web.conftest import register_pack_path as register_pack_path  # noqa: F401
from tests.web.conftest import web_pack_path as web_pack_path  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
HERE = pathlib.Path(__file__).parent
SCREENSHOTS = HERE / "screenshots"
AXE = HERE / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _skip_reason():
    if not os.path.exists(CHROMIUM):
        return f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright package (pip install -e '.[dev]'); no browser download is needed"
    return None


SKIP_REASON = _skip_reason()


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests, with the reason, where chromium or playwright is missing."""
    if SKIP_REASON:
        marker = pytest.mark.skip(reason=SKIP_REASON)
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(marker)


class LiveServer:
    """The app served by Werkzeug on a free loopback port in a background thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def _live(tmp_path, pack_path):
    # As in production except for Secure cookies, which plain http on loopback cannot carry.
    app = make_app(tmp_path, pack_path, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=False, TESTING=False)
    return app


@pytest.fixture
def live_server(tmp_path, web_pack_path):  # noqa: F811 - the fixture imported above
    """The app on the web tests' fixture pack, CSRF on, on a live server."""
    app = _live(tmp_path, web_pack_path)
    with LiveServer(app) as server:
        yield server
    close_app(app)


@pytest.fixture
def live_server_register(tmp_path, register_pack_path):  # noqa: F811 - the fixture imported above
    """The app on the bundled pack with a register of agreements dated around today (tests/web/register_pack.py)."""
    app = _live(tmp_path, register_pack_path)
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def live_server_legal(tmp_path, legal_pack_path):  # noqa: F811 - the fixture imported above
    """The app on the legal area's fixture pack (the web pack with scenarios), on a live server."""
    app = _live(tmp_path, legal_pack_path)
    with LiveServer(app) as server:
        yield server
    for thread in app.extensions.get("sharewise_impact_threads", {}).values():
        thread.join(300)
    close_app(app)


@pytest.fixture
def live_server_bundled(tmp_path):
    """The app on the bundled policy pack, on a live server."""
    app = _live(tmp_path, None)
    with LiveServer(app) as server:
        yield server
    close_app(app)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A Playwright page that records console errors (CSP violations show there) and runs axe."""

    def __init__(self, page):
        self.page = page
        self.console_errors = []
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", self._request_failed)
        self.allowed = []

    def _request_failed(self, request):
        # A request cut short because the test moved on to another page is not a fault of the page.
        if request.failure != "net::ERR_ABORTED":
            self.console_errors.append(f"request failed: {request.url} ({request.failure})")

    def allow_console_error(self, text):
        """Expect a console error containing this text (e.g. a deliberate 403)."""
        self.allowed.append(text)

    def unexpected_errors(self):
        return [e for e in self.console_errors if not any(a in e for a in self.allowed)]

    def __getattr__(self, name):
        return getattr(self.page, name)

    def axe(self, label):
        """Run axe with the WCAG 2.2 AA tags; fail naming every violation found on this page."""
        # After a click the URL can change before the new document exists: wait for it to load first.
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        results = self.page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
        ]
        assert problems == [], f"axe on {label} ({self.page.url}):\n" + "\n".join(problems)
        return results

    def screenshot_as(self, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser):
    """A fresh browser context per test. Request the live server before this fixture, so that the page
    is closed before the server stops."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    wrapped = Page(context.new_page())
    yield wrapped
    context.close()
    assert wrapped.unexpected_errors() == []
