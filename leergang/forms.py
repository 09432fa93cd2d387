import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .accounts import find_person
from .auth import ORGANISATION_ACCOUNT_ONLY_FLAG
from .mail import mail_kind
from .models import Invitation
from .roles import MEDEWERKER, ROLES

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


# --- Invitations and leaving -------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "utrecht-textbox", **(attrs or {})}, format="%Y-%m-%d")


class InvitationForm(forms.ModelForm):
    """A team lead's invitation on the site (``teams``: the teams they lead). The role is
    medewerker; a beheerder chooses another in the admin (:class:`InvitationAdminForm`)."""

    class Meta:
        model = Invitation
        fields = ["first_name", "last_name", "email", "team", "job_title", "start_date"]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        team.queryset = teams
        team.required = True
        team.empty_label = None if teams.count() == 1 else "---------"
        for name, field in self.fields.items():
            if name != "start_date":
                field.widget.attrs.setdefault(
                    "class", "utrecht-select" if name in ("team", "role") else "utrecht-textbox"
                )
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        problem = invitation_email_problem(email, self.instance.pk)
        if problem:
            raise forms.ValidationError(problem)
        return email


class AcceptInvitationForm(SetPasswordForm):
    """Choosing the first password: Django's password validators, with the Dutch labels."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password again")
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox"

    def save(self, commit=True):  # the password is set by leergang.accounts.accept
        return self.user


class LeftForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left the organisation on"),
        widget=DateInput(),
        help_text=_("From this day the person can no longer log in and is no longer shown on the team page."),
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("UTF-8 CSV or .xlsx, with the columns below.")
    )
    dry_run = forms.BooleanField(label=_("Dry run: only check, change nothing"), required=False, initial=True)
    invite = forms.BooleanField(
        label=_("Send the new people an invitation"),
        required=False,
        help_text=_("They get an e-mail with a link to choose a password (valid for 14 days)."),
    )


def invitation_email_problem(email, exclude_pk=None):
    """Why an invitation cannot go to ``email`` (an account or an open invitation has it), or None."""
    if find_person(email) is not None:
        return _("There already is an account with this e-mail address.")
    if Invitation.objects.filter(email__iexact=email).pending().exclude(pk=exclude_pk).exists():
        return _("This person already has an open invitation. Send it again from the team page.")
    return None


class InvitationAdminForm(WagtailAdminModelForm):
    """The beheerder's invitation in the admin: with the role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"), choices=[(r, r) for r in ROLES], initial=MEDEWERKER
        )
        self.fields["team"].required = False

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        problem = invitation_email_problem(email, self.instance.pk)
        if problem:
            raise forms.ValidationError(problem)
        return email
