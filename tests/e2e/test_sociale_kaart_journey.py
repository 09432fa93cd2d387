"""A medewerker searches the sociale kaart with filters, opens an entry and reports a change;
the coordinator finds the report in the queue in the admin."""

import pytest

pytestmark = pytest.mark.e2e


def test_medewerker_reports_a_change_and_coordinator_sees_it_in_the_queue(page, demo_site, login):
    login(demo_site, "medewerker")
    page.get_by_role("link", name="Sociale kaart").first.click()
    page.wait_for_url(demo_site + "/sociale-kaart/")
    assert page.locator("h1").inner_text() == "Sociale kaart"

    page.select_option("#id_categorie", "scheiding")
    page.select_option("#id_wijk", "seghwaert")
    page.fill("#id_leeftijd", "9")
    page.get_by_role("button", name="Zoeken", exact=True).last.click()
    page.wait_for_load_state()
    assert "categorie=scheiding" in page.url and "wijk=seghwaert" in page.url and "leeftijd=9" in page.url
    results = page.locator(".lt-kaart__list h3")
    titles = results.all_inner_texts()
    assert any("Oudergroep" in title for title in titles) and any("Twee huizen" in title for title in titles)

    page.get_by_role("link", name="Oudergroep Uit elkaar, samen ouders").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Oudergroep Uit elkaar, samen ouders"
    assert page.get_by_text("meer dan 12 maanden geleden").first.is_visible()

    page.get_by_label("Anders").check()
    page.fill("#id_text", "De groep zit nu in Noordhove; het oude nummer werkt niet.")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De coördinator bekijkt je melding").is_visible()

    page.goto(demo_site + "/sociale-kaart/meldingen/")
    assert page.get_by_text("De groep zit nu in Noordhove").is_visible()

    page.context.clear_cookies()
    login(demo_site, "coordinator")
    page.goto(demo_site + "/admin/snippets/kaart/changereport/?status=open")
    assert page.get_by_text("Oudergroep Uit elkaar, samen ouders – Anders").first.is_visible()
    page.get_by_role("link", name="Oudergroep Uit elkaar, samen ouders – Anders").first.click()
    page.wait_for_load_state()
    assert "De groep zit nu in Noordhove" in page.content()
