"""Outgoing mail is logged by the ``leergang.mail`` logger: kind and the recipients' user ids,
never an address or a name; a failure with its traceback."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from leergang.mail import mail_kind

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """The mail server is down."""

    def send_messages(self, email_messages):
        if self.fail_silently:
            return 0
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def logged_mail(settings, caplog):
    settings.EMAIL_BACKEND = "leergang.mail.LoggingEmailBackend"
    settings.LEERGANG_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.INFO, logger="leergang.mail")
    return caplog


@pytest.fixture
def fatima(make_user):
    user = make_user(username="fatima")
    user.first_name, user.last_name, user.email = "Fatima", "El Amrani", "Fatima.ElAmrani@example.org"
    user.save()
    return user


def _mail_records(caplog):
    return [r for r in caplog.records if r.name == "leergang.mail"]


def _no_personal_data(records):
    text = " ".join(r.getMessage() for r in records).lower()
    return "fatima" not in text and "amrani" not in text and "example.org" not in text


def test_a_password_reset_mail_is_logged_with_its_kind_and_the_user_id(client, logged_mail, fatima):
    response = client.post(reverse("password_reset"), {"email": "fatima.elamrani@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    [record] = _mail_records(logged_mail)
    assert record.levelname == "INFO"
    assert record.getMessage() == f"mail sent kind=password_reset user_ids=[{fatima.pk}] external=0"
    assert _no_personal_data([record])


def test_a_mail_to_an_address_without_an_account_is_counted_not_named(logged_mail, fatima):
    with mail_kind("provider_check_request"):
        mail.send_mail("Kloppen uw gegevens nog?", "Tekst", None, ["info@aanbieder.example", fatima.email])
    [record] = _mail_records(logged_mail)
    assert record.getMessage() == f"mail sent kind=provider_check_request user_ids=[{fatima.pk}] external=1"
    assert "aanbieder" not in record.getMessage()


def test_a_failed_mail_is_logged_with_its_traceback_and_still_raises(logged_mail, settings, fatima):
    settings.LEERGANG_EMAIL_BACKEND = "tests.leergang.test_mail_logging.BrokenBackend"
    with pytest.raises(ConnectionRefusedError), mail_kind("reminder"):
        mail.send_mail("Herinnering", "Tekst", None, [fatima.email])
    [record] = _mail_records(logged_mail)
    assert record.levelname == "ERROR"
    assert record.getMessage() == f"mail failed kind=reminder user_ids=[{fatima.pk}] external=0"
    assert record.exc_info and record.exc_info[0] is ConnectionRefusedError
    assert _no_personal_data([record])


def test_a_mail_dropped_silently_is_logged_as_not_sent(logged_mail, settings, fatima):
    settings.LEERGANG_EMAIL_BACKEND = "tests.leergang.test_mail_logging.BrokenBackend"
    assert mail.send_mail("Fout", "Tekst", None, [fatima.email], fail_silently=True) == 0
    [record] = _mail_records(logged_mail)
    assert (record.levelname, record.getMessage()) == (
        "ERROR",
        f"mail not sent kind=other user_ids=[{fatima.pk}] external=0",
    )


def test_reminders_go_through_the_logging_backend_as_their_kind(logged_mail, fatima):
    from modules.reminders import _send

    _send(fatima, "Herinnering", "reminder", {"user": fatima, "items": [], "base_url": "", "name": "Fatima"})
    assert len(mail.outbox) == 1
    [record] = _mail_records(logged_mail)
    assert record.getMessage() == f"mail sent kind=reminder user_ids=[{fatima.pk}] external=0"


def test_the_settings_send_every_mail_through_the_logging_backend():
    from leergang.settings import base, dev

    assert base.EMAIL_BACKEND == dev.EMAIL_BACKEND == "leergang.mail.LoggingEmailBackend"
    assert dev.LEERGANG_EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
