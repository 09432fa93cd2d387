from django.core.management.base import BaseCommand

from content.kaart.services import send_due_check_requests


class Command(BaseCommand):
    help = (
        "Mailt elke aanbieder met voorzieningen die langer dan 12 maanden niet zijn gecontroleerd een "
        "persoonlijke link om ze te bevestigen of te corrigeren: één e-mail per adres, hooguit één "
        "keer per organisatie per dag. Aanbieders zonder e-mailadres worden apart genoemd: bel ze."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wie een e-mail zou krijgen.")

    def handle(self, *args, **options):
        outcome = send_due_check_requests(dry_run=options["dry_run"])
        if not outcome.requests:
            self.stdout.write("Geen controleverzoeken te versturen.")
        for email, names, sent in outcome.requests:
            if options["dry_run"]:
                state = "zou krijgen"
            else:
                state = "verstuurd" if sent else "overgeslagen (vandaag al gevraagd)"
            self.stdout.write(f"{email}: {', '.join(names)} – {state}")
        if outcome.without_email:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(outcome.without_email)} aanbieder(s) zonder e-mailadres, niet gevraagd – "
                    "bel ze of vul een e-mailadres in (ook in het rapport Niet recent gecontroleerd):"
                )
            )
            for line in outcome.without_email_lines():
                self.stdout.write(f"  {line}")
