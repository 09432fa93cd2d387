"""A database outage: /healthz notices it for real (and is reachable over plain HTTP), users
get a Dutch 503 page instead of the generic 500."""

import importlib

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Tijdelijk niet beschikbaar"


def test_healthz_notices_that_the_apps_tables_are_gone(client):
    # What an SQLite file that was deleted looks like: the connection works, the tables are gone.
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE leergang_user RENAME TO leergang_user_gone")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_is_exempt_from_the_https_redirect(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x7Gq2-production-like-secret-with-enough-length-and-variety-9Kd3pLm0Zr")
    production = importlib.import_module("leergang.settings.production")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT
    client = Client()
    assert client.get("/healthz").status_code == 200
    login = client.get(reverse("login"))
    assert login.status_code == 301 and login["Location"].startswith("https://")


def test_an_outage_in_a_view_gets_the_dutch_503_page(client, make_user, monkeypatch, site_tree):
    from modules import progress

    def down(*args, **kwargs):  # the connection drops while the view runs
        monkeypatch.setattr(CursorWrapper, "execute", connection_lost)
        raise OperationalError("connection to server failed")

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.force_login(make_user())
    monkeypatch.setattr(progress, "user_progress", down)
    response = client.get(reverse("my_progress"))
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert response["Retry-After"] == "120"


def test_an_outage_before_the_view_gets_the_dutch_503_page_too(make_user, monkeypatch, site_tree):
    client = Client(raise_request_exception=False)
    client.force_login(make_user())

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", down)  # the session is read by a middleware
    response = client.get(reverse("my_progress"))
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_other_errors_stay_a_500(make_user, monkeypatch, site_tree):
    from modules import progress

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    monkeypatch.setattr(progress, "user_progress", broken)
    assert client.get(reverse("my_progress")).status_code == 500


def test_a_query_error_while_the_database_answers_is_a_500_not_an_outage(make_user, monkeypatch, site_tree):
    from modules import progress

    def bad_query(*args, **kwargs):
        raise OperationalError("unterminated string")  # SQLite's answer to a broken FTS query

    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    monkeypatch.setattr(progress, "user_progress", bad_query)
    response = client.get(reverse("my_progress"))
    assert response.status_code == 500
    assert UNAVAILABLE not in response.content.decode()
