"""Demo quiz attempts, recorded exactly as a real attempt is: the questions in the order the
form would show them, chosen answers, and ``services.submit_attempt`` (which scores them, saves
the attempt with a ``QuestionResponse`` per question, and completes the step on a pass).

``modules``' ``demo_progress`` plans who takes which quiz when and with what result; this module
is registered as its ``TAKE_DEMO_STEP`` hook (see ``modules.hooks`` and ``wagtail_hooks.py``).
"""

from __future__ import annotations

import datetime
import hashlib
import random

from . import services
from .models import QuizAttempt, QuizPage, QuizRole
from .questions import QuestionData
from .scoring import score_attempt


def take_quiz_for_demo(user, page, attempts) -> bool:
    """Record the planned ``attempts`` (``modules.hooks.DemoAttempt``) at the quiz ``page`` by
    ``user``. False when ``page`` is no quiz. Idempotent: a person who has any attempt at the
    quiz already is left alone (also when they took it themselves)."""
    quiz = QuizPage.objects.filter(pk=page.pk).first()
    if quiz is None:
        return False
    if not quiz.question_data or QuizAttempt.objects.filter(user=user, quiz=quiz).exists():
        return True
    if quiz.role == QuizRole.EINDTOETS and attempts:
        _take_voortoets(user, quiz, attempts[0])
    if quiz.max_attempts:
        attempts = attempts[-quiz.max_attempts :]  # keep the try that passes
    for number, planned in enumerate(attempts, start=1):
        shown = services.questions_as_shown(quiz, user, number)
        # Seeded, so the demo is the same on every run; not a security use.
        rng = random.Random(f"{user.get_username()}:{quiz.pk}:{number}")  # noqa: S311
        attempt = services.submit_attempt(
            user=user,
            quiz=quiz,
            attempt_number=number,
            questions=shown,
            answers=demo_answers(shown, planned.score, planned.passed, quiz.pass_mark, rng),
            started_at=planned.at - datetime.timedelta(minutes=quiz.estimated_minutes or 15),
            now=planned.at,
        )
        if attempt.passed:
            break
    return True


def _take_voortoets(user, eindtoets, first_planned):
    """Whoever takes a module's eindtoets in the demo took its voortoets (if it has one) before
    the lessons, with a clearly lower score: so the knowledge-gain page has something to show."""
    voortoets = QuizPage.objects.sibling_of(eindtoets).filter(role=QuizRole.VOORTOETS).live().first()
    if voortoets is None or not voortoets.question_data:
        return
    if QuizAttempt.objects.filter(user=user, quiz=voortoets).exists():
        return
    at = first_planned.at - datetime.timedelta(days=21)
    rng = random.Random(f"{user.get_username()}:{voortoets.pk}:voortoets")  # noqa: S311  (seeded demo data)
    score = max(15, min(first_planned.score, 100) - rng.randint(25, 45))
    shown = services.questions_as_shown(voortoets, user, 1)
    services.submit_attempt(
        user=user,
        quiz=voortoets,
        attempt_number=1,
        questions=shown,
        answers=demo_answers(shown, score, score >= voortoets.pass_mark, voortoets.pass_mark, rng),
        started_at=at - datetime.timedelta(minutes=voortoets.estimated_minutes or 10),
        now=at,
    )


def demo_answers(questions: list[QuestionData], score: int, passed: bool, pass_mark: int, rng) -> dict:
    """Answers (question key → option keys) whose score is as close to ``score`` as the
    questions allow while passing or failing as ``passed`` says. Some questions are wrong more
    often than others (a fixed difficulty per question), so the quiz analysis has a story."""
    right = {q.key: _right_answer(q) for q in questions}
    wrong = {q.key: _wrong_answer(q, rng) for q in questions}
    # Harder questions first: a weighted random order (Efraimidis–Spirakis).
    order = sorted(
        (q.key for q in questions if wrong[q.key] is not None),
        key=lambda key: rng.random() ** (1 / _difficulty(key)),
        reverse=True,
    )
    scored = [q.scored() for q in questions]
    best = None
    for n_wrong in range(len(order) + 1):
        answers = right | {key: wrong[key] for key in order[:n_wrong]}
        result = score_attempt(scored, answers, pass_mark)
        if result.passed != passed:
            continue
        distance = abs(result.score - score)
        if best is None or distance < best[0]:
            best = (distance, answers)
    if best is None:  # the questions cannot give that outcome: all right or all wrong
        return right if passed else right | {key: wrong[key] for key in order}
    return best[1]


def _difficulty(key: str) -> int:
    """1, 2, 5 or 10: fixed per question key (not Python's salted ``hash``)."""
    return 1 + (hashlib.sha1(key.encode()).digest()[0] % 4) ** 2  # noqa: S324 - not security


def _right_answer(question: QuestionData) -> list[str]:
    keys = question.right_keys() or question.option_keys()[:1]
    return keys if question.multiple else keys[:1]


def _wrong_answer(question: QuestionData, rng) -> list[str] | None:
    """One wrong option (for a multiple-choice question that earns no credit), or None when
    the question has no wrong option."""
    wrong = [o.key for o in question.options if not o.correct]
    return [rng.choice(wrong)] if wrong else None
