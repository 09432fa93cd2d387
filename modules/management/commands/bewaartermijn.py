"""Erase the learning data of people who left longer ago than the retention period (run daily)."""

from django.core.management.base import BaseCommand

from modules.retention import apply_retention, retention_months


class Command(BaseCommand):
    help = (
        "Wist de leerdata van mensen die langer dan de bewaartermijn (LEERGANG_RETENTION_MONTHS "
        "maanden, standaard 24) uit dienst zijn, met dezelfde wisactie als een AVG-verzoek. "
        "Bewijzen van deelname blijven controleerbaar. Met --dry-run wordt alleen getoond wie aan de "
        "beurt is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen, niets wissen.")

    def handle(self, *args, dry_run=False, **options):
        erased = apply_retention(dry_run=dry_run)
        months = retention_months()
        for item in erased:
            user, left_on = item.profile.user, item.profile.left_on
            person = f"{user} ({user.get_username()}), uit dienst per {left_on:%d-%m-%Y}"
            if dry_run:
                self.stdout.write(f"Zou wissen: {person}")
            else:
                counts = ", ".join(f"{name}: {count}" for name, count in sorted(item.counts.items()))
                self.stdout.write(f"Gewist: {person}; {counts}")
        verb = "zouden worden gewist" if dry_run else "gewist"
        people = "persoon" if len(erased) == 1 else "personen"
        self.stdout.write(f"Bewaartermijn {months} maanden: leerdata van {len(erased)} {people} {verb}.")
