"""Which lessons mention a voorziening, without importing the modules app (imports flow one way).

A lesson mentions an entry when a voorzieningen block in it shows the entry's category or picks
the entry by hand, or when the entry's name appears in the lesson's text. One query selects the
live lessons that could qualify (their stored body contains a voorzieningen block or the name);
the exact check runs on their raw block data in Python.
"""

import json

from django.apps import apps
from django.db.models import Q

TEXT_SKIP_KEYS = {"type", "id"}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in TEXT_SKIP_KEYS:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _picked_ids(items):
    for item in items or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            yield value


def block_mentions(raw_blocks, voorziening):
    """Whether a lesson's raw StreamField data mentions the entry (pure function)."""
    name = voorziening.name.casefold()
    for block in raw_blocks:
        if not isinstance(block, dict):
            continue
        value = block.get("value")
        if block.get("type") == "voorzieningen" and isinstance(value, dict):
            if value.get("category_slug") and value["category_slug"] == voorziening.category.slug:
                return True
            if voorziening.pk in set(_picked_ids(value.get("items"))):
                return True
        if name and any(name in text.casefold() for text in _strings(value)):
            return True
    return False


def lessons_mentioning(voorziening):
    """Live lessons that mention the entry, in the order of the page tree (one query)."""
    try:
        LessonPage = apps.get_model("modules", "LessonPage")
    except LookupError:
        return []
    json_name = json.dumps(voorziening.name)[1:-1]  # how SQLite stores non-ASCII text in JSON
    condition = Q(body__icontains='"voorzieningen"') | Q(body__icontains=voorziening.name)
    if json_name != voorziening.name:
        condition |= Q(body__icontains=json_name)
    candidates = LessonPage.objects.live().public().filter(condition).order_by("path")
    return [lesson for lesson in candidates if block_mentions(lesson.body.raw_data, voorziening)]
