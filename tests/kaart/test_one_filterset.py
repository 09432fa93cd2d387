"""One FilterSet: the list page, the API and the admin listing find the same entries for the same
filters; bad values are ignored with the same Dutch message on the page and in the API; the API
(Django REST framework) refuses a wrong token with the JSON 401 of the contract."""

import re

import pytest
from django.urls import reverse

from content.kaart.filters import VoorzieningFilterSet
from content.kaart.models import ApiToken, Voorziening

from .factories import CategoryFactory, NeighbourhoodFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db

REFUSED = {
    "error": "Authenticatie vereist: log in of stuur een API-token mee (Authorization: Bearer <token>).",
    "status": 401,
}


@pytest.fixture
def token(db):
    token = ApiToken(name="Wegwijzer")
    raw = token.set_new_key()
    token.save()
    return raw


@pytest.fixture
def entries(db):
    opvoed, sport = CategoryFactory(slug="opvoedondersteuning"), CategoryFactory(slug="sport-en-cultuur")
    oost, seg = NeighbourhoodFactory(slug="oosterheem"), NeighbourhoodFactory(slug="seghwaert")
    VoorzieningFactory(name="Opvoedspreekuur", category=opvoed, whole=True, min_age=0, max_age=12)
    VoorzieningFactory(name="Puberpraat", category=opvoed, wijken=[seg], min_age=11, max_age=16)
    VoorzieningFactory(name="Buurtsport Oosterheem", category=sport, wijken=[oost], is_free=True)
    VoorzieningFactory(name="Muziekles", category=sport, whole=True, access_route="aanmelden")
    VoorzieningFactory(name="Voor twee wijken", category=sport, wijken=[oost, seg], checked_days=500)
    return {"opvoedondersteuning": opvoed, "sport-en-cultuur": sport, "oosterheem": oost, "seghwaert": seg}


def on_the_page(client, params):
    html = client.get(reverse("kaart:kaart_index"), params).content.decode()
    return set(re.findall(r'<h3 class="utrecht-heading-3 lt-kaart-item__title"><a [^>]*>([^<]+)</a>', html))


def in_the_api(client, params, token):
    response = client.get(reverse("kaart:api_services"), params, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    return {service["name"] for service in response.json()["contents"]}


def in_the_admin(client, params, objects):
    """The admin names objects by key: ``categorie``/``wijk`` slugs become ``category``/``wijk`` keys."""
    admin_params = {}
    if "categorie" in params:
        admin_params["category"] = objects[params["categorie"]].pk
    if "wijk" in params:
        admin_params["wijk"] = objects[params["wijk"]].pk
    response = client.get(reverse("wagtailsnippets_kaart_voorziening:list"), admin_params)
    assert response.status_code == 200
    keys = re.findall(r"/admin/snippets/kaart/voorziening/edit/(\d+)/", response.content.decode())
    return set(Voorziening.objects.filter(pk__in=keys).values_list("name", flat=True))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"categorie": "sport-en-cultuur"}, {"Buurtsport Oosterheem", "Muziekles", "Voor twee wijken"}),
        (
            {"wijk": "oosterheem"},
            {"Opvoedspreekuur", "Buurtsport Oosterheem", "Muziekles", "Voor twee wijken"},
        ),
        ({"wijk": "seghwaert"}, {"Opvoedspreekuur", "Puberpraat", "Muziekles", "Voor twee wijken"}),
        ({"categorie": "opvoedondersteuning", "wijk": "oosterheem"}, {"Opvoedspreekuur"}),
    ],
)
def test_page_api_and_admin_find_the_same_entries(client, make_user, token, entries, params, expected):
    assert {entry.name for entry in VoorzieningFilterSet(params).qs} == expected
    client.force_login(make_user(role="Coördinator"))
    assert on_the_page(client, params) == expected
    assert in_the_api(client, params, token) == expected
    assert in_the_admin(client, params, entries) == expected


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {"leeftijd": "12", "wijk": "seghwaert"},
            {"Opvoedspreekuur", "Puberpraat", "Muziekles", "Voor twee wijken"},
        ),
        ({"leeftijd": "13", "categorie": "opvoedondersteuning"}, {"Puberpraat"}),
        ({"toegang": "aanmelden"}, {"Muziekles"}),
        ({"gratis": "1", "categorie": "sport-en-cultuur"}, {"Buurtsport Oosterheem"}),
        ({"q": "puberpraat"}, {"Puberpraat"}),
    ],
)
def test_page_and_api_share_the_other_filters(client, make_user, token, entries, params, expected):
    client.force_login(make_user())
    assert on_the_page(client, params) == expected
    assert in_the_api(client, params, token) == expected


