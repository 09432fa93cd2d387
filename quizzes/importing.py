"""GIFT files into quiz pages and back: used by the admin views and the management commands."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from modules.leerstof_import import refresh_module_time
from modules.models import ModulePage

from .gift import GiftQuiz, parse_gift, write_gift
from .models import QuizPage, QuizRole
from .questions import block_from_gift
from .rules import DEFAULT_FEEDBACK_MODE

LEERSTOF_DIR = Path(__file__).resolve().parent / "leerstof"
QUIZ_SLUG = "toets"
#: Where a quiz of each role lives in its module: a voortoets opens the module, the eindtoets
#: closes it.
SLUG_AND_POSITION = {QuizRole.EINDTOETS: (QUIZ_SLUG, "last"), QuizRole.VOORTOETS: ("voortoets", "first")}

#: The settings a GIFT header may leave out, and the field defaults of a new quiz.
SETTINGS = ("pass_mark", "max_attempts", "shuffle_questions", "shuffle_options")


def quiz_to_gift(quiz: QuizPage, module_slug: str | None = None) -> GiftQuiz:
    """A quiz page (as given: live or a revision) as a :class:`GiftQuiz`."""
    return GiftQuiz(
        title=quiz.title,
        module=module_slug or "",
        pass_mark=quiz.pass_mark,
        max_attempts=quiz.max_attempts,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_options=quiz.shuffle_options,
        role=quiz.role,
        feedback=quiz.feedback_mode,
        intro=quiz.intro,
        questions=[question.to_gift() for question in quiz.question_data],
    )


def export_quiz(quiz: QuizPage) -> str:
    """The GIFT text of a quiz's latest revision (what the coordinator sees in the editor)."""
    latest = quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz
    module = quiz.get_parent()
    return write_gift(quiz_to_gift(latest, module.slug if module else None))


def checksum(parsed: GiftQuiz) -> str:
    """Of the file's meaning, not its layout: re-imports of an equivalent file change nothing."""
    return hashlib.sha256(write_gift(parsed).encode()).hexdigest()


def stream_data(parsed: GiftQuiz, page: QuizPage, mode: str = "replace") -> list[dict]:
    """Raw StreamField data for the parsed questions; the keys (block ids) are the GIFT keys,
    and options keep their keys where their text is unchanged. ``replace``: the file's questions
    only; ``update``: questions with a key already in the quiz are replaced in place, the others
    added; ``append``: see :func:`append_keys` (call it first, then nothing is replaced)."""
    existing = {question.key: question for question in page.question_data}
    new = [block_from_gift(question, existing.get(question.key)) for question in parsed.questions]
    if mode == "replace":
        return new
    by_key = {block["id"]: block for block in new}
    merged = []
    for child in page.questions.raw_data:
        merged.append(by_key.pop(child["id"], None) or dict(child))
    return merged + [block for block in new if block["id"] in by_key]


def append_keys(parsed: GiftQuiz, page: QuizPage) -> list[tuple[str, str]]:
    """Give every parsed question whose key the quiz already has the next free key, so that
    appending never replaces a question; returns the (old, new) keys that changed."""
    taken = {question.key for question in page.question_data}
    renamed = []
    for question in parsed.questions:
        if question.key in taken:
            base, suffix = question.key[:56], 2
            while f"{base}-{suffix}" in taken:
                suffix += 1
            renamed.append((question.key, f"{base}-{suffix}"))
            question.key = f"{base}-{suffix}"
        taken.add(question.key)
    return renamed


def apply_settings(page: QuizPage, parsed: GiftQuiz, *, use_defaults: bool):
    if parsed.title:
        page.title = parsed.title
    if parsed.intro:
        page.intro = parsed.intro
    for name in SETTINGS:
        value = getattr(parsed, name)
        if value is None and use_defaults:
            value = QuizPage._meta.get_field(name).default
        if value is not None:
            setattr(page, name, value)
    if parsed.role:
        page.role = parsed.role
    if parsed.feedback:
        page.feedback_mode = parsed.feedback


def apply_gift(page: QuizPage, parsed: GiftQuiz, *, mode="replace", with_settings=False):
    """Put the parsed questions into ``page`` (not saved); returns the keys :func:`append_keys`
    changed (only in ``append`` mode)."""
    renamed = append_keys(parsed, page) if mode == "append" else []
    page.questions = stream_data(parsed, page, "update" if mode == "append" else mode)
    page.__dict__.pop("question_data", None)
    if with_settings:
        apply_settings(page, parsed, use_defaults=False)
    return renamed


