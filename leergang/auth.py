"""The password sign-in: Django's ModelBackend, except for staff who sign in with their
organisation's account (OpenID Connect) and whom no beheerder allowed a password, and for
people who have left (``StaffProfile.left_on`` on or before today). Both checks run at every
login and for every request of an existing session (``get_user`` asks the same questions, with
the profile and the organisation login fetched in the same query as the user), so access ends on
the day itself, whether or not a daily command has run."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import has_left

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
        # with the organisation login in the same query: no extra query on every request
        user = (
            get_user_model()
            ._default_manager.select_related("organisation_login", "profile")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        # ModelBackend.authenticate asks this only after the password matched.
        if not password_allowed(user):
            if self.request is not None:
                setattr(self.request, ORGANISATION_ACCOUNT_ONLY_FLAG, True)
            return False
        return super().user_can_authenticate(user) and not has_left(user)
