"""Moodle XML (the format Moodle's question bank exports by default) read into the same shape as
a GIFT file: a :class:`~quizzes.gift.GiftReading` with the importable questions, the skipped ones
(by position in the file) and warnings.

Read as Moodle's ``question/format/xml/format.php`` reads it: ``<question type="category">``
names the category of the questions after it; ``multichoice`` with ``<single>true</single>``
(the default) is a single-choice question, with ``false`` a multiple-choice question whose
answers' ``fraction`` (percent) are the weights; ``truefalse`` a true/false statement. Every other
type is skipped with a reason. Texts go through :mod:`quizzes.textformat` by their ``format``.
The file is parsed with defusedxml: no entities, no external references.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from . import rules
from .gift import (
    TYPE_MULTIPLE,
    TYPE_SINGLE,
    TYPE_TRUE_FALSE,
    ChoiceOption,
    GiftError,
    GiftParseError,
    GiftQuestion,
    GiftQuiz,
    GiftReading,
    Skipped,
    first_words,
    multiple_choice,
    question_key,
    single_choice,
    unique_key,
)
from .textformat import MOODLE, XML_FORMATS, to_markdown


def _type_labels():
    return {
        "shortanswer": _("short answer"),
        "numerical": _("numerical"),
        "match": _("matching"),
        "essay": _("essay"),
        "description": _("description"),
        "cloze": _("cloze"),
        "multianswer": _("cloze"),
        "calculated": _("calculated"),
        "calculatedsimple": _("calculated"),
        "calculatedmulti": _("calculated"),
        "ddwtos": _("drag and drop into text"),
        "gapselect": _("select missing words"),
        "randomsamatch": _("random short-answer matching"),
        "multichoice": _("multiple choice"),
        "truefalse": _("true/false"),
    }


def _plain(element, path: str = "text") -> str:
    found = element.find(path) if element is not None else None
    return " ".join((found.text or "").split()) if found is not None else ""


class _Reader:
    """One ``<question>``: its texts as Markdown, its warnings and problems."""

    def __init__(self, element, position: int):
        self.element = element
        self.position = position
        self.warnings: list[str] = []
        self.problems: list[str] = []
        self.title = _plain(element.find("name"))

    def text(self, path: str) -> str:
        """The Markdown of ``<path format="…"><text>…</text></path>`` (or of ``<text>`` itself)."""
        node = self.element.find(path) if path else self.element
        return self.rich(node)

    def rich(self, node) -> str:
        if node is None:
            return ""
        text_node = node.find("text")
        raw = (text_node.text if text_node is not None else node.text) or ""
        converted = to_markdown(raw, XML_FORMATS.get(node.get("format", ""), MOODLE))
        self.warnings += [
            _("%(media)s cannot be brought along and was left out.") % {"media": name}
            for name in converted.media
        ]
        return converted.text

    def answers(self):
        """(fraction in percent, Markdown text, Markdown feedback) per ``<answer>`` with text."""
        result = []
        for answer in self.element.findall("answer"):
            try:
                fraction = Decimal(answer.get("fraction", "0").strip() or "0")
            except InvalidOperation:
                self.problems.append(
                    _("an answer has no valid fraction (%(value)s).") % {"value": answer.get("fraction")}
                )
                return []
            text = self.rich(answer)
            if not text:
                continue  # Moodle leaves out answers without text
            result.append((fraction, text, self.rich(answer.find("feedback"))))
        return result

    def question(self, qtype: str) -> GiftQuestion | None:
        text = self.text("questiontext")
        if not text:
            self.problems.append(_("the question has no text."))
        if self.element.find("image") is not None and (self.element.findtext("image") or "").strip():
            name = self.element.findtext("image").strip()
            media = _("image “%(name)s”") % {"name": name}
            self.warnings.append(_("%(media)s cannot be brought along and was left out.") % {"media": media})
        question = GiftQuestion(key="", type="", text=text, explanation=self.text("generalfeedback"))
        answers = self.answers()
        question.key = question_key(self.title, text, "\n".join(a[1] for a in answers))
        if qtype == "truefalse":
            self._true_false(question, answers)
        else:
            self._choice(question, answers)
        if self.problems:
            return None
        question.title = self.title
        question.line = self.position
        question.warnings = list(dict.fromkeys(self.warnings))
        return question

    def _true_false(self, question, answers):
        by_text = {text.strip().lower(): (fraction, feedback) for fraction, text, feedback in answers}
        true, false = by_text.get("true"), by_text.get("false")
        if true is None or false is None:
            self.problems.append(_("a true/false question needs the answers “true” and “false”."))
            return
        question.type = TYPE_TRUE_FALSE
        question.answer = true[0] > 0
        right, wrong = (true, false) if question.answer else (false, true)
        question.feedback_right, question.feedback_wrong = right[1], wrong[1]

    def _choice(self, question, answers):
        if len(answers) < rules.MIN_OPTIONS:
            self.problems.append(_("a question needs at least two options."))
            return
        if len(answers) > rules.MAX_OPTIONS:
            self.problems.append(_("at most %(max)s options per question.") % {"max": rules.MAX_OPTIONS})
            return
        single = (self.element.findtext("single") or "true").strip().lower() in ("true", "1")
        if single:
            question.type = TYPE_SINGLE
            options = [
                ChoiceOption(
                    "=" if fraction == 100 else "~", None if fraction == 100 else fraction, text, feedback, 0
                )
                for fraction, text, feedback in answers
            ]
            problems = single_choice(question, options)
        else:
            question.type = TYPE_MULTIPLE
            question.multiple = True
            options = [ChoiceOption("~", fraction, text, feedback, 0) for fraction, text, feedback in answers]
            problems = multiple_choice(question, options)
        self.problems += [message for message, _offset in problems]


def read_moodle_xml(data: bytes | str) -> GiftReading:
    """Read a Moodle XML question file; raises :class:`GiftParseError` when it is not one."""
    try:
        root = fromstring(data)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise GiftParseError([GiftError(line, _("the file is not valid XML."))]) from exc
    except DefusedXmlException as exc:
        raise GiftParseError(
            [GiftError(1, _("the file uses XML features that are refused (entities)."))]
        ) from exc
    if root.tag != "quiz":
        raise GiftParseError(
            [GiftError(1, _("this is not a Moodle XML question file (it does not start with <quiz>)."))]
        )
    reading = GiftReading(GiftQuiz())
    labels = _type_labels()
    seen: dict[str, int] = {}
    category = ""
    position = 0
    for element in root.findall("question"):
        qtype = (element.get("type") or "").strip()
        if qtype == "category":
            category = _plain(element.find("category"))
            if category and category not in reading.categories:
                reading.categories.append(category)
            continue
        position += 1
        reader = _Reader(element, position)
        if qtype not in ("multichoice", "truefalse"):
            reading.skipped.append(
                Skipped(
                    title=reader.title or first_words(reader.text("questiontext")),
                    line=position,
                    type=labels.get(qtype, qtype or _("unknown")),
                    reason=_("this question type is not supported."),
                )
            )
            continue
        question = reader.question(qtype)
        if question is None:
            reading.skipped.append(
                Skipped(
                    title=reader.title or first_words(reader.text("questiontext")),
                    line=position,
                    type=labels[qtype],
                    reason="; ".join(reader.problems),
                )
            )
            continue
        question.category = category
        unique_key(question, seen, reading)
        reading.quiz.questions.append(question)
    return reading
