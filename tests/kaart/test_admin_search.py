"""Searching the kaart's admin listings: by word, with a quote, never a database error."""

import pytest
from django.test import Client
from django.urls import reverse

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(role="Coördinator"))
    return client


@pytest.mark.parametrize("query", ["Opvoed", "opvoedpunt", 'Opvoedpunt"'])
def test_a_coordinator_finds_an_organisation_by_its_name(coordinator, query):
    OrganisationFactory(name="Opvoedpunt Zoetermeer", email="info@opvoedpunt.example.nl")
    OrganisationFactory(name="Sportpunt", email="info@sportpunt.example.nl")
    response = coordinator.get(reverse("wagtailsnippets_kaart_organisation:list"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Opvoedpunt Zoetermeer" in html and "Sportpunt" not in html


def test_a_lone_quote_finds_nothing_and_breaks_nothing(coordinator):
    OrganisationFactory(name="Opvoedpunt Zoetermeer")
    response = coordinator.get(reverse("wagtailsnippets_kaart_organisation:list"), {"q": '"'})
    assert response.status_code == 200
