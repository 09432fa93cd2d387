"""One shape for a question wherever it comes from: a StreamField block, a snapshot of an
attempt, or a GIFT file. Rendering, scoring, snapshots, analysis and export all use it."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .blocks import ONE_RIGHT, SEVERAL_RIGHT, STATEMENT_FALSE, STATEMENT_TRUE
from .gift import (
    TYPE_CASUS,
    TYPE_MULTIPLE,
    TYPE_SINGLE,
    TYPE_TRUE_FALSE,
    GiftOption,
    GiftQuestion,
)
from .scoring import ScoredOption, ScoredQuestion, as_fraction, resolved_weights

BLOCK_TYPES = {
    "single_choice": TYPE_SINGLE,
    "multiple_choice": TYPE_MULTIPLE,
    "true_false": TYPE_TRUE_FALSE,
    "casus": TYPE_CASUS,
}
TRUE_KEY, FALSE_KEY = "juist", "onjuist"


@dataclass
class OptionData:
    key: str
    text: str
    correct: bool
    weight: Decimal | None = None
    feedback: str = ""


@dataclass
class QuestionData:
    key: str
    type: str  # enkelvoudig / meervoudig / juist-onjuist / casus
    text: str
    situation: str = ""
    multiple: bool = False
    options: list[OptionData] = field(default_factory=list)
    explanation: str = ""
    source: str = ""
    pair: str = ""  # pairs a voortoets question with its parallel eindtoets question

    @property
    def is_true_false(self):
        return self.type == TYPE_TRUE_FALSE

    @property
    def label(self) -> str:
        """A short, recognisable name for tables: for a casus the start of the situation and
        the question, since many casus end in the same question ("Wat doe je?")."""
        return question_label(self.situation, self.text)

    def scored(self) -> ScoredQuestion:
        return ScoredQuestion(
            key=self.key,
            multiple=self.multiple,
            options=tuple(
                ScoredOption(
                    key=o.key, correct=o.correct, weight=as_fraction(o.weight) if self.multiple else None
                )
                for o in self.options
            ),
        )

    def option_keys(self):
        return [o.key for o in self.options]

    def right_keys(self):
        return [o.key for o in self.options if o.correct]

    def snapshot(self) -> dict:
        """JSON for :class:`~quizzes.models.QuestionResponse`: the question as shown."""
        return {
            "type": self.type,
            "text": self.text,
            "situation": self.situation,
            "multiple": self.multiple,
            "explanation": self.explanation,
            "source": self.source,
            "pair": self.pair,
            "options": [
                {
                    "key": o.key,
                    "text": o.text,
                    "correct": o.correct,
                    "weight": None if o.weight is None else str(o.weight),
                    "feedback": o.feedback,
                }
                for o in self.options
            ],
        }

    @classmethod
    def from_snapshot(cls, key: str, data: dict) -> QuestionData:
        return cls(
            key=key,
            type=data.get("type", TYPE_SINGLE),
            text=data.get("text", ""),
            situation=data.get("situation", ""),
            multiple=bool(data.get("multiple")),
            explanation=data.get("explanation", ""),
            source=data.get("source", ""),
            pair=data.get("pair", ""),
            options=[
                OptionData(
                    key=o["key"],
                    text=o.get("text", ""),
                    correct=bool(o.get("correct")),
                    weight=None if o.get("weight") in (None, "") else Decimal(str(o["weight"])),
                    feedback=o.get("feedback", ""),
                )
                for o in data.get("options", [])
            ],
        )

    # -- GIFT ------------------------------------------------------------------------------

    def to_gift(self) -> GiftQuestion:
        question = GiftQuestion(
            key=self.key,
            type=self.type,
            text=self.text,
            situation=self.situation if self.type == TYPE_CASUS else "",
            multiple=self.multiple,
            explanation=self.explanation,
            source=self.source,
            pair=self.pair,
        )
        if self.is_true_false:
            by_key = {o.key: o for o in self.options}
            question.answer = by_key[TRUE_KEY].correct
            right = by_key[TRUE_KEY if question.answer else FALSE_KEY]
            wrong = by_key[FALSE_KEY if question.answer else TRUE_KEY]
            question.feedback_right, question.feedback_wrong = right.feedback, wrong.feedback
            return question
        weights = resolved_weights(self.scored()) if self.multiple else {}
        question.options = [
            GiftOption(
                text=o.text,
                correct=o.correct,
                weight=_decimal(weights[o.key]) if self.multiple else None,
                feedback=o.feedback,
            )
            for o in self.options
        ]
        return question


LABEL_LENGTH = 160
_SEPARATOR = " — "


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def shorten(text: str, length: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``length`` characters (with "…")."""
    text = _one_line(text)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def question_label(situation: str, text: str, length: int = LABEL_LENGTH) -> str:
    """``"<start of the situation…> — <question>"`` for a casus, else the question, in at most
    ``length`` characters; the question keeps priority, the situation gets what is left (at
    least a third)."""
    text = _one_line(text)
    situation = _one_line(situation)
    if not situation:
        return shorten(text, length)
    question = shorten(text, max(length * 2 // 3 - len(_SEPARATOR), 1))
    room = max(length - len(question) - len(_SEPARATOR), length // 3)
    return shorten(situation, room) + _SEPARATOR + question


def _decimal(fraction) -> Decimal:
    value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return value.quantize(Decimal("0.00001")).normalize()


def true_false_options(answer: bool, feedback_right: str, feedback_wrong: str) -> list[OptionData]:
    return [
        OptionData(
            key=TRUE_KEY,
            text=_("True"),
            correct=answer,
            feedback=feedback_right if answer else feedback_wrong,
        ),
        OptionData(
            key=FALSE_KEY,
            text=_("False"),
            correct=not answer,
            feedback=feedback_wrong if answer else feedback_right,
        ),
    ]


def from_block(child) -> QuestionData:
    """A StreamField child (``StreamValue`` item) → :class:`QuestionData`."""
    value = child.value
    qtype = BLOCK_TYPES[child.block_type]
    question = QuestionData(
        key=child.id,
        type=qtype,
        text=value.get("question", ""),
        situation=value.get("situation", "") if qtype == TYPE_CASUS else "",
        explanation=value.get("explanation", "") or "",
        source=value.get("source", "") or "",
        pair=value.get("pair", "") or "",
    )
    if qtype == TYPE_TRUE_FALSE:
        question.options = true_false_options(
            value.get("answer") == STATEMENT_TRUE,
            value.get("feedback_right") or "",
            value.get("feedback_wrong") or "",
        )
        return question
    question.multiple = qtype == TYPE_MULTIPLE or (
        qtype == TYPE_CASUS and value.get("answer_mode") == SEVERAL_RIGHT
    )
    question.options = [
        OptionData(
            key=option.get("key") or f"o{index}",
            text=option.get("text", ""),
            correct=bool(option.get("correct")),
            weight=option.get("weight") if question.multiple else None,
            feedback=option.get("feedback") or "",
        )
        for index, option in enumerate(value.get("options") or [])
    ]
    return question


def quiz_questions(stream_value) -> list[QuestionData]:
    """The questions of a quiz; keys are unique and fit the database (64 characters) even if
    the raw StreamField data was edited by hand."""
    questions, seen = [], set()
    for child in stream_value:
        question = from_block(child)
        base = question.key or "vraag"
        key, n = base[:60], 2
        while key in seen:
            key, n = f"{base[:57]}-{n}", n + 1
        question.key = key
        seen.add(key)
        questions.append(question)
    return questions


def fingerprint(questions: list[QuestionData], *extra) -> str:
    """Changes whenever anything a learner sees or is scored on changes."""
    payload = json.dumps(
        [[q.key, q.snapshot()] for q in questions] + list(extra), sort_keys=True, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def arrange(questions: list[QuestionData], seed: int, shuffle_questions: bool, shuffle_options: bool):
    """The questions in the order one attempt shows them (stable for a given seed)."""
    # Seeded: one attempt always shows the same order. Shuffling answers is not a security use.
    rng = random.Random(seed)  # noqa: S311
    ordered = list(questions)
    if shuffle_questions:
        rng.shuffle(ordered)
    arranged = []
    for question in ordered:
        options = list(question.options)
        if shuffle_options and not question.is_true_false:
            rng.shuffle(options)
        arranged.append(
            QuestionData(
                key=question.key,
                type=question.type,
                text=question.text,
                situation=question.situation,
                multiple=question.multiple,
                options=options,
                explanation=question.explanation,
                source=question.source,
                pair=question.pair,
            )
        )
    return arranged


# -- GIFT → block raw data --------------------------------------------------------------------


def option_key_for(text: str, taken: set[str], previous: dict[str, str]) -> str:
    """Reuse the key an option with this text had before; else a key derived from the text."""
    key = previous.get(text)
    if key and key not in taken:
        return key
    base = "o" + hashlib.sha1(text.encode()).hexdigest()[:8]  # noqa: S324 - an id, not security
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def block_from_gift(question: GiftQuestion, previous: QuestionData | None = None) -> dict:
    """Raw StreamField data (``{"type", "value", "id"}``) for a parsed GIFT question."""
    previous_keys = {o.text: o.key for o in previous.options} if previous else {}
    common = {
        "question": question.text,
        "explanation": question.explanation,
        "source": question.source,
        "pair": question.pair,
    }
    if question.type == TYPE_TRUE_FALSE:
        value = common | {
            "answer": STATEMENT_TRUE if question.answer else STATEMENT_FALSE,
            "feedback_right": question.feedback_right,
            "feedback_wrong": question.feedback_wrong,
        }
        return {"type": "true_false", "value": value, "id": question.key}
    taken: set[str] = set()
    options = []
    for option in question.options:
        key = option_key_for(option.text, taken, previous_keys)
        taken.add(key)
        item = {"text": option.text, "correct": option.correct, "feedback": option.feedback, "key": key}
        if question.type != TYPE_SINGLE:
            item["weight"] = None if option.weight is None or not question.multiple else str(option.weight)
        options.append({"type": "item", "value": item, "id": _item_id(question.key, key)})
    value = common | {"options": options}
    if question.type == TYPE_CASUS:
        value = {
            "situation": question.situation,
            "answer_mode": SEVERAL_RIGHT if question.multiple else ONE_RIGHT,
        } | value
        return {"type": "casus", "value": value, "id": question.key}
    block_type = "multiple_choice" if question.type == TYPE_MULTIPLE else "single_choice"
    return {"type": block_type, "value": value, "id": question.key}


def _item_id(question_key, option_key):
    digest = hashlib.sha1(f"{question_key}/{option_key}".encode()).hexdigest()  # noqa: S324
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
