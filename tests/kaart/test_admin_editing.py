"""Coordinators edit voorzieningen as snippets: drafts, publishing, validation."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content.kaart.models import Voorziening

from .factories import CategoryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADD = reverse("wagtailsnippets_kaart_voorziening:add")


def form(**overrides):
    data = {
        "name": "Moederscafé",
        "slug": "moederscafe",
        "organisation": OrganisationFactory().pk,
        "category": CategoryFactory().pk,
        "summary": "Inloop voor moeders met een baby",
        "description": "",
        "tags": "baby, inloop",
        "search_synonyms": "",
        "serves": "gezin",
        "audience": "",
        "min_age": "0",
        "max_age": "1",
        "whole_municipality": "on",
        "locations": inline_formset(
            [{"name": "Bibliotheek", "street": "Stadhuisplein 2", "postcode": "2711ec", "city": "Zoetermeer"}]
        ),
        "languages": "Nederlands",
        "access_route": "vrij",
        "conditions": inline_formset([{"text": "Met je baby"}, {"text": "Zonder aanmelden"}]),
        "application_url": "",
        "application_steps": "",
        "cost": "Gratis",
        "is_free": "on",
        "waiting_time": "",
        "phone": "079-000 3000",
        "email": "",
        "contact_person": "",
        "website": "",
        "opening_hours": "Vrijdag 10–12",
        "professional_note": "",
        "status": "actief",
        "source_url": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def coordinator_client(client, make_user):
    client.force_login(make_user(role="Coördinator"))
    return client


def test_coordinator_saves_a_draft_and_publishes_it(coordinator_client):
    response = coordinator_client.post(ADD, form())
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Voorziening.objects.get(slug="moederscafe")
    assert not entry.live
    assert entry.locations.get().postcode == "2711 EC"
    assert [c.text for c in entry.conditions.all()] == ["Met je baby", "Zonder aanmelden"]
    edit = reverse("wagtailsnippets_kaart_voorziening:edit", args=[entry.pk])
    coordinator_client.post(
        edit, {**form(summary="Inloop, gepubliceerd"), "action-publish": "action-publish"}
    )
    entry.refresh_from_db()
    assert entry.live and entry.summary == "Inloop, gepubliceerd"
    assert sorted(t.name for t in entry.tags.all()) == ["baby", "inloop"]
    # a later draft does not change what medewerkers see
    coordinator_client.post(edit, form(summary="Nog een concept"))
    entry.refresh_from_db()
    assert entry.summary == "Inloop, gepubliceerd" and entry.has_unpublished_changes


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"whole_municipality": ""}, "Kies de wijken waarvoor deze voorziening is"),
        (
            {
                "locations": inline_formset(
                    [{"name": "", "street": "X 1", "postcode": "27111", "city": "Zoetermeer"}]
                )
            },
            "Nederlandse postcode",
        ),
        ({"min_age": "12", "max_age": "4"}, "maximumleeftijd kan niet lager"),
        ({"slug": "favorieten"}, "pagina van de sociale kaart zelf"),
    ],
)
def test_invalid_entries_are_refused_with_a_dutch_message(coordinator_client, overrides, message):
    response = coordinator_client.post(ADD, form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Voorziening.objects.filter(slug=overrides.get("slug", "moederscafe")).exists()


def test_preview_renders_the_detail_template(coordinator_client):
    response = coordinator_client.post(reverse("wagtailsnippets_kaart_voorziening:preview_on_add"), form())
    assert response.status_code == 200 and response.json()["is_valid"]
    html = coordinator_client.get(
        reverse("wagtailsnippets_kaart_voorziening:preview_on_add")
    ).content.decode()
    assert "Moederscafé" in html and "Inloop voor moeders" in html
