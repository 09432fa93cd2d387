"""The hooks through which an app built on ``modules`` takes part in learning progress.

``modules`` never imports the apps above it. An app that owns a kind of step page (anything
whose ``parent_page_types`` names ``modules.ModulePage``) registers functions for these hook
names in its ``wagtail_hooks.py``, as with Wagtail's own hooks::

    from wagtail import hooks
    from modules import hooks as progress_hooks

    @hooks.register(progress_hooks.OPTIONAL_STEPS)
    def my_optional_steps(pages):
        return {page.pk for page in pages if ...}

The functions below call every registered function (``wagtail.hooks.get_hooks``) and combine
the results; the rest of ``modules`` calls only them. Without any registered function each of
them returns the empty result, and ``modules`` works on its own with lessons as the only steps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from wagtail import hooks

OPTIONAL_STEPS = "modules_optional_steps"
"""``fn(pages) -> iterable of page ids``.

``pages``: live step pages of one or more modules, as plain ``wagtail.models.Page`` objects (not
lessons; lessons always count). Return the ids of those among them that a module does not need
for completion (for example a test taken before the lessons); ignore pages of other types.
"""

STEP_ATTEMPT_COUNTS = "modules_step_attempt_counts"
"""``fn(user, pages) -> dict[page id, int]``.

``pages``: the step pages shown to ``user`` (plain ``Page`` objects). For each page of the
app's own type, return how many attempts ``user`` made at it, 0 included; leave out the pages
it does not record attempts at (they show no attempt count). At most one query per call.
"""

EXPORT_LEARNING_DATA = "modules_export_learning_data"
"""``fn(user) -> dict[str, JSON-serialisable]``.

The app's part of a person's own data export (``/mijn-voortgang/export``, right of access):
top-level keys of the JSON file (for example every stored column of every row of a model, by
``attname``). The keys must not clash with those ``modules`` writes itself.
"""

COUNT_LEARNING_DATA = "modules_count_learning_data"
"""``fn(user) -> iterable of (label, count)``.

What the app has recorded about ``user``'s learning, shown to the beheerder before erasing it
(and repeated in the message after): ``label`` is a translated text that also says what
erasure does with it, e.g. "Quiz attempts (kept without the person)".
"""

ERASE_LEARNING_DATA = "modules_erase_learning_data"
"""``fn(user) -> dict[str, int]``.

Erase (or anonymise) what the app recorded about ``user`` (right to erasure), as its
``PERSONAL_DATA`` declares. Runs inside the transaction of ``modules.progress.erase_learning_data``;
the returned counts (by a stable key) are merged into its result, which goes into the audit log.
"""

PERSONAL_DATA = "modules_personal_data"
"""``fn() -> iterable of leergang.privacy.PersonalData``.

For every relation from one of the app's models to the user model: the key of the own-data
export whose rows are its rows (each with its ``id``), and what erasure does with them (deleted,
anonymised, kept and why). ``tests/modules/test_privacy.py`` fails on a relation to the user that
no app declares, and proves the declarations against a person with one of everything.
"""

TAKE_DEMO_STEP = "modules_take_demo_step"
"""``fn(user, page, attempts: list[DemoAttempt]) -> bool``.

For the demo data (``demo_progress``): record the planned ``attempts`` at the step ``page`` by
``user`` the way a real person would make them, and return True; return False when ``page``
is not the app's kind of step. Must be idempotent (run again, it adds nothing). The first
function that returns True wins; a step nobody takes is completed directly on its last pass.
"""

BUILD_DEMO_DATA = "modules_build_demo_data"
"""``fn(*, verbosity, stdout, stderr) -> None``.

For ``demo_data``: build the app's part of the demo site (idempotent). Runs after the leerstof
is imported and before the demo progress is written, in the order of registration.
"""


MY_PROGRESS_SECTIONS = "modules_my_progress_sections"
"""``fn(request) -> str | None``.

A section of the app on the person's own "Mijn voortgang" (``/mijn-voortgang/``), as safe HTML
(a rendered template, starting with its own ``<section>`` and ``<h2>``), shown after the
certificates; None or "" shows nothing. Forms in it post to the app's own URLs.

The page is kept whole per person (:mod:`modules.page_cache`): a section must be drawn only from
records whose changes move the person's generation on (``modules.progress.progress_changed``)
or the site generation.
"""


@dataclass(frozen=True)
class DemoAttempt:
    """One planned try at a step, as a ``TAKE_DEMO_STEP`` function receives it: when, the
    score aimed at (the step's questions decide the exact score), and whether it passes."""

    at: datetime.datetime
    score: int
    passed: bool


def optional_step_ids(pages) -> set[int]:
    """The ids among ``pages`` that do not count towards completing a module."""
    pages = list(pages)
    if not pages:
        return set()
    return {pk for fn in hooks.get_hooks(OPTIONAL_STEPS) for pk in fn(pages)}


def step_attempt_counts(user, pages) -> dict[int, int]:
    """page id → the number of attempts ``user`` made, for the pages an app counts attempts at."""
    pages = list(pages)
    counts = {}
    if pages:
        for fn in hooks.get_hooks(STEP_ATTEMPT_COUNTS):
            counts.update(fn(user, pages))
    return counts


def learning_data_to_export(user) -> dict:
    """The apps' parts of ``user``'s own data export, merged into one dict."""
    data = {}
    for fn in hooks.get_hooks(EXPORT_LEARNING_DATA):
        data.update(fn(user))
    return data


def learning_data_counts(user) -> list[tuple[str, int]]:
    """(label, count) for what the apps recorded about ``user``, in hook order."""
    return [(label, count) for fn in hooks.get_hooks(COUNT_LEARNING_DATA) for label, count in fn(user)]


def erase_learning_data(user) -> dict[str, int]:
    """Let every app erase what it recorded about ``user``; their counts, merged."""
    counts = {}
    for fn in hooks.get_hooks(ERASE_LEARNING_DATA):
        counts.update(fn(user))
    return counts


def personal_data_coverage() -> list:
    """The ``PersonalData`` the apps above modules declare, in hook order."""
    return [entry for fn in hooks.get_hooks(PERSONAL_DATA) for entry in fn()]


def take_demo_step(user, page, attempts: list[DemoAttempt]) -> bool:
    """Let the app that owns ``page`` record ``attempts``; False when no app takes it."""
    return any(fn(user, page, attempts) for fn in hooks.get_hooks(TAKE_DEMO_STEP))


def build_demo_data(*, verbosity, stdout, stderr) -> None:
    """Let every app build its part of the demo site."""
    for fn in hooks.get_hooks(BUILD_DEMO_DATA):
        fn(verbosity=verbosity, stdout=stdout, stderr=stderr)


def my_progress_sections(request) -> list[str]:
    """The apps' sections for ``request.user``'s own progress page, in hook order."""
    return [html for fn in hooks.get_hooks(MY_PROGRESS_SECTIONS) if (html := fn(request))]
