"""The detail page of a voorziening: every phone number can be tapped, and a heading appears only
with something under it (issue 16)."""

import pytest
from django.urls import reverse

from .factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def detail(client, make_user, entry):
    client.force_login(make_user())
    response = client.get(reverse("kaart:voorziening_detail", args=[entry.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_phone_number_and_the_numbers_for_professionals_are_tel_links(client, make_user):
    entry = VoorzieningFactory(
        phone="079-000 1400",
        professional_note="Bij dreigende huisuitzetting: vroegsignalering, direct lijn 079-000 1499.",
    )
    html = detail(client, make_user, entry)
    assert 'href="tel:0790001400">079-000 1400</a>' in html
    assert 'href="tel:0790001499">079-000 1499</a>' in html


def test_no_contact_heading_without_contact_details(client, make_user):
    entry = VoorzieningFactory(phone="", email="", contact_person="", website="", opening_hours="")
    html = detail(client, make_user, entry)
    assert '<h2 class="utrecht-heading-2">Contact</h2>' not in html
    assert '<dl class="lt-facts">\n' not in html


def test_the_contact_heading_is_there_with_only_an_address(client, make_user):
    entry = VoorzieningFactory(
        phone="", email="", contact_person="", website="", locations=[("Stadhuis", "Markt 10", "2711 AA")]
    )
    html = detail(client, make_user, entry)
    assert '<h2 class="utrecht-heading-2">Contact</h2>' in html
    assert "Markt 10" in html
