"""Links are reversed from the URL names, never written by hand: the header of every learner
page and the addresses in the reminder e-mails."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from modules.reminders import links

pytestmark = pytest.mark.django_db


def test_the_header_links_to_the_named_urls(client, site_tree, make_user):
    client.force_login(make_user("Coördinator"))
    html = client.get(reverse("my_progress")).content.decode()
    header = html.split("</header>", 1)[0]
    hrefs = re.findall(r'<a class="lt-nav__link" href="([^"]+)"', header)
    assert hrefs == [
        reverse("wagtail_serve", args=[""]),
        reverse("my_progress"),
        reverse("kaart:kaart_index"),
        reverse("team"),
        reverse("practice:discussions"),
        reverse("wagtailadmin_home"),
    ]
    assert f'action="{reverse("search")}"' in header


def test_the_reminder_e_mails_link_to_absolute_named_urls(make_user):
    base = "http://testserver"
    assert links() == {
        "home_url": base + "/",
        "progress_url": base + reverse("my_progress"),
        "team_url": base + reverse("team"),
    }
    context = {"user": make_user(), "items": [], "sections": [], **links()}
    for template in ("reminder.txt", "reminder.html"):
        text = render_to_string(f"modules/email/{template}", context)
        assert base + reverse("my_progress") in text and f"{base}/" in text
    for template in ("team_summary.txt", "team_summary.html"):
        assert base + reverse("team") in render_to_string(f"modules/email/{template}", context)
