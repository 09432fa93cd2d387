"""Taking a quiz (one form, no JavaScript needed), the result of an attempt, and the knowledge
gain page for team leads. Views stay thin: writes go through :mod:`quizzes.services`."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.dashboard import can_see_everyone, visible_teams
from modules.models import ModulePage, step_navigation
from modules.progress import module_finished

from . import rules, services
from .analysis import knowledge_gain, quiz_pair
from .forms import (
    BadToken,
    QuizForm,
    issue_practice_token,
    issue_token,
    kept_answers,
    read_practice_token,
    read_token,
)
from .models import PracticeRun, QuizAttempt, QuizPage, QuizRole
from .questions import QuestionData, arrange, fingerprint

STALE_MESSAGES = {
    "garbled": gettext_lazy(
        "Your answers could not be handed in: the form was damaged or incomplete. "
        "Your answers are kept below; check them and hand them in again."
    ),
    "expired": gettext_lazy(
        "This form had been open too long. Your answers are kept below; check them and hand them in again."
    ),
    "foreign": gettext_lazy(
        "This form does not belong to you or to this quiz. Your answers are kept below; "
        "check them and hand them in again."
    ),
    "changed": gettext_lazy(
        "The quiz was changed after you opened it. Your answers are kept where the questions still "
        "exist; check them and hand them in again."
    ),
    "order": gettext_lazy(
        "This form was for an earlier attempt. Your answers are kept below as a new attempt; "
        "check them and hand them in again."
    ),
    "invalid": gettext_lazy(
        "An answer that does not belong to its question was sent. Check your answers and hand them in again."
    ),
}


def _context(request, quiz, **extra):
    """The page context of a quiz as a step: module, steps, previous and next step, like a
    lesson (two queries, however many steps)."""
    return {
        "page": quiz,
        "self": quiz,
        **step_navigation(quiz),
        "nav_section": "modules",
        "request": request,
        **extra,
    }


def _url(quiz, request, number=None):
    base = quiz.get_url(request)
    return base if number is None else f"{base}poging/{number}/"


class _State:
    """What the person can do with this quiz now; ``extra``: attempts a coordinator granted."""

    def __init__(self, quiz, attempts, extra=0, used_before=0):
        self.attempts = attempts
        self.extra = extra
        self.limit = services.attempt_limit(quiz, extra)
        # after an erasure, the attempts used before it still count (numbering goes on)
        self.last_number = attempts[-1].attempt_number if attempts else used_before
        self.next_number = self.last_number + 1
        self.passed = any(a.passed for a in attempts)
        self.taken = bool(attempts)
        self.done = self.taken if quiz.is_voortoets else self.passed
        self.best_score = max((a.score for a in attempts), default=None)
        self.attempts_left = None if self.limit is None else max(0, self.limit - self.last_number)
        self.limit_reached = self.attempts_left == 0
        self.can_attempt = bool(quiz.question_data) and not self.limit_reached and not self.done


def _attempts(request, quiz):
    return list(QuizAttempt.objects.filter(user=request.user, quiz=quiz).order_by("attempt_number"))


def _state(request, quiz):
    """The person's attempts and grants: two queries (a third, for the attempts used before an
    erasure, only while the person has none)."""
    attempts = _attempts(request, quiz)
    used_before = 0 if attempts or quiz.unlimited else services.used_attempts(request.user, quiz)
    return _State(quiz, attempts, services.extra_attempts(request.user, quiz), used_before)


def _shown(quiz, user, number) -> list[QuestionData]:
    return services.questions_as_shown(quiz, user, number)


def _fingerprint(quiz):
    return fingerprint(quiz.question_data, quiz.shuffle_questions, quiz.shuffle_options)


def _fresh_form(request, quiz, state, *, posted=None, started_at=None):
    shown = _shown(quiz, request.user, state.next_number)
    token = issue_token(request.user, quiz, state.next_number, _fingerprint(quiz), started_at)
    initial = {"token": token}
    if posted is not None:
        initial |= kept_answers(posted, shown)
    return QuizForm(shown, initial=initial)


def _render(request, quiz, state, form=None, *, notice=None, status=200):
    if form is None and state.can_attempt:
        form = _fresh_form(request, quiz, state)
    practising = may_practise(request, quiz, state)
    context = _context(
        request,
        quiz,
        state=state,
        form=form if state.can_attempt else None,
        notice=notice,
        question_count=len(quiz.question_data),
        # Practice runs exist only where practising is allowed: no query otherwise.
        practice_url=_practice_url(quiz, request) if practising else None,
        runs=_practice_runs(request, quiz) if practising else [],
        gain_url=reverse("quizzes_team_knowledge_gain", args=[quiz.pk])
        if (request.user.leads_a_team or can_see_everyone(request.user)) and quiz_pair(quiz)
        else None,
    )
    return TemplateResponse(request, "quizzes/quiz_page.html", context, status=status)


def quiz_view(request, quiz: QuizPage):
    """GET: the intro, earlier attempts and the form. POST: hand in an attempt."""
    state = _state(request, quiz)
    if request.method != "POST":
        return _render(request, quiz, state)
    return _submit(request, quiz, state)


def _submit(request, quiz, state):
    posted = request.POST
    try:
        token = read_token(posted.get("token", ""), request.user, quiz)
    except BadToken as bad:
        if not state.can_attempt:
            return _no_attempt_possible(request, quiz, state)
        form = _fresh_form(request, quiz, state, posted=posted)
        return _render(request, quiz, state, form, notice=STALE_MESSAGES[bad.reason], status=400)

    already = next((a for a in state.attempts if a.attempt_number == token.attempt_number), None)
    if already is not None:
        return _already_submitted(request, quiz, already)
    if not state.can_attempt:
        return _no_attempt_possible(request, quiz, state)
    started_at = token.started_at
    if token.fingerprint != _fingerprint(quiz):
        form = _fresh_form(request, quiz, state, posted=posted, started_at=started_at)
        return _render(request, quiz, state, form, notice=STALE_MESSAGES["changed"], status=409)
    if token.attempt_number != state.next_number:
        form = _fresh_form(request, quiz, state, posted=posted)
        return _render(request, quiz, state, form, notice=STALE_MESSAGES["order"], status=409)

    shown = _shown(quiz, request.user, token.attempt_number)
    form = QuizForm(shown, data=posted)
    if not form.is_valid():
        notice = STALE_MESSAGES["invalid"] if form.tampered else None
        return _render(request, quiz, state, form, notice=notice, status=400 if form.tampered else 200)
    try:
        attempt = services.submit_attempt(
            user=request.user,
            quiz=quiz,
            attempt_number=token.attempt_number,
            questions=shown,
            answers=form.answers(),
            started_at=datetime.datetime.fromtimestamp(started_at, tz=datetime.UTC),
        )
    except services.AttemptAlreadySubmitted as exc:
        return _already_submitted(request, quiz, exc.attempt)
    except services.NoAttemptsLeft:
        return _no_attempt_possible(request, quiz, state)
    except (services.AttemptOutOfOrder, services.InvalidAnswers):
        state = _state(request, quiz)
        if not state.can_attempt:
            return _no_attempt_possible(request, quiz, state)
        form = _fresh_form(request, quiz, state, posted=posted)
        return _render(request, quiz, state, form, notice=STALE_MESSAGES["order"], status=409)
    return redirect(_url(quiz, request, attempt.attempt_number), permanent=False)


def _already_submitted(request, quiz, attempt):
    messages.info(
        request,
        _("You had already handed in attempt %(number)s; no new attempt was made. This is its result.")
        % {"number": attempt.attempt_number},
    )
    return redirect(_url(quiz, request, attempt.attempt_number))


def _no_attempt_possible(request, quiz, state):
    if not quiz.question_data and not state.done:
        messages.error(request, _("This quiz has no questions at the moment; nothing was handed in."))
    elif state.done and not quiz.is_voortoets:
        messages.info(request, _("You have already passed this quiz; no new attempt was made."))
    elif state.done:
        messages.info(request, _("You have already taken this pre-test; no new attempt was made."))
    else:
        messages.error(request, _("You have used all your attempts at this quiz; no new attempt was made."))
    return redirect(_url(quiz, request))


def eindtoets_passed(user, quiz) -> bool:
    """Whether ``user`` passed an eindtoets of the module ``quiz`` belongs to (one query)."""
    return QuizAttempt.objects.filter(
        user=user,
        passed=True,
        quiz__in=QuizPage.objects.sibling_of(quiz, inclusive=False).filter(role=QuizRole.EINDTOETS),
    ).exists()


def feedback_level(request, quiz, state) -> str:
    """``"full"``, ``"own"`` or ``"none"``: see :func:`quizzes.rules.feedback_level`."""
    return rules.feedback_level(
        quiz.feedback_mode,
        voortoets=quiz.is_voortoets,
        passed=state.passed,
        last_attempt_used=state.limit_reached,
        eindtoets_passed=quiz.is_voortoets and eindtoets_passed(request.user, quiz),
    )


def _feedback_items(answered, reveal: bool) -> list[dict]:
    """What the feedback per question shows for ``answered``: (question key, snapshot, chosen
    option keys, credit 0..1) in the order shown; ``reveal``: whether the right answers show."""
    items = []
    for key, snapshot, chosen_keys, credit in answered:
        question = QuestionData.from_snapshot(key, snapshot)
        chosen = set(chosen_keys)
        credit = Decimal(str(credit))
        items.append(
            {
                "question": question,
                "chosen": chosen,
                "credit": credit,
                "status": "goed" if credit >= 1 else ("deels" if credit > 0 else "fout"),
                "options": [
                    {
                        "option": option,
                        "chosen": option.key in chosen,
                        "show_feedback": option.key in chosen or (reveal and option.correct),
                    }
                    for option in question.options
                ],
            }
        )
    return items


def attempt_result_view(request, quiz: QuizPage, number: int):
    attempt = get_object_or_404(QuizAttempt, user=request.user, quiz=quiz, attempt_number=number)
    state = _state(request, quiz)
    level = feedback_level(request, quiz, state)
    reveal = level == rules.FEEDBACK_FULL
    items = _feedback_items(
        [(r.question_key, r.snapshot, r.chosen, r.correct) for r in attempt.responses.order_by("position")],
        reveal,
    )
    finished = None
    if attempt.passed and not quiz.is_voortoets:
        module = ModulePage.objects.ancestor_of(quiz).live().first()
        finished = module_finished(request.user, module) if module else None
    context = _context(
        request,
        quiz,
        attempt=attempt,
        state=state,
        finished=finished,
        items=items,
        right_count=sum(1 for item in items if item["status"] == "goed"),
        show_feedback=level != rules.FEEDBACK_NONE,
        reveal_key=reveal,
        quiz_url=_url(quiz, request),
    )
    return TemplateResponse(request, "quizzes/attempt_result.html", context)


# --------------------------------------------------------------------------- practice ("Oefenen")


def may_practise(request, quiz, state) -> bool:
    """A person may practise a quiz as often as they like once they passed it (a refresher
    included: they passed it before) or, for a voortoets, the eindtoets of its module."""
    if not quiz.question_data:
        return False
    if quiz.is_voortoets:
        return eindtoets_passed(request.user, quiz)
    return state.passed


def _practice_runs(request, quiz):
    """The person's own practice runs at ``quiz``, newest first, each with its ``url`` (one query)."""
    runs = list(PracticeRun.objects.filter(user=request.user, quiz=quiz).only("pk", "submitted_at", "score"))
    for run in runs:
        run.url = _practice_url(quiz, request, run.pk)
    return runs


