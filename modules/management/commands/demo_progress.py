"""Demo: the onboarding path "Inwerkprogramma toegang" and believable progress for the demo team.

Runs after the leerstof and the apps' demo data (``demo_data`` calls it). Idempotent: the path
is looked up by title, progress is written through ``complete_step`` (which keeps the first
completion). A step that is not a lesson (a quiz) is taken, not just completed: the app that
owns it records real attempts through the ``TAKE_DEMO_STEP`` hook (``modules.hooks``), some
failed before the pass, so "best score", "attempts" and the quiz analysis tell the same story.
Modules that do not exist (yet) are skipped.
"""

import datetime
import zlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from leergang.models import OrganisationType, User
from modules.hooks import DemoAttempt, take_demo_step
from modules.models import LearningPath, LearningPathModule, ModuleChange, ModulePage
from modules.progress import complete_step, steps_by_module

ONBOARDING_TITLE = "Inwerkprogramma toegang"
ONBOARDING_DESCRIPTION = (
    "Voor nieuwe medewerkers van JGH, POH-J, SMW en JGZ: eerst de kaart van de Zoetermeerse "
    "toegang, dan GIZ, de sociale kaart, kostenbewust handelen, Beter Samenspel en Positieve "
    "Gezondheid. Ongeveer negen uur, een uur per week; afronden binnen 60 dagen na je startdatum."
)
# Leerplan §3: order of the path and the advised day by which each module is done.
ONBOARDING_MODULES = [
    ("toegang-zoetermeer", 7),
    ("giz", 21),
    ("voorliggende-voorzieningen", 30),
    ("kostenbewust-handelen", 45),
    ("beter-samenspel", 60),
    ("positieve-gezondheid", 60),
]
ONBOARDING_DAYS = 60
# The path counts for staff who started at most this many days before it was introduced.
ONBOARDING_APPLIES_FROM_DAYS = 90

# username → [(module slug, "all" steps or the first n, days ago)]
PROGRESS = {
    "medewerker": [
        ("toegang-zoetermeer", "all", 425),  # 12-month module done 14 months ago: refresher due
        ("giz", "all", 400),
        ("kostenbewust-handelen", "all", 180),
        ("voorliggende-voorzieningen", "all", 150),
        ("positieve-gezondheid", 1, 6),
    ],
    "nieuwe-medewerker": [("toegang-zoetermeer", 1, 2)],  # just started on the onboarding path
    "teamleider": [
        ("toegang-zoetermeer", "all", 200),
        ("giz", "all", 190),
        ("beter-samenspel", "all", 100),
    ],
    "fatima.elamrani": [
        ("toegang-zoetermeer", "all", 30),
        ("giz", "all", 18),
        ("voorliggende-voorzieningen", "all", 6),
        ("kostenbewust-handelen", 2, 1),
    ],
    "joost.vermeulen": [
        ("toegang-zoetermeer", "all", 300),
        ("giz", "all", 290),
        ("positieve-gezondheid", "all", 280),
        ("beter-samenspel", "all", 395),  # 12 months passed: refresher due
        ("kostenbewust-handelen", "all", 250),
        ("voorliggende-voorzieningen", "all", 240),
    ],
    "lisa.hoekstra": [  # started 75 days ago, path far from done: behind
        ("toegang-zoetermeer", "all", 60),
        ("giz", 2, 40),
    ],
    "anouk.visser": [("toegang-zoetermeer", "all", 15), ("giz", 1, 3)],
    "mohamed.ouali": [
        ("toegang-zoetermeer", "all", 500),
        ("giz", "all", 480),
        ("beter-samenspel", "all", 470),
        ("kostenbewust-handelen", "all", 60),
    ],
    "eva.dekker": [
        ("toegang-zoetermeer", "all", 350),
        ("voorliggende-voorzieningen", "all", 90),
        ("giz", "all", 5),  # every lesson read, the quiz not passed yet
    ],
    "tim.mulder": [
        ("toegang-zoetermeer", "all", 45),
        ("giz", "all", 30),
        ("voorliggende-voorzieningen", "all", 18),
        ("kostenbewust-handelen", 3, 4),
    ],
    "noor.hendriks": [("toegang-zoetermeer", "all", 250), ("positieve-gezondheid", "all", 100)],
}
QUIZ_SCORES = [80, 87, 93, 100, 86, 80]
# (username, module slug) → the attempts at the module's quiz, oldest first: (score aimed at,
# passed). A retake comes a day after the previous try. Everyone else passes at the first try
# with a score from QUIZ_SCORES. Leerplan: 80 % to pass, at most three attempts.
QUIZ_ATTEMPTS = {
    ("medewerker", "kostenbewust-handelen"): [(67, False), (87, True)],
    ("teamleider", "giz"): [(73, False), (93, True)],
    ("fatima.elamrani", "giz"): [(60, False), (80, True)],
    ("joost.vermeulen", "beter-samenspel"): [(62, False), (85, True)],
    ("mohamed.ouali", "kostenbewust-handelen"): [(53, False), (73, False), (87, True)],
    ("tim.mulder", "voorliggende-voorzieningen"): [(66, False), (100, True)],
    ("eva.dekker", "giz"): [(60, False), (73, False)],  # not passed yet: one try left
}

