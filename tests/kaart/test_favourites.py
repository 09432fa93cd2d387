import pytest
from django.urls import reverse

from content.kaart.models import Favourite

from .factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def test_favourites_are_set_and_removed_idempotently_and_shown(client, make_user):
    user = make_user()
    entry = VoorzieningFactory(name="Opvoedspreekuur")
    other = VoorzieningFactory(name="Buurtsport")
    client.force_login(user)
    url = reverse("kaart:set_favourite", args=[entry.slug])
    for _ in range(2):  # a repeated POST changes nothing
        response = client.post(url, {"favourite": "1", "next": reverse("kaart:kaart_index") + "?q=x"})
    assert response.status_code == 302 and response["Location"] == reverse("kaart:kaart_index") + "?q=x"
    assert Favourite.objects.filter(user=user).count() == 1
    html = client.get(reverse("kaart:favourites")).content.decode()
    assert "Opvoedspreekuur" in html and "Buurtsport" not in html
    listing = client.get(reverse("kaart:kaart_index")).content.decode()
    marked = listing.split("Opvoedspreekuur", 1)[1].split("</h3>", 1)[0]
    assert "favoriet" in marked
    assert "favoriet" not in listing.split("Buurtsport", 1)[1].split("</h3>", 1)[0]
    assert "Verwijder uit mijn favorieten" in client.get(entry.get_absolute_url()).content.decode()
    client.post(url, {"favourite": "0"})
    client.post(url, {"favourite": "0"})
    assert not Favourite.objects.exists()
    assert other  # untouched


def test_favourites_are_personal_and_next_cannot_leave_the_site(client, make_user):
    entry = VoorzieningFactory(name="Opvoedspreekuur")
    first, second = make_user(), make_user()
    client.force_login(first)
    response = client.post(
        reverse("kaart:set_favourite", args=[entry.slug]),
        {"favourite": "1", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == entry.get_absolute_url()
    client.force_login(second)
    assert client.get(reverse("kaart:favourites")).context["entries"] == []


def test_favourite_needs_post(client, make_user):
    entry = VoorzieningFactory()
    client.force_login(make_user())
    assert client.get(reverse("kaart:set_favourite", args=[entry.slug])).status_code == 405


def test_sociale_kaart_needs_a_login(client):
    entry = VoorzieningFactory()
    for url in [reverse("kaart:kaart_index"), entry.get_absolute_url(), reverse("kaart:favourites")]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
