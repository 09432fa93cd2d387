from django.core.management.base import BaseCommand

from content.kaart.resources import write_export


class _Raw:
    """Pass text to the command's stdout as it is (OutputWrapper adds line endings)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Schrijft alle voorzieningen als CSV (dezelfde kolommen als import_sociale_kaart leest), in "
        "hetzelfde formaat als de download in het beheer: UTF-8 met BOM, puntkomma's tussen de cellen; "
        "een cel die met =, +, - of @ begint krijgt een ' ervoor (de import haalt die er weer af)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Pad van het CSV-bestand; zonder pad naar stdout.")

    def handle(self, *args, **options):
        if options["file"]:
            with open(options["file"], "w", encoding="utf-8", newline="") as out:
                count = write_export(out)
            self.stderr.write(f"{count} voorzieningen geschreven naar {options['file']}.")
        else:
            write_export(_Raw(self.stdout))
