"""How the demo data completes a step that an app above ``modules`` owns.

``demo_progress`` decides who did which step and when. A lesson it completes itself, with
``complete_step``. A quiz is completed by taking it: only the quizzes app knows how to record an
attempt with its answers, and ``modules`` never imports ``quizzes``. So that app registers a
*taker* here (from its ``AppConfig.ready()``), the way it registers optional steps in
``modules.progress``. Without a taker for a page, the demo completes it directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAttempt:
    """One planned try at a quiz step: when, the score aimed at (the quiz's questions decide
    the exact score), and whether it passes."""

    at: datetime.datetime
    score: int
    passed: bool


_takers = []


def register_demo_step_taker(taker):
    """Register ``taker(user, page, attempts: list[DemoAttempt]) -> bool``: it records the
    attempts at ``page`` and returns True, or returns False when ``page`` is not its kind of
    step. It must be idempotent (run again, it adds nothing)."""
    if taker not in _takers:
        _takers.append(taker)


def take_demo_step(user, page, attempts: list[DemoAttempt]) -> bool:
    """Let the app that owns ``page`` record ``attempts``; False when no app claims it."""
    return any(taker(user, page, attempts) for taker in _takers)
