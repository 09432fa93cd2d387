"""The team lead's dashboard: who may see which teams, the matrix of members × modules,
filters, sorting and the CSV export. A fixed number of queries however big the teams are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leergang.models import Invitation, StaffProfile, Team, User, current_staff
from leergang.names import user_sort_key

from . import status_rules as rules
from .progress import primary_path, progress_for_profiles, site_structure

BEHIND = "loopt-achter"
ON_TIME = "op-schema"
#: The states of the team summary, in its order: (filter value, how one count reads).
SUMMARY = [
    (ON_TIME, "on_time"),
    (BEHIND, "behind"),
    (rules.REFRESH, "refresh"),
    (rules.NOT_STARTED, "not_started"),
]
#: The query parameters of the overview, kept when going to a member and back.
PARAMS = ("team", "module", "status", "sort", "pagina")


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
            (ON_TIME, _("On schedule on the onboarding path")),
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

    @property
    def on_time(self):
        return bool(self.path and not self.path.behind)


def has_state(statuses, state):
    """Does a person's row match a status filter? "Niet begonnen" is nothing started in the
    modules shown (in one module column: that module); the others, any module in that state."""
    if state == rules.NOT_STARTED:
        return bool(statuses) and all(s.state == rules.NOT_STARTED for s in statuses)
    return any(s.state == state for s in statuses)


@dataclass
class TeamSummary:
    """One team's line above the overview: how many members are on schedule, behind, due for a
    refresher and have not started, each with the filter that shows them."""

    team: object
    members: int
    on_time: int
    behind: int
    refresh: int
    not_started: int

    def counts(self):
        """(filter value, count) in the order of the line."""
        return [(value, getattr(self, attribute)) for value, attribute in SUMMARY]


def summarise(team, profiles, statuses, paths):
    """The summary of ``team`` from data already fetched for the overview (no queries)."""
    members = [p for p in profiles if p.team_id == team.pk]
    counts = dict.fromkeys(("on_time", "behind", "refresh", "not_started"), 0)
    for profile in members:
        person = list(statuses[profile.user_id].values())
        path = primary_path(paths[profile.user_id])
        counts["behind"] += bool(path and path.behind)
        counts["on_time"] += bool(path and not path.behind)
        counts["refresh"] += has_state(person, rules.REFRESH)
        counts["not_started"] += has_state(person, rules.NOT_STARTED)
    return TeamSummary(team=team, members=len(members), **counts)


@dataclass
class Dashboard:
    form: DashboardFilterForm
    all_teams: list  # every team the viewer may see
    teams: list  # the teams shown (after the team filter)
    modules: list  # every module (for the filter)
    columns: list  # the module columns shown
    rows: list[MemberRow]
    total_members: int
    summaries: list  # TeamSummary per team shown


def build_dashboard(viewer, params, *, now=None) -> Dashboard | None:
    """The dashboard ``viewer`` may see with the filters in ``params`` (a QueryDict), or None
    when they may see none."""
    teams_qs = visible_teams(viewer)
    if teams_qs is None:
        return None
    now = now or timezone.now()
    teams = list(teams_qs.order_by("name"))
    structure = site_structure()
    modules = structure.modules  # the published modules, as progress_for_profiles reads them
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
    # Of the account only what the overview shows and sorts by: no password hash, and no
    # login and join moments (each a timestamp to parse, for every member).
    unshown = ("user__password", "user__last_login", "user__date_joined")
    profiles = list(members.select_related("user", "team").defer(*unshown))
    users = User.objects.filter(profile__in=members)
    group = progress_for_profiles(profiles, users, modules, now=now, structure=structure)

    columns = [m for m in modules if m.pk == module_id] if module_id else modules
    column_ids = [m.pk for m in columns]
    rows = []
    for p in profiles:
        person = group.statuses[p.user_id]
        rows.append(
            MemberRow(
                profile=p,
                statuses=[person[pk] for pk in column_ids],
                path=primary_path(group.paths[p.user_id]),
            )
        )
    if status == BEHIND:
        rows = [r for r in rows if r.behind]
    elif status == ON_TIME:
        rows = [r for r in rows if r.on_time]
    elif status:
        rows = [r for r in rows if has_state(r.statuses, status)]
    rows.sort(key=_sort_key(sort))
    return Dashboard(
        form=form,
        all_teams=teams,
        teams=chosen,
        modules=modules,
        columns=columns,
        rows=rows,
        total_members=len(profiles),
        summaries=[summarise(team, profiles, group.statuses, group.paths) for team in chosen],
    )


@dataclass
class TableRow:
    """One row of the table with everything it shows worked out (plain text, no lookups left
    for the template): the member's link, name and start, team, onboarding path, cells."""

    url: str
    name: str
    started: str
    team: str
    path: bool  # has an onboarding path
    path_complete: bool
    path_due: str  # "afronden vóór 12-03-2026" or ""
    path_done: str  # "2 van 4"
    behind: str  # why they are behind, or ""
    cells: str  # the module columns' cells, as HTML


