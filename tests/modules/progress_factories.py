"""Build modules and lessons for progress tests under the ``site_tree`` fixture's index."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from modules.models import LearningPath, LearningPathModule, LessonPage, ModulePage

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 10, 0))


def make_module(index, slug, *, lessons=2, quiz=True, refresh_months=12, hours="1.5", title=None):
    """A published module with ``lessons`` lessons and (standing in for quizzes.QuizPage, which
    lives on another branch) a plain page as its quiz. Returns (module, [steps])."""
    module = index.add_child(
        instance=ModulePage(
            title=title or slug.replace("-", " ").capitalize(),
            slug=slug,
            refresh_months=refresh_months,
            accreditation_hours=Decimal(hours),
        )
    )
    steps = [
        module.add_child(instance=LessonPage(title=f"{slug} les {i}", slug=f"les-{i}"))
        for i in range(1, lessons + 1)
    ]
    if quiz:
        steps.append(module.add_child(instance=Page(title=f"{slug} quiz", slug="quiz")))
    return module, steps


def make_path(modules, *, title="Inwerkprogramma toegang", due_days=60, advised=None, **kwargs):
    path = LearningPath.objects.create(title=title, due_days=due_days, **kwargs)
    for order, module in enumerate(modules):
        LearningPathModule.objects.create(
            path=path, module=module, sort_order=order, advised_day=(advised or {}).get(module.slug)
        )
    return path


def at(days, base=NOW):
    return base + datetime.timedelta(days=days)


# The six modules of the leerplan (§2): slug, title, lessons, refresh months, accreditation hours.
LEERPLAN_MODULES = [
    ("toegang-zoetermeer", "De toegang in Zoetermeer: wie doet wat", 3, 12, "0"),
    ("giz", "GIZ — Gezamenlijk Inschatten Zorgbehoeften", 4, 24, "1.5"),
    ("positieve-gezondheid", "Positieve Gezondheid", 3, 24, "1.0"),
    ("beter-samenspel", "Beter Samenspel", 3, 12, "1.0"),
    ("kostenbewust-handelen", "Kostenbewust handelen", 5, 12, "1.5"),
    ("voorliggende-voorzieningen", "Sociale kaart en voorliggende voorzieningen", 4, 12, "1.5"),
]


def make_leerplan_modules(index, only=None):
    """Stand-ins for what import_leerstof/import_quizzes build: the six modules with their
    lessons and a quiz each. Returns {slug: (module, steps)}."""
    return {
        slug: make_module(index, slug, title=title, lessons=lessons, refresh_months=months, hours=hours)
        for slug, title, lessons, months, hours in LEERPLAN_MODULES
        if only is None or slug in only
    }