def test_admin_shares_the_last_checked_filter(client, make_user, entries):
    client.force_login(make_user(role="Coördinator"))
    assert in_the_admin(client, {}, entries) == {
        "Opvoedspreekuur",
        "Puberpraat",
        "Buurtsport Oosterheem",
        "Muziekles",
        "Voor twee wijken",
    }
    response = client.get(reverse("wagtailsnippets_kaart_voorziening:list"), {"checked": "stale"})
    keys = re.findall(r"/admin/snippets/kaart/voorziening/edit/(\d+)/", response.content.decode())
    assert set(Voorziening.objects.filter(pk__in=keys).values_list("name", flat=True)) == {"Voor twee wijken"}


BAD = {
    "q": "schuld " * 40,
    "categorie": "bestaat-niet",
    "wijk": "oosterheem",  # a good one: it stays
    "leeftijd": "130",
    "toegang": "per-post",
    "gratis": "misschien",
}
MESSAGES = [
    "Je zoekterm is langer dan 200 tekens en is daarom niet gebruikt. "
    "Zoek met een paar woorden, zoals “schulden” of “opvoeden”.",
    "Onbekende categorie “bestaat-niet”: dit filter is genegeerd.",
    "Leeftijd “130” is geen geheel aantal jaren tussen 0 en 120: dit filter is genegeerd.",
    "Onbekende toegang “per-post”: dit filter is genegeerd.",
    "“gratis” is 1 of 0: dit filter is genegeerd.",
]
IN_OOSTERHEEM = {"Opvoedspreekuur", "Buurtsport Oosterheem", "Muziekles", "Voor twee wijken"}


def test_bad_values_are_ignored_with_the_same_dutch_messages_on_the_page_and_in_the_api(
    client, make_user, token, entries
):
    client.force_login(make_user())
    response = client.get(reverse("kaart:kaart_index"), BAD)
    assert response.status_code == 200
    html = response.content.decode()
    for message in MESSAGES:
        assert message in html
    assert on_the_page(client, BAD) == IN_OOSTERHEEM
    # the form shows the search as it ran: the good wijk chosen, the ignored values empty
    assert '<option value="oosterheem" selected>' in html
    for field in ("id_q", "id_leeftijd"):
        (tag,) = re.findall(rf'<input [^>]*id="{field}"[^>]*>', html)
        assert "value=" not in tag

    response = client.get(
        reverse("kaart:api_services"), {**BAD, "per_page": "2"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["warnings"] == MESSAGES
    assert data["total_items"] == len(IN_OOSTERHEEM)
    # the next page keeps the filter that was used and drops the ignored ones
    assert data["next"] == "http://testserver/api/sociale-kaart/?wijk=oosterheem&page=2&per_page=2"


def test_a_search_without_an_entry_with_every_word_says_so_in_the_api(client, token, entries):
    data = client.get(
        reverse("kaart:api_services"), {"q": "puberpraat muziekles"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert {service["name"] for service in data["contents"]} == {"Puberpraat", "Muziekles"}
    assert data["warnings"] == [
        "Geen voorziening bevat al je zoekwoorden. Hieronder staan de voorzieningen met ten minste "
        "één ervan, de beste eerst."
    ]


@pytest.mark.parametrize("url", [reverse("kaart:api_services"), reverse("kaart:api_service", args=["x"])])
def test_a_wrong_token_is_refused_even_with_a_login_session(client, make_user, token, url, entries):
    client.force_login(make_user())
    response = client.get(url, HTTP_AUTHORIZATION="Bearer lt_wrong")
    assert response.status_code == 401
    assert response.json() == REFUSED
    assert response["WWW-Authenticate"] == 'Bearer realm="sociale-kaart"'
    assert response["Content-Type"] == "application/json"


def test_anonymous_and_inactive_tokens_get_the_json_401(client, token, entries):
    entry = Voorziening.objects.get(name="Muziekles")
    for url in (reverse("kaart:api_services"), reverse("kaart:api_service", args=[entry.slug])):
        response = client.get(url)
        assert (response.status_code, response.json()) == (401, REFUSED)
        assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    ApiToken.objects.update(active=False)
    response = client.get(reverse("kaart:api_services"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (response.status_code, response.json()) == (401, REFUSED)


def test_the_api_answers_json_only_whatever_is_asked(client, token, entries):
    for accept in ("text/html", "application/xml"):
        response = client.get(
            reverse("kaart:api_services"),
            {"format": "api"},
            HTTP_ACCEPT=accept,
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json()["total_items"] == 5
    response = client.post(reverse("kaart:api_services"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
    assert response.json() == {"error": 'Methode "POST" niet toegestaan.', "status": 405}


def test_a_missing_service_is_a_json_404(client, token, entries):
    response = client.get(
        reverse("kaart:api_service", args=["bestaat-niet"]), HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 404
    assert response.json() == {"error": "Deze voorziening bestaat niet.", "status": 404}
