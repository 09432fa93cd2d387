from django.core.management.base import BaseCommand

from content.csvio import write_csv


class Command(BaseCommand):
    help = "Schrijft alle voorzieningen als CSV (dezelfde kolommen als import_sociale_kaart leest)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Pad van het CSV-bestand; zonder pad naar stdout.")

    def handle(self, *args, **options):
        if options["file"]:
            with open(options["file"], "w", encoding="utf-8", newline="") as out:
                count = write_csv(out)
            self.stderr.write(f"{count} voorzieningen geschreven naar {options['file']}.")
        else:
            write_csv(self.stdout)
