"""``manage.py import_questions FILE --quiz SLUG [--append] [--dry-run] [--json]``: questions from
a GIFT (``.gift``/``.txt``) or Moodle XML (``.xml``) file into a quiz, as a new draft revision."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from quizzes.gift import GiftParseError
from quizzes.question_import import NothingToImport, find_quiz, import_reading, read_question_file


class Command(BaseCommand):
    help = (
        "Imports the questions of a GIFT or Moodle XML file into a quiz (a new draft revision). "
        "Questions of a type the quiz cannot hold are skipped and listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .gift/.txt (GIFT) or .xml (Moodle XML) file.")
        parser.add_argument(
            "--quiz", required=True, help="The quiz: page id, module-slug/quiz-slug, or a unique slug."
        )
        parser.add_argument(
            "--append", action="store_true", help="Add the questions; existing questions are kept."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")
        parser.add_argument("--json", action="store_true", help="Print the result as one JSON object.")
        parser.add_argument("--category", help="Import only the questions of this Moodle category.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("The file “%(name)s” cannot be read.") % {"name": path}) from exc
        try:
            quiz = find_quiz(options["quiz"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            reading = read_question_file(data, path.name)
            outcome = import_reading(
                quiz,
                reading,
                mode="append" if options["append"] else "replace",
                dry_run=options["dry_run"],
                category=options["category"],
            )
        except GiftParseError as exc:
            message = _("The file cannot be read; nothing was imported:")
            raise CommandError("\n".join([message, *(f"  {error}" for error in exc.errors)])) from exc
        except NothingToImport as exc:
            if options["json"]:
                self.stdout.write(json.dumps(exc.outcome.as_json(), ensure_ascii=False))
            else:
                self._report(exc.outcome)
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            return
        self._report(outcome)
        if options["dry_run"]:
            line = _("%(n)s questions can be imported into “%(title)s” (dry run: nothing was changed).")
        else:
            line = _("%(n)s questions imported into “%(title)s” as a draft. Check them and publish the quiz.")
        self.stdout.write(self.style.SUCCESS(line % {"n": outcome.imported, "title": quiz.title}))

    def _report(self, outcome):
        for skipped in outcome.skipped:
            self.stdout.write(
                self.style.WARNING(
                    _("Skipped: “%(title)s” (%(where)s, %(type)s): %(reason)s")
                    % {
                        "title": skipped.title,
                        "where": outcome.where(skipped.line),
                        "type": skipped.type,
                        "reason": skipped.reason,
                    }
                )
            )
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(_("Note: %(warning)s") % {"warning": warning}))
