"""The only writers of runs and attendances.

A run moves only forward: :func:`choose` takes the node key and the step number the form was
rendered for, and changes nothing when they are not where the run is now (an old form posted
again, the back button, a double click). Reaching an ending finishes the run and completes the
step through ``modules.progress.complete_step``.
"""

from __future__ import annotations

import enum

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from modules import progress
from modules.study_time import accreditation_hours

from .models import Attendance, RunStep, ScenarioRun
from .scenario import TakenChoice, score_run


class Outcome(enum.Enum):
    MOVED = "moved"
    FINISHED = "finished"
    STALE = "stale"  # the form was for another node or step: nothing changed
    INVALID = "invalid"  # no such choice


def active_run(user, scenario_page):
    return (
        ScenarioRun.objects.filter(user=user, scenario=scenario_page, finished_at=None, abandoned_at=None)
        .order_by("-number")
        .first()
    )


def latest_run(user, scenario_page):
    return ScenarioRun.objects.filter(user=user, scenario=scenario_page).order_by("-number").first()


def start_run(user, scenario_page, *, now=None, restart_of=None):
    """A new run at the first node. Without ``restart_of``: the active run when there is one
    (starting twice makes one run). With it (the id of the run the restart form was shown for):
    that run is abandoned when unfinished and a new one starts, unless a newer run exists."""
    now = now or timezone.now()
    start = scenario_page.scenario.start
    with transaction.atomic():
        runs = ScenarioRun.objects.select_for_update().filter(user=user, scenario=scenario_page)
        latest = runs.order_by("-number").first()
        if restart_of is None and latest is not None and latest.active:
            return latest
        if restart_of is not None and latest is not None and latest.pk != restart_of:
            return latest  # an old restart form: the newer run stays
        if latest is not None and latest.active:
            latest.abandoned_at = now
            latest.save(update_fields=["abandoned_at"])
        number = (runs.aggregate(n=Max("number"))["n"] or 0) + 1
        return ScenarioRun.objects.create(
            user=user, scenario=scenario_page, number=number, started_at=now, current_node=start.key
        )


def choose(run, *, node_key, step_number, choice_index, now=None):
    """Record the choice ``choice_index`` (0-based) at the run's current node. ``node_key`` and
    ``step_number`` (the number of choices already made) say which node the form showed."""
    now = now or timezone.now()
    scenario = run.scenario.scenario
    with transaction.atomic():
        run = ScenarioRun.objects.select_for_update().get(pk=run.pk)
        if not run.active or node_key != run.current_node or step_number != run.steps.count():
            return Outcome.STALE, run
        node = scenario.node(run.current_node)
        if node is None or not 0 <= choice_index < len(node.choices):
            return Outcome.INVALID, run
        choice = node.choices[choice_index]
        RunStep.objects.create(
            run=run,
            position=step_number + 1,
            node_key=node.key,
            node_title=node.title,
            choice_index=choice_index,
            choice_text=choice.text,
            feedback=choice.feedback,
            goal=choice.goal,
            weight=choice.weight,
            next_key=choice.next,
            chosen_at=now,
        )
        run.current_node = choice.next
        ending = scenario.ending(choice.next)
        if ending is None:
            run.save(update_fields=["current_node"])
            return Outcome.MOVED, run
        score = score_run(TakenChoice(s.goal, s.weight) for s in run.steps.all())
        run.finished_at = now
        run.ending_key, run.ending_title, run.ending_good = ending.key, ending.title, ending.good
        run.goal_scores = {str(goal): total for goal, total in score.per_goal.items()}
        run.save()
        if run.user is not None:
            progress.complete_step(run.user, run.scenario, score=score.percent, when=now)
        return Outcome.FINISHED, run


def run_score(run):
    """The run's score per learning goal (from its steps, a pure function)."""
    return score_run(TakenChoice(s.goal, s.weight) for s in run.steps.all())


# --- Casusbesprekingen ------------------------------------------------------------------------


def discussion_hours(discussion):
    """SKJ counts net time: the duration in hours, to the nearest half hour."""
    return accreditation_hours(discussion.duration_minutes)


def _ledger_title(discussion):
    return f"{discussion.get_kind_display().capitalize()}: {discussion.topic}"


def answer_attendance(attendance, *, confirmed: bool, now=None):
    """The attendee confirms (the hours enter their ledger as reflection hours) or declines
    (hours recorded before leave it again)."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance.status = Attendance.Status.CONFIRMED if confirmed else Attendance.Status.DECLINED
        attendance.answered_at = now
        attendance.save(update_fields=["status", "answered_at"])
        sync_ledger(attendance)
    return attendance


def sync_ledger(attendance):
    """Make the attendee's ledger agree with the attendance and the session as it is now."""
    discussion = attendance.discussion
    if attendance.status == Attendance.Status.CONFIRMED:
        progress.record_reflection_hours(
            attendance.user,
            source_key=discussion.source_key,
            title=_ledger_title(discussion),
            hours=discussion_hours(discussion),
            earned_on=discussion.held_on,
        )
    else:
        progress.withdraw_reflection_hours(attendance.user, source_key=discussion.source_key)


def save_discussion(discussion, attendees, *, by):
    """Save a session and its attendee list: new attendees are invited, removed ones lose the
    hours, confirmed ones get the hours as the session now says (date, duration, topic)."""
    with transaction.atomic():
        if discussion.pk is None:
            discussion.recorded_by = by
        discussion.save()
        wanted = {user.pk: user for user in attendees}
        for attendance in discussion.attendances.select_related("user"):
            if attendance.user_id not in wanted:
                progress.withdraw_reflection_hours(attendance.user, source_key=discussion.source_key)
                attendance.delete()
                continue
            wanted.pop(attendance.user_id)
            attendance.discussion = discussion
            sync_ledger(attendance)
        for user in wanted.values():
            Attendance.objects.create(discussion=discussion, user=user)
    return discussion
