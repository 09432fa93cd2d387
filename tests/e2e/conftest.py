"""Browser journeys: Playwright with Debian's Chromium against Django's live_server.

``live_server`` needs ``transactional_db``, which flushes the database after each test (the
Wagtail root page, Site and role groups included), so every journey builds what it needs.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "leergang-demo"


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The full demo data set, served by live_server; returns the base URL."""
    from django.core.management import call_command

    from leergang.roles import sync_role_permissions

    sync_role_permissions()
    call_command("demo_data", verbosity=0)
    return live_server.url


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
