"""Builders for pages and leerstof source files used by the tests of the modules app."""

import textwrap
from pathlib import Path

from modules.models import LessonPage, ModulePage


def make_module(index, title="Module", slug=None, **fields):
    module = ModulePage(title=title, slug=slug or title.lower().replace(" ", "-"), **fields)
    index.add_child(instance=module)
    module.save_revision().publish()
    return module


def make_lesson(module, title="Les", slug=None, text="Tekst van de les.", live=True, **fields):
    lesson = LessonPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        body=[{"type": "markdown", "value": text}],
        live=live,
        **fields,
    )
    module.add_child(instance=lesson)
    revision = lesson.save_revision()
    if live:
        revision.publish()
    return lesson


def make_modules(index, modules=2, lessons=3, prefix="m"):
    """``modules`` modules with ``lessons`` lessons each; returns the module pages."""
    result = []
    for m in range(modules):
        module = make_module(index, title=f"Module {prefix}{m}", slug=f"module-{prefix}{m}")
        for n in range(lessons):
            make_lesson(
                module, title=f"Les {prefix}{m}.{n}", slug=f"les-{n}", text=f"Les {n} van module {m}."
            )
        result.append(module)
    return result


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
