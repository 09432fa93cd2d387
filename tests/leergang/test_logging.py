"""Production LOGGING: a 500 writes its traceback to stdout with the path and the user's id,
not their name."""

import importlib
import logging.config

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.log import DEFAULT_LOGGING

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_logging(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x7Gq2-production-like-secret-with-enough-length-and-variety-9Kd3pLm0Zr")
    monkeypatch.setenv("ADMINS", "Beheer <beheer@example.org>")
    production = importlib.reload(importlib.import_module("leergang.settings.production"))
    yield production
    # Back to the logging of the test settings (dictConfig leaves the loggers' handlers in place).
    for name in ["", *production.LOGGING["loggers"]]:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.WARNING if name == "" else logging.NOTSET)
    logging.config.dictConfig(DEFAULT_LOGGING)


def test_a_production_500_writes_a_traceback_with_path_and_user_id(
    production_logging, capsys, make_user, monkeypatch, site_tree, settings
):
    from modules import progress

    assert production_logging.ADMINS == [("Beheer", "beheer@example.org")]
    logging.config.dictConfig(production_logging.LOGGING)  # its stdout is the captured one now
    user = make_user(username="fatima")
    user.first_name, user.email = "Fatima", "fatima@example.org"
    user.save()

    def broken(*args, **kwargs):
        raise ValueError("a bug in the progress page")

    monkeypatch.setattr(progress, "user_progress", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get(reverse("my_progress")).status_code == 500

    out = capsys.readouterr().out
    assert "ERROR django.request" in out
    assert f"path={reverse('my_progress')} user={user.pk} Internal Server Error" in out
    assert "Traceback (most recent call last)" in out and "ValueError: a bug in the progress page" in out
    assert "Fatima" not in out and "fatima" not in out  # neither name, username nor e-mail
