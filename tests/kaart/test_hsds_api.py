"""/api/hsds/: every answer validates against the official HSDS 3.0 schemas, for every service
and organisation of the demo sociale kaart (built once for this module), and the standard query
parameters filter as HSDS describes them."""

import datetime
import functools
import json
import re
import uuid
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from content.kaart import serializers as hsds
from content.kaart.hsds_api import SCHEMA_DIR
from content.kaart.models import ApiToken, Category, Organisation, Status, Voorziening

pytestmark = pytest.mark.django_db

FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value):
    parts = urlparse(value)
    return bool(parts.scheme in ("http", "https") and parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value):
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@functools.cache
def validator(name):
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FORMATS)


def assert_valid(name, data):
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)
    ]
    assert errors == [], (name, data.get("name") or data.get("id"))


def nulls(data, path=""):
    """Every place in ``data`` where a value is ``null``."""
    if data is None:
        return [path]
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in nulls(value, f"{path}/{key}")]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in nulls(value, f"{path}/{index}")]
    return []


@pytest.fixture
def api(client, demo_sociale_kaart):
    token = ApiToken(name="Regionale wegwijzer")
    raw = token.set_new_key()
    token.save()

    def get(name, params=None, *, args=(), status=200):
        response = client.get(
            reverse(f"kaart:{name}", args=args), params or {}, HTTP_AUTHORIZATION=f"Bearer {raw}"
        )
        assert response.status_code == status, response.content[:500]
        return response.json()

    return get


def every_page(api, name, params=None):
    contents, page = [], 1
    while True:
        data = api(name, {**(params or {}), "page": page, "per_page": 100})
        contents += data["contents"]
        if data["last_page"]:
            return contents
        page += 1


def listed():
    return Voorziening.objects.listed()


# --- every object validates -----------------------------------------------------------------------


def test_the_meta_endpoint_names_the_version_profile_and_openapi(api):
    meta = api("hsds_meta")
    assert meta["version"] == "3.0"
    assert meta["profile"].endswith(reverse("kaart:hsds_profile"))
    assert meta["openapi_url"].endswith(reverse("kaart:hsds_openapi"))
    profile = api("hsds_profile")
    assert set(profile["service"]["properties"]) == set(hsds.PROFILE_FIELDS)
    assert all(name.startswith("x_") for name in profile["service"]["properties"])
    assert "/services/{id}" in api("hsds_openapi")["paths"]


def test_every_demo_service_validates_in_the_list_in_full_and_on_its_own(api):
    services = every_page(api, "hsds_services")
    full = every_page(api, "hsds_services", {"full": "true"})
    assert len(services) == len(full) == listed().count() == 56
    profile_keys = set(hsds.PROFILE_FIELDS)
    for item, nested in zip(services, full, strict=True):
        assert_valid("compiled/service_list", item)
        assert_valid("compiled/service", nested)
        assert nulls(item) == [] and nulls(nested) == []
        assert {key for key in nested if key.startswith("x_")} == profile_keys
        one = api("hsds_services_detail", args=[item["id"]])
        assert_valid("compiled/service", one)
        assert one == nested
    by_key = {entry.slug: str(entry.hsds_id) for entry in listed()}
    assert {item["x_key"]: item["id"] for item in services} == by_key  # the stored, stable ids


def test_every_demo_organisation_validates(api):
    organisations = every_page(api, "hsds_organizations")
    assert {org["id"] for org in organisations} == {
        str(org.hsds_id) for org in Organisation.objects.filter(voorzieningen__live=True).distinct()
    }
    full = every_page(api, "hsds_organizations", {"full": "true", "full_service": "true"})
    for item, nested in zip(organisations, full, strict=True):
        assert_valid("compiled/organization_list", item)
        assert_valid("compiled/organization", nested)
        assert nulls(item) == [] and nulls(nested) == []
        one = api("hsds_organizations_detail", args=[item["id"]])
        assert_valid("compiled/organization", one)
        assert [s["id"] for s in one["services"]] == [s["id"] for s in nested["services"]]
        assert_valid(
            "compiled/organization",
            api("hsds_organizations_detail", {"full_service": "1"}, args=[item["id"]]),
        )
    assert sum(len(org["services"]) for org in full) == 56


def test_every_taxonomy_and_term_validates(api):
    taxonomies = every_page(api, "hsds_taxonomies")
    assert [t["name"] for t in taxonomies] == [
        "Categorieën van de sociale kaart",
        "Tags van de sociale kaart",
    ]
    for taxonomy in taxonomies:
        assert_valid("taxonomy", taxonomy)
        assert api("hsds_taxonomies_detail", args=[taxonomy["id"]]) == taxonomy
    terms = every_page(api, "hsds_taxonomy_terms")
    assert len([t for t in terms if t["taxonomy_id"] == taxonomies[0]["id"]]) == Category.objects.count()
    for term in terms:
        assert_valid("taxonomy_term", term)
        assert api("hsds_taxonomy_terms_detail", args=[term["id"]]) == term
    # the terms of every service's attributes are the terms of /taxonomy_terms
    used = {
        a["taxonomy_term_id"]
        for s in every_page(api, "hsds_services", {"full": "1"})
        for a in s["attributes"]
    }
    assert used <= {term["id"] for term in terms}


