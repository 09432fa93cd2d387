"""``manage.py export_gift``: write quizzes as GIFT (our dialect), to stdout or a folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.models import ModulePage
from quizzes.importing import export_quiz
from quizzes.models import QuizPage


class Command(BaseCommand):
    help = "Exports quizzes as GIFT. Name modules by slug or quizzes by id; --all for every quiz."

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="*", help="Module slugs or quiz page ids.")
        parser.add_argument("--all", action="store_true", help="Every quiz.")
        parser.add_argument(
            "--dir", help="Write <module-slug>.gift files into this folder instead of stdout."
        )

    def handle(self, *args, **options):
        quizzes = []
        if options["all"]:
            quizzes = list(QuizPage.objects.order_by("path"))
        for target in options["targets"]:
            if target.isdigit():
                quiz = QuizPage.objects.filter(pk=int(target)).first()
            else:
                module = ModulePage.objects.filter(slug=target).first()
                quiz = QuizPage.objects.child_of(module).order_by("-path").first() if module else None
            if quiz is None:
                raise CommandError(f"Geen toets gevonden voor “{target}”.")
            quizzes.append(quiz)
        if not quizzes:
            raise CommandError("Noem een module (slug) of toets (id), of gebruik --all.")
        for quiz in quizzes:
            text = export_quiz(quiz)
            if options["dir"]:
                folder = Path(options["dir"])
                folder.mkdir(parents=True, exist_ok=True)
                parent = quiz.get_parent()
                name = parent.slug if quiz.role == "eindtoets" else f"{parent.slug}-{quiz.slug}"
                (folder / f"{name}.gift").write_text(text, encoding="utf-8")
                if options["verbosity"]:
                    self.stdout.write(f"{folder / (name + '.gift')}")
            else:
                self.stdout.write(text, ending="")
