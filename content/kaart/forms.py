import re
import uuid

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ChangeReport

MAX_TEXT = 5000


class SentOnceMixin:
    """A hidden one-time token per rendered form (``form_token``): sent twice, the form stores
    one report. A missing or malformed token just means no protection (an old page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4().hex
        )

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token") or ""
        return token if re.fullmatch(r"[0-9a-f]{32}", token) else None


class ChangeReportForm(SentOnceMixin, forms.Form):
    """ "Meld een wijziging" on an entry."""

    use_required_attribute = False  # checked on the server; the browser must not pre-mark fields invalid

    REASONS = [
        (ChangeReport.Reason.GONE, ChangeReport.Reason.GONE.label),
        (ChangeReport.Reason.WRONG, ChangeReport.Reason.WRONG.label),
        (ChangeReport.Reason.DUPLICATE, ChangeReport.Reason.DUPLICATE.label),
        (ChangeReport.Reason.OTHER, ChangeReport.Reason.OTHER.label),
    ]
    reason = forms.ChoiceField(label=_("What is the matter?"), choices=REASONS, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Explanation"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
        help_text=_("What is not right, and what should it be? For example the new phone number."),
    )
    proposed_field = forms.ChoiceField(
        label=_("Is it one detail? Which one"),
        choices=[("", _("No, or several"))] + list(ChangeReport.Field.choices),
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    proposed_value = forms.CharField(
        label=_("The right value"),
        max_length=500,
        required=False,
        help_text=_("For example the new phone number. The coordinator can then apply it in one step."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proposed_field") and not (cleaned.get("proposed_value") or "").strip():
            self.add_error("proposed_value", _("Write the right value, or choose “No, or several”."))
        return cleaned


class NewVoorzieningForm(SentOnceMixin, forms.Form):
    """ "Meld een nieuwe voorziening": a report without an entry."""

    use_required_attribute = False

    proposed_name = forms.CharField(
        label=_("Name of the voorziening"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
    text = forms.CharField(
        label=_("What do you know about it?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "class": "utrecht-textarea"}),
        help_text=_("Organisation, for whom, how families get there, contact details, a website."),
    )


class ProviderProposalForm(SentOnceMixin, forms.Form):
    """A provider proposes changes to one of its entries (no account)."""

    use_required_attribute = False

    text = forms.CharField(
        label=_("What should be changed?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"class": "utrecht-textbox"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,  # what the report stores
        help_text=_("The coordinator replies to this address."),
        widget=forms.EmailInput(attrs={"class": "utrecht-textbox"}),
    )


class VoorzieningAdminForm(WagtailAdminModelForm):
    """The editor's form: the service area must be stated. (Ages, keys, lengths and postcodes
    are the model's validators, which the CSV import runs too.) "Checked today" is ticked: a
    coordinator who saves an entry has just looked at it (the views record it)."""

    checked_today = forms.BooleanField(
        label=_("I checked these details today"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entry = self.instance
        if entry.pk and entry.last_checked_on:
            last = _("Last checked on %(date)s by %(who)s.") % {
                "date": date_format(entry.last_checked_on, "j F Y"),
                "who": entry.last_checked_by or entry.get_last_checked_source_display() or _("unknown"),
            }
        else:
            last = _("Not checked yet.")
        self.fields["checked_today"].help_text = format_lazy(
            "{} {}", last, _("Untick this when you only changed something without checking the rest.")
        )

    def clean(self):
        cleaned = super().clean()
        whole = cleaned.get("whole_municipality")
        wijken = cleaned.get("neighbourhoods")
        if not whole and wijken is not None and not wijken:
            self.add_error(
                "neighbourhoods", _("Choose the wijken this service is for, or tick “whole municipality”.")
            )
        return cleaned


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, with the columns of the export."))
    dry_run = forms.BooleanField(label=_("Dry run: only check, change nothing"), required=False, initial=True)
