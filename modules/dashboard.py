"""The team lead's dashboard: who may see which teams, the matrix of members × modules,
filters, sorting and the CSV export. A fixed number of queries however big the teams are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leergang.models import Invitation, StaffProfile, Team, User, current_staff
from leergang.names import user_sort_key

from . import status_rules as rules
from .progress import live_modules, primary_path, progress_for_profiles

BEHIND = "loopt-achter"


def visible_teams(user):
    """The teams whose progress ``user`` may see: all with ``modules.view_all_progress``, the
    led ones for a team lead (data: ``Team.leads``), None for everyone else."""
    if can_see_everyone(user):
        return Team.objects.all()
    teams = Team.objects.filter(leads=user)
    return teams if teams.exists() else None


def can_see_everyone(user):
    return user.has_perm("modules.view_all_progress")


def pending_invitations(user):
    """Invited to a team ``user`` may see, not yet started (the link not used, withdrawn or
    expired), soonest start first."""
    teams = visible_teams(user)
    if teams is None:
        return []
    return list(
        Invitation.objects.pending()
        .filter(team__in=teams)
        .select_related("team")
        .order_by("start_date", "pk")
    )


class DashboardFilterForm(forms.Form):
    team = forms.TypedChoiceField(label=gettext_lazy("Team"), required=False, coerce=int, empty_value=None)
    module = forms.TypedChoiceField(
        label=gettext_lazy("Module"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    SORTS = [
        ("naam", gettext_lazy("Name")),
        ("team", gettext_lazy("Team")),
        ("start", gettext_lazy("Start date (newest first)")),
        ("einddatum", gettext_lazy("Onboarding due date")),
        ("voortgang", gettext_lazy("Progress (least first)")),
    ]

    def __init__(self, data, *, teams, modules):
        super().__init__(data)
        self.fields["team"].choices = [("", _("All teams"))] + [(t.pk, t.name) for t in teams]
        self.fields["module"].choices = [("", _("All modules"))] + [(m.pk, m.title) for m in modules]
        self.fields["status"].choices = [
            ("", _("Any status")),
            *rules.STATE_LABELS.items(),
            (BEHIND, _("Behind on the onboarding path")),
        ]
        self.fields["sort"].choices = self.SORTS

    def value(self, name):
        """The cleaned value of a filter, or None when it was empty or invalid (an invalid filter
        is shown as an error and ignored, never a 500)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None


@dataclass
class MemberRow:
    profile: object
    statuses: list  # ModuleStatus per module column, in column order
    path: object  # PersonPath or None

    @property
    def user(self):
        return self.profile.user

    @property
    def team(self):
        return self.profile.team

    @property
    def completed(self):
        return sum(1 for s in self.statuses if s.state in (rules.COMPLETED, rules.REFRESH))

    @property
    def behind(self):
        return bool(self.path and self.path.behind)


@dataclass
class Dashboard:
    form: DashboardFilterForm
    all_teams: list  # every team the viewer may see
    teams: list  # the teams shown (after the team filter)
    modules: list  # every module (for the filter)
    columns: list  # the module columns shown
    rows: list[MemberRow]
    total_members: int


def build_dashboard(viewer, params, *, now=None) -> Dashboard | None:
    """The dashboard ``viewer`` may see with the filters in ``params`` (a QueryDict), or None
    when they may see none."""
    teams_qs = visible_teams(viewer)
    if teams_qs is None:
        return None
    now = now or timezone.now()
    teams = list(teams_qs.order_by("name"))
    modules = live_modules()
    form = DashboardFilterForm(params or None, teams=teams, modules=modules)
    team_id, module_id = form.value("team"), form.value("module")
    status, sort = form.value("status"), form.value("sort") or "naam"

    chosen = [t for t in teams if t.pk == team_id] if team_id else teams
    members = current_staff(
        StaffProfile.objects.filter(
            team__in=teams_qs.filter(pk=team_id) if team_id else teams_qs, user__is_active=True
        ),
        rules.local_date(now),
    )
    profiles = list(members.select_related("user", "team"))
    users = User.objects.filter(profile__in=members)
    group = progress_for_profiles(profiles, users, modules, now=now)

    columns = [m for m in modules if m.pk == module_id] if module_id else modules
    rows = [
        MemberRow(
            profile=p,
            statuses=[group.statuses[p.user_id][m.pk] for m in columns],
            path=primary_path(group.paths[p.user_id]),
        )
        for p in profiles
    ]
    if status == BEHIND:
        rows = [r for r in rows if r.behind]
    elif status:
        rows = [r for r in rows if any(s.state == status for s in r.statuses)]
    rows.sort(key=_sort_key(sort))
    return Dashboard(
        form=form,
        all_teams=teams,
        teams=chosen,
        modules=modules,
        columns=columns,
        rows=rows,
        total_members=len(profiles),
    )


def _name_key(row):
    """Dutch alphabetical order: "Sanne de Vries" under V (sorted in Python, no extra query)."""
    return user_sort_key(row.user)


def _sort_key(sort):
    if sort == "team":
        return lambda r: (r.team.name.lower() if r.team else "", _name_key(r))
    if sort == "start":
        return lambda r: (-(r.profile.start_date or datetime.date.min).toordinal(), _name_key(r))
    if sort == "einddatum":
        return lambda r: (
            r.path is None or r.path.status.complete or r.path.status.due_date is None,
            r.path.status.due_date if r.path and r.path.status.due_date else datetime.date.max,
            _name_key(r),
        )
    if sort == "voortgang":
        return lambda r: (r.completed, sum(s.done for s in r.statuses), _name_key(r))
    return _name_key


def path_text(person_path):
    if person_path is None:
        return ""
    status = person_path.status
    if status.complete:
        return _("Completed (%(date)s)") % {"date": date_format(status.completed_on, "d-m-Y")}
    if status.due_date is None:
        return _("%(done)s of %(total)s modules") % {"done": status.done, "total": status.total}
    return _("%(done)s of %(total)s modules, due %(date)s") % {
        "done": status.done,
        "total": status.total,
        "date": date_format(status.due_date, "d-m-Y"),
    }


def export_rows(dashboard: Dashboard) -> list:
    """The dashboard as spreadsheet rows (Dutch headers first), for :mod:`content.spreadsheet`."""
    rows = [
        [
            _("Name"),
            _("Username"),
            _("Team"),
            _("Job title"),
            _("Start date"),
            _("Learning path"),
            _("Finish path by"),
            _("Path progress"),
            _("Behind"),
        ]
        + [m.title for m in dashboard.columns]
    ]
    for row in dashboard.rows:
        path = row.path
        rows.append(
            [
                row.user.get_full_name() or row.user.get_username(),
                row.user.get_username(),
                row.team.name if row.team else "",
                row.profile.job_title,
                row.profile.start_date.isoformat() if row.profile.start_date else "",
                path.path.title if path else "",
                path.status.due_date.isoformat() if path and path.status.due_date else "",
                path_text(path),
                (_("yes") if row.behind else _("no")) if path else "",
            ]
            + [s.label for s in row.statuses]
        )
    return rows
