"""Build the demo site: page tree, teams, accounts, leerstof, quizzes, sociale kaart, progress.

Idempotent: running it again changes nothing that is already there. It refuses to create the
demo accounts (known password!) unless DEBUG is on.
"""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from leergang.demo import DEMO_PASSWORD, create_demo_organisation
from modules.setup import ensure_site_tree

# Steps that other apps provide; run in this order when the app has them.
APP_STEPS = [
    "demo_sociale_kaart",
    "import_leerstof",
    "import_quizzes",
    "demo_progress",
]


class Command(BaseCommand):
    help = "Builds the demo data (idempotent). Demo accounts only when DEBUG is on."

    def handle(self, *args, **options):
        allow_accounts = settings.DEBUG or getattr(settings, "LEERGANG_ALLOW_DEMO_ACCOUNTS", False)
        if not allow_accounts:
            raise CommandError(
                "Weigert demo-accounts aan te maken: DEBUG staat uit. De demo-accounts hebben een "
                "bekend wachtwoord en horen niet in productie. Gebruik de dev-instellingen "
                "(DJANGO_SETTINGS_MODULE=leergang.settings.dev)."
            )
        verbosity = options["verbosity"]
        ensure_site_tree()
        create_demo_organisation()
        available = get_commands()
        for step in APP_STEPS:
            if step in available:
                call_command(step, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        call_command("update_index", verbosity=0)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demodata klaar. Accounts: medewerker, nieuwe-medewerker, teamleider, coordinator, "
                    f"beheerder; wachtwoord: {DEMO_PASSWORD}"
                )
            )
