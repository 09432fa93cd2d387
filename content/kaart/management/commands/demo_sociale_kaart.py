from django.core.management.base import BaseCommand

from content.kaart.demo import create_demo_sociale_kaart


class Command(BaseCommand):
    help = (
        "Bouwt de demo-sociale kaart: categorieën, wijken, organisaties, voorzieningen en meldingen "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        created = create_demo_sociale_kaart()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Sociale kaart: {created} voorzieningen aangemaakt."))
