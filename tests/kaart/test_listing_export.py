"""The admin listings of the kaart download (Wagtail's ``list_export``) in the site's CSV format."""

import csv
import io

import pytest
from django.urls import reverse

from content.kaart.models import ChangeReport

from .factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    return response, list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def test_the_voorzieningen_listing_downloads_with_dutch_headings_and_guarded_cells(client, make_user):
    VoorzieningFactory(name="=HYPERLINK(1)", slug="formule", whole=True)
    client.force_login(make_user(role="Coördinator"))
    response, rows = download(client, reverse("wagtailsnippets_kaart_voorziening:list"))
    assert response["Content-Disposition"] == 'attachment; filename="voorzieningen.csv"'
    assert rows[0] == [
        "Naam",
        "Sleutel",
        "Organisatie",
        "Categorie",
        "Status aanbod",
        "Toegang",
        "Laatst gecontroleerd op",
        "Publicatie",
    ]
    assert rows[1][:2] == ["'=HYPERLINK(1)", "formule"] and rows[1][4:6] == ["Actief", "Vrij toegankelijk"]


def test_the_reported_changes_download_guards_what_reporters_wrote(client, make_user):
    entry = VoorzieningFactory(whole=True)
    reporter = make_user()
    ChangeReport.objects.create(voorziening=entry, reason="klopt-niet", text="@SUM(1)", reporter=reporter)
    client.force_login(make_user(role="Coördinator"))
    response, rows = download(client, reverse("wagtailsnippets_kaart_changereport:list"))
    assert response["Content-Disposition"] == 'attachment; filename="meldingen-sociale-kaart.csv"'
    assert rows[0][:5] == [
        "Voorziening",
        "Naam van de nieuwe voorziening",
        "Reden",
        "Wat klopt er niet of ontbreekt",
        "Status",
    ]
    assert rows[1][2:5] == ["Gegevens kloppen niet", "'@SUM(1)", "Open"]
