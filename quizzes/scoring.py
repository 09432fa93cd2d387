"""Scoring of quiz answers: pure functions, no database, no Django.

The rule
--------
* Every question weighs the same. A question earns a credit between 0 and 1.
* Single choice, true/false and a casus with one answer: credit 1 when exactly one option is
  chosen and it is a right one, otherwise 0.
* Multiple choice (and a casus with several answers) gives partial credit through option
  weights, as Moodle does:

  - every right option has a positive weight, every wrong option a negative or zero weight;
  - options without an explicit weight get the default: a right option
    ``+100 / number of right options``, a wrong option ``-100 / number of right options``
    (so one wrong choice cancels one right choice);
  - credit = (sum of the weights of the chosen options) / (sum of all positive weights),
    clamped to 0..1. Choosing every right option and no wrong one gives exactly 1; choosing
    everything gives at most what the right options minus the wrong ones are worth.

  Choosing the same option twice counts once; the order of the choices does not matter.
* The attempt score is the mean credit in percent, rounded *down* to a whole number, so the
  score shown never flatters: ``passed`` is ``exact percentage >= pass mark``, which for a
  whole-number pass mark is the same as ``score >= pass mark``.

Arithmetic is exact (``fractions.Fraction``), so 3 × 33.33333 % does not become 99 %.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ZERO = Fraction(0)
ONE = Fraction(1)


@dataclass(frozen=True)
class ScoredOption:
    key: str
    correct: bool
    weight: Fraction | None = None  # percent, only used for multiple choice


@dataclass(frozen=True)
class ScoredQuestion:
    key: str
    options: tuple[ScoredOption, ...]
    multiple: bool = False


@dataclass(frozen=True)
class AttemptScore:
    score: int  # 0..100, rounded down
    exact: Fraction  # 0..100
    passed: bool
    credits: dict  # question key -> Fraction 0..1


def as_fraction(value) -> Fraction | None:
    """A weight from a block, a GIFT file or a snapshot (str, Decimal, int, float, None)."""
    if value is None or value == "":
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def resolved_weights(question: ScoredQuestion) -> dict[str, Fraction]:
    """Each option's weight in percent, with the default filled in where none is given."""
    right = sum(1 for option in question.options if option.correct)
    default = Fraction(100, right) if right else Fraction(100)
    weights = {}
    for option in question.options:
        if option.weight is not None:
            weights[option.key] = Fraction(option.weight)
        else:
            weights[option.key] = default if option.correct else -default
    return weights


def question_credit(question: ScoredQuestion, chosen: Iterable[str]) -> Fraction:
    """The credit (0..1) for the chosen option keys; keys that are not options are ignored."""
    keys = {option.key for option in question.options}
    chosen_keys = {key for key in chosen if key in keys}
    if not question.multiple:
        if len(chosen_keys) != 1:
            return ZERO
        (key,) = chosen_keys
        return ONE if any(o.key == key and o.correct for o in question.options) else ZERO
    weights = resolved_weights(question)
    total = sum((w for w in weights.values() if w > 0), ZERO)
    if total <= 0:  # nothing right to choose: right only when nothing wrong is chosen
        return ZERO if chosen_keys else ONE
    earned = sum((weights[key] for key in chosen_keys), ZERO) / total
    return min(ONE, max(ZERO, earned))


def score_attempt(
    questions: Iterable[ScoredQuestion],
    answers: Mapping[str, Collection[str]],
    pass_mark: int,
) -> AttemptScore:
    """Score one attempt: ``answers`` maps question key to the chosen option keys.

    A question without an answer earns 0. A quiz without questions scores 0 and fails.
    """
    questions = list(questions)
    credits = {q.key: question_credit(q, answers.get(q.key, ())) for q in questions}
    if not questions:
        return AttemptScore(score=0, exact=ZERO, passed=False, credits=credits)
    exact = 100 * sum(credits.values(), ZERO) / len(questions)
    return AttemptScore(score=math.floor(exact), exact=exact, passed=exact >= pass_mark, credits=credits)
