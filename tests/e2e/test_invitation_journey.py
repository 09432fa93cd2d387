"""A team lead invites a new colleague in the browser; the colleague follows the e-mailed link,
chooses a password, lands on their onboarding path dated from the start date, and the link then
no longer works."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from modules.models import LearningPathModule

pytestmark = pytest.mark.e2e

PASSWORD = "Zomer-in-Zoetermeer-42"


def test_a_team_lead_invites_a_colleague_who_starts_on_the_path(page, demo_site, login):
    mail.outbox.clear()
    login(demo_site, "teamleider")
    page.goto(demo_site + "/team/")
    page.get_by_role("link", name="Collega uitnodigen").first.click()
    start = timezone.localdate() + datetime.timedelta(days=3)
    page.fill("#id_first_name", "Sem")
    page.fill("#id_last_name", "Jacobs")
    page.fill("#id_email", "sem.jacobs@zoetermeer.example")
    page.select_option("#id_team", label="JGH Noord")
    page.fill("#id_job_title", "Toegangsmedewerker JGH")
    page.fill("#id_start_date", start.isoformat())
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url(demo_site + "/team/")
    assert "De uitnodiging is verstuurd naar sem.jacobs@zoetermeer.example." in page.content()
    invited = page.get_by_role("region", name="Openstaande uitnodigingen")
    assert "Sem Jacobs" in invited.inner_text()

    (message,) = [m for m in mail.outbox if m.to == ["sem.jacobs@zoetermeer.example"]]
    path = re.search(r"https?://[^/\s]+(/accounts/uitnodiging/\S+/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(demo_site + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Sem"
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_url(demo_site + "/")
    assert "Welkom, Sem. Je wachtwoord is ingesteld." in page.content()
    path_card = page.locator(".lt-path")
    title = path_card.get_by_role("heading", level=3).inner_text()
    items = LearningPathModule.objects.filter(path__title=title, advised_day__isnull=False).order_by(
        "sort_order"
    )
    shown = path_card.locator(".lt-path__advised").all_inner_texts()
    expected = [f"vóór {date_format(start + datetime.timedelta(days=i.advised_day), 'j F')}" for i in items]
    assert shown == expected and expected  # the advised dates count from the start date

    page.context.clear_cookies()
    page.goto(demo_site + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze uitnodigingslink werkt niet meer"
    login(demo_site, "sem.jacobs@zoetermeer.example", PASSWORD)
    assert page.url == demo_site + "/"
