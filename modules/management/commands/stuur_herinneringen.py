"""Send the reminder e-mails of the day (run daily, e.g. from cron); sends nothing twice."""

from django.core.management.base import BaseCommand

from modules.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mails people whose learning path is overdue or whose refresher is due, and each team lead "
        "a weekly summary. Running it again sends nothing that was already sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")

    def handle(self, *args, dry_run=False, **options):
        result = send_reminders(dry_run=dry_run)
        if dry_run:
            for address, subject in result.messages:
                self.stdout.write(f"{address}: {subject}")
            self.stdout.write(f"Proefdraai: {len(result.messages)} e-mails zouden worden verstuurd.")
            return
        self.stdout.write(
            f"Herinneringen verstuurd: {result.personal}; teamoverzichten: {result.summaries}; "
            f"overgeslagen zonder e-mailadres: {result.skipped_without_email}."
        )
        if result.failed:
            self.stderr.write(
                f"{result.failed} e-mails konden niet worden verstuurd; "
                "ze worden bij de volgende run opnieuw geprobeerd (zie de log)."
            )
