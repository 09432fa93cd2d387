"""/api/sociale-kaart/: HSDS-shaped JSON, every entry over its pages, no anonymous access."""

import re

import pytest
from django.urls import reverse

from content.kaart.models import ApiToken
from tests.assertions import assert_sent_to_the_dashboard

from .factories import NeighbourhoodFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db

API = reverse("kaart:api_services")

SERVICE_FIELDS = {
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "organization",
    "contacts",
    "attributes",
}


@pytest.fixture
def token(db):
    token = ApiToken(name="Regionale wegwijzer")
    raw = token.set_new_key()
    token.save()
    return raw


def test_anonymous_request_is_refused_with_json(client):
    response = client.get(API)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "Authenticatie vereist" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer verkeerd-token", "Token abc", "Bearer ", "Basic dXNlcjpwdw=="])
def test_wrong_or_inactive_tokens_are_refused(client, token, header):
    assert client.get(API, HTTP_AUTHORIZATION=header).status_code == 401
    ApiToken.objects.update(active=False)
    assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_only_its_hash_is_stored(token):
    stored = ApiToken.objects.get()
    assert token not in (stored.key_hash, stored.prefix) and stored.key_hash != token
    assert token.startswith(stored.prefix)


def test_session_user_and_token_both_get_hsds_services(client, make_user, token):
    oost = NeighbourhoodFactory(slug="oosterheem")
    entry = VoorzieningFactory(
        name="Buurtsport",
        wijken=[oost],
        min_age=6,
        max_age=16,
        is_free=True,
        phone="079-000 1500",
        email="sport@example.nl",
        website="https://buurtsport.example.nl",  # HSDS: an unknown url is left out, never null
        opening_hours="Wo 14–16",
        languages="Nederlands, Engels",
        tags=["sport"],
        locations=[("Sportpark", "Sportlaan 4", "2719 MP")],
        conditions=["Kinderen uit de wijk"],
        professional_note="Geheim nummer 079-000 9999",
    )
    for kwargs in ({"HTTP_AUTHORIZATION": f"Bearer {token}"}, {}):
        if not kwargs:
            client.force_login(make_user())
        data = client.get(API, **kwargs).json()
        assert (
            data["total_items"] == 1 and data["page_number"] == 1 and data["first_page"] and data["last_page"]
        )
        service = data["contents"][0]
        assert SERVICE_FIELDS <= set(service)
        assert service["name"] == "Buurtsport" and service["status"] == "active"
        assert service["minimum_age"] == 6 and service["maximum_age"] == 16
        assert service["organization"]["name"] == entry.organisation.name
        assert service["organization_id"] == service["organization"]["id"]
        assert service["service_areas"][0]["name"] == "Oosterheem"
        address = service["service_at_locations"][0]["location"]["addresses"][0]
        assert (
            address["postal_code"] == "2719 MP"
            and address["country"] == "NL"
            and address["city"] == "Zoetermeer"
        )
        assert service["phones"][0]["number"] == "079-000 1500"
        assert service["schedules"][0]["description"] == "Wo 14–16"
        assert [language["code"] for language in service["languages"]] == ["nl", "en"]
        assert service["cost_options"][0]["amount"] == 0
        assert service["attributes"][0]["taxonomy_term"]["code"] == "opvoedondersteuning"
        assert "Kinderen uit de wijk" in service["eligibility_description"]
        assert service["assured_date"] == entry.last_checked_on.isoformat()
        assert "Geheim" not in str(service)  # the note for professionals never leaves the site
        assert service["x_key"] == entry.slug
        assert service["id"] == str(entry.hsds_id)
        assert None not in service.values()  # unknown values are left out (HSDS types them)


def test_every_entry_is_reachable_over_the_pages(client, token):
    for i in range(23):
        VoorzieningFactory(name=f"Voorziening {i:02d}")
    seen, url, pages = [], API + "?per_page=5", 0
    while url:
        data = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
        seen += [service["name"] for service in data["contents"]]
        url, pages = data["next"], pages + 1
    assert pages == 5 and data["last_page"] and data["total_pages"] == 5
    assert sorted(seen) == [f"Voorziening {i:02d}" for i in range(23)]


def test_filters_are_the_same_as_on_the_list_and_kept_in_next_links(client, token):
    oost, seg = NeighbourhoodFactory(slug="oosterheem"), NeighbourhoodFactory(slug="seghwaert")
    for i in range(4):
        VoorzieningFactory(name=f"Oost {i}", wijken=[oost], min_age=4, max_age=12)
    VoorzieningFactory(name="Heel Zoetermeer", whole=True, min_age=0, max_age=18)
    VoorzieningFactory(name="Seghwaert", wijken=[seg])
    VoorzieningFactory(name="Te oud", wijken=[oost], min_age=13, max_age=18)
    data = client.get(
        API, {"wijk": "oosterheem", "leeftijd": "12", "per_page": "2"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert data["total_items"] == 5
    assert "wijk=oosterheem" in data["next"] and "leeftijd=12" in data["next"] and "page=2" in data["next"]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"per_page": "1000"}, {"per_page": "-1"}])
def test_bad_paging_gives_a_400_json_error(client, token, params):
    response = client.get(API, params, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and "error" in response.json()


def test_page_past_the_end_is_404_json(client, token):
    VoorzieningFactory()
    response = client.get(API, {"page": "3"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404 and "bestaat niet" in response.json()["error"]


def test_unknown_filter_values_are_ignored_with_a_warning(client, token):
    VoorzieningFactory()
    data = client.get(API, {"categorie": "bestaat-niet"}, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["total_items"] == 1 and data["warnings"]


def test_single_service_by_key(client, token):
    entry = VoorzieningFactory(status="tijdelijk-gesloten")
    data = client.get(f"{API}{entry.slug}/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["name"] == entry.name and data["status"] == "temporarily closed" and data["alert"]
    assert client.get(f"{API}{entry.slug}/").status_code == 401
    assert client.get(f"{API}bestaat-niet/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404


def test_only_beheerders_manage_api_tokens(client, make_user):
    client.force_login(make_user(role="Coördinator"))
    assert_sent_to_the_dashboard(client.get(reverse("api-tokens:index")))
    client.force_login(make_user(role="Beheerder"))
    assert client.get(reverse("api-tokens:index")).status_code == 200
    response = client.post(reverse("api-tokens:add"), {"name": "Wegwijzer", "active": "on"}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Wegwijzer")
    shown = " ".join(str(m) for m in response.context["messages"])
    raw = re.search(r"lt_[A-Za-z0-9_-]{20,}", shown).group(0)
    assert raw.startswith(token.prefix) and ApiToken.find_active(raw) == token
