"""The list, search and API pages run the same number of queries for 40 and for 5,000 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import kaart

pytestmark = pytest.mark.django_db

PAGES = {
    "list": ("/sociale-kaart/", {}),
    "filtered list": (
        "/sociale-kaart/",
        {
            "categorie": "opvoedondersteuning",
            "wijk": "oosterheem",
            "leeftijd": "7",
            "toegang": "vrij",
            "gratis": "1",
            "page": "2",
        },
    ),
    "search": ("/sociale-kaart/", {"q": "opvoedhulp", "wijk": "oosterheem"}),
    "api": ("/api/sociale-kaart/", {"per_page": "50", "page": "1"}),
    "api search": ("/api/sociale-kaart/", {"q": "opvoedhulp", "leeftijd": "5", "per_page": "20"}),
}


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response


def test_pages_run_a_fixed_number_of_queries_for_40_and_5000_entries(
    client, make_user, django_assert_num_queries
):
    user = make_user()
    client.force_login(user)
    wijk = kaart.wijk("oosterheem")
    # 40 entries made the way an editor makes them, with tags, locations and conditions ...
    for i in range(40):
        kaart.voorziening(
            name=f"Opvoedhulp {i}",
            wijken=[wijk] if i % 2 else None,
            tags=["opvoeden", f"tag{i % 3}"],
            locations=[("", f"Dorpsstraat {i + 1}", "2712 AB")],
            conditions=["Voor ouders"],
            min_age=i % 10,
            max_age=12,
            is_free=bool(i % 3),
        )
    # ... and one of them on the user's favourites list
    from content.kaart.models import Voorziening
    from content.kaart.services import set_favourite

    set_favourite(user, Voorziening.objects.first(), True)
    small = {name: count_queries(client, path, params)[0] for name, (path, params) in PAGES.items()}

    kaart.bulk_voorzieningen(4960, wijk_obj=wijk, index=True)
    assert Voorziening.objects.count() == 5000
    for name, (path, params) in PAGES.items():
        with django_assert_num_queries(small[name]):
            response = client.get(path, params)
        assert response.status_code == 200, name
    # the search really ran over the big set, and the API reaches every entry
    html = client.get("/sociale-kaart/", {"q": "opvoedhulp", "wijk": "oosterheem"}).content.decode()
    assert "5000 voorzieningen gevonden" in html
    assert client.get("/api/sociale-kaart/", {"per_page": "100"}).json()["total_pages"] == 50
    print(small)
