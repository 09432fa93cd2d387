"""Factories for the modules app: the page tree, modules, lessons, progress rows, learning
paths; and writers for leerstof source files.

Pages are built with wagtail-factories under the /modules/ index of the page tree (created on
first use, as ``migrate`` + ``demo_data`` leave it). ``revision=True`` (the default) saves and
publishes a revision as an editor's "Publish" does; ``revision=False`` only adds the live page,
which progress tests with a fixed clock (``NOW``) need: a publication at the real time would
count as a change after their completions.
"""

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from modules.models import LearningPath, LearningPathModule, LessonPage, ModulePage, StepCompletion
from modules.setup import ensure_site_tree
from tests.leergang.factories import UserFactory

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 10, 0))


def at(days, base=NOW):
    return base + datetime.timedelta(days=days)


def site_tree():
    """(home page, /modules/ index): the fixed part of the page tree, created when missing."""
    return ensure_site_tree()


class PageFactory(wagtail_factories.PageFactory):
    """A Wagtail page under ``parent``; returned fresh from the database, as its specific type."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Pagina {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    revision = True

    @classmethod
    def _create(cls, model_class, *args, revision=True, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        if revision:
            saved = page.save_revision()
            if page.live:
                saved.publish()
        return model_class.objects.get(pk=page.pk)


class ModulePageFactory(PageFactory):
    class Meta:
        model = ModulePage

    parent = factory.LazyFunction(lambda: site_tree()[1])
    title = factory.Sequence(lambda n: f"Module {n}")


class LessonPageFactory(PageFactory):
    """A lesson with one Markdown block (``text``)."""

    class Meta:
        model = LessonPage

    class Params:
        text = "Tekst van de les."

    parent = factory.SubFactory(ModulePageFactory)
    title = factory.Sequence(lambda n: f"Les {n}")
    body = factory.LazyAttribute(lambda lesson: [{"type": "markdown", "value": lesson.text}])


def module_with_steps(
    index=None, slug="module", *, lessons=2, quiz=True, refresh_months=12, hours="1.5", title=None
):
    """A module with ``lessons`` lessons and, with ``quiz``, a real quiz (four questions) as its
    last step; pages without revisions (see the module docstring). Returns (module, [steps])."""
    from tests.quizzes.factories import QuizPageFactory

    module = ModulePageFactory(
        parent=index or site_tree()[1],
        title=title or slug.replace("-", " ").capitalize(),
        slug=slug,
        refresh_months=refresh_months,
        accreditation_hours=Decimal(hours),
        revision=False,
    )
    steps = [
        LessonPageFactory(parent=module, title=f"{slug} les {i}", slug=f"les-{i}", revision=False)
        for i in range(1, lessons + 1)
    ]
    if quiz:
        steps.append(QuizPageFactory(parent=module, title=f"{slug} quiz", slug="quiz", revision=False))
    return module, steps


# The six modules of the leerplan: slug, title, lessons, refresh months, accreditation hours.
LEERPLAN_MODULES = [
    ("toegang-zoetermeer", "De toegang in Zoetermeer: wie doet wat", 3, 12, "0"),
    ("giz", "GIZ — Gezamenlijk Inschatten Zorgbehoeften", 4, 24, "1.5"),
    ("positieve-gezondheid", "Positieve Gezondheid", 3, 24, "1.0"),
    ("beter-samenspel", "Beter Samenspel", 3, 12, "1.0"),
    ("kostenbewust-handelen", "Kostenbewust handelen", 5, 12, "1.5"),
    ("voorliggende-voorzieningen", "Sociale kaart en voorliggende voorzieningen", 4, 12, "1.5"),
]


def leerplan_modules(index=None, only=None):
    """What import_leerstof and import_quizzes build, in small: the six modules with their
    lessons and a quiz each. Returns {slug: (module, steps)}."""
    return {
        slug: module_with_steps(index, slug, title=title, lessons=lessons, refresh_months=months, hours=hours)
        for slug, title, lessons, months, hours in LEERPLAN_MODULES
        if only is None or slug in only
    }


def modules_with_lessons(index=None, modules=2, lessons=3, prefix="m"):
    """``modules`` published modules with ``lessons`` lessons each; returns the module pages."""
    result = []
    for m in range(modules):
        module = ModulePageFactory(
            parent=index or site_tree()[1], title=f"Module {prefix}{m}", slug=f"module-{prefix}{m}"
        )
        for n in range(lessons):
            LessonPageFactory(
                parent=module, title=f"Les {prefix}{m}.{n}", slug=f"les-{n}", text=f"Les {n} van module {m}."
            )
        result.append(module)
    return result


class StepCompletionFactory(factory.django.DjangoModelFactory):
    """A step marked done, written directly (the app writes these only through modules.progress)."""

    class Meta:
        model = StepCompletion

    user = factory.SubFactory(UserFactory)
    page = factory.SubFactory(LessonPageFactory)
    module = factory.LazyAttribute(lambda row: ModulePage.objects.parent_of(row.page).get())
    completed_at = factory.LazyFunction(timezone.now)
    last_completed_at = factory.LazyAttribute(lambda row: row.completed_at)


class LearningPathFactory(factory.django.DjangoModelFactory):
    """``LearningPathFactory(modules=[...], advised={"giz": 21})``: the modules in that order."""

    class Meta:
        model = LearningPath
        skip_postgeneration_save = True

    title = "Inwerkprogramma toegang"
    due_days = 60

    @factory.post_generation
    def modules(path, create, extracted, advised=None, **kwargs):
        for order, module in enumerate(extracted or []):
            LearningPathModule.objects.create(
                path=path, module=module, sort_order=order, advised_day=(advised or {}).get(module.slug)
            )


MODULE_MD = """\
---
title: {title}
slug: {slug}
order: {order}
minutes: 45
accreditation_hours: 1.5
refresh_months: 12
audience: Iedereen in de toegang
learning_goals:
  - het eerste doel
  - het tweede doel
---
Intro van {title}.
"""

LESSON_MD = """\
---
title: {title}
slug: {slug}
minutes: 15
region: ZM, LR
learning_goals:
  - iets kunnen
---
{body}
"""

DEFAULT_BODY = """\
Een opening over {title}.

## Kern

Uitleg over {title}.

:::definitie Begrip
Een definitie.
:::

:::casus Een gezin
De situatie.
--- vraag
Wat doe je?
--- uitwerking
Je vraagt door.
:::

## Bronnen

- Verbeterplan, `000_x.txt` regels 1–2
"""


def write_module(root, number, slug, title=None, lessons=(), order=None):
    """Write ``root/NN-slug/module.md`` and lesson files; ``lessons`` is a list of
    ``(slug, title)`` or ``(slug, title, body)``."""
    folder = Path(root) / f"{number:02d}-{slug}"
    folder.mkdir(parents=True, exist_ok=True)
    title = title or slug.replace("-", " ").capitalize()
    (folder / "module.md").write_text(
        MODULE_MD.format(title=title, slug=slug, order=number if order is None else order), encoding="utf-8"
    )
    for n, lesson in enumerate(lessons, start=1):
        write_lesson(folder, n, *lesson)
    return folder


def write_lesson(folder, number, slug, title, body=None):
    body = body if body is not None else DEFAULT_BODY.format(title=title)
    path = Path(folder) / f"{number:02d}-{slug}.md"
    path.write_text(LESSON_MD.format(title=title, slug=slug, body=textwrap.dedent(body)), encoding="utf-8")
    return path
