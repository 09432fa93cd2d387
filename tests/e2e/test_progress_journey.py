"""Browser journeys for progress: a newcomer marks a lesson done and sees it on Mijn voortgang;
a team lead filters the team overview. Without JavaScript-dependent steps."""

import re

import pytest

pytestmark = pytest.mark.e2e


def test_newcomer_marks_a_lesson_done_and_sees_it_on_mijn_voortgang(page, demo_site, login):
    login(demo_site, "nieuwe-medewerker")
    assert page.get_by_role("heading", name="Inwerkprogramma toegang").is_visible()
    assert page.get_by_text(re.compile(r"Afronden vóór \d+ \w+ \d{4}")).first.is_visible()
    before = page.locator(".lt-path__list .lt-status").first.inner_text()
    assert before.startswith("Bezig (1 van")

    page.locator(".lt-continue a").first.click()
    page.wait_for_load_state()
    lesson_url = page.url
    page.get_by_role("button", name="Markeer als afgerond").click()
    page.wait_for_load_state()
    assert page.url != lesson_url  # on to the next step
    assert page.get_by_text(re.compile("is afgerond")).is_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn voortgang").click()
    page.wait_for_load_state()
    assert page.locator("a[aria-current=page]").inner_text() == "Mijn voortgang"
    first_row = page.locator("table.lt-table tbody tr").first
    assert first_row.locator(".lt-status").inner_text().startswith("Bezig (2 van")


def test_team_lead_filters_the_team_overview_to_who_is_behind(page, demo_site, login):
    login(demo_site, "teamleider")
    page.goto(demo_site + "/team/")
    rows = page.locator("table.lt-matrix tbody tr")
    assert rows.count() >= 5
    page.select_option("#id_status", "loopt-achter")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()
    assert "status=loopt-achter" in page.url
    assert rows.count() == 1
    assert "Lisa Hoekstra" in rows.first.inner_text()
    assert "Loopt achter" in rows.first.inner_text()
    rows.first.get_by_role("link", name="Lisa Hoekstra").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Lisa Hoekstra").is_visible()
    # back on the overview, the export link carries the filter
    page.go_back()
    page.wait_for_load_state()
    href = page.get_by_role("link", name=re.compile("exporteren")).get_attribute("href")
    assert href.startswith("/team/export.csv?") and "status=loopt-achter" in href
