"""Two-step verification (django-otp) for the Wagtail admin.

With ``LEERGANG_REQUIRE_2FA`` (production), whoever may use the admin (coördinatoren,
beheerders) and signed in with a password reaches ``/admin/`` only with a verified second
factor in this session: an authenticator app (TOTP) or, once each, a recovery code. Someone
without an app is sent to set one up; someone with one is asked for its code. People who signed
in with their organisation's account are exempt: their provider asks for the second factor.
"""

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .middleware import is_admin_path
from .oidc import signed_in_with_organisation_account

SETUP_DEVICE_KEY = "leergang_2fa_setup_device"
RECOVERY_CODES_KEY = "leergang_2fa_recovery_codes"
RECOVERY_CODE_COUNT = 10


def needs_second_factor(request):
    """This request's person must have verified a second factor to use the admin."""
    user = request.user
    return (
        settings.LEERGANG_REQUIRE_2FA
        and user.is_authenticated
        and not signed_in_with_organisation_account(request)
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def has_app(user):
    """A confirmed authenticator app; without one (never set up, or removed by a beheerder)
    the person sets one up, whatever recovery codes are left."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _with_next(name, next_url):
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class AdminTwoFactorMiddleware:
    """Sends an unverified admin request to the setup page or to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            is_admin_path(request)
            and request.path_info != reverse("wagtailadmin_logout")
            and needs_second_factor(request)
            and not request.user.is_verified()
        ):
            name = "two_factor_verify" if has_app(request.user) else "two_factor_setup"
            return redirect(_with_next(name, request.get_full_path()))
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "utrecht-textbox"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


WRONG_CODE = _("This code is not right. Type the code your app shows now, or one of your recovery codes.")


def _next_url(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        return next_url
    return reverse("wagtailadmin_home")


def _setup_device(request):
    """The app being set up: unconfirmed, kept in the session until its first code is right."""
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_DEVICE_KEY), user=request.user, confirmed=False
    ).first()
    if device is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()  # an earlier try
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator-app", confirmed=False)
        request.session[SETUP_DEVICE_KEY] = device.pk
    return device


@transaction.atomic
def _confirm(request, device):
    """The app counts; any earlier app and recovery codes of the person go; new codes."""
    user = request.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Herstelcodes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    otp_login(request, device)
    request.session.pop(SETUP_DEVICE_KEY, None)
    request.session[RECOVERY_CODES_KEY] = codes


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app: scan the QR code or type the key, confirm one code."""
    next_url = _next_url(request)
    if has_app(request.user) and not request.user.is_verified():
        # Replacing the app needs the current one (or a recovery code) first.
        return redirect(_with_next("two_factor_verify", next_url))
    device = _setup_device(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            _confirm(request, device)
            return redirect(_with_next("two_factor_recovery_codes", next_url))
        form.add_error("code", WRONG_CODE)
    key = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return render(request, "leergang/twofactor/setup.html", context)


@never_cache
@require_http_methods(["GET"])
def recovery_codes(request):
    """The recovery codes, shown once, right after setting up the app."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    return render(
        request, "leergang/twofactor/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """After a password login: the code of the app, or a recovery code (each works once)."""
    next_url = _next_url(request)
    if not has_app(request.user):
        return redirect(_with_next("two_factor_setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(request, "leergang/twofactor/verify.html", {"form": form, "next": next_url})
