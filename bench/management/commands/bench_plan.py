"""Sessions, URLs and quiz submits for the load run of `make bench` (bench.plan)."""

import json

from django.core.management.base import BaseCommand

from bench import plan


class Command(BaseCommand):
    help = "Writes what the load run asks for (pages, sessions, signed quiz forms) to a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="the JSON file to write")
        parser.add_argument(
            "--count-attempts", type=int, metavar="QUIZ_ID", help="only print the attempts at this quiz"
        )

    def handle(self, *args, out=None, count_attempts=None, **options):
        if count_attempts is not None:
            self.stdout.write(str(plan.attempts_at(count_attempts)))
            return
        with open(out, "w") as target:
            json.dump(plan.build_plan(), target)
