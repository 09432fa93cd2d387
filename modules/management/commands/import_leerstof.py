"""``manage.py import_leerstof``: load modules/leerstof/ into Wagtail pages (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.leerstof_import import LEERSTOF_DIR, SKIPPED, LeerstofError, import_leerstof


class Command(BaseCommand):
    help = (
        "Laadt de leerstof (modules/leerstof/) in als modules en lessen. Maakt wat ontbreekt, werkt "
        "pagina's bij die sinds de vorige import niet in de admin zijn bewerkt, en slaat bewerkte "
        "pagina's over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Laat zien wat er zou gebeuren, zonder iets op te slaan.",
        )
        parser.add_argument(
            "--overschrijven",
            action="append",
            default=[],
            metavar="BRONPAD",
            help=(
                "Werk deze pagina ook bij als die in de admin is bewerkt (de versie uit de admin blijft "
                "als revisie bewaard). Bijv. 01-giz/01-wat-is-giz.md; mag vaker."
            ),
        )
        parser.add_argument(
            "--bron",
            default=str(LEERSTOF_DIR),
            help="Map met de leerstof (standaard: modules/leerstof/).",
        )

    def handle(self, *args, **options):
        try:
            report = import_leerstof(
                Path(options["bron"]), dry_run=options["dry_run"], overwrite=options["overschrijven"]
            )
        except LeerstofError as error:
            raise CommandError(f"Leerstof niet ingelezen, er is niets opgeslagen. {error}") from error
        verbosity = options["verbosity"]
        for line in report.lines:
            if verbosity >= 2 or (verbosity >= 1 and line.status != "ongewijzigd"):
                style = self.style.WARNING if line.status == SKIPPED else (lambda text: text)
                self.stdout.write(style(str(line)))
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
