"""``manage.py import_quizzes``: load quizzes/leerstof/*.gift into quiz pages (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.importing import LEERSTOF_DIR, import_directory


class Command(BaseCommand):
    help = (
        "Loads the GIFT files (quizzes/leerstof/*.gift) as the last step of their module. "
        "Idempotent; quizzes edited in the admin since the import are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(LEERSTOF_DIR), help="Folder with the .gift files.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite quizzes edited in the admin since the import.",
        )

    def handle(self, *args, **options):
        results, errors = import_directory(Path(options["dir"]), force=options["force"])
        if errors:
            lines = ["Fouten in de GIFT-bestanden; er is niets geïmporteerd:"]
            for name, file_errors in errors.items():
                lines += [f"  {name}: {error}" for error in file_errors]
            raise CommandError("\n".join(lines))
        for result in results:
            line = f"{result.name}: {result.status}" + (f" ({result.detail})" if result.detail else "")
            if options["verbosity"]:
                style = self.style.WARNING if result.status == "overgeslagen" else self.style.SUCCESS
                self.stdout.write(style(line))
