from django.core.management.base import BaseCommand

from content.services import send_due_check_requests


class Command(BaseCommand):
    help = (
        "Mailt elke aanbieder met voorzieningen die langer dan 12 maanden niet zijn gecontroleerd een "
        "persoonlijke link om ze te bevestigen of te corrigeren: één e-mail per adres, hooguit één "
        "keer per organisatie per dag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wie een e-mail zou krijgen.")

    def handle(self, *args, **options):
        outcome = send_due_check_requests(dry_run=options["dry_run"])
        if not outcome:
            self.stdout.write("Geen controleverzoeken te versturen.")
        for email, names, sent in outcome:
            if options["dry_run"]:
                state = "zou krijgen"
            else:
                state = "verstuurd" if sent else "overgeslagen (vandaag al gevraagd)"
            self.stdout.write(f"{email}: {', '.join(names)} – {state}")