def _practice_url(quiz, request, run_id=None):
    return quiz.get_url(request) + quiz.reverse_subpage(
        "practice" if run_id is None else "practice_result", args=() if run_id is None else (run_id,)
    )


def _practice_form(request, quiz, seed=None, data=None):
    seed = secrets.randbits(48) if seed is None else seed
    shown = arrange(quiz.question_data, seed, True, quiz.shuffle_options)
    token = issue_practice_token(request.user, quiz, seed, _fingerprint(quiz))
    return QuizForm(shown, data=data, initial={"token": token})


def _render_practice(request, quiz, state, form=None, *, notice=None, status=200):
    allowed = may_practise(request, quiz, state)
    if allowed and form is None:
        form = _practice_form(request, quiz)
    context = _context(
        request,
        quiz,
        state=state,
        allowed=allowed,
        form=form if allowed else None,
        notice=notice,
        runs=_practice_runs(request, quiz),
        practice_url=_practice_url(quiz, request),
        quiz_url=_url(quiz, request),
    )
    return TemplateResponse(request, "quizzes/practice.html", context, status=status)


def practice_view(request, quiz: QuizPage):
    """``oefenen/``: every question in a fresh order; handed in, the result with all the
    feedback. Nothing is an attempt: see :class:`~quizzes.models.PracticeRun`."""
    state = _state(request, quiz)
    if request.method != "POST" or not may_practise(request, quiz, state):
        return _render_practice(request, quiz, state, status=200 if request.method != "POST" else 403)
    try:
        seed, print_ = read_practice_token(request.POST.get("token", ""), request.user, quiz)
    except BadToken as bad:
        return _render_practice(request, quiz, state, notice=STALE_MESSAGES[bad.reason], status=400)
    if print_ != _fingerprint(quiz):
        return _render_practice(request, quiz, state, notice=STALE_MESSAGES["changed"], status=409)
    form = _practice_form(request, quiz, seed=seed, data=request.POST)
    if not form.is_valid():
        notice = STALE_MESSAGES["invalid"] if form.tampered else None
        return _render_practice(
            request, quiz, state, form, notice=notice, status=400 if form.tampered else 200
        )
    run = services.submit_practice(
        user=request.user, quiz=quiz, questions=form.questions, answers=form.answers()
    )
    return redirect(_practice_url(quiz, request, run.pk))


