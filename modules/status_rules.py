"""The rules of progress as plain functions: no database, no request, the clock passed in.

``modules.progress`` gathers the facts with a fixed number of queries and asks these functions
what they mean: a module's status for a person, which steps a refresher asks for, where a
person stands on a learning path, and how accreditation hours fall into re-registration
periods. Everything here is tested without a database.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_STARTED = "niet-begonnen"
IN_PROGRESS = "bezig"
COMPLETED = "afgerond"
REFRESH = "opfrissen"
#: What each state is called where it stands alone (badges, filters, headings). The status of a
#: person adds the numbers: ``ModuleStatus.label``.
STATE_LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    IN_PROGRESS: gettext_lazy("In progress"),
    COMPLETED: gettext_lazy("Completed"),
    REFRESH: gettext_lazy("Refresher needed"),
}

REASON_EXPIRED = "verlopen"
REASON_CHANGED = "gewijzigd"

CYCLE_YEARS = 5  # SKJ, Registerplein and BIG all re-register every five years


def add_months(moment, months: int):
    """``moment`` (date or datetime) plus calendar months; the 31st becomes the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def local_date(moment: datetime.datetime, zone=None) -> datetime.date:
    """The date of ``moment`` in the site's time zone (or ``zone``, when a caller converting many
    moments looked it up once)."""
    return timezone.localtime(moment, zone).date() if timezone.is_aware(moment) else moment.date()


# --- Module status ------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """The latest ``ModuleCompletion`` of a person for a module."""

    completed_at: datetime.datetime
    expires_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Change:
    """A coordinator's "ingrijpend gewijzigd" mark on a module."""

    changed_on: datetime.date
    summary: str = ""


@dataclass(frozen=True)
class ModuleStatus:
    state: str
    done: int = 0
    total: int = 0
    completed_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None
    #: steps added after the completion that the person has not done (shown as "nieuw")
    new_steps: int = 0
    #: when the refresher became due, and why ("verlopen" / "gewijzigd")
    refresh_since: datetime.datetime | None = None
    refresh_reasons: tuple[str, ...] = ()
    #: the changes since the person's completion, oldest first
    changes: tuple[Change, ...] = ()

    @property
    def is_in_progress(self) -> bool:
        return self.state == IN_PROGRESS

    @property
    def is_completed(self) -> bool:
        return self.state == COMPLETED

    @property
    def needs_refresh(self) -> bool:
        return self.state == REFRESH

    @property
    def is_expired(self) -> bool:
        """The refresher is due because its date passed (not only because the module changed)."""
        return REASON_EXPIRED in self.refresh_reasons

    @property
    def ever_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def percent(self) -> int:
        if self.state in (COMPLETED, REFRESH):
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def label(self) -> str:
        """The status as a person reads it, e.g. "Bezig (2 van 4)"."""
        if self.state == IN_PROGRESS:
            return _("In progress (%(done)s of %(total)s)") % {"done": self.done, "total": self.total}
        if self.state == COMPLETED:
            return _("Completed (%(date)s)") % {"date": date_format(local_date(self.completed_at), "j F Y")}
        return str(STATE_LABELS[self.state])

    @property
    def short_label(self) -> str:
        """The state alone, e.g. "Bezig"."""
        return str(STATE_LABELS[self.state])


def module_status(
    *,
    total_steps: int,
    done_steps: int,
    completion: Completion | None,
    changes: Iterable[Change] = (),
    now: datetime.datetime,
    today: datetime.date | None = None,
) -> ModuleStatus:
    """The status of one module for one person.

    ``total_steps`` counts the module's published steps now, ``done_steps`` how many of those the
    person completed. A completion stays a completion when steps are added later (they show as
    new); it turns into "opfrissen" when its refresh date has passed or when a coordinator marked
    the module as substantially changed after the person completed it. ``today``, the local
    date of ``now``, may be passed in by a caller that works out many statuses at once.
    """
    done_steps = max(0, min(done_steps, total_steps))
    if completion is None:
        state = IN_PROGRESS if done_steps else NOT_STARTED
        return ModuleStatus(state=state, done=done_steps, total=total_steps)

    later_changes = ()
    if changes:
        today = today or local_date(now)
        completed_on = local_date(completion.completed_at)
        later_changes = tuple(
            sorted(
                (c for c in changes if completed_on < c.changed_on <= today),
                key=lambda c: c.changed_on,
            )
        )
    reasons, since = [], []
    if completion.expires_at is not None and completion.expires_at <= now:
        reasons.append(REASON_EXPIRED)
        since.append(completion.expires_at)
    if later_changes:
        reasons.append(REASON_CHANGED)
        since.append(start_of_day(later_changes[0].changed_on))
    common = {
        "done": done_steps,
        "total": total_steps,
        "completed_at": completion.completed_at,
        "expires_at": completion.expires_at,
        "changes": later_changes,
    }
    if reasons:
        return ModuleStatus(state=REFRESH, refresh_since=min(since), refresh_reasons=tuple(reasons), **common)
    return ModuleStatus(state=COMPLETED, new_steps=total_steps - done_steps, **common)


