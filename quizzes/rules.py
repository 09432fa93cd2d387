"""The rules of a quiz, wherever it is written: in the editor (the StreamField blocks of
:mod:`quizzes.blocks`, the fields of :class:`quizzes.models.QuizPage`) or in a GIFT file
(:mod:`quizzes.gift`). Each rule and its message is here once, so the editor and the GIFT
import refuse the same question with the same words.

No database, no Wagtail: plain values and functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class QuizRole(models.TextChoices):
    EINDTOETS = "eindtoets", gettext_lazy("final test (eindtoets): passing it completes the step")
    VOORTOETS = (
        "voortoets",
        gettext_lazy("pre-test (voortoets): taken before the lessons, not scored for completion"),
    )


class FeedbackMode(models.TextChoices):
    KEY_AFTER_LAST = (
        "na-laatste-poging",
        gettext_lazy(
            "own answers after every attempt; the right answers once passed or after the last attempt"
        ),
    )
    AFTER_EACH_ATTEMPT = "na-elke-poging", gettext_lazy("after every attempt")
    ONCE_PASSED = "na-slagen", gettext_lazy("only once passed")


#: The mode of a new quiz and of a GIFT file that names none: the right answers are not given
#: away while the person can still try again.
DEFAULT_FEEDBACK_MODE = FeedbackMode.KEY_AFTER_LAST

# What a result page shows per question (see :func:`feedback_level`).
FEEDBACK_NONE, FEEDBACK_OWN, FEEDBACK_FULL = "none", "own", "full"


def feedback_level(
    mode: str, *, voortoets: bool, passed: bool, last_attempt_used: bool, eindtoets_passed: bool
) -> str:
    """How much feedback a result shows: ``"full"`` (the right answers, the explanation),
    ``"own"`` (per question whether the person's own answer was right, and the feedback on the
    options they chose: never which option is right) or ``"none"`` (the score only).

    The right answers appear once the quiz is passed, or (mode "na-laatste-poging") once the
    last allowed attempt is used, or (mode "na-elke-poging") always. A voortoets never shows
    them before the person passed the eindtoets of the module, whatever its mode, so that the
    eindtoets still measures what was learnt.
    """
    if voortoets:
        if eindtoets_passed:
            return FEEDBACK_FULL
        return FEEDBACK_NONE if mode == FeedbackMode.ONCE_PASSED else FEEDBACK_OWN
    if mode == FeedbackMode.AFTER_EACH_ATTEMPT or passed:
        return FEEDBACK_FULL
    if mode == FeedbackMode.KEY_AFTER_LAST:
        return FEEDBACK_FULL if last_attempt_used else FEEDBACK_OWN
    return FEEDBACK_NONE


# Quiz settings.
PASS_MARK_MIN, PASS_MARK_MAX = 1, 100
MAX_ATTEMPTS_MAX = 1000  # 0 = unlimited

# Answers of one question.
MIN_OPTIONS, MAX_OPTIONS = 2, 26
MIN_WEIGHT, MAX_WEIGHT = -100, 100  # percent
WEIGHT_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Answer:
    """One answer as the rules see it. ``weight`` (percent) only counts for a question with
    several right answers; None is "not given"."""

    text: str
    correct: bool
    weight: Decimal | None = None


def answer_errors(answers: Sequence[Answer], *, multiple: bool) -> list[str]:
    """What is wrong with the right answers and weights of one question; empty when nothing.

    One right answer for a question with one right answer; at least one for a question with
    several, and weights (when given) on every answer or none, positive exactly on the right
    answers, the right ones adding up to 100.
    """
    right = [answer for answer in answers if answer.correct]
    if not multiple:
        return [] if len(right) == 1 else [_("Mark exactly one answer as right.")]
    if not right:
        return [_("Mark at least one answer as right.")]
    return weight_errors(answers)


def weight_errors(answers: Sequence[Answer]) -> list[str]:
    weights = [answer.weight for answer in answers]
    if all(weight is None for weight in weights):
        return []
    errors = []
    for answer in answers:
        if answer.weight is None:
            continue
        if answer.correct and answer.weight <= 0:
            errors.append(_("A right answer needs a positive weight (“%s”).") % answer.text[:40])
        if not answer.correct and answer.weight > 0:
            errors.append(_("A wrong answer cannot have a positive weight (“%s”).") % answer.text[:40])
    if any(weight is None for weight in weights):
        errors.append(_("Give every answer a weight, or none."))
        return errors
    total = sum((weight for weight in weights if weight > 0), Decimal(0))
    if abs(total - 100) > WEIGHT_TOLERANCE:
        errors.append(
            _("The weights of the right answers add up to %(total)s%%; they must add up to 100%%.")
            % {"total": format_weight(total)}
        )
    return errors


def format_weight(weight) -> str:
    """A weight as people write it: ``50``, ``33.33333``, ``-25``."""
    value = Decimal(weight).normalize()
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"
