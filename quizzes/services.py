"""The one place that writes quiz attempts (and, through modules.progress, completes steps)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from modules.progress import complete_step

from .forms import attempt_seed
from .models import ExtraAttempt, PracticeRun, QuestionResponse, QuizAttempt, QuizRole, UsedAttempts
from .questions import QuestionData, arrange
from .scoring import score_attempt

USED_ATTEMPTS_SALT = "quizzes.UsedAttempts"


class AttemptError(Exception):
    """Base: the attempt was not saved."""


class AttemptAlreadySubmitted(AttemptError):
    """This form (attempt number) was already handed in; ``attempt`` is the saved one."""

    def __init__(self, attempt):
        self.attempt = attempt
        super().__init__(f"attempt {attempt.attempt_number} already submitted")


class NoAttemptsLeft(AttemptError):
    pass


class AttemptOutOfOrder(AttemptError):
    """The form was issued for an attempt number that is no longer the next one."""


class InvalidAnswers(AttemptError):
    """An answer is missing or names an option of another question (the form checks this
    first; this is the service's own guard)."""


def used_attempts_key(user_id, quiz_id, secret=None) -> str:
    """The keyed hash that stands for one person at one quiz in :class:`UsedAttempts`."""
    return salted_hmac(
        USED_ATTEMPTS_SALT, f"{user_id}:{quiz_id}", secret=secret, algorithm="sha256"
    ).hexdigest()


def used_attempts(user, quiz) -> int:
    """The attempts ``user`` had used at ``quiz`` before their learning data was erased (0 when
    it never was); the current secret key and its fallbacks are tried."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    keys = [used_attempts_key(user.pk, quiz.pk, secret) for secret in secrets]
    return UsedAttempts.objects.filter(quiz=quiz, person_key__in=keys).aggregate(n=Max("count"))["n"] or 0


def next_attempt_number(user, quiz) -> int:
    """Numbering goes on after an erasure: the attempts used before it still count."""
    last = QuizAttempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("attempt_number"))["n"]
    return (last or used_attempts(user, quiz)) + 1


def questions_as_shown(quiz, user, attempt_number) -> list[QuestionData]:
    """The questions (and options) in the order this attempt shows them to this person: the
    same on every render of the form, and what ``submit_attempt`` is given."""
    return arrange(
        quiz.question_data,
        attempt_seed(user.pk, quiz.pk, attempt_number),
        quiz.shuffle_questions,
        quiz.shuffle_options,
    )


def extra_attempts(user, quiz) -> int:
    """The extra attempts coordinators granted ``user`` at ``quiz`` (one query)."""
    return ExtraAttempt.objects.filter(user=user, quiz=quiz).aggregate(n=Sum("count"))["n"] or 0


def attempt_limit(quiz, extra: int) -> int | None:
    """How many attempts a person has in all: the quiz's limit plus their grants; None when the
    quiz has no limit."""
    return None if quiz.unlimited else quiz.max_attempts + extra


def saved_attempt(user, quiz, attempt_number):
    return QuizAttempt.objects.filter(user=user, quiz=quiz, attempt_number=attempt_number).first()


def _check_answers(questions: list[QuestionData], answers: dict) -> dict[str, list[str]]:
    cleaned = {}
    for question in questions:
        chosen = sorted(set(answers.get(question.key) or ()))
        allowed = set(question.option_keys())
        if not chosen or not set(chosen) <= allowed or (not question.multiple and len(chosen) != 1):
            raise InvalidAnswers(question.key)
        cleaned[question.key] = chosen
    return cleaned


def submit_attempt(
    *,
    user,
    quiz,
    attempt_number: int,
    questions: list[QuestionData],
    answers: dict,
    started_at=None,
    now=None,
) -> QuizAttempt:
    """Save one attempt atomically and, when it passes, complete the step.

    ``questions`` are the questions in the order shown (options too); ``answers`` maps question
    key → chosen option keys. Exactly one attempt per (user, quiz, attempt number) can ever be
    saved: a second submit of the same form raises :class:`AttemptAlreadySubmitted`. The
    attempt limit and the order of attempt numbers are checked inside the transaction, with the
    database's unique constraint as the last word. The limit is the quiz's attempt limit plus
    the extra attempts a coordinator granted this person (:class:`~quizzes.models.ExtraAttempt`).

    A passed eindtoets completes the step with its score; a voortoets completes it on any
    score (it is taken, not passed) and stores no score on the step.
    """
    now = now or timezone.now()
    chosen = _check_answers(questions, answers)
    result = score_attempt([q.scored() for q in questions], chosen, quiz.pass_mark)
    kind = quiz.role
    try:
        with transaction.atomic():
            existing = saved_attempt(user, quiz, attempt_number)
            if existing is not None:
                raise AttemptAlreadySubmitted(existing)
            expected = next_attempt_number(user, quiz)
            if attempt_number != expected:
                raise AttemptOutOfOrder(f"expected attempt {expected}, got {attempt_number}")
            limit = attempt_limit(quiz, extra_attempts(user, quiz))  # grants count, read in here
            if limit is not None and attempt_number > limit:
                raise NoAttemptsLeft()
            attempt = QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                attempt_number=attempt_number,
                kind=kind,
                started_at=min(started_at or now, now),
                submitted_at=now,
                score=result.score,
                passed=result.passed,
                pass_mark=quiz.pass_mark,
                question_count=len(questions),
            )
            QuestionResponse.objects.bulk_create(
                [
                    QuestionResponse(
                        attempt=attempt,
                        question_key=question.key,
                        position=position,
                        chosen=chosen[question.key],
                        correct=_decimal(result.credits[question.key]),
                        snapshot=question.snapshot(),
                    )
                    for position, question in enumerate(questions, start=1)
                ]
            )
            if kind == QuizRole.VOORTOETS:
                complete_step(user, quiz, score=None, when=now)
            elif result.passed:
                complete_step(user, quiz, score=result.score, when=now)
    except IntegrityError:
        # A concurrent request saved this attempt number first (two tabs, a double click).
        saved = saved_attempt(user, quiz, attempt_number)
        if saved is None:
            raise
        raise AttemptAlreadySubmitted(saved) from None
    return attempt


def _decimal(fraction) -> Decimal:
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return value.quantize(Decimal("0.0001"), rounding=ROUND_FLOOR)


def submit_practice(*, user, quiz, questions: list[QuestionData], answers: dict, now=None) -> PracticeRun:
    """Save one practice run: scored like an attempt, but no attempt, no step completion."""
    chosen = _check_answers(questions, answers)
    result = score_attempt([q.scored() for q in questions], chosen, quiz.pass_mark)
    return PracticeRun.objects.create(
        user=user,
        quiz=quiz,
        submitted_at=now or timezone.now(),
        score=result.score,
        question_count=len(questions),
        answers=[
            {
                "key": question.key,
                "chosen": chosen[question.key],
                "correct": str(_decimal(result.credits[question.key])),
                "snapshot": question.snapshot(),
            }
            for question in questions
        ],
    )