# --- Steps: what completes a module, what a refresher asks for ----------------------------


@dataclass(frozen=True)
class Step:
    id: int
    is_lesson: bool
    last_published_at: datetime.datetime | None = None


@dataclass(frozen=True)
class StepDone:
    completed_at: datetime.datetime
    last_completed_at: datetime.datetime


def refresh_steps(
    steps: Sequence[Step],
    done: Mapping[int, StepDone],
    *,
    previous_completed_at: datetime.datetime,
    since: datetime.datetime,
) -> list[tuple[Step, bool]]:
    """The steps a refresher asks for, each with whether it has been done again since ``since``.

    As the leerplan proposes (§10): pass the quiz again, plus the lessons that changed since the
    previous completion and any step that was never done. A module without any of those (no quiz,
    nothing changed) asks for all its steps again.
    """
    required = [
        s
        for s in steps
        if not s.is_lesson
        or s.id not in done
        or (s.last_published_at is not None and s.last_published_at > previous_completed_at)
    ]
    if not required:
        required = list(steps)
    return [(s, s.id in done and done[s.id].last_completed_at >= since) for s in required]


def module_ready_to_complete(
    status: ModuleStatus, steps: Sequence[Step], done: Mapping[int, StepDone]
) -> bool:
    """Whether a new ``ModuleCompletion`` is due: every step done for a first completion, every
    step the refresher asks for done again for a refresher."""
    if not steps:
        return False
    if status.completed_at is None:
        return all(s.id in done for s in steps)
    if status.state != REFRESH:
        return False
    pending = refresh_steps(
        steps, done, previous_completed_at=status.completed_at, since=status.refresh_since
    )
    return all(redone for _step, redone in pending)


def next_open_step(status: ModuleStatus, steps: Sequence[Step], done: Mapping[int, StepDone]) -> Step | None:
    """The first step the person still has to do in this module, or None."""
    if status.state == REFRESH:
        pending = refresh_steps(
            steps, done, previous_completed_at=status.completed_at, since=status.refresh_since
        )
        return next((s for s, redone in pending if not redone), None)
    return next((s for s in steps if s.id not in done), None)


# --- Learning paths -----------------------------------------------------------------------


#: A module counts as late once its advised day is this many days past (the advice is advice).
ADVICE_GRACE_DAYS = 7


@dataclass(frozen=True)
class PathItem:
    module_id: int
    advised_day: int | None = None


@dataclass(frozen=True)
class ScheduleItem:
    """One module of a learning path as the person's schedule shows it."""

    module_id: int
    advised_date: datetime.date | None  # start date + the module's advised day
    done: bool
    late: bool  # the same rule that puts someone on the team lead's "loopt achter" list


def advised_date(start_date: datetime.date | None, advised_day: int | None) -> datetime.date | None:
    """The date by which a path module is advised: the start date plus its advised day."""
    if start_date is None or advised_day is None:
        return None
    return start_date + datetime.timedelta(days=advised_day)


def module_late(start_date, advised_day, today) -> bool:
    """An open path module is late once its advised date is more than ADVICE_GRACE_DAYS past."""
    date = advised_date(start_date, advised_day)
    return date is not None and today > date + datetime.timedelta(days=ADVICE_GRACE_DAYS)


@dataclass(frozen=True)
class PathStatus:
    due_date: datetime.date | None
    done: int
    total: int
    complete: bool
    overdue: bool
    #: open modules more than ADVICE_GRACE_DAYS past their advised day
    late_module_ids: tuple[int, ...] = ()
    next_module_id: int | None = None
    completed_on: datetime.date | None = None
    days_left: int | None = None
    #: every module of the path in order: its advised date, done, late
    schedule: tuple[ScheduleItem, ...] = ()

    @property
    def behind(self) -> bool:
        """ "Loopt achter": past the due date, or past the advised day of an open module."""
        return not self.complete and (self.overdue or bool(self.late_module_ids))

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def path_applies(
    *,
    team_id: int | None,
    organisation: str | None,
    start_date: datetime.date | None,
    path_team_ids: Iterable[int],
    path_organisation_types: Iterable[str],
    applies_from: datetime.date | None,
) -> bool:
    """Whether a learning path is meant for a person (by team or organisation type, and start
    date). A path without teams and organisation types is for everyone."""
    team_ids, organisations = set(path_team_ids), set(path_organisation_types or ())
    if team_ids or organisations:
        if team_id not in team_ids and (organisation is None or organisation not in organisations):
            return False
    if applies_from is not None:
        return start_date is not None and start_date >= applies_from
    return True


