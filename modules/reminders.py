"""Reminder e-mails: to people whose learning path is overdue or whose refresher is due, and a
weekly summary to each team lead. Every reminder is logged (``ReminderLog``, unique per person,
kind and key), so running the command again sends nothing that was already sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leergang.mail import mail_kind
from leergang.models import StaffProfile, Team, User, current_staff
from leergang.names import user_sort_key

from . import status_rules as rules
from .models import ReminderLog
from .progress import progress_for_profiles

Kind = ReminderLog.Kind
logger = logging.getLogger(__name__)


@dataclass
class Item:
    kind: str
    key: str
    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class Result:
    personal: int = 0
    summaries: int = 0
    skipped_without_email: int = 0
    failed: int = 0
    messages: list = field(default_factory=list)


def base_url():
    """The site's one public address (``WAGTAILADMIN_BASE_URL``): every link in a mail starts with it."""
    return settings.WAGTAILADMIN_BASE_URL


def _date(day):
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def personal_items(profile, statuses, paths, modules) -> list[Item]:
    """What a person should be reminded of today (before looking at what was already sent)."""
    items = []
    for person_path in paths:
        st = person_path.status
        if st.overdue:
            items.append(
                Item(
                    Kind.PATH_OVERDUE,
                    f"path:{person_path.path.pk}:{st.due_date.isoformat()}",
                    _(
                        "Your learning path “%(path)s” was due on %(date)s. You have completed %(done)s of "
                        "%(total)s modules."
                    )
                    % {
                        "path": person_path.path.title,
                        "date": _date(st.due_date),
                        "done": st.done,
                        "total": st.total,
                    },
                )
            )
    for module in modules:
        status = statuses[module.pk]
        if status.state != rules.REFRESH:
            continue
        text = _("The module “%(module)s”, which you completed on %(date)s, needs a refresher.") % {
            "module": module.title,
            "date": _date(rules.local_date(status.completed_at)),
        }
        details = [f"{_date(c.changed_on)}: {c.summary}" for c in status.changes]
        items.append(
            Item(
                Kind.REFRESH_DUE,
                f"module:{module.pk}:{rules.local_date(status.refresh_since).isoformat()}",
                text,
                details,
            )
        )
    return items


def _send(to_user, subject, template, context):
    with translation.override("nl"):
        text = render_to_string(f"modules/email/{template}.txt", context)
        html = render_to_string(f"modules/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to_user.email])
    message.attach_alternative(html, "text/html")
    with mail_kind(template):
        message.send()


def _log_and_send(user, entries, today, send, result):
    """Log ``entries`` (kind, key) and send, all or nothing: a failed send is logged nowhere and
    retried next run; a concurrent run that logged first wins and this one sends nothing."""
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create(
                [ReminderLog(user=user, kind=kind, key=key, sent_on=today) for kind, key in entries]
            )
            send()
    except IntegrityError:
        return False
    except Exception:  # one unreachable mailbox must not stop the others
        logger.exception("Reminder to user %s could not be sent", user.pk)
        result.failed += 1
        return False
    return True


def links() -> dict:
    """The absolute addresses the e-mails link to."""
    base = base_url().rstrip("/")
    return {
        "home_url": base + reverse("wagtail_serve", args=[""]),
        "progress_url": base + reverse("my_progress"),
        "team_url": base + reverse("team"),
    }


@dataclass
class _Run:
    """One run of :func:`send_reminders`: the facts it reads once and what it did."""

    today: object
    week: str
    dry_run: bool
    profiles: list
    group: object  # progress_for_profiles(...)
    sent: set  # (user id, kind, key) already logged
    links: dict
    result: Result = field(default_factory=Result)


def send_reminders(*, now=None, dry_run=False) -> Result:
    now = now or timezone.now()
    today = rules.local_date(now)
    year, week_number, _weekday = today.isocalendar()
    staff = current_staff(StaffProfile.objects.filter(user__is_active=True), today)
    profiles = list(staff.select_related("user", "team"))
    users = User.objects.filter(profile__in=staff)
    run = _Run(
        today=today,
        week=f"{year}-W{week_number:02d}",
        dry_run=dry_run,
        profiles=profiles,
        group=progress_for_profiles(profiles, users, now=now),
        sent=set(ReminderLog.objects.values_list("user_id", "kind", "key")),
        links=links(),
    )
    with translation.override("nl"):
        for profile in profiles:
            _remind(run, profile)
        left = set(StaffProfile.objects.filter(left_on__lte=today).values_list("user_id", flat=True))
        for lead, led_teams in _teams_by_lead().items():
            if lead.pk not in left:  # a team lead who left gets no summary either
                _summarise(run, lead, led_teams)
    return run.result


def _remind(run, profile):
    """A person's own reminder: what is due today and was not sent before."""
    user, group = profile.user, run.group
    items = personal_items(profile, group.statuses[user.pk], group.paths[user.pk], group.modules)
    new = [i for i in items if (user.pk, i.kind, i.key) not in run.sent]
    if new:
        subject = _("Leergang Toegang: a reminder for you")
        if _deliver(run, user, subject, "reminder", {"items": new}, [(i.kind, i.key) for i in new]):
            run.result.personal += 1


def _teams_by_lead():
    leads = {}
    for team in Team.objects.prefetch_related("leads").order_by("name"):
        for lead in team.leads.all():
            leads.setdefault(lead, []).append(team)
    return leads


def _summarise(run, lead, led_teams):
    """A team lead's weekly summary of the members who are behind or due for a refresher."""
    if not lead.is_active or (lead.pk, Kind.TEAM_SUMMARY, run.week) in run.sent:
        return
    sections = []
    for team in led_teams:
        members = sorted(
            (p for p in run.profiles if p.team_id == team.pk), key=lambda p: user_sort_key(p.user)
        )
        lines = [line for profile in members for line in _summary_lines(profile, run.group)]
        if lines:
            sections.append((team.name, lines))
    if sections:
        subject = _("Leergang Toegang: weekly overview of your team")
        if _deliver(
            run, lead, subject, "team_summary", {"sections": sections}, [(Kind.TEAM_SUMMARY, run.week)]
        ):
            run.result.summaries += 1


def _deliver(run, user, subject, template, context, entries) -> bool:
    """Send one e-mail (and log ``entries``); False when it was not sent."""
    if not user.email:
        run.result.skipped_without_email += 1
        return False
    context = {"user": user, **run.links, **context}
    run.result.messages.append((user.email, subject))
    if run.dry_run:
        return False
    return _log_and_send(
        user, entries, run.today, lambda: _send(user, subject, template, context), run.result
    )


def _summary_lines(profile, group):
    name = str(profile.user)
    lines = []
    for person_path in group.paths[profile.user_id]:
        st = person_path.status
        if st.behind:
            due = _date(st.due_date) if st.due_date else "–"
            if st.overdue:
                text = _("%(name)s: behind on “%(path)s” (past the due date %(due)s; %(done)s of %(total)s)")
            else:
                text = _(
                    "%(name)s: behind the advised schedule of “%(path)s” (due %(due)s; %(done)s of %(total)s)"
                )
            lines.append(
                text
                % {
                    "name": name,
                    "path": person_path.path.title,
                    "due": due,
                    "done": st.done,
                    "total": st.total,
                }
            )
    due_modules = [m.title for m in group.modules if group.statuses[profile.user_id][m.pk].needs_refresh]
    if due_modules:
        lines.append(
            _("%(name)s: refresher needed for %(modules)s")
            % {"name": name, "modules": ", ".join(due_modules)}
        )
    return lines
