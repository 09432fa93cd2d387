from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leergang.names import user_sort_key
from modules.models import ModulePage

from .models import CaseDiscussion, ScenarioPage


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        team = getattr(getattr(obj, "profile", None), "team", None)
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({team.name})" if team else name


class CaseDiscussionForm(forms.ModelForm):
    attendees = AttendeeField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Attendees"),
        help_text=_("Members of the team who took part. They confirm their attendance themselves."),
    )

    class Meta:
        model = CaseDiscussion
        fields = ["team", "kind", "held_on", "duration_minutes", "topic", "module", "scenario", "facilitator"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["module"].queryset = ModulePage.objects.live().order_by("path")
        self.fields["scenario"].queryset = ScenarioPage.objects.live().order_by("path")
        members = (
            get_user_model()
            .objects.filter(is_active=True, profile__team__in=teams)
            .select_related("profile__team")
        )
        self.fields["attendees"].queryset = members
        self.fields["attendees"].choices = [
            (user.pk, self.fields["attendees"].label_from_instance(user))
            for user in sorted(members, key=user_sort_key)
        ]
        self.fields["duration_minutes"].widget.attrs.update(min=15, max=480, step=15)
        if self.instance.pk:
            self.initial["attendees"] = [a.user_id for a in self.instance.attendances.all()]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Record a case discussion after it was held, not before."))
        return held_on

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 15 <= minutes <= 480:
            raise forms.ValidationError(_("A session lasts from 15 minutes to 8 hours."))
        return minutes

    def clean(self):
        cleaned = super().clean()
        team, attendees = cleaned.get("team"), cleaned.get("attendees")
        if team and attendees:
            outside = [
                u for u in attendees if getattr(getattr(u, "profile", None), "team_id", None) != team.pk
            ]
            if outside:
                names = ", ".join(u.get_full_name() or u.get_username() for u in outside)
                self.add_error(
                    "attendees",
                    _("Not a member of %(team)s: %(names)s.") % {"team": team.name, "names": names},
                )
        return cleaned