class _Texts:
    """The texts of the table, each translated once per page (many rows share the same
    states, counts and dates) and each different cell built once."""

    def __init__(self):
        self.labels = {state: str(label) for state, label in rules.STATE_LABELS.items()}
        self.behind = {True: _("Behind: past due date"), False: _("Behind the advice")}
        self.zone = timezone.get_current_timezone()
        self.memo = {}

    def _once(self, key, make):
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = make()
        return text

    def day(self, day):
        """``day`` (a date, or a moment as its local date) as 12-03-2026, as ``|date:"d-m-Y"``."""
        if isinstance(day, datetime.datetime):
            day = rules.local_date(day, self.zone)
        # What date_format(day, "d-m-Y") gives, without its format parsing for every date.
        return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"

    def of(self, done, total):
        return self._once(
            ("of", done, total), lambda: _("%(done)s of %(total)s") % {"done": done, "total": total}
        )

    def started(self, day):
        return self._once(("started", day), lambda: _("started %(date)s") % {"date": self.day(day)})

    def due(self, day):
        return self._once(("due", day), lambda: _("due %(date)s") % {"date": self.day(day)})

    def cell(self, status):
        """One member × module cell: the state in words (with its colour), under it the steps
        done while in progress, or the completion date. Each different cell is built once."""
        if status.state == rules.IN_PROGRESS:
            note = self.of(status.done, status.total)
        elif status.completed_at:
            note = self.day(status.completed_at)
        else:
            note = ""
        return self._once(("cell", status.state, note), lambda: self._cell(status.state, note))

    def _cell(self, state, note):
        return format_html(
            '<td class="lt-matrix__cell"><span class="lt-status lt-status--{}">{}</span>{}</td>',
            state,
            self.labels[state],
            format_html('<br><span class="lt-muted">{}</span>', note) if note else "",
        )


def table_rows(rows, member_query=""):
    """The rows of one page of the table (``MemberRow``) as ``TableRow``, ready to show;
    ``member_query`` goes after each member's link (the way back to this overview)."""
    texts = _Texts()
    query = f"?{member_query}" if member_query else ""
    result = []
    for row in rows:
        user, profile, path = row.user, row.profile, row.path
        status = path.status if path else None
        result.append(
            TableRow(
                url=reverse("team_member", args=[user.pk]) + query,
                name=user.get_full_name() or user.username,
                started=texts.started(profile.start_date) if profile.start_date else "",
                team=row.team.name if row.team else "",
                path=path is not None,
                path_complete=bool(status and status.complete),
                path_due=texts.due(status.due_date) if status and status.due_date else "",
                path_done=texts.of(status.done, status.total) if status else "",
                behind=texts.behind[bool(status.overdue)] if row.behind else "",
                # every part built by format_html, so escaped
                cells=mark_safe("".join(texts.cell(s) for s in row.statuses)),  # noqa: S308
            )
        )
    return result


def overview_query(params):
    """The overview's own parameters out of ``params`` (a QueryDict), as a query string: what
    "Terug naar het teamoverzicht" adds to ``/team/``. Anything else is dropped, so the link
    can only ever lead back to the overview."""
    kept = params.copy()
    for key in list(kept):
        if key not in PARAMS:
            del kept[key]
    return kept.urlencode()


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


class _IsoDates:
    """Dates (or moments, as local dates) in ISO 8601, the export's one date format: the time
    zone looked up once, each moment converted once."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.memo = {None: ""}

    def __call__(self, day):
        text = self.memo.get(day)
        if text is None:
            local = rules.local_date(day, self.zone) if isinstance(day, datetime.datetime) else day
            text = self.memo[day] = local.isoformat()
        return text


def _path_cells(path, behind, iso, yes_no):
    if path is None:
        return ["", "", "", "", "", ""]
    status = path.status
    return [
        path.path.title,
        iso(status.due_date),
        status.done,
        status.total,
        iso(status.completed_on) if status.complete else "",
        yes_no[bool(behind)],
    ]


def export_rows(dashboard: Dashboard) -> list:
    """The dashboard as spreadsheet rows (Dutch headers first), for :mod:`content.spreadsheet`:
    one fact per column (a module's status, steps done and completion date apart) and every
    date in ISO 8601 (2026-03-12)."""
    header = [
        _("Name"),
        _("Username"),
        _("Team"),
        _("Job title"),
        _("Start date"),
        _("Learning path"),
        _("Finish path by"),
        _("Path: modules completed"),
        _("Path: modules in total"),
        _("Path completed on"),
        _("Behind"),
    ]
    for module in dashboard.columns:
        header += [
            _("%(module)s: status") % {"module": module.title},
            _("%(module)s: steps done") % {"module": module.title},
            _("%(module)s: completed on") % {"module": module.title},
        ]
    rows = [header]
    iso = _IsoDates()
    yes_no = {True: _("yes"), False: _("no")}
    labels = {state: str(label) for state, label in rules.STATE_LABELS.items()}  # short_label
    for row in dashboard.rows:
        cells = [
            row.user.get_full_name() or row.user.get_username(),
            row.user.get_username(),
            row.team.name if row.team else "",
            row.profile.job_title,
            iso(row.profile.start_date),
            *_path_cells(row.path, row.behind, iso, yes_no),
        ]
        for status in row.statuses:
            cells += [labels[status.state], status.done, iso(status.completed_at)]
        rows.append(cells)
    return rows
