"""Login throttling (django-axes): after 10 wrong passwords the right one no longer logs in at
once, per username and per address, on the site, the admin and /_util/login/; a beheerder
unlocks; the lock ends after the cool-off. Password-reset mails are limited per address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOCKED = "Te veel mislukte inlogpogingen"
PASSWORD = "pw-test-123"


@pytest.fixture
def sanne(make_user):
    user = make_user("Coördinator", username="sanne")  # a coördinator may use the admin too
    user.email = "sanne@example.org"
    user.save()
    return user


def wrong(client, url, times, username="sanne", **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "fout"}, **extra)
        assert response.status_code in (200, 429)


def login(client, url, username="sanne", **extra):
    return client.post(url, {"username": username, "password": PASSWORD}, **extra)


LOGIN_URLS = ["login", "wagtailadmin_login", "wagtailcore_login"]


@pytest.mark.parametrize("name", LOGIN_URLS)
def test_nine_wrong_passwords_still_let_the_right_one_in(client, sanne, name):
    wrong(client, reverse(name), 9)
    assert login(client, reverse(name)).status_code == 302
    assert client.session["_auth_user_id"] == str(sanne.pk)


@pytest.mark.parametrize("name", LOGIN_URLS)
def test_after_ten_wrong_passwords_the_right_one_is_refused(client, sanne, name):
    wrong(client, reverse(name), 10)
    response = login(client, reverse(name))
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_per_username_from_other_addresses(client, sanne):
    for number in range(10):
        wrong(client, reverse("login"), 1, REMOTE_ADDR=f"10.0.0.{number + 1}")
    assert login(client, reverse("login"), REMOTE_ADDR="10.0.1.1").status_code == 429


def test_per_address_for_other_usernames(client, sanne, make_user):
    make_user(username="tim")
    for number in range(10):
        wrong(client, reverse("login"), 1, username=f"gok{number}", REMOTE_ADDR="10.0.0.9")
    assert login(client, reverse("login"), username="tim", REMOTE_ADDR="10.0.0.9").status_code == 429
    assert login(client, reverse("login"), username="tim", REMOTE_ADDR="10.0.0.10").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, sanne, settings):
    wrong(client, reverse("login"), 10)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1)
    )
    assert login(client, reverse("login")).status_code == 302


def test_a_beheerder_unlocks(client, sanne, make_user):
    wrong(client, reverse("login"), 10)
    client.force_login(make_user("Beheerder", username="bea"))
    listing = client.get(reverse("leergang_locked_logins"))
    assert listing.status_code == 200 and "sanne" in listing.content.decode()
    assert "Inlogblokkades" in client.get(reverse("wagtailadmin_home")).content.decode()
    for attempt in AccessAttempt.objects.all():
        assert client.post(reverse("leergang_unlock_login", args=[attempt.pk])).status_code == 302
    client.logout()
    assert login(client, reverse("login")).status_code == 302


def test_a_coordinator_cannot_unlock(client, sanne, make_user):
    wrong(client, reverse("login"), 10)
    client.force_login(make_user("Coördinator", username="ilse"))
    attempt = AccessAttempt.objects.first()
    client.post(reverse("leergang_unlock_login", args=[attempt.pk]))
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_password_reset_mails_are_limited_per_address(client, sanne, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LEERGANG_PASSWORD_RESET_MAILS_PER_HOUR = 3
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": "Sanne@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3