DEMO_CHANGE = (
    "voorliggende-voorzieningen",
    20,
    "Les 5.3 is herschreven voor de nieuwe sociale kaart van Leergang Toegang: zoeken en filteren op "
    "categorie, wijk en leeftijd, en een verouderd item melden. Lees de les opnieuw en haal de quiz opnieuw.",
)


def quiz_plan(username, slug, index):
    """The planned attempts at a quiz step: [(score aimed at, passed)], oldest first."""
    planned = QUIZ_ATTEMPTS.get((username, slug))
    if planned:
        return planned
    return [(QUIZ_SCORES[(zlib.crc32(username.encode()) + index) % len(QUIZ_SCORES)], True)]


def schedule(username, slug, steps, when):
    """[(step, moment, attempts)] in the order they happened: steps 15 minutes apart, the last
    one just before ``when``; a quiz step gets its ``DemoAttempt``s (None for a lesson), and a
    retake a day later pushes the steps before it back, so every lesson precedes the first try."""
    planned, shift = [], datetime.timedelta(0)
    for index in reversed(range(len(steps))):
        step = steps[index]
        moment = when - datetime.timedelta(minutes=15 * (len(steps) - index)) - shift
        if step.is_lesson:
            planned.append((step, moment, None))
            continue
        tries = quiz_plan(username, slug, index)
        attempts = [
            DemoAttempt(at=moment - datetime.timedelta(days=len(tries) - 1 - n), score=score, passed=passed)
            for n, (score, passed) in enumerate(tries)
        ]
        shift += datetime.timedelta(days=len(tries) - 1)
        planned.append((step, moment, attempts))
    return list(reversed(planned))


class Command(BaseCommand):
    help = "Demo: onboarding path and believable progress for the demo team (idempotent)."

    def handle(self, *args, **options):
        modules = {m.slug: m for m in ModulePage.objects.live()}
        if not modules:
            if options["verbosity"]:
                self.stdout.write("demo_progress: geen modules gevonden; overgeslagen.")
            return
        now = timezone.now()
        with transaction.atomic():
            self.ensure_onboarding_path(modules, now)
            self.ensure_demo_change(modules, now)
        users = {u.username: u for u in User.objects.filter(username__in=PROGRESS)}
        steps = steps_by_module(modules.values())
        written = 0
        for username, plan in PROGRESS.items():
            user = users.get(username)
            if user is None:
                continue
            for slug, how_many, days_ago in plan:
                module = modules.get(slug)
                module_steps = steps.get(module.pk, []) if module else []
                if not module_steps:
                    continue
                chosen = module_steps if how_many == "all" else module_steps[:how_many]
                when = now - datetime.timedelta(days=days_ago)
                for step, moment, attempts in schedule(username, slug, chosen, when):
                    page = Page.objects.get(pk=step.id)
                    if attempts is None:
                        complete_step(user, page, when=moment)
                    elif not take_demo_step(user, page, attempts):
                        # no app records attempts at this page: complete it on its last pass
                        passed = [a for a in attempts if a.passed]
                        if not passed:
                            continue
                        complete_step(user, page, score=passed[-1].score, when=passed[-1].at)
                    written += 1
        if options["verbosity"]:
            self.stdout.write(f"demo_progress: leerpad en {written} stappen voortgang (idempotent).")

    def ensure_onboarding_path(self, modules, now):
        path, created = LearningPath.objects.get_or_create(
            title=ONBOARDING_TITLE,
            defaults={
                "description": ONBOARDING_DESCRIPTION,
                "due_days": ONBOARDING_DAYS,
                "applies_from": timezone.localdate(now)
                - datetime.timedelta(days=ONBOARDING_APPLIES_FROM_DAYS),
                "organisation_types": [
                    OrganisationType.JGH,
                    OrganisationType.POHJ,
                    OrganisationType.SMW,
                    OrganisationType.JGZ,
                ],
            },
        )
        existing = set(path.items.values_list("module_id", flat=True))
        for order, (slug, advised_day) in enumerate(ONBOARDING_MODULES):
            module = modules.get(slug)
            if module is None or module.pk in existing:
                continue
            LearningPathModule.objects.create(
                path=path, module=module, sort_order=order, advised_day=advised_day
            )
        return path

    def ensure_demo_change(self, modules, now):
        slug, days_ago, summary = DEMO_CHANGE
        module = modules.get(slug)
        if module is None or ModuleChange.objects.filter(module=module).exists():
            return
        ModuleChange.objects.create(
            module=module,
            changed_on=timezone.localdate(now) - datetime.timedelta(days=days_ago),
            summary=summary,
        )
