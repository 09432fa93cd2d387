"""axe-core over the main pages of each role: no WCAG 2.1 A/AA violations."""

import pytest

pytestmark = pytest.mark.e2e

PAGES_BY_ROLE = {
    None: ["/accounts/login/", "/accounts/password_reset/"],
    "medewerker": [
        "/",
        "/modules/giz/",
        "/modules/giz/wat-is-giz/",
        "/zoeken/?q=gezinsplan",
        "/sociale-kaart/?leeftijd=14",
        "/mijn-voortgang/",
    ],
    "teamleider": ["/team/"],
}


def test_public_pages_have_no_wcag_violations(page, demo_site, axe):
    for url in PAGES_BY_ROLE[None]:
        page.goto(demo_site + url)
        assert axe() == [], url


def test_medewerker_pages_have_no_wcag_violations(page, demo_site, login, axe):
    login(demo_site, "medewerker")
    for url in PAGES_BY_ROLE["medewerker"]:
        page.goto(demo_site + url)
        assert page.url.startswith(demo_site + url.split("?")[0])
        assert axe() == [], url


def test_team_lead_pages_have_no_wcag_violations(page, demo_site, login, axe):
    login(demo_site, "teamleider")
    for url in PAGES_BY_ROLE["teamleider"]:
        page.goto(demo_site + url)
        assert page.url.startswith(demo_site + url)
        assert axe() == [], url
