"""``manage.py import_oefengesprekken``: load practice/leerstof/ into oefengesprek pages (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.leerstof_import import LeerstofError
from practice.leerstof_import import LEERSTOF_DIR, import_scenarios


class Command(BaseCommand):
    help = (
        "Laadt de oefengesprekken (practice/leerstof/) in als stappen van hun module. Maakt wat "
        "ontbreekt, werkt pagina's bij die sinds de vorige import niet in de admin zijn bewerkt, en "
        "slaat bewerkte pagina's over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat zien wat er zou gebeuren, zonder iets op te slaan."
        )
        parser.add_argument(
            "--overschrijven",
            action="append",
            default=[],
            metavar="BRONPAD",
            help=(
                "Werk deze pagina ook bij als die in de admin is bewerkt, bijv. "
                "oefengesprekken/giz-specialistische-hulp.md."
            ),
        )
        parser.add_argument("--bron", default=str(LEERSTOF_DIR), help="Map met de oefengesprekken.")

    def handle(self, *args, **options):
        try:
            report = import_scenarios(
                Path(options["bron"]), dry_run=options["dry_run"], overwrite=options["overschrijven"]
            )
        except LeerstofError as error:
            raise CommandError(f"Oefengesprekken niet ingelezen, er is niets opgeslagen. {error}") from error
        for line in report:
            if options["verbosity"] >= 2 or (options["verbosity"] >= 1 and line.status != "ongewijzigd"):
                reason = f" ({line.reason})" if line.reason else ""
                self.stdout.write(f"{line.status}: oefengesprek {line.title} [{line.path}]{reason}")
