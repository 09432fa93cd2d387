"""The one question importer: a GIFT or Moodle XML file into an existing quiz, used by the admin
upload (:class:`quizzes.admin_views.GiftImportView`) and by ``manage.py import_questions``.

Every question of a supported type is imported; the others are reported (title, line or
position, type, reason). The import is all-or-nothing: it happens in one transaction, saved as a
new draft revision of the quiz, and a file with nothing importable changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .gift import GiftError, GiftParseError, GiftReading, Skipped, decode_gift, read_gift
from .importing import apply_gift
from .models import QuizPage
from .moodle_xml import read_moodle_xml

GIFT_SUFFIXES = (".gift", ".txt")
XML_SUFFIXES = (".xml",)
MODES = ("replace", "append", "update")


@dataclass
class ImportOutcome:
    imported: int
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    positions: bool = False  # skipped[].line is a position in the file (Moodle XML)

    def where(self, line: int) -> str:
        return _("question %(n)s") % {"n": line} if self.positions else _("line %(line)s") % {"line": line}

    def as_json(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": [skipped.as_dict() for skipped in self.skipped],
            "warnings": list(self.warnings),
        }


class NothingToImport(Exception):
    """The file holds no question that can be imported; nothing was changed."""

    def __init__(self, outcome: ImportOutcome):
        self.outcome = outcome
        super().__init__(nothing_message(outcome))


def nothing_message(outcome: ImportOutcome) -> str:
    if outcome.skipped:
        return ngettext(
            "Nothing was imported: the file's only question is of a type that cannot be imported.",
            "Nothing was imported: none of the file's %(n)s questions is of a type that can be imported.",
            len(outcome.skipped),
        ) % {"n": len(outcome.skipped)}
    return _("Nothing was imported: the file contains no questions.")


def is_xml(data: bytes, filename: str) -> bool:
    suffix = Path(filename or "").suffix.lower()
    if suffix in XML_SUFFIXES:
        return True
    if suffix in GIFT_SUFFIXES:
        return False
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")


def read_question_file(data: bytes, filename: str) -> GiftReading:
    """``.xml`` is Moodle XML, ``.gift``/``.txt`` (and anything else) GIFT. Raises
    :class:`GiftParseError` when the file cannot be read at all (not UTF-8, not XML)."""
    if is_xml(data, filename):
        reading = read_moodle_xml(data)
        reading.positions = True
        return reading
    return read_gift(decode_gift(data))


def _where(reading: GiftReading, line: int) -> str:
    if reading.positions:
        return _("question %(n)s") % {"n": line}
    return _("line %(line)s") % {"line": line}


def reading_warnings(reading: GiftReading) -> list[str]:
    """The file's warnings in Dutch: header values, titles used twice, categories, media."""
    warnings = [str(error) for error in reading.header_errors]
    for line, key, other, new in reading.duplicates:
        warnings.append(
            _(
                "%(where)s: the title “%(key)s” is also used by %(other)s; "
                "this question got the key “%(new)s”."
            )
            % {"where": _where(reading, line), "key": key, "other": _where(reading, other), "new": new}
        )
    for question in reading.quiz.questions:
        for warning in question.warnings:
            name = question.title or question.key
            warnings.append(f"{_where(reading, question.line)} (“{name}”): {warning}")
    return warnings


def category_summary(reading: GiftReading) -> str:
    """Which categories the imported questions come from ("A" (3), "B" (2)); "" without any."""
    counts = {}
    for question in reading.quiz.questions:
        counts[question.category] = counts.get(question.category, 0) + 1
    named = {category: n for category, n in counts.items() if category}
    if not named:
        return ""
    return get_text_list([f"“{category}” ({n})" for category, n in named.items()], _("and"))


def select_category(reading: GiftReading, category: str | None) -> list[str]:
    """Keep only the questions of ``category`` (None: all of them); returns the warnings."""
    if category is None:
        summary = category_summary(reading)
        if not summary or len(reading.categories) < 2:
            return (
                [_("Category of the questions: %(categories)s.") % {"categories": summary}] if summary else []
            )
        return [
            _(
                "The questions of every category go into this quiz: %(categories)s. To import one "
                "category only, choose it (--category in the command)."
            )
            % {"categories": summary}
        ]
    if category not in reading.categories:
        choices = get_text_list([f"“{name}”" for name in reading.categories], _("or")) or "—"
        raise GiftParseError(
            [
                GiftError(
                    1,
                    _("the file has no category “%(name)s”; choose %(choices)s.")
                    % {"name": category, "choices": choices},
                )
            ]
        )
    left_out = [question for question in reading.quiz.questions if question.category != category]
    reading.quiz.questions = [
        question for question in reading.quiz.questions if question.category == category
    ]
    if not left_out:
        return []
    return [
        ngettext(
            "%(n)s question of another category was left out, as chosen.",
            "%(n)s questions of other categories were left out, as chosen.",
            len(left_out),
        )
        % {"n": len(left_out)}
    ]


def import_reading(
    quiz,
    reading: GiftReading,
    *,
    mode="replace",
    user=None,
    dry_run=False,
    with_settings=False,
    category=None,
) -> ImportOutcome:
    """Import the readable questions of ``reading`` into ``quiz`` as a new draft revision
    (``dry_run``: report only). Raises :class:`NothingToImport` when there is nothing to import."""
    if mode not in MODES:
        raise ValueError(mode)
    warnings = select_category(reading, category) + reading_warnings(reading)
    outcome = ImportOutcome(
        imported=len(reading.quiz.questions),
        skipped=list(reading.skipped),
        warnings=warnings,
        positions=reading.positions,
    )
    if not reading.quiz.questions:
        raise NothingToImport(outcome)
    with transaction.atomic():
        page = quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz
        renamed = apply_gift(page, reading.quiz, mode=mode, with_settings=with_settings)
        outcome.warnings += [
            _("The quiz already has a question with the key “%(old)s”; the new one got the key “%(new)s”.")
            % {"old": old, "new": new}
            for old, new in renamed
        ]
        page.save_revision(user=user, log_action=not dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def find_quiz(reference: str) -> QuizPage:
    """A quiz by page id, by ``module-slug/quiz-slug``, by its slug when only one quiz has it,
    or by a module's slug (its final test). Raises :class:`LookupError` with a Dutch message."""
    reference = reference.strip().strip("/")
    quizzes = QuizPage.objects.order_by("path")
    if reference.isdigit():
        found = list(quizzes.filter(pk=int(reference)))
    elif "/" in reference:
        module, _sep, slug = reference.rpartition("/")
        found = [
            quiz for quiz in quizzes.filter(slug=slug) if quiz.get_parent().slug == module.rsplit("/", 1)[-1]
        ]
    else:
        found = list(quizzes.filter(slug=reference))
        if not found:
            found = [quiz for quiz in quizzes.filter(slug="toets") if quiz.get_parent().slug == reference]
    if len(found) == 1:
        return found[0]
    if not found:
        raise LookupError(_("No quiz “%(ref)s”.") % {"ref": reference})
    choices = get_text_list([f"{quiz.get_parent().slug}/{quiz.slug}" for quiz in found], _("or"))
    raise LookupError(
        _("Several quizzes are called “%(ref)s”; name one as %(choices)s.")
        % {"ref": reference, "choices": choices}
    )
