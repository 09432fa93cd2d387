"""Browser journeys of the practice app, with the keyboard only: a new colleague walks an
oefengesprek from the first node to an ending (Tab, Space, Enter); the demo medewerker confirms a
casusbespreking on Mijn voortgang; axe-core finds no WCAG 2.1 A/AA violations on the new pages."""

import re

import pytest

pytestmark = pytest.mark.e2e

SCENARIO = "/modules/giz/oefengesprek-specialistische-hulp/"


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_new_colleague_walks_an_oefengesprek_with_the_keyboard(page, demo_site, login, axe):
    login(demo_site, "nieuwe-medewerker")
    page.goto(demo_site + SCENARIO)
    assert axe() == [], "start"
    tab_to(page, "#begin-gesprek")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    steps = 0
    while page.locator("input[name=keuze]").count():
        assert axe() == [], f"node {steps}"
        tab_to(page, "input[name=keuze]")  # the group's first radio button
        page.keyboard.press("Space")
        assert page.locator("input[name=keuze]").first.is_checked()
        tab_to(page, "#kies")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        steps += 1
        assert steps < 12
    main = page.locator("main").inner_text()
    assert "Einde: Samen verder met een gezinsplan" in main, main[:3000]
    assert "Je hebt het gesprek afgerond" in main
    assert steps == 5
    assert axe() == [], "ending"
    # the step is done: the module page and Mijn voortgang say so
    page.goto(demo_site + "/mijn-voortgang/")
    row = page.locator("tr", has_text="GIZ — Gezamenlijk Inschatten Zorgbehoeften").first.inner_text()
    assert re.search(r"1 van \d+", row), row
    page.goto(demo_site + SCENARIO)
    assert "Je eerdere rondes" in page.locator("main").inner_text()


def test_the_medewerker_confirms_a_casusbespreking_with_the_keyboard(page, demo_site, login, axe):
    login(demo_site, "medewerker")
    page.goto(demo_site + "/mijn-voortgang/")
    assert axe() == []
    tab_to(page, "button[value=bevestigen]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.locator("main").inner_text()
    assert "Je aanwezigheid is bevestigd: 1 uur reflectie" in main
    assert "Intervisie: Verwijzingen zonder de Q van het normenkader: 1 uur reflectie" in main
    assert axe() == []


def test_the_team_leads_casusbesprekingen_pass_axe(page, demo_site, login, axe):
    login(demo_site, "teamleider")
    page.goto(demo_site + "/team/casusbesprekingen/")
    assert "Een gezin dat om een diagnose vraagt" in page.locator("main").inner_text()
    assert axe() == [], "list"
    page.goto(demo_site + "/team/casusbesprekingen/nieuw/")
    assert axe() == [], "form"
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in: errors
    page.wait_for_load_state()
    assert "De casusbespreking is niet opgeslagen" in page.locator("main").inner_text()
    assert axe() == [], "form with errors"
