"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Browsers cannot be downloaded here: Chromium comes from `apt-get install -y chromium`
(.ci/run installs it). Without it these tests skip on a developer's machine and fail in CI.
"""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-results" / "screenshots"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
    # make between browser steps are ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def refused_by_the_policy(context):
    """The Content-Security-Policy refusals Chromium logs in ``context``'s console, as a list
    that fills as the pages run (tests/e2e/test_csp.py looks at every one more closely)."""
    refused = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", on_console)
    return refused


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="en-CA")
    refused = refused_by_the_policy(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something"


@pytest.fixture
def new_page(browser):
    """Another person's browser: ``new_page(locale)`` opens a page in a fresh context (its own
    cookies, so its own login), closed after the test. Like ``page``, it fails the test if the
    Content-Security-Policy refused anything."""
    contexts, refused = [], []

    def open_page(locale="en-CA"):
        context = browser.new_context(viewport={"width": 1024, "height": 900}, locale=locale)
        contexts.append(context)
        refused.append(refused_by_the_policy(context))
        new = context.new_page()
        new.set_default_timeout(15_000)
        return new

    yield open_page
    for context in contexts:
        context.close()
    assert [r for r in refused if r] == [], "the Content-Security-Policy refused something"


@pytest.fixture
def demo_site(live_server, settings):
    """The demo content in the live server's database."""
    from tests.conftest import seed_committed_demo

    seed_committed_demo()
    settings.ALLOWED_HOSTS = ["*"]
    return live_server


@pytest.fixture
def one_request_at_a_time(live_server):
    """On in-memory SQLite, pytest-django gives the live server's threads the test's own database
    connection, so two requests writing at once fail with "database table is locked". Pages that
    send requests in the background (Wagtail's autosave and editing-session pings) then need the
    server to answer one request at a time. Other databases are left alone."""
    from django.db import connection

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield live_server
        return
    server = live_server.thread.httpd
    app = server.get_app()
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            response = app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()

    server.set_app(serialized)
    yield live_server
    server.set_app(app)


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name, of=None):
        """A full-page screenshot of ``page``, or of ``of`` (another person's page)."""
        path = SCREENSHOTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"Screenshots of the browser journeys: {SCREENSHOTS}")


def screening_questions(page):
    """The screening questions (fieldsets) once the page shows them: ``count()`` alone does not
    wait, and just after a click it may still be counting the page being left."""
    questions = page.locator("fieldset.field")
    questions.first.wait_for()
    return [questions.nth(index) for index in range(questions.count())]


SECOND_FACTOR_TEXT = {"verify_heading": "Two-step verification", "code": "Code", "verify": "Verify"}


def staff_authenticator(username):
    """``username``'s authenticator app (made if they have none). Get it before the browser
    opens a page: on in-memory SQLite the live server shares the test's database connection."""
    from django.contrib.auth import get_user_model

    from tests.factories import authenticator

    return authenticator(get_user_model().objects.get(username=username))


def enter_second_factor(page, device, text=None):
    """After the password: the code of ``device`` (``staff_authenticator``), computed here as
    the staff member's app would, on the page that asks for it."""
    from tests.factories import totp_code

    text = text or SECOND_FACTOR_TEXT
    page.get_by_role("heading", name=text["verify_heading"]).wait_for()
    page.get_by_role("textbox", name=text["code"]).fill(totp_code(device))
    page.get_by_role("button", name=text["verify"]).click()
