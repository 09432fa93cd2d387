from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leergang.staff_import import COLUMNS, import_file


class Command(BaseCommand):
    help = (
        "Importeert medewerkers uit een CSV- of XLSX-bestand met de kolommen "
        + ", ".join(COLUMNS)
        + " (rol mag ontbreken). Bestaande mensen (zelfde e-mailadres, hoofdletters tellen niet) "
        "worden bijgewerkt, nieuwe aangemaakt. Alles of niets: bij één fout wordt niets ingelezen; "
        "fouten noemen de rij en kolom zoals een spreadsheet die toont (de kopregel is rij 1). "
        "Met --dry-run wordt alleen gecontroleerd; met --invite krijgen nieuwe mensen een uitnodiging."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pad naar het CSV-bestand (UTF-8) of XLSX-bestand.")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren, niets wijzigen.")
        parser.add_argument(
            "--invite", action="store_true", help="Stuur de nieuwe mensen een uitnodiging per e-mail."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        result = import_file(
            path.read_bytes(), path.name, dry_run=options["dry_run"], invite=options["invite"]
        )
        for line in result.error_lines():
            self.stderr.write(line)
        if not result.ok:
            raise CommandError(result.summary())
        for email in result.created:
            self.stdout.write(f"Nieuw: {email}")
        for email in result.updated:
            self.stdout.write(f"Bijgewerkt: {email}")
        self.stdout.write(self.style.SUCCESS(result.summary()))