def test_every_service_at_location_validates(api):
    items = every_page(api, "hsds_service_at_locations")
    full = every_page(api, "hsds_service_at_locations", {"full": "true"})
    expected = sum(entry.locations.count() for entry in listed())
    assert len(items) == len(full) == expected > 0
    for item, nested in zip(items, full, strict=True):
        assert_valid("compiled/service_at_location_list", item)
        assert_valid("compiled/service_at_location", nested)
        assert nulls(item) == [] and nulls(nested) == []
        assert api("hsds_service_at_locations_detail", args=[item["id"]]) == nested


def test_languages_are_iso_639_codes(api):
    languages = [lang for s in every_page(api, "hsds_services", {"full": "1"}) for lang in s["languages"]]
    assert languages
    assert all(re.fullmatch(r"[a-z]{2,3}", lang["code"]) for lang in languages)
    assert {lang["name"]: lang["code"] for lang in languages}["Oekraïens"] == "uk"


# --- the envelope and the numbers -------------------------------------------------------------------


def test_the_page_envelope_counts_the_items_on_this_page(api):
    last = api("hsds_services", {"per_page": 50, "page": 2})
    assert last["total_items"] == 56 and last["total_pages"] == 2 and last["page_number"] == 2
    assert last["size"] == len(last["contents"]) == 6
    assert last["last_page"] and not last["first_page"] and not last["empty"]
    nothing = api("hsds_services", {"search": "xyzzyquux"})
    assert nothing["empty"] and nothing["size"] == 0 and nothing["total_items"] == 0


@pytest.mark.parametrize("name", ["hsds_services", "hsds_organizations", "hsds_taxonomy_terms"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"per_page": "①"}, "per_page moet een geheel getal van 1 tot en met 100 zijn."),
        ({"per_page": "101"}, "per_page moet een geheel getal van 1 tot en met 100 zijn."),
        ({"per_page": "9" * 5000}, "per_page moet een geheel getal"),
        ({"page": "²"}, "page moet een geheel getal van 1 of meer zijn."),
        ({"page": "0"}, "page moet een geheel getal van 1 of meer zijn."),
        ({"page": "-1"}, "page moet een geheel getal van 1 of meer zijn."),
        ({"page": "9" * 5000}, "page moet een geheel getal van 1 of meer zijn."),
        ({"page": "١"}, "page moet een geheel getal van 1 of meer zijn."),
    ],
)
def test_bad_numbers_are_a_400_in_dutch(api, name, params, message):
    assert api(name, params, status=400)["error"].startswith(message)


def test_unknown_parameters_and_values_give_warnings_not_silence(api):
    data = api("hsds_services", {"colour": "blue", "full": "misschien", "format": "ndjson"})
    assert "Onbekende parameter “colour”: die is genegeerd." in data["warnings"]
    assert any("“full” is true of false" in w for w in data["warnings"])
    assert any("format “ndjson”" in w for w in data["warnings"])
    data = api("hsds_services", {"taxonomy_term_id": "geen-uuid", "modified_after": "gisteren"})
    assert data["total_items"] == 56
    assert "“geen-uuid” is geen HSDS-id (een UUID): dit filter is genegeerd." in data["warnings"]
    assert any(w.startswith("“gisteren” is geen datum en tijd") for w in data["warnings"])
    assert api("hsds_service_at_locations", {"postcode": "2711 EC"})["warnings"]
    assert api("hsds_organizations", {"minimal": "1"})["warnings"] == [
        "Onbekende parameter “minimal”: die is genegeerd."
    ]


def test_unknown_ids_are_a_404_in_dutch(api):
    missing = str(uuid.uuid4())
    assert (
        api("hsds_services_detail", args=[missing], status=404)["error"] == "Deze voorziening bestaat niet."
    )
    assert (
        api("hsds_organizations_detail", args=["x"], status=404)["error"] == "Deze organisatie bestaat niet."
    )
    for name in ("hsds_taxonomies_detail", "hsds_taxonomy_terms_detail", "hsds_service_at_locations_detail"):
        assert api(name, args=[missing], status=404)["error"]


def test_without_a_token_or_session_every_endpoint_refuses(client, demo_sociale_kaart):
    for name in (
        "hsds_meta",
        "hsds_services",
        "hsds_organizations",
        "hsds_taxonomies",
        "hsds_taxonomy_terms",
    ):
        assert client.get(reverse(f"kaart:{name}")).status_code == 401


