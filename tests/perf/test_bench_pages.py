"""Benchmarks: how long the main pages take with the demo data (run with `make bench`).

Timings are printed, never asserted: machines differ. Query counts are asserted in the unit tests.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.bench

ROUNDS = 20

PAGES = [
    ("medewerker", "/"),
    ("medewerker", "/modules/giz/"),
    ("medewerker", "/modules/giz/wat-is-giz/"),
    ("medewerker", "/mijn-voortgang/"),
    ("medewerker", "/zoeken/?q=gezinsplan"),
    ("medewerker", "/sociale-kaart/"),
    ("medewerker", "/sociale-kaart/?q=opvoeding&leeftijd=8"),
    ("teamleider", "/team/"),
    ("teamleider", "/team/export.csv"),
]


@pytest.mark.django_db
def test_bench_main_pages(client, demo):
    from leergang.models import User

    rows = []
    for username, url in PAGES:
        client.force_login(User.objects.get(username=username))
        first = client.get(url)
        if first.status_code != 200:
            rows.append((url, first.status_code, None, None, None))
            continue
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append((url, 200, statistics.median(timings), max(timings), len(queries)))
    print(f"\n{'page':45} {'status':>6} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for url, status, median, worst, count in rows:
        if median is None:
            print(f"{url:45} {status:>6} {'-':>10} {'-':>8} {'-':>8}")
        else:
            print(f"{url:45} {status:>6} {median:>10.1f} {worst:>8.1f} {count:>8}")
