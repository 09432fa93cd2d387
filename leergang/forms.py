import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .auth import ORGANISATION_ACCOUNT_ONLY_FLAG
from .mail import mail_kind

logger = logging.getLogger(__name__)


class OrganisationAccountOnlyMixin:
    """A right password of someone who signs in with their organisation account (and may not
    use a password): told so, instead of "wrong password" (see leergang.auth)."""

    def get_invalid_login_error(self):
        if getattr(self.request, ORGANISATION_ACCOUNT_ONLY_FLAG, False):
            return forms.ValidationError(
                _(
                    "You log in with your organisation account: use the button "
                    '"Inloggen met je organisatie-account".'
                ),
                code="organisation_account_only",
            )
        return super().get_invalid_login_error()


class LoginForm(OrganisationAccountOnlyMixin, AuthenticationForm):
    """The login form with Dutch labels and the autocomplete hints password managers use."""

    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "utrecht-textbox"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "utrecht-textbox"}),
    )


class AdminLoginForm(OrganisationAccountOnlyMixin, WagtailLoginForm):
    """Wagtail's admin login with a translated password label (Wagtail leaves it unset, so
    Django shows the field name, "Password", untranslated)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["username"].widget.attrs["autocomplete"] = "username"


def _django_texts():  # pragma: no cover - never called; marks Django's texts for makemessages
    """Texts of Django's password validators that its Dutch catalogue lacks (Django 5.2 changed
    the msgid) or says with "u" where this site says "je"; translated in leergang/locale."""
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        0,
    )
    gettext("Your password can’t be too similar to your other personal information.")
    gettext("Your password can’t be a commonly used password.")
    gettext("Your password can’t be entirely numeric.")
    gettext("Enter the same password as before, for verification.")


class RateLimitedPasswordResetForm(PasswordResetForm):
    """Django's password reset, at most ``LEERGANG_PASSWORD_RESET_MAILS_PER_HOUR`` mails per
    address an hour: more requests get the same "check your e-mail" page but send nothing, so
    the form can neither flood a mailbox nor tell which addresses exist."""

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        key = "password-reset-mails:" + hashlib.sha256(email.encode()).hexdigest()
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) > settings.LEERGANG_PASSWORD_RESET_MAILS_PER_HOUR:
            logger.info("password reset mail not sent: hourly limit for one address reached")
            return
        with mail_kind("password_reset"):
            super().save(*args, **kwargs)
