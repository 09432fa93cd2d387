"""Build the large synthetic data set of `make bench` (docs/performance.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from bench import data


class Command(BaseCommand):
    help = (
        "Builds the benchmark's data set: 2,000 staff in 100 teams, 8 modules of 6 steps, 60,000 step "
        "completions, 20,000 quiz attempts, 5,000 voorzieningen (times --scale). For a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count (e.g. 0.01)")
        parser.add_argument(
            "--force", action="store_true", help="run even though the database already has people in it"
        )
        parser.add_argument("--json", dest="json_path", help="also write the counts to this file")
        parser.add_argument(
            "--keep-leerstof",
            action="store_true",
            help="use the modules already there instead of importing the demo leerstof (the tests)",
        )

    def handle(self, *args, scale, force, json_path=None, keep_leerstof=False, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        if data.has_people() and not force:
            raise CommandError(
                "Refusing: this database already has users. bench_data is for a throwaway database "
                "(make bench makes one); --force runs it anyway."
            )
        self.stdout.write(f"bench_data: building the data set at scale {scale:g}")
        counts = data.build(scale, write=self.stdout.write, keep_leerstof=keep_leerstof)
        for key, value in counts.items():
            if key != "seconds":
                self.stdout.write(f"  {key}: {value}")
        self.stdout.write(self.style.SUCCESS(f"bench_data: done in {counts['total_seconds']} s"))
        if json_path:
            with open(json_path, "w") as out:
                json.dump(counts, out, indent=2)
