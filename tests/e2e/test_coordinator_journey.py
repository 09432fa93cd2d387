"""The coordinator handles a report that proposes a new phone number: from the admin dashboard
to "applied and handled" in at most four clicks."""

import pytest

pytestmark = pytest.mark.e2e

NEW_PHONE = "079-000 4321"  # the demo's open report on the Opvoedspreekuur proposes it


def test_a_coordinator_applies_a_phone_number_and_handles_the_report_in_four_clicks(page, demo_site, login):
    from content.kaart.models import ChangeReport, Voorziening

    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()
        page.wait_for_load_state()

    login(demo_site, "coordinator")
    page.goto(demo_site + "/admin/")
    panel = page.locator("#sociale-kaart-open-reports-section")
    assert panel.get_by_text("in één stap toe te passen").first.is_visible()

    click(panel.get_by_role("link", name="Opvoedspreekuur – Gegevens kloppen niet"))
    assert page.get_by_role("link", name="“Opvoedspreekuur” bewerken").is_visible()
    assert page.get_by_role("cell", name=NEW_PHONE).is_visible()

    click(page.get_by_role("button", name="Toepassen en afhandelen"))
    assert page.get_by_text("het is nu").first.is_visible() or page.get_by_text(NEW_PHONE).first.is_visible()
    assert clicks <= 4

    entry = Voorziening.objects.get(slug="opvoedspreekuur")
    assert entry.phone == NEW_PHONE and not entry.has_unpublished_changes and not entry.is_stale()
    report = ChangeReport.objects.get(voorziening=entry, proposed_value=NEW_PHONE)
    assert report.status == "verwerkt" and report.handled_by.username == "coordinator"

    page.goto(demo_site + entry.get_absolute_url())
    assert page.get_by_text(NEW_PHONE).first.is_visible()
