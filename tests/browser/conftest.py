"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Screenshots of each journey's key screens go to test-results/<journey>/ (git ignores it), and
every page scanned by axe-core is listed in test-results/axe.json.
"""

import io
import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("BRIDGE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_LOG: list[dict] = []


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"Chromium is needed for the browser tests in CI: {CHROMIUM} is missing"
        )
    skip = pytest.mark.skip(
        reason=f"install Debian's chromium ({CHROMIUM}) to run the browser journeys"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": FLAGS}


@pytest.fixture
def demo(live_server):
    call_command("load_demo", "--course-only", stdout=io.StringIO())
    return live_server


FONTS = "https://assets.nhs.uk/fonts/**"
# This machine has no internet: the NHS font requests are answered with a local font, so the
# page loads exactly as it would with the real host (and the CSP must allow it).
LOCAL_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class Journey:
    """Screenshots, accessibility scans and console errors for one journey."""

    def __init__(self, name: str, page, live_server):
        self.name, self.page, self.base = name, page, live_server.url
        self.folder = RESULTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0
        self.console_errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        page.route(FONTS, self._font)
        self.failed: list[str] = []  # which requests failed, to name them in a console error
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.page.url}: {message.text}")

    @staticmethod
    def _font(route) -> None:
        route.fulfill(status=200, content_type="font/ttf", body=LOCAL_FONT.read_bytes())

    def no_console_errors(self, label: str) -> None:
        errors, self.console_errors[:] = list(self.console_errors), []
        failed, self.failed[:] = list(self.failed), []
        assert not errors, f"{label}: console errors: " + "; ".join(errors + failed)

    def refused_as_expected(self, status: int) -> None:
        """The page just answered ``status`` on purpose (a form sent back with its errors): the
        browser's console line for it is not an error of the page."""
        self.console_errors[:] = [e for e in self.console_errors if f"status of {status}" not in e]
        self.failed[:] = [f for f in self.failed if not f.startswith(f"{status} ")]

    def url(self, path: str) -> str:
        return self.base + path

    def shot(self, label: str) -> None:
        self.shots += 1
        self.page.screenshot(
            path=str(self.folder / f"{self.shots:02d}-{label}.png"), full_page=True
        )

    def check(self, label: str, *, exceptions: dict[str, str] | None = None) -> None:
        """Screenshot, then axe-core with the WCAG 2.0/2.1/2.2 A and AA rules: 0 violations.

        ``exceptions`` maps an axe rule id to the written reason it is accepted on this page.
        """
        # Let transitions finish (a message sliding in has, mid-way, too little contrast).
        self.page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running'"
            " || !(a.effect && a.effect.getComputedTiming().endTime <= 5000))",
            timeout=10000,
        )
        if self.page.locator(".messages li").count():
            # Wagtail's messages fade in by a timed class change, not an animation.
            self.page.wait_for_timeout(1000)
        self.shot(label)
        result = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = [v for v in result.response["violations"] if v["id"] not in (exceptions or {})]
        AXE_LOG.append(
            {
                "journey": self.name,
                "page": label,
                "url": self.page.url,
                "violations": len(violations),
                "accepted": sorted((exceptions or {}).keys()),
            }
        )
        summary = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
            for v in violations
        ]
        assert not violations, f"{label}: " + "; ".join(summary)
        self.no_console_errors(label)

    def no_horizontal_scroll(self, label: str) -> None:
        width = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert width[0] <= width[1], f"{label}: page is {width[0]}px wide in a {width[1]}px window"


def journey_server(journey):
    """The live server a second window's Journey reports against (the first journey's)."""

    class Server:
        url = journey.base

    return Server


@pytest.fixture
def journey(request, demo, page):
    """Set up after the live server, so the page closes before the database is flushed."""
    page.set_default_timeout(30000)  # generous: CI machines are small and busy
    journey = Journey(request.node.name.replace("test_", "").split("[")[0], page, demo)
    yield journey
    journey.no_console_errors("end of journey")
    page.goto("about:blank")  # stop the film's heartbeats before the test database is emptied
    page.wait_for_timeout(200)


def pytest_sessionfinish(session, exitstatus):
    if AXE_LOG:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "axe.json").write_text(json.dumps(AXE_LOG, indent=2))
        pages = len(AXE_LOG)
        violations = sum(entry["violations"] for entry in AXE_LOG)
        print(f"\naxe-core: {pages} page scans, {violations} violations")