# --- the query parameters ----------------------------------------------------------------------------


def test_search_finds_what_q_finds(api):
    found = every_page(api, "hsds_services", {"search": "schulden"})
    assert found and [s["id"] for s in found] == [
        s["id"] for s in every_page(api, "hsds_services", {"q": "schulden"})
    ]
    assert len(found) < 56


def test_taxonomy_term_id_filters_by_category_and_by_tag(api):
    category = Category.objects.filter(voorzieningen__live=True).first()
    found = every_page(api, "hsds_services", {"taxonomy_term_id": str(category.hsds_id), "full": "1"})
    assert len(found) == listed().filter(category=category).count() > 0
    assert all(s["attributes"][0]["taxonomy_term_id"] == str(category.hsds_id) for s in found)
    entry = listed().filter(tags__isnull=False).first()
    tag = entry.tags.first()
    term = hsds.tag_term_id(tag)
    found = every_page(api, "hsds_services", {"taxonomy_term_id": term, "full": "1"})
    assert len(found) == listed().filter(tags=tag).count() > 0
    assert all(term in {a["taxonomy_term_id"] for a in s["attributes"]} for s in found)
    at_locations = every_page(api, "hsds_service_at_locations", {"taxonomy_term_id": str(category.hsds_id)})
    assert {item["service_id"] for item in at_locations} <= {
        s["id"] for s in every_page(api, "hsds_services", {"taxonomy_term_id": str(category.hsds_id)})
    }
    terms = every_page(api, "hsds_taxonomy_terms", {"taxonomy_id": str(hsds.TAXONOMIES["tag"])})
    assert terms and all(t["taxonomy"] == "leergang-toegang:tag" for t in terms)


def test_taxonomy_id_filters_services_with_a_term_of_it(api):
    assert api("hsds_services", {"taxonomy_id": str(hsds.TAXONOMIES["categorie"])})["total_items"] == 56
    tagged = api("hsds_services", {"taxonomy_id": str(hsds.TAXONOMIES["tag"])})["total_items"]
    assert tagged == listed().filter(tags__isnull=False).distinct().count()
    assert api("hsds_services", {"taxonomy_id": str(uuid.uuid4())})["total_items"] == 0


def test_organization_id_filters_by_provider(api):
    org = Organisation.objects.filter(voorzieningen__live=True).first()
    found = every_page(api, "hsds_services", {"organization_id": str(org.hsds_id)})
    assert len(found) == listed().filter(organisation=org).count() > 0
    assert {s["organization_id"] for s in found} == {str(org.hsds_id)}


def test_modified_after_gives_what_changed_since(api):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = listed().order_by("name")[:50]
    Voorziening.objects.filter(pk__in=[entry.pk for entry in old]).update(last_published_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=30)).isoformat()
    found = every_page(api, "hsds_services", {"modified_after": since})
    assert len(found) == 6
    assert all(
        datetime.datetime.fromisoformat(s["last_modified"]) >= datetime.datetime.fromisoformat(since)
        for s in found
    )
    assert api("hsds_services", {"modified_after": "2000-01-01"})["total_items"] == 56


def test_minimal_gives_every_service_in_one_call_and_full_nests(api):
    minimal = api("hsds_services", {"minimal": "true"})
    assert minimal["total_pages"] == 1 and minimal["size"] == 56
    assert all(set(s) == {"id", "name", "status", "last_modified"} for s in minimal["contents"])
    for item in minimal["contents"]:
        assert_valid("compiled/service_list", item)
    assert "phones" not in api("hsds_services", {"per_page": 1})["contents"][0]
    assert "phones" in api("hsds_services", {"per_page": 1, "full": "true"})["contents"][0]


def test_pages_cover_every_service_once(api):
    ids = [
        s["id"]
        for page in (1, 2, 3, 4, 5, 6)
        for s in api("hsds_services", {"per_page": 10, "page": page})["contents"]
    ]
    assert len(ids) == len(set(ids)) == 56


def test_the_profile_fields_say_the_dutch_facts(api):
    services = {s["x_key"]: s for s in every_page(api, "hsds_services")}
    for entry in listed().prefetch_related("neighbourhoods"):
        service = services[entry.slug]
        assert service["x_referral_required"] == (entry.access_route == "verwijzing")
        assert service["x_whole_municipality"] == entry.whole_municipality
        assert [w["key"] for w in service["x_wijken"]] == [w.slug for w in entry.neighbourhoods.all()]
    closed = listed().filter(status=Status.TEMPORARILY_CLOSED).first()
    if closed is not None:
        assert services[closed.slug]["status"] == "temporarily closed"
