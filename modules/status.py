"""Where a person stands in each module: read-only, computed from the progress records.

``module_statuses`` answers for a whole list of modules in three queries, however many modules,
steps or completions there are. The rule itself (:func:`status_for`) is a pure function.
Writing progress happens only in :mod:`modules.progress`.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import ModuleCompletion, StepCompletion

NOT_STARTED = "niet-begonnen"
IN_PROGRESS = "bezig"
COMPLETED = "afgerond"
REFRESH = "opfrissen"


@dataclass(frozen=True)
class Status:
    """A module's status for one person. ``code`` doubles as the ``lt-status--<code>`` class."""

    code: str
    done: int = 0
    total: int = 0
    completed_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None

    @property
    def label(self):
        if self.code == COMPLETED:
            return _("Completed on %(date)s") % {"date": _date(self.completed_at)}
        if self.code == REFRESH:
            return _("Refresher due")
        if self.code == IN_PROGRESS:
            return _("In progress (%(done)s of %(total)s)") % {"done": self.done, "total": self.total}
        return _("Not started")

    @property
    def css_class(self):
        return f"lt-status lt-status--{self.code}"


def _date(moment):
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""


def status_for(done, total, completed_at=None, expires_at=None, now=None):
    """The status from counts and the latest module completion (pure; no database).

    A completed module stays completed when steps are added later; it asks for a refresher
    once its completion has expired.
    """
    now = now or timezone.now()
    if completed_at is not None:
        if expires_at is not None and expires_at <= now:
            return Status(REFRESH, done, total, completed_at, expires_at)
        return Status(COMPLETED, done, total, completed_at, expires_at)
    if done > 0:
        return Status(IN_PROGRESS, min(done, total), total)
    return Status(NOT_STARTED, 0, total)


def module_step_ids(modules):
    """{module id: [ids of its published steps in order]} in one query."""
    modules = list(modules)
    result = {module.pk: [] for module in modules}
    if not modules:
        return result
    by_path = {module.path: module.pk for module in modules}
    path_length = {len(module.path) for module in modules}
    steps = (
        Page.objects.live()
        .filter(depth__in={module.depth + 1 for module in modules})
        .filter(path__startswith=_common_prefix([module.path for module in modules]))
        .order_by("path")
        .values_list("pk", "path")
    )
    for pk, path in steps:
        for length in path_length:
            module_id = by_path.get(path[:length])
            if module_id is not None and len(path) == length + Page.steplen:
                result[module_id].append(pk)
    return result


def _common_prefix(paths):
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-1]
    return prefix[: len(prefix) - len(prefix) % Page.steplen]


def module_statuses(user, modules, now=None):
    """{module id: Status} for ``user``; three queries for any number of modules."""
    modules = list(modules)
    if not modules:
        return {}
    step_ids = module_step_ids(modules)
    if not getattr(user, "is_authenticated", False):
        return {module.pk: status_for(0, len(step_ids[module.pk])) for module in modules}
    module_of_step = {step: module_id for module_id, steps in step_ids.items() for step in steps}
    done = dict.fromkeys(step_ids, 0)
    completed_pages = StepCompletion.objects.filter(user=user, page_id__in=list(module_of_step)).values_list(
        "page_id", flat=True
    )
    for page_id in completed_pages:
        done[module_of_step[page_id]] += 1
    latest = {}
    completions = (
        ModuleCompletion.objects.filter(user=user, module_id__in=list(step_ids))
        .order_by("module_id", "-completed_at")
        .values_list("module_id", "completed_at", "expires_at")
    )
    for module_id, completed_at, expires_at in completions:
        latest.setdefault(module_id, (completed_at, expires_at))
    return {
        module.pk: status_for(
            done[module.pk], len(step_ids[module.pk]), *latest.get(module.pk, (None, None)), now=now
        )
        for module in modules
    }


def next_step(user, steps, status):
    """The step to offer on a module page: the first one ``user`` has not completed yet.

    Returns ``(page, label)``; ``None`` when the module has no steps. One query at most.
    """
    steps = list(steps)
    if not steps:
        return None
    if status.code == NOT_STARTED:
        return steps[0], _("Begin")
    if status.code in (COMPLETED, REFRESH):
        return steps[0], _("Read again")
    completed = set(
        StepCompletion.objects.filter(user=user, page_id__in=[step.pk for step in steps]).values_list(
            "page_id", flat=True
        )
    )
    first_open = next((step for step in steps if step.pk not in completed), steps[0])
    return first_open, _("Continue")
