"""Build the demo site: page tree, teams, accounts, sociale kaart, leerstof, the apps' parts, progress.

Idempotent: running it again changes nothing that is already there. It refuses to create the
demo accounts (known password!) unless DEBUG is on.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from leergang.demo import DEMO_PASSWORD, create_demo_organisation
from modules.hooks import build_demo_data
from modules.setup import ensure_site_tree, sync_site_with_public_address


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
        sync_site_with_public_address()
        create_demo_organisation()
        out = {"verbosity": verbosity, "stdout": self.stdout, "stderr": self.stderr}
        call_command("demo_sociale_kaart", **out)  # first: lessons show (and reference) its entries
        call_command("import_leerstof", **out)
        build_demo_data(**out)  # the apps built on this one (BUILD_DEMO_DATA), e.g. quiz pages
        call_command("demo_progress", **out)
        call_command("update_index", verbosity=0)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demodata klaar. Accounts: medewerker, nieuwe-medewerker, teamleider, coordinator, "
                    f"beheerder; wachtwoord: {DEMO_PASSWORD}"
                )
            )