def practice_result_view(request, quiz: QuizPage, run_id: int):
    run = get_object_or_404(PracticeRun, pk=run_id, user=request.user, quiz=quiz)
    items = _feedback_items([(a["key"], a["snapshot"], a["chosen"], a["correct"]) for a in run.answers], True)
    context = _context(
        request,
        quiz,
        run=run,
        items=items,
        right_count=sum(1 for item in items if item["status"] == "goed"),
        show_feedback=True,
        reveal_key=True,
        practice_url=_practice_url(quiz, request),
        quiz_url=_url(quiz, request),
    )
    return TemplateResponse(request, "quizzes/practice_result.html", context)


def quiz_preview(request, quiz: QuizPage):
    """The Wagtail preview: the questions as a learner sees them; nothing is saved."""
    shown = arrange(quiz.question_data, 0, quiz.shuffle_questions, quiz.shuffle_options)
    context = _context(
        request, quiz, state=None, form=QuizForm(shown), preview=True, question_count=len(shown)
    )
    return TemplateResponse(request, "quizzes/quiz_page.html", context)


def team_knowledge_gain_view(request, quiz_id: int):
    """``/team/kennistoename/<quiz id>/``: the gain between voortoets and eindtoets, for the
    teams this person may see on ``/team/`` (the same rule): a team lead the teams they lead
    (and only those), a coordinator or beheerder every team and the people without one."""
    teams_qs = visible_teams(request.user)
    if teams_qs is None:
        raise PermissionDenied
    quiz = QuizPage.objects.filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404
    teams = None if can_see_everyone(request.user) else list(teams_qs.order_by("name"))
    pair = quiz_pair(quiz)
    report = knowledge_gain(*pair, teams=teams) if pair else None
    context = {
        "quiz": quiz,
        "pair": pair,
        "report": report,
        "teams": teams,
        "nav_section": "team",
        "generated_at": timezone.now(),
    }
    return TemplateResponse(request, "quizzes/knowledge_gain.html", context)