def path_status(
    *,
    start_date: datetime.date | None,
    due_days: int | None,
    items: Sequence[PathItem],
    completed_on: Mapping[int, datetime.date],
    today: datetime.date,
) -> PathStatus:
    """Where a person stands on a learning path. A module counts as done once it was ever
    completed (refreshers are a separate matter). ``completed_on`` maps module id to the date
    of its first completion."""
    done_items = [i for i in items if i.module_id in completed_on]
    complete = bool(items) and len(done_items) == len(items)
    due_date = start_date + datetime.timedelta(days=due_days) if start_date and due_days is not None else None
    overdue = not complete and due_date is not None and today > due_date
    late = ()
    if start_date and not complete:
        late = tuple(
            i.module_id
            for i in items
            if i.module_id not in completed_on and module_late(start_date, i.advised_day, today)
        )
    next_item = next((i for i in items if i.module_id not in completed_on), None)
    return PathStatus(
        due_date=due_date,
        done=len(done_items),
        total=len(items),
        complete=complete,
        overdue=overdue,
        late_module_ids=late,
        next_module_id=next_item.module_id if next_item else None,
        completed_on=max(completed_on[i.module_id] for i in items) if complete else None,
        days_left=(due_date - today).days if due_date and not complete else None,
        schedule=tuple(
            ScheduleItem(
                module_id=i.module_id,
                advised_date=advised_date(start_date, i.advised_day),
                done=i.module_id in completed_on,
                late=i.module_id in late,
            )
            for i in items
        ),
    )


# --- Accreditation ------------------------------------------------------------------------

#: ``AccreditationEntry.Kind.REFLECTION`` (this module uses no models).
REFLECTION_KIND = "reflection"


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass
class Cycle:
    """One re-registration period: ``start`` up to (not including) ``end``."""

    start: datetime.date
    end: datetime.date
    entries: list = field(default_factory=list)
    current: bool = False

    @property
    def hours(self) -> Decimal:
        return sum((Decimal(e.hours) for e in self.entries), Decimal("0"))

    @property
    def reflection_hours(self) -> Decimal:
        """Hours of reflection (casusbespreking, intervisie), which SKJ counts apart from
        self-study; entries without a ``kind`` are e-learning."""
        return sum(
            (Decimal(e.hours) for e in self.entries if getattr(e, "kind", "") == REFLECTION_KIND),
            Decimal("0"),
        )

    @property
    def e_learning_hours(self) -> Decimal:
        return self.hours - self.reflection_hours

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


def cycle_index(day: datetime.date, anchor: datetime.date, years: int = CYCLE_YEARS) -> int:
    """Which period ``day`` falls in, counted from the one starting at ``anchor`` (0; earlier ones
    are negative)."""
    index = (day.year - anchor.year) // years
    while add_years(anchor, index * years) > day:
        index -= 1
    while add_years(anchor, (index + 1) * years) <= day:
        index += 1
    return index


def accreditation_cycles(
    entries: Sequence, *, anchor: datetime.date | None, today: datetime.date, years: int = CYCLE_YEARS
) -> list[Cycle]:
    """Group entries (objects with ``earned_on`` and ``hours``) into re-registration periods,
    newest first. The periods start at ``anchor`` (the person's registration date) or, without
    one, at the first entry. The current period is always listed once there is an anchor."""
    if anchor is None:
        if not entries:
            return []
        anchor = min(e.earned_on for e in entries)
    cycles: dict[int, Cycle] = {}

    def cycle(index):
        if index not in cycles:
            cycles[index] = Cycle(
                start=add_years(anchor, index * years), end=add_years(anchor, (index + 1) * years)
            )
        return cycles[index]

    current = cycle(cycle_index(today, anchor, years))
    current.current = True
    for entry in sorted(entries, key=lambda e: e.earned_on):
        cycle(cycle_index(entry.earned_on, anchor, years)).entries.append(entry)
    return [cycles[i] for i in sorted(cycles, reverse=True)]
