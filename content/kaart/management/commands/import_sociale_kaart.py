from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.kaart.resources import import_csv


class Command(BaseCommand):
    help = (
        "Importeert voorzieningen uit een CSV-bestand (de kolommen en het formaat van de export; "
        "puntkomma of komma tussen de cellen). Alles of niets: bij één fout wordt niets ingelezen. "
        "Fouten noemen de rij zoals een spreadsheet die toont (de kopregel is rij 1). "
        "Met --dry-run wordt alleen gecontroleerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pad naar het CSV-bestand (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren, niets wijzigen.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        result = import_csv(path.read_bytes(), dry_run=options["dry_run"])
        for line in result.error_lines():
            self.stderr.write(line)
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
