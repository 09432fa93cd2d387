"""The list, search and API pages (the HSDS API too) run the same number of queries for 5 and for 60 entries.

Two sizes that are cheap to build prove that the count does not grow with the entries;
``tests/perf/test_kaart_at_scale.py`` (``make bench``) repeats it at 5,000 entries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.kaart.models import Voorziening
from content.kaart.serializers import TAXONOMIES
from content.kaart.services import set_favourite

from .factories import NeighbourhoodFactory, VoorzieningFactory, bulk_voorzieningen

pytestmark = pytest.mark.django_db

TAG_TAXONOMY = str(TAXONOMIES["tag"])

PAGES = {
    "list": ("kaart:kaart_index", {}),
    "filtered list": (
        "kaart:kaart_index",
        {
            "categorie": "opvoedondersteuning",
            "wijk": "oosterheem",
            "leeftijd": "7",
            "toegang": "vrij",
            "gratis": "1",
            "page": "2",
        },
    ),
    "search": ("kaart:kaart_index", {"q": "opvoedhulp", "wijk": "oosterheem"}),
    "api": ("kaart:api_services", {"per_page": "50", "page": "1"}),
    "api search": ("kaart:api_services", {"q": "opvoedhulp", "leeftijd": "5", "per_page": "20"}),
    "hsds services": ("kaart:hsds_services", {"per_page": "50"}),
    "hsds full services": ("kaart:hsds_services", {"per_page": "50", "full": "true"}),
    "hsds minimal": ("kaart:hsds_services", {"minimal": "true"}),
    "hsds search": (
        "kaart:hsds_services",
        {"search": "opvoedhulp", "taxonomy_id": TAG_TAXONOMY, "full": "1"},
    ),
    "hsds organizations": ("kaart:hsds_organizations", {"full": "true", "full_service": "true"}),
    "hsds taxonomy terms": ("kaart:hsds_taxonomy_terms", {"per_page": "100"}),
    "hsds service at locations": ("kaart:hsds_service_at_locations", {"per_page": "50", "full": "true"}),
}


def count_queries(client, name, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def editor_made(count, wijk, start=0):
    """Entries made the way an editor makes them (revision, tags, locations, conditions)."""
    for i in range(start, start + count):
        VoorzieningFactory(
            name=f"Opvoedhulp {i}",
            wijken=[wijk] if i % 2 else None,
            tags=["opvoeden", f"tag{i % 3}"],
            locations=[("", f"Dorpsstraat {i + 1}", "2712 AB")],
            conditions=["Voor ouders"],
            min_age=i % 10,
            max_age=12,
            is_free=bool(i % 3),
        )


@pytest.fixture
def kaart_of_five(client, make_user):
    """Five entries, one of them on the logged-in user's favourites list; returns the wijk."""
    user = make_user()
    client.force_login(user)
    wijk = NeighbourhoodFactory(slug="oosterheem")
    editor_made(5, wijk)
    set_favourite(user, Voorziening.objects.first(), True)
    return wijk


def test_pages_run_the_same_number_of_queries_for_5_and_60_entries(
    client, kaart_of_five, django_assert_num_queries
):
    client.get(reverse("kaart:kaart_index"))  # the person's menu links are cached from here on
    small = {name: count_queries(client, url, params) for name, (url, params) in PAGES.items()}

    editor_made(25, kaart_of_five, start=5)
    bulk_voorzieningen(30, wijk_obj=kaart_of_five, index=True)
    assert Voorziening.objects.count() == 60
    for name, (url, params) in PAGES.items():
        with django_assert_num_queries(small[name]):
            response = client.get(reverse(url), params)
        assert response.status_code == 200, name
    # the search really ran over all 60, and the API pages through all of them
    html = client.get(
        reverse("kaart:kaart_index"), {"q": "opvoedhulp", "wijk": "oosterheem"}
    ).content.decode()
    assert "60 voorzieningen gevonden" in html
    assert client.get(reverse("kaart:api_services"), {"per_page": "20"}).json()["total_pages"] == 3
