"""Honest study time: the documented rule (docs/leerstof-format.md, "Studietijd") that gives a
lesson its minutes from its content, and a module its accreditation hours from its minutes.

No database: plain values and functions.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from content.markdown import markdown_to_text

#: Reading speed for Dutch professional text (policy documents, working agreements).
WORDS_PER_MINUTE = 200
#: Thinking a casus through: reading is counted with the words, deciding takes this long.
CASUS_MINUTES = 4
#: Reading the doe-opdracht and planning it into the next week of work.
DOE_OPDRACHT_MINUTES = 5
#: Lesson minutes are rounded up to a multiple of this (and are at least this much).
ROUND_TO = 5
#: SKJ counts net learning time; accreditation hours are rounded to the nearest half hour (the
#: precision the module stores and certificates show).
HOURS_STEP = Decimal("0.5")

_DOE_OPDRACHT = re.compile(r"^##\s+doe-opdracht\s*$", re.IGNORECASE | re.MULTILINE)


def word_count(markdown: str) -> int:
    return len(markdown_to_text(markdown).split())


def lesson_minutes(*, words: int, casus: int = 0, doe_opdrachten: int = 0) -> int:
    """Reading time plus the time a casus and a doe-opdracht take, rounded up to ROUND_TO."""
    raw = words / WORDS_PER_MINUTE + casus * CASUS_MINUTES + doe_opdrachten * DOE_OPDRACHT_MINUTES
    return max(ROUND_TO, math.ceil(raw / ROUND_TO) * ROUND_TO)


def minutes_of_lesson_source(body: str, blocks) -> int:
    """The minutes of a lesson file: its body (the Markdown as learners read it, casus text
    included) and its StreamField blocks (to count the casus)."""
    casus = sum(1 for block in blocks if block["type"] == "casus")
    return lesson_minutes(
        words=word_count(body), casus=casus, doe_opdrachten=len(_DOE_OPDRACHT.findall(body))
    )


def accreditation_hours(minutes: int) -> Decimal:
    """Net learning time in hours, rounded to the nearest half hour (a quarter rounds up)."""
    steps = (Decimal(minutes) / 60 / HOURS_STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * HOURS_STEP).quantize(Decimal("0.1"))
