"""The password sign-in: Django's ModelBackend, except for staff who sign in with their
organisation's account (OpenID Connect) and whom no beheerder allowed a password, and for
people who have left (``StaffProfile.left_on`` on or before today). Both checks run at every
login and for every request of an existing session (``get_user`` asks the same questions, with
the profile and the organisation login fetched in the same query as the user), so access ends on
the day itself, whether or not a daily command has run."""

import copy

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models.signals import post_delete, post_save

from . import generations
from .models import OrganisationLogin, StaffProfile, has_left

ORGANISATION_ACCOUNT_ONLY_FLAG = "leergang_organisation_account_only"


def password_allowed(user):
    """False for someone who signed in with their organisation account, unless allowed."""
    login = getattr(user, "organisation_login", None) if user.pk else None
    return login is None or login.password_allowed


class PasswordBackend(ModelBackend):
    """Every password login (the site, the admin, /_util/login/) goes through this backend; a
    session it started ends when the person becomes organisation-account-only."""

    request = None

    def authenticate(self, request, username=None, password=None, **kwargs):
        self.request = request
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        user = kept_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        # ModelBackend.authenticate asks this only after the password matched.
        if not password_allowed(user):
            if self.request is not None:
                setattr(self.request, ORGANISATION_ACCOUNT_ONLY_FLAG, True)
            return False
        return super().user_can_authenticate(user) and not has_left(user)


def kept_account(user_id):
    """The user with their organisation login and profile (one query), or as this process read
    them before under the same person generation: every save or deletion of the account, the
    profile or the organisation login moves that generation on (:func:`connect`), so a
    password changed, an account switched off or a leaving date set applies to the very next
    request. Kept in the process only (never in the shared cache: the row has the password
    hash), and handed out as a copy: nothing a request sets on it reaches the next one."""
    (generation,) = generations.current(generations.person_key(user_id))
    return generations.kept_copy(
        f"auth:account:{user_id}:{generation}",
        lambda: (
            get_user_model()
            ._default_manager.select_related("organisation_login", "profile")
            .filter(pk=user_id)
            .first()
        ),
        copy_of=_detached,
    )


def _detached(user):
    """A copy of ``user`` and of the profile and organisation login fetched with it, pointing
    at each other: own attributes and caches (permissions, OTP device), shared field values."""
    twin = copy.copy(user)  # Model.__getstate__: a new __dict__, _state and fields cache
    for name, related in list(twin._state.fields_cache.items()):
        if related is not None:
            related = copy.copy(related)
            if "user" in related._state.fields_cache:
                related._state.fields_cache["user"] = twin
            twin._state.fields_cache[name] = related
    return twin


def _account_changed(sender, instance, **kwargs):
    generations.person_changed(instance.pk if sender is get_user_model() else instance.user_id)


def connect():
    """Saving or deleting an account, a profile or an organisation login moves the person's
    generation on: their kept account, their progress and their kept pages are built again."""
    for model in (get_user_model(), StaffProfile, OrganisationLogin):
        label = model._meta.label
        post_save.connect(_account_changed, sender=model, dispatch_uid=f"person-saved-{label}")
        post_delete.connect(_account_changed, sender=model, dispatch_uid=f"person-deleted-{label}")
