"""Sign-in with the organisation's account (OpenID Connect) through mozilla-django-oidc.

Active only when the provider is configured (``oidc_configured``): the backend is then in
``AUTHENTICATION_BACKENDS`` and the views under ``/oidc/`` answer; otherwise they are a 404.
People are matched by their e-mail address, case-insensitively, only when the provider says
the address is verified; a person the platform does not know is refused, with a Dutch message
on the login page, unless ``OIDC_CREATE_USERS`` is on. ``OIDC_TEAM_CLAIM`` can name a claim whose
value puts the person in a team. docs/accounts.md tells how to configure it (Entra ID).
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import OrganisationLogin, StaffProfile, Team, has_left
from .roles import MEDEWERKER

logger = logging.getLogger(__name__)

REFUSAL_FLAG = "leergang_oidc_refusal"
REFUSALS = {
    "unknown": _(
        "Your organisation account is not known to Leergang Toegang. Ask your team lead or the "
        "beheerder to add you, or log in with your password if you have one."
    ),
    "unverified": _(
        "Your organisation did not confirm your e-mail address, so you cannot be signed in with "
        "it. Ask the beheerder for help."
    ),
    "left": _(
        "Your access to Leergang Toegang has ended because you have left the organisation. "
        "Ask your team lead if this is not right."
    ),
    "failed": _("Signing in with your organisation account did not work. Please try again."),
}


def oidc_configured():
    """The provider is configured (client and endpoints) and the backend is installed."""
    required = (
        settings.OIDC_RP_CLIENT_ID,
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        settings.OIDC_OP_TOKEN_ENDPOINT,
        settings.OIDC_OP_USER_ENDPOINT,
    )
    return all(required) and settings.LEERGANG_OIDC_BACKEND in settings.AUTHENTICATION_BACKENDS


def signed_in_with_organisation_account(request):
    """This session began with the organisation's sign-in (not with a password)."""
    return request.session.get(BACKEND_SESSION_KEY) == settings.LEERGANG_OIDC_BACKEND


def _is_true(value):
    return str(value).lower() in ("true", "1")


def is_organisation_sign_in(request, credentials=None):
    """``AXES_WHITELIST_CALLABLE``: the provider's callback is no password guess, so a refused
    organisation sign-in is not counted against the address (the provider throttles its own
    login), and a lockout for wrong passwords does not stop colleagues behind the same address
    who sign in with their organisation account."""
    return request is not None and request.path_info == reverse("oidc_authentication_callback")


def team_mapping():
    """``OIDC_TEAM_MAPPING`` ("value=Team name;other=Other team") as a dict (keys lower case)."""
    mapping = {}
    for pair in settings.OIDC_TEAM_MAPPING.split(";"):
        value, sep, team = pair.partition("=")
        if sep and value.strip() and team.strip():
            mapping[value.strip().lower()] = team.strip()
    return mapping


def team_from_claims(claims):
    """The team the ``OIDC_TEAM_CLAIM`` claim names (a value or a list of them), or None.

    With a mapping only mapped values count; without one a value is a team's name."""
    if not settings.OIDC_TEAM_CLAIM:
        return None
    values = claims.get(settings.OIDC_TEAM_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    mapping = team_mapping()
    for value in values:
        value = str(value).strip()
        name = mapping.get(value.lower()) if mapping else value
        team = Team.objects.filter(name__iexact=name).first() if name else None
        if team is not None:
            return team
    return None


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not oidc_configured():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" not in kwargs:
            return payload  # a signed userinfo answer, not the ID token
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The claims of the user endpoint with those of the (verified) ID token, which is where
        Entra ID puts its optional claims (``xms_edov``, ``groups``)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user endpoint answered for another subject")
        return {**payload, **userinfo}

    def refuse(self, reason):
        setattr(self.request, REFUSAL_FLAG, reason)

    def verify_claims(self, claims):
        if not claims.get("email"):
            self.refuse("unverified")
            return False
        if not _is_true(claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)):
            self.refuse("unverified")
            return False
        return True

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(email__iexact=claims["email"].strip())
        if not users.exists() and not settings.OIDC_CREATE_USERS:
            self.refuse("unknown")
        return users

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and has_left(user):  # access ends on the day they left
            self.refuse("left")
            return None
        if user is not None:
            OrganisationLogin.objects.update_or_create(user=user)
        return user

    def get_user(self, user_id):
        """A session started with the organisation account ends on the day the person left."""
        user = self.UserModel._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and user.is_active and not has_left(user) else None

    @staticmethod
    def get_settings(attr, *args):
        if attr == "OIDC_CREATE_USER":
            return settings.OIDC_CREATE_USERS
        return OIDCAuthenticationBackend.get_settings(attr, *args)

    def _username(self, email):
        username = email[:150]
        number = 1
        while self.UserModel.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{email[:140]}-{number}"
        return username

    @transaction.atomic
    def create_user(self, claims):
        email = claims["email"].strip().lower()
        user = self.UserModel.objects.create_user(
            self._username(email),
            email=email,
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=MEDEWERKER))
        StaffProfile.objects.create(user=user, team=team_from_claims(claims))
        logger.info("organisation sign-in created user %s", user.pk)
        return user

    def update_user(self, user, claims):
        team = team_from_claims(claims)
        if team is not None:
            StaffProfile.objects.update_or_create(user=user, defaults={"team": team})
        return user


class RequestView(OIDCAuthenticationRequestView):
    """``/oidc/authenticate/``: off to the provider's authorization endpoint."""

    def get(self, request):
        if not oidc_configured():
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: back from the provider; a refusal is told on the login page."""

    def get(self, request):
        if not oidc_configured():
            raise Http404
        return super().get(request)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def login_failure(self):
        reason = getattr(self.request, REFUSAL_FLAG, "failed")
        messages.error(self.request, REFUSALS[reason])
        return super().login_failure()


authenticate_view = login_not_required(RequestView.as_view())
callback_view = login_not_required(CallbackView.as_view())
