"""Browser journeys: Playwright with Debian's Chromium against a live server on the demo data.

The journeys run on SQLite, the database `make run` serves. The demo is built once for all of
them, in a transaction around the package that is rolled back at its end; each journey runs in
its own transaction inside it (a savepoint), rolled back after the journey, so what one journey
writes (an attempt, a change report, a lesson marked done) the next does not see. The live
server shares the test's in-memory database connection (as Django's LiveServerTestCase does on
SQLite), so it serves exactly what the journey's transaction holds.
"""

from pathlib import Path

import pytest

from leergang.cache import kept
from tests.shared_data import ensure_roles, module_transaction

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "leergang-demo"


@pytest.fixture(scope="package")
def _demo_for_the_journeys(django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("the browser journeys run on SQLite, the database `make run` serves (make test-sqlite)")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            ensure_roles()
            call_command("demo_data", verbosity=0)
        yield


@pytest.fixture(scope="session")
def _live_server(django_db_setup):
    """One live server for every journey, on a free port (so xdist workers never collide); it
    lives as long as the test run, so no request thread outlives it."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def demo_site(_demo_for_the_journeys, _live_server, db):
    """The full demo data set, served by the live server; returns the base URL."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
        kept.clear()
    return _live_server.url


@pytest.fixture
def login(page):
    """log in as a demo account through the real login form: ``login(base_url, "medewerker")``."""

    def do_login(base_url, username, password=DEMO_PASSWORD):
        page.goto(base_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    return do_login


AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe(page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; returns the violations."""

    def run():
        page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    return run


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which our Content-Security-Policy rightly forbids.
    return {**browser_context_args, "bypass_csp": True}
