"""Build the demo site: page tree, teams, accounts, sociale kaart, leerstof, the apps' parts, progress.

Idempotent: running it again changes nothing that is already there. It refuses to create the
demo accounts (known password!) unless DEBUG is on.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models.signals import post_delete, post_save
from wagtail.search import index
from wagtail.search.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

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
        with indexes_built_at_the_end():
            ensure_site_tree()
            sync_site_with_public_address()
            create_demo_organisation()
            out = {"verbosity": verbosity, "stdout": self.stdout, "stderr": self.stderr}
            call_command("demo_sociale_kaart", **out)  # first: lessons show (and reference) its entries
            call_command("import_leerstof", **out)
            build_demo_data(**out)  # the apps built on this one (BUILD_DEMO_DATA), e.g. quiz pages
            call_command("demo_progress", **out)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demodata klaar. Accounts: medewerker, nieuwe-medewerker, teamleider, coordinator, "
                    f"beheerder; wachtwoord: {DEMO_PASSWORD}"
                )
            )


@contextmanager
def indexes_built_at_the_end():
    """The search index and Wagtail's reference index built once, after the whole demo, instead
    of on every save (a page is saved several times on its way to a published revision): the
    same indexes, in a fraction of the time."""
    disconnected = []
    for model in index.get_indexed_models():
        if post_save.disconnect(post_save_signal_handler, sender=model):
            disconnected.append(model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
