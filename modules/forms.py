import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.models import StaffProfile

REGISTRATION_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z .\-/]*$")


class RegistrationForm(forms.ModelForm):
    """A person's own professional register, registration number and re-registration period."""

    class Meta:
        model = StaffProfile
        fields = ["register", "registration_number", "register_cycle_start"]
        widgets = {"register_cycle_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "registration_number": _("As on your registration, e.g. your SKJ number."),
        }

    def clean_registration_number(self):
        number = self.cleaned_data["registration_number"].strip()
        if number and not REGISTRATION_NUMBER.match(number):
            raise forms.ValidationError(
                _("A registration number consists of digits and letters (a space, dot or dash is fine).")
            )
        return number

    def clean_register_cycle_start(self):
        start = self.cleaned_data["register_cycle_start"]
        if start and start > timezone.localdate():
            raise forms.ValidationError(
                _("The start of your re-registration period cannot be in the future.")
            )
        return start

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("registration_number") and not cleaned.get("register"):
            self.add_error("register", _("Choose the register your registration number belongs to."))
        # A register without a number is of no use to the register (nor in the export); a number
        # with a format error already has its own message.
        if (
            cleaned.get("register")
            and not cleaned.get("registration_number")
            and "registration_number" not in self.errors
        ):
            self.add_error(
                "registration_number",
                _(
                    "Fill in your registration number: the register needs it to process your "
                    "accreditation hours. Choose “None” if you are not registered."
                ),
            )
        return cleaned


class EraseConfirmForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type the username to confirm"),
        max_length=150,
        help_text=_("This cannot be undone."),
    )

    def __init__(self, *args, username, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.username:
            raise forms.ValidationError(_("That is not the username of this person; nothing was erased."))
        return value


class CertificateCheckForm(forms.Form):
    """The public certificate check: the verification code printed on the certificate."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_("As on the certificate, e.g. ABCD-EFGH-JKLM-NPQR. Dashes and capitals do not count."),
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
