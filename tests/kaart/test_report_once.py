"""Ten parallel posts of one change report form store one report (PostgreSQL: real parallel
writers; the unique form token decides, not the view)."""

import threading

import pytest
from django.db import connection

from content.kaart.models import ChangeReport


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need a server database")
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_posts_of_one_report_store_one():
    from content.kaart import services

    from .factories import VoorzieningFactory

    voorziening = VoorzieningFactory()
    barrier = threading.Barrier(10)

    def post():
        barrier.wait()
        services.report_change(
            voorziening=voorziening, reason="klopt-niet", text="Dubbel", form_token="a" * 32
        )
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ChangeReport.objects.filter(form_token="a" * 32).count() == 1
