"""Two-step verification for the admin: with LEERGANG_REQUIRE_2FA (production), a coördinator
who logged in with a password reaches /admin/ only after setting up an authenticator app and
typing its code; a recovery code works once; in the demo (the setting off) nothing changes."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.assertions import assert_sent_to_the_dashboard
from tests.leergang.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Deze code klopt niet"
ADMIN = "/admin/"


@pytest.fixture
def required(settings):
    settings.LEERGANG_REQUIRE_2FA = True
    return settings


@pytest.fixture
def sanne(make_user):
    return make_user("Coördinator", username="sanne")


def password_login(client, username="sanne", password=PASSWORD):
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})
    assert response.status_code == 302
    return response


def assert_sent_to(response, name, next_url=ADMIN):
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == reverse(name)
    assert parse_qs(location.query) == {"next": [next_url]}


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def set_up_app(client):
    """The setup page, its first code, the recovery codes; returns the app and the codes."""
    client.get(reverse("two_factor_setup"), {"next": ADMIN})
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": current_code(device), "next": ADMIN})
    assert_sent_to(response, "two_factor_recovery_codes")
    page = client.get(response["Location"]).content.decode()
    codes = list(StaticToken.objects.values_list("token", flat=True))
    assert all(code in page for code in codes)
    return device, codes


def test_a_coordinator_without_an_app_is_sent_to_set_one_up(client, required, sanne):
    password_login(client)
    assert_sent_to(client.get(ADMIN), "two_factor_setup")
    page = client.get(reverse("two_factor_setup"), {"next": ADMIN})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tweestapsverificatie instellen" in text
    assert 'src="data:image/svg+xml' in text  # the QR code
    device = TOTPDevice.objects.get(user=sanne, confirmed=False)
    assert page.context["key"].replace(" ", "") in device.config_url


def test_a_wrong_code_is_refused_in_dutch(client, required, sanne):
    password_login(client)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000", "next": ADMIN})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert_sent_to(client.get(ADMIN), "two_factor_setup")


def test_after_setup_the_admin_opens_and_the_recovery_codes_were_shown_once(client, required, sanne):
    password_login(client)
    _device, codes = set_up_app(client)
    assert len(codes) == 10
    assert client.get(ADMIN).status_code == 200
    again = client.get(reverse("two_factor_recovery_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert "Je herstelcodes zijn één keer getoond" in again


def test_with_an_app_the_admin_asks_for_its_code_after_the_password(client, required, sanne):
    password_login(client)
    device, _codes = set_up_app(client)
    client.post(reverse("wagtailadmin_logout"))
    password_login(client)
    assert_sent_to(client.get(ADMIN), "two_factor_verify")
    page = client.get(reverse("two_factor_verify"), {"next": ADMIN})
    assert "Tweestapsverificatie" in page.content.decode()
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456", "next": ADMIN})
    assert wrong.status_code == 200 and WRONG in wrong.content.decode()
    assert_sent_to(client.get(ADMIN), "two_factor_verify")
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down guessing; not what this test is about
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    response = client.post(reverse("two_factor_verify"), {"code": current_code(device), "next": ADMIN})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_works_once(client, required, sanne):
    password_login(client)
    _device, codes = set_up_app(client)
    for attempt in (1, 2):
        client.post(reverse("wagtailadmin_logout"))
        password_login(client)
        response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper(), "next": ADMIN})
        if attempt == 1:
            assert response.status_code == 302
            assert client.get(ADMIN).status_code == 200
        else:
            assert response.status_code == 200 and WRONG in response.content.decode()
            assert_sent_to(client.get(ADMIN), "two_factor_verify")


def test_the_app_cannot_be_replaced_without_the_current_one(client, required, sanne):
    password_login(client)
    set_up_app(client)
    client.post(reverse("wagtailadmin_logout"))
    password_login(client)
    assert_sent_to(client.get(reverse("two_factor_setup"), {"next": ADMIN}), "two_factor_verify")
    assert TOTPDevice.objects.filter(user=sanne).count() == 1


def test_who_signed_in_with_the_organisation_account_is_exempt(client, required, sanne):
    required.AUTHENTICATION_BACKENDS = [*required.AUTHENTICATION_BACKENDS, required.LEERGANG_OIDC_BACKEND]
    client.force_login(sanne, backend=required.LEERGANG_OIDC_BACKEND)
    assert client.get(ADMIN).status_code == 200


def test_staff_without_the_admin_are_not_asked(client, required, make_user):
    client.force_login(make_user("Medewerker", username="tim"))
    assert client.get(reverse("my_progress")).status_code == 200
    assert client.get(ADMIN).status_code == 302
    assert urlsplit(client.get(ADMIN)["Location"]).path == reverse("wagtailadmin_login")


def test_in_the_demo_the_coordinator_reaches_the_admin_as_today(client, demo_accounts, settings):
    assert settings.LEERGANG_REQUIRE_2FA is False  # dev, test and `make run`
    password_login(client, "coordinator", "leergang-demo")
    assert client.get(ADMIN).status_code == 200


def test_production_settings_require_it():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DJANGO_SETTINGS_MODULE="leergang.settings.production", SECRET_KEY="x" * 60)
    code = "from django.conf import settings; print(settings.LEERGANG_REQUIRE_2FA)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "True", result.stderr


def test_a_beheerder_removes_a_lost_app_and_its_owner_sets_up_a_new_one(client, required, sanne, make_user):
    password_login(client)
    device, _codes = set_up_app(client)
    client.post(reverse("wagtailadmin_logout"))

    beheerder = make_user("Beheerder", username="bea")
    client.force_login(beheerder, backend=required.LEERGANG_OIDC_BACKEND)  # exempt: no code needed here
    required.AUTHENTICATION_BACKENDS = [*required.AUTHENTICATION_BACKENDS, required.LEERGANG_OIDC_BACKEND]
    listing = client.get(reverse("wagtailsnippets_otp_totp_totpdevice:list"))
    assert listing.status_code == 200
    assert "Authenticator-apps" in listing.content.decode() and str(sanne) in listing.content.decode()
    assert_sent_to_the_dashboard(client.get(reverse("wagtailsnippets_otp_totp_totpdevice:add")))
    assert_sent_to_the_dashboard(
        client.get(reverse("wagtailsnippets_otp_totp_totpdevice:edit", args=[device.pk]))
    )
    response = client.post(reverse("wagtailsnippets_otp_totp_totpdevice:delete", args=[device.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=sanne).exists()

    client.post(reverse("wagtailadmin_logout"))
    password_login(client)
    assert_sent_to(client.get(ADMIN), "two_factor_setup")


def test_a_coordinator_cannot_remove_apps(client, sanne):
    client.force_login(sanne)
    assert_sent_to_the_dashboard(client.get(reverse("wagtailsnippets_otp_totp_totpdevice:list")))
