"""The sociale kaart at 5,000 entries: the list, search and API pages run as many queries as
with 5 (the unit test proves it at 5 and 60; this repeats it at a realistic size, `make bench`)."""

import time

import pytest
from django.urls import reverse

from content.kaart.models import Voorziening
from tests.kaart import test_query_counts
from tests.kaart.factories import bulk_voorzieningen
from tests.kaart.test_query_counts import PAGES, count_queries

kaart_of_five = test_query_counts.kaart_of_five  # the fixture

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_kaart_pages_run_a_fixed_number_of_queries_at_5000_entries(
    client, kaart_of_five, django_assert_num_queries
):
    client.get(reverse("kaart:kaart_index"))  # the person's menu links are cached from here on
    small = {name: count_queries(client, url, params) for name, (url, params) in PAGES.items()}

    start = time.perf_counter()
    bulk_voorzieningen(4995, wijk_obj=kaart_of_five, index=True)
    print(f"\n4,995 entries built and indexed in {time.perf_counter() - start:.1f} s")
    assert Voorziening.objects.count() == 5000
    for name, (url, params) in PAGES.items():
        start = time.perf_counter()
        with django_assert_num_queries(small[name]):
            response = client.get(reverse(url), params)
        assert response.status_code == 200, name
        print(f"{name:15} {small[name]:3} queries {(time.perf_counter() - start) * 1000:8.1f} ms")
    html = client.get(
        reverse("kaart:kaart_index"), {"q": "opvoedhulp", "wijk": "oosterheem"}
    ).content.decode()
    assert "5000 voorzieningen gevonden" in html
    assert client.get(reverse("kaart:api_services"), {"per_page": "100"}).json()["total_pages"] == 50