@dataclass
class ImportResult:
    name: str
    status: str  # aangemaakt, bijgewerkt, ongewijzigd, overgeslagen
    detail: str = ""


def edited_in_admin(quiz: QuizPage) -> bool:
    """A revision saved by a person (the importer saves without a user) since the import."""
    revision = quiz.latest_revision
    return revision is not None and revision.user_id is not None


def import_parsed(parsed: GiftQuiz, name: str, *, force=False) -> ImportResult:
    """Create or update the quiz of ``parsed.module``: an eindtoets as the module's last step
    (``/toets/``), a voortoets as its first (``/voortoets/``)."""
    module = ModulePage.objects.filter(slug=parsed.module).first()
    if module is None:
        return ImportResult(
            name,
            "overgeslagen",
            _("module “%(slug)s” does not exist yet; run import_leerstof first") % {"slug": parsed.module},
        )
    role = parsed.role or QuizRole.EINDTOETS
    slug, position = SLUG_AND_POSITION[role]
    digest = checksum(parsed)
    quiz = QuizPage.objects.child_of(module).filter(slug=slug).first()
    with transaction.atomic():
        if quiz is None:
            quiz = QuizPage(slug=slug, title=parsed.title or _("Quiz"), import_checksum=digest)
            apply_settings(quiz, parsed, use_defaults=True)
            quiz.role = role
            quiz.feedback_mode = parsed.feedback or DEFAULT_FEEDBACK_MODE
            apply_gift(quiz, parsed)
            module.add_child(instance=quiz)
            _ensure_position(quiz, module, position)
            quiz = QuizPage.objects.get(pk=quiz.pk)
            quiz.save_revision(log_action=False).publish(log_action=False)
            refresh_module_time(module)
            return ImportResult(name, "aangemaakt", _("%(n)s questions") % {"n": len(parsed.questions)})
        moved = _ensure_position(quiz, module, position)
        if moved:
            quiz = QuizPage.objects.get(pk=quiz.pk)  # the tree position changed under us
        edited = edited_in_admin(quiz)
        if edited and not force:
            return ImportResult(name, "overgeslagen", _("edited in the admin since the import"))
        moved_note = (
            (_("moved to the last step") if position == "last" else _("moved to the first step"))
            if moved
            else ""
        )
        if quiz.import_checksum == digest and not edited:
            return ImportResult(name, "ongewijzigd", moved_note)  # --force restores an edited quiz
        quiz = quiz.get_latest_revision_as_object() if quiz.latest_revision_id else quiz
        apply_settings(quiz, parsed, use_defaults=True)
        apply_gift(quiz, parsed)
        quiz.import_checksum = digest
        quiz.save_revision(log_action=False).publish(log_action=False)
        return ImportResult(name, "bijgewerkt", _("%(n)s questions") % {"n": len(parsed.questions)})


def _ensure_position(quiz, module, position) -> bool:
    """Move ``quiz`` to the first or last step of ``module``; True when it moved."""
    end = module.get_first_child() if position == "first" else module.get_last_child()
    if end is not None and end.pk != quiz.pk:
        quiz.move(module, pos="first-child" if position == "first" else "last-child")
        return True
    return False


def import_directory(directory: Path = LEERSTOF_DIR, *, force=False):
    """Parse every ``*.gift`` first; when any file has errors, import nothing (raises
    :class:`~quizzes.gift.GiftParseError` per file via the returned ``errors``)."""
    from .gift import GiftParseError, decode_gift

    parsed, errors = [], {}
    for path in sorted(Path(directory).glob("*.gift")):
        try:
            quiz = parse_gift(decode_gift(path.read_bytes()))  # a BOM and CRLF line ends are fine
        except GiftParseError as exc:
            errors[path.name] = exc.errors
            continue
        if not quiz.module:
            from .gift import GiftError

            errors[path.name] = [GiftError(1, _("the header has no “// module: <slug>” line."))]
            continue
        parsed.append((path.name, quiz))
    if errors:
        return [], errors
    return [import_parsed(quiz, name, force=force) for name, quiz in parsed], {}
