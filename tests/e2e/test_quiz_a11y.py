"""axe-core (WCAG 2.1 A/AA) on the quiz page with errors, and on the result page."""

import pytest

from .test_quiz_journey import quiz  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def violations(page):
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    result = page.evaluate("tags => axe.run('main', {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in result["violations"]]


def test_quiz_and_result_pages_pass_axe(page, demo_site, login, quiz):  # noqa: F811
    login(demo_site, "medewerker")
    page.goto(demo_site + quiz.url)
    assert violations(page) == []
    page.get_by_role("button", name="Antwoorden inleveren").click()  # nothing answered: errors
    page.wait_for_load_state()
    assert "Je antwoorden zijn nog niet ingeleverd" in page.locator("main").inner_text()
    assert violations(page) == []
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input").first.check()
    page.get_by_role("button", name="Antwoorden inleveren").click()
    page.wait_for_url("**/poging/1/")
    assert violations(page) == []
