"""Learning progress: the one place that writes it, and the queries that read it.

Writes: ``complete_step`` (lessons marked done, other steps passed) and ``erase_learning_data``.
A module completion, its accreditation hours and its certificate are written together, in the
same transaction as the step that completed the module.

Reads: ``user_progress`` (one person, every detail) and ``statuses_for_users`` / ``people_paths``
(many people, for the team dashboard and the reminders) run a fixed number of queries however
many people and modules there are. What the facts mean is decided in ``modules.status_rules``.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from leergang.models import StaffProfile

from . import hooks as progress_hooks
from . import progress_cache
from . import status_rules as rules
from .models import (
    AccreditationEntry,
    Certificate,
    LearningPath,
    LearningPathModule,
    LessonPage,
    ModuleChange,
    ModuleCompletion,
    ModulePage,
    StepCompletion,
)

add_months = rules.add_months  # kept importable from here (older callers)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: readable from paper


# --- Writing ------------------------------------------------------------------------------


def complete_step(user, page, *, score=None, when=None):
    """Record that ``user`` completed ``page`` (a step of a module); idempotent.

    A repeated call keeps the first completion date, moves ``last_completed_at`` on (that is
    what a refresher looks at) and raises a stored score when a better one comes in. When the
    module is thereby complete (every published step for a first completion; the quiz and the
    changed lessons for a refresher), a ``ModuleCompletion`` is written with its refresh date,
    accreditation hours (first completion only) and certificate.

    Returns the ``StepCompletion``; its attribute ``module_completion`` is the
    ``ModuleCompletion`` this call created, or None.
    """
    when = when or timezone.now()
    module = page if isinstance(page, ModulePage) else None
    if module is None:
        module = ModulePage.objects.ancestor_of(page).first()
    if module is None:
        raise ValueError(f"Page {page.pk} is not a step of a module.")
    with transaction.atomic():
        # One writer per person at a time, so two requests finishing the last two steps
        # together cannot both (or neither) complete the module.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        try:
            with transaction.atomic():
                completion, created = StepCompletion.objects.get_or_create(
                    user=user,
                    page_id=page.pk,
                    defaults={
                        "module": module,
                        "completed_at": when,
                        "last_completed_at": when,
                        "score": score,
                    },
                )
        except IntegrityError:  # a concurrent request created it first
            completion, created = StepCompletion.objects.get(user=user, page_id=page.pk), False
        if not created:
            changed = []
            if score is not None and (completion.score is None or score > completion.score):
                completion.score = score
                changed.append("score")
            if when > completion.last_completed_at:
                completion.last_completed_at = when
                changed.append("last_completed_at")
            if changed:
                completion.save(update_fields=changed)
        completion.module_completion = _complete_module_if_done(user, module, when)
    return completion


def _complete_module_if_done(user, module, when):
    structure = site_structure()
    if structure.covers([module]):
        steps, changes = structure.steps.get(module.pk, []), structure.changes.get(module.pk, ())
    else:
        steps = steps_by_module([module]).get(module.pk, [])
        changes = _changes_by_module([module.pk]).get(module.pk, ())
    if not steps:
        return None
    done = _done_map(StepCompletion.objects.filter(user=user, page_id__in=[s.id for s in steps]))
    latest = ModuleCompletion.objects.filter(user=user, module=module).order_by("-completed_at").first()
    status = rules.module_status(
        total_steps=len(steps),
        done_steps=sum(1 for s in steps if s.id in done),
        completion=rules.Completion(latest.completed_at, latest.expires_at) if latest else None,
        changes=changes,
        now=when,
    )
    if not rules.module_ready_to_complete(status, steps, done):
        return None
    expires = rules.add_months(when, module.refresh_months) if module.refresh_months else None
    module_completion = ModuleCompletion.objects.create(
        user=user, module=module, completed_at=when, expires_at=expires
    )
    hours = 0
    if (
        module.accreditation_hours
        and not AccreditationEntry.objects.filter(user=user, module=module).exists()
    ):
        hours = module.accreditation_hours
        AccreditationEntry.objects.create(
            user=user,
            module=module,
            module_title=module.title,
            hours=hours,
            earned_on=rules.local_date(when),
            module_completion=module_completion,
        )
    _issue_certificate(user, module, module_completion, hours=hours, is_refresher=latest is not None)
    return module_completion


def record_reflection_hours(user, *, source_key, title, hours, earned_on):
    """Put reflection hours (a casusbespreking or intervisie the person attended, recorded by an
    app above this one) into ``user``'s accreditation ledger, apart from the e-learning hours.
    One entry per ``source_key``: recording it again updates it."""
    entry, _created = AccreditationEntry.objects.update_or_create(
        user=user,
        source_key=source_key,
        defaults={
            "kind": AccreditationEntry.Kind.REFLECTION,
            "module": None,
            "module_title": title,
            "hours": hours,
            "earned_on": earned_on,
        },
    )
    return entry


def withdraw_reflection_hours(user, *, source_key) -> int:
    """Take the reflection hours recorded for ``source_key`` out of the ledger again."""
    if not source_key:
        return 0
    return AccreditationEntry.objects.filter(
        user=user, source_key=source_key, kind=AccreditationEntry.Kind.REFLECTION
    ).delete()[0]


def new_certificate_code() -> str:
    """An unguessable code (80 bits) that reads well on paper: XXXX-XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_certificate_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _issue_certificate(user, module, module_completion, *, hours, is_refresher):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    user=user,
                    module=module,
                    module_completion=module_completion,
                    code=new_certificate_code(),
                    full_name=user.get_full_name() or user.get_username(),
                    module_title=module.title,
                    completed_on=rules.local_date(module_completion.completed_at),
                    hours=hours,
                    is_refresher=is_refresher,
                )
        except IntegrityError:  # a code collision: practically never, try another
            continue
    raise RuntimeError("Could not find a free certificate code.")


def erase_learning_data(user, *, erased_by=None) -> dict:
    """Erase everything personal the platform holds about ``user`` (AVG: right to erasure): the
    one entry point, for the admin and for commands. Step and module completions, accreditation
    entries, reminders, the staff profile, favourites and login records go; certificates, quiz
    attempts and reports on the sociale kaart stay without the person; the apps built on this
    one erase through the ``ERASE_LEARNING_DATA`` hook; all in one transaction, with Wagtail's
    audit entry by ``erased_by`` (None: a command). The account stays. Returns counts by kind.
    What stays and why: :mod:`modules.privacy`."""
    from .privacy import erase_person

    return erase_person(user, erased_by=erased_by)


# --- Reading: building blocks -------------------------------------------------------------


def live_modules():
    """The published modules in their order in the page tree."""
    return list(ModulePage.objects.live().public().order_by("path"))


def _lesson_content_type_id():
    return ContentType.objects.get_for_model(LessonPage).pk


def steps_by_module(modules) -> dict[int, list[rules.Step]]:
    """module id → its published steps as ``status_rules.Step``, in order (one query for all
    modules, plus Wagtail's view-restriction lookup)."""
    return _steps_and_pages(modules)[0]


def _steps_and_pages(modules, children=None):
    """(steps by module, step pages by id, openers by module); ``children``, a dict, receives
    every published child of each module (optional steps too), in order, for navigation."""
    modules = list(modules)
    if not modules:
        return {}, {}, {}
    condition = Q()
    for module in modules:
        condition |= Q(path__startswith=module.path, depth=module.depth + 1)
    by_path = {m.path: m.pk for m in modules}
    lesson_type = _lesson_content_type_id()
    steps, pages, openers = defaultdict(list), {}, {}
    candidates = list(Page.objects.live().public().filter(condition).order_by("path"))
    optional = progress_hooks.optional_step_ids(p for p in candidates if p.content_type_id != lesson_type)
    for page in candidates:
        module_id = by_path[page.path[: -Page.steplen]]
        if children is not None:
            children.setdefault(module_id, []).append(page)
        if page.pk in optional:
            # An optional step before the first counted one (a voortoets) opens the module.
            if not steps[module_id]:
                openers.setdefault(module_id, page)
            continue
        steps[module_id].append(
            rules.Step(
                id=page.pk,
                is_lesson=page.content_type_id == lesson_type,
                last_published_at=page.last_published_at,
            )
        )
        pages[page.pk] = page
    return {k: v for k, v in steps.items() if v}, pages, openers


def _done_map(step_completions) -> dict[int, rules.StepDone]:
    return {
        c.page_id: rules.StepDone(completed_at=c.completed_at, last_completed_at=c.last_completed_at)
        for c in step_completions
    }


def _changes_by_module(module_ids) -> dict[int, list[rules.Change]]:
    changes = defaultdict(list)
    for module_id, changed_on, summary in ModuleChange.objects.filter(module_id__in=module_ids).values_list(
        "module_id", "changed_on", "summary"
    ):
        changes[module_id].append(rules.Change(changed_on, summary))
    return changes


def load_paths():
    """Every learning path with its module items (in order) and team ids: three queries."""
    paths = list(LearningPath.objects.all())
    items = defaultdict(list)
    for item in LearningPathModule.objects.filter(path__in=paths).order_by("sort_order", "pk"):
        items[item.path_id].append(item)
    teams = defaultdict(set)
    through = LearningPath.teams.through
    for path_id, team_id in through.objects.filter(learningpath__in=paths).values_list(
        "learningpath_id", "team_id"
    ):
        teams[path_id].add(team_id)
    for path in paths:
        path.loaded_items = items[path.pk]
        path.loaded_team_ids = teams[path.pk]
    return paths


@dataclass
class SiteStructure:
    """What every person's progress is measured against, the same for everyone: the published
    modules, their steps, module changes and learning paths. Cached per site generation
    (:mod:`modules.progress_cache`)."""

    modules: list  # ModulePage, in tree order
    steps: dict  # module id → [rules.Step] (the counted steps)
    pages: dict  # counted step id → Page
    openers: dict  # module id → the optional step that opens it (a voortoets)
    children: dict  # module id → every published child Page, in order (navigation)
    changes: dict  # module id → [rules.Change]
    paths: list  # LearningPath with loaded_items and loaded_team_ids
    generation: int = 0
    #: paths of the pages that carry a view restriction or are an alias: below them Wagtail's
    #: own lookup decides (``modules.models.ViewRestrictionsFromStructure``)
    guarded_paths: tuple = ()

    @property
    def module_ids(self):
        return {m.pk for m in self.modules}

    def module_of(self, page_id):
        """The module a published step belongs to, or None."""
        for module in self.modules:
            if any(child.pk == page_id for child in self.children.get(module.pk, ())):
                return module
        return None

    def covers(self, modules):
        ids = self.module_ids
        return all(m.pk in ids for m in modules)


def _build_structure(generation) -> SiteStructure:
    modules = live_modules()
    children = {}
    steps, pages, openers = _steps_and_pages(modules, children)
    return SiteStructure(
        modules=modules,
        steps=steps,
        pages=pages,
        openers=openers,
        children=children,
        changes=dict(_changes_by_module([m.pk for m in modules])),
        paths=load_paths(),
        generation=generation,
        guarded_paths=_guarded_paths(),
    )


def _guarded_paths():
    return tuple(
        Page.objects.filter(Q(alias_of__isnull=False) | Q(view_restrictions__isnull=False))
        .values_list("path", flat=True)
        .distinct()
    )


def site_structure() -> SiteStructure:
    """The published modules and steps, module changes and paths: from the cache, else built
    (a fixed number of queries) and cached until the site generation moves on."""
    generation, _person = progress_cache.generations()
    return _structure_for(generation)


def cached_site_structure() -> SiteStructure | None:
    """The site structure when it is in the cache, else None (nothing is built)."""
    generation, _person = progress_cache.generations()
    return progress_cache.get(progress_cache.structure_key(generation), family=progress_cache.STRUCTURE)


def _structure_for(generation) -> SiteStructure:
    key = progress_cache.structure_key(generation)
    structure = progress_cache.get(key, family=progress_cache.STRUCTURE)
    if structure is None:
        structure = _build_structure(generation)
        progress_cache.put(key, structure, family=progress_cache.STRUCTURE)
    return structure


@dataclass
class PersonFacts:
    """What one person did, as read from the database: cached per person generation."""

    completions: dict  # page id → StepCompletion
    module_completions: list  # ModuleCompletion, oldest first
    certificates: list  # Certificate, newest first
    attempts: dict  # step id → number of attempts, for the structure's steps that count them
    profile: object  # StaffProfile (with team) or None
    accreditation: list  # AccreditationEntry, oldest first


def _load_facts(user, structure) -> PersonFacts:
    counted = (structure.pages[s.id] for steps in structure.steps.values() for s in steps if not s.is_lesson)
    return PersonFacts(
        completions={c.page_id: c for c in StepCompletion.objects.filter(user=user)},
        module_completions=list(ModuleCompletion.objects.filter(user=user).order_by("completed_at")),
        certificates=list(Certificate.objects.filter(user=user).order_by("-completed_on", "-pk")),
        attempts=progress_hooks.step_attempt_counts(user, counted),
        profile=_profile_of(user),
        accreditation=list(AccreditationEntry.objects.filter(user=user).order_by("earned_on", "pk")),
    )


def structure_and_facts(user, *, load_facts=True):
    """The site structure and ``user``'s facts, from the cache where they are (two cache round
    trips when both are there). ``load_facts=False``: facts only when cached, else None."""
    site_gen, person_gen = progress_cache.generations(user.pk)
    structure = _structure_for(site_gen)
    key = progress_cache.facts_key(user.pk, person_gen, site_gen)
    facts = progress_cache.get(key)
    if facts is None and load_facts:
        facts = _load_facts(user, structure)
        progress_cache.put(key, facts)
    return structure, facts


def progress_changed(user_id):
    """For apps built on this one: something that counts in ``user_id``'s progress changed
    (a quiz attempt): their cached progress is rebuilt on the next read."""
    progress_cache.person_changed(user_id)


@dataclass
class PersonPath:
    path: LearningPath
    items: list  # LearningPathModule rows whose module is published
    status: rules.PathStatus
    #: (ModuleProgress, rules.ScheduleItem) per module of the path, set by ``user_progress``
    rows: list = field(default_factory=list)

    @property
    def behind(self):
        return self.status.behind


def _prepared_paths(paths, live_module_ids):
    """Per learning path what is the same for every person: its published module items, and
    those as ``rules.PathItem``; paths without published modules are left out."""
    prepared = []
    for path in paths:
        items = [i for i in path.loaded_items if i.module_id in live_module_ids]
        if items:
            prepared.append((path, items, [rules.PathItem(i.module_id, i.advised_day) for i in items]))
    return prepared


def paths_for_person(
    profile, paths, live_module_ids, first_completed_on, today, *, prepared=None
) -> list[PersonPath]:
    """The learning paths meant for a person, with where they stand (no queries). For many
    people, pass ``prepared=_prepared_paths(paths, live_module_ids)`` once (``paths`` unused)."""
    if profile is None:
        return []
    if prepared is None:
        prepared = _prepared_paths(paths, live_module_ids)
    team = profile.team
    result = []
    for path, items, path_items in prepared:
        if not rules.path_applies(
            team_id=profile.team_id,
            organisation=team.organisation if team else None,
            start_date=profile.start_date,
            path_team_ids=path.loaded_team_ids,
            path_organisation_types=path.organisation_types,
            applies_from=path.applies_from,
        ):
            continue
        status = rules.path_status(
            start_date=profile.start_date,
            due_days=path.due_days,
            items=path_items,
            completed_on=first_completed_on,
            today=today,
        )
        result.append(PersonPath(path=path, items=items, status=status))
    return result


def primary_path(person_paths):
    """The path to show first: an open one with the nearest due date, else the first."""
    open_paths = [p for p in person_paths if not p.status.complete]
    if open_paths:
        return min(
            open_paths, key=lambda p: (p.status.due_date is None, p.status.due_date or datetime.date.max)
        )
    return person_paths[0] if person_paths else None


# --- Reading: many people at once ---------------------------------------------------------


@dataclass
class GroupProgress:
    """Statuses and paths for many people: ``statuses[user_id][module_id]``,
    ``paths[user_id]`` (list of PersonPath)."""

    modules: list
    statuses: dict
    paths: dict
    first_completed_on: dict


def progress_for_profiles(
    profiles, users_queryset, modules=None, *, now=None, structure=None
) -> GroupProgress:
    """Module statuses and learning paths of many people with a fixed number of queries.

    ``profiles`` are the StaffProfiles (with ``team`` selected) of the people; ``users_queryset``
    selects the same users and is used as a subquery, so the number of people does not change the
    number or size of the queries. ``structure``: the caller's ``site_structure()``, when it
    already has it.
    """
    now = now or timezone.now()
    today = rules.local_date(now)
    structure = structure or site_structure()
    modules = structure.modules if modules is None else list(modules)
    module_ids = [m.pk for m in modules]
    steps = structure.steps if structure.covers(modules) else steps_by_module(modules)
    step_ids = [s.id for m in modules for s in steps.get(m.pk, ())]
    done_counts = {}
    if step_ids:
        for user_id, module_id, count in (
            StepCompletion.objects.filter(user__in=users_queryset, page_id__in=step_ids)
            .order_by()
            .values_list("user_id", "module_id")
            .annotate(n=Count("pk"))
        ):
            done_counts[(user_id, module_id)] = count
    latest, first = {}, defaultdict(dict)
    zone = timezone.get_current_timezone()
    for user_id, module_id, completed_at, expires_at in (
        ModuleCompletion.objects.filter(user__in=users_queryset, module_id__in=module_ids)
        .order_by("completed_at")
        .values_list("user_id", "module_id", "completed_at", "expires_at")
    ):
        latest[(user_id, module_id)] = rules.Completion(completed_at, expires_at)
        if module_id not in first[user_id]:
            first[user_id][module_id] = rules.local_date(completed_at, zone)
    changes = structure.changes if structure.covers(modules) else _changes_by_module(module_ids)
    live_ids = set(module_ids)
    prepared = _prepared_paths(structure.paths, live_ids)
    # What a module's status depends on, the same for everyone: its step count and changes.
    columns = [(m.pk, len(steps.get(m.pk, ())), changes.get(m.pk, ())) for m in modules]
    # Statuses are immutable and many people share one (nothing started, all of a module's
    # steps done on the same day): each distinct one is worked out once.
    known = {}
    statuses, person_paths = {}, {}
    for profile in profiles:
        uid = profile.user_id
        person = {}
        for module_id, total, module_changes in columns:
            done = done_counts.get((uid, module_id), 0)
            completion = latest.get((uid, module_id))
            key = (module_id, done, completion)
            status = known.get(key)
            if status is None:
                status = known[key] = rules.module_status(
                    total_steps=total,
                    done_steps=done,
                    completion=completion,
                    changes=module_changes,
                    now=now,
                    today=today,
                )
            person[module_id] = status
        statuses[uid] = person
        person_paths[uid] = paths_for_person(profile, None, live_ids, first[uid], today, prepared=prepared)
    return GroupProgress(modules=modules, statuses=statuses, paths=person_paths, first_completed_on=first)


# --- Reading: one person, every detail ----------------------------------------------------


@dataclass
class StepProgress:
    page: Page
    step: rules.Step
    completion: StepCompletion | None
    attempts: int | None = None
    #: during a refresher: whether this step is asked for, and whether it was done again
    refresh_required: bool = False
    redone: bool = False

    @property
    def is_lesson(self):
        return self.step.is_lesson

    @property
    def done(self):
        return self.completion is not None

    @property
    def best_score(self):
        return self.completion.score if self.completion else None


@dataclass
class ModuleProgress:
    module: ModulePage
    status: rules.ModuleStatus
    steps: list[StepProgress]
    history: list  # ModuleCompletion rows, newest first
    certificates: list = field(default_factory=list)
    next_step: StepProgress | None = None
    last_activity: datetime.datetime | None = None

    @property
    def refresh_pending(self):
        return [s for s in self.steps if s.refresh_required and not s.redone]


def module_action(module_progress, step_pages):
    """The call to action on a module page: ``(page, label)``, or None without steps.

    ``step_pages`` are the module's published steps in order, optional ones (a voortoets)
    included, so "Begin" starts where the module starts.
    """
    from django.utils.translation import gettext as _

    step_pages = list(step_pages)
    if not step_pages:
        return None
    status, following = module_progress.status, module_progress.next_step
    if status.state == rules.NOT_STARTED:
        return step_pages[0], _("Begin")
    if status.state == rules.REFRESH and following:
        return following.page, _("Start the refresher")
    if following:
        return following.page, _("Continue")
    # Reading again starts at the leerstof, past an optional step such as a voortoets.
    first_counted = module_progress.steps[0].page if module_progress.steps else step_pages[0]
    return first_counted, _("Read again")


@dataclass
class NextStep:
    module: ModulePage
    step: StepProgress
    reason: str  # "path", rules.IN_PROGRESS or rules.REFRESH

    @property
    def is_refresher(self) -> bool:
        return self.reason == rules.REFRESH


@dataclass
class UserProgress:
    user: object
    profile: object
    modules: list[ModuleProgress]
    paths: list[PersonPath]
    next: NextStep | None
    accreditation: list  # AccreditationEntry rows, oldest first
    certificates: list  # Certificate rows, newest first
    now: datetime.datetime

    @property
    def by_module_id(self):
        return {mp.module.pk: mp for mp in self.modules}

    @property
    def primary_path(self):
        return primary_path(self.paths)

    @property
    def cycles(self):
        anchor = self.profile.register_cycle_start if self.profile else None
        return rules.accreditation_cycles(self.accreditation, anchor=anchor, today=rules.local_date(self.now))

    @property
    def refresh_needed(self):
        return [mp for mp in self.modules if mp.status.needs_refresh]


def _profile_of(user):
    return StaffProfile.objects.select_related("team").filter(user=user).first()


def user_progress(user, *, now=None, modules=None) -> UserProgress:
    """Everything about one person's learning, for /mijn-voortgang/, the home page and a team
    lead's member page. A fixed number of queries; none when the site structure and the
    person's facts are cached (``modules.progress_cache``)."""
    now = now or timezone.now()
    today = rules.local_date(now)
    structure, facts = structure_and_facts(user)
    modules = structure.modules if modules is None else list(modules)
    module_ids = [m.pk for m in modules]
    if structure.covers(modules):
        steps, pages, openers = structure.steps, structure.pages, structure.openers
        changes, attempts = structure.changes, facts.attempts
    else:  # a module that is not published (a preview): read it as it is
        steps, pages, openers = _steps_and_pages(modules)
        changes = _changes_by_module(module_ids)
        attempts = progress_hooks.step_attempt_counts(
            user, (pages[s.id] for module_steps in steps.values() for s in module_steps if not s.is_lesson)
        )
    completions = facts.completions
    done = _done_map(completions.values())
    history = defaultdict(list)
    first_completed_on = {}
    wanted = set(module_ids)
    for mc in facts.module_completions:
        if mc.module_id in wanted:
            history[mc.module_id].insert(0, mc)
            first_completed_on.setdefault(mc.module_id, rules.local_date(mc.completed_at))
    certificates_by_module = defaultdict(list)
    for certificate in facts.certificates:
        certificates_by_module[certificate.module_id].append(certificate)

    module_progress = [
        _module_progress(
            module,
            steps.get(module.pk, []),
            pages,
            openers.get(module.pk),
            completions,
            done,
            history[module.pk],
            certificates_by_module[module.pk],
            changes.get(module.pk, ()),
            attempts,
            now,
        )
        for module in modules
    ]
    profile = facts.profile
    person_paths = paths_for_person(profile, structure.paths, set(module_ids), first_completed_on, today)
    by_id = {mp.module.pk: mp for mp in module_progress}
    for person_path in person_paths:
        person_path.rows = [(by_id[item.module_id], item) for item in person_path.status.schedule]
    return UserProgress(
        user=user,
        profile=profile,
        modules=module_progress,
        paths=person_paths,
        next=_next_step(module_progress, person_paths),
        accreditation=facts.accreditation,
        certificates=facts.certificates,
        now=now,
    )


def _module_progress(
    module, module_steps, pages, opener, completions, done, history, certificates, changes, attempts, now
) -> ModuleProgress:
    """One module's progress for one person from facts already read (no queries)."""
    latest = history[0] if history else None
    status = rules.module_status(
        total_steps=len(module_steps),
        done_steps=sum(1 for s in module_steps if s.id in done),
        completion=rules.Completion(latest.completed_at, latest.expires_at) if latest else None,
        changes=changes,
        now=now,
    )
    refresh = {}
    if status.needs_refresh:
        refresh = {
            s.id: redone
            for s, redone in rules.refresh_steps(
                module_steps, done, previous_completed_at=status.completed_at, since=status.refresh_since
            )
        }
    step_progress = [
        StepProgress(
            page=pages[s.id],
            step=s,
            completion=completions.get(s.id),
            attempts=attempts.get(s.id),
            refresh_required=s.id in refresh,
            redone=refresh.get(s.id, False),
        )
        for s in module_steps
    ]
    next_step = rules.next_open_step(status, module_steps, done)
    following = next((sp for sp in step_progress if next_step and sp.step.id == next_step.id), None)
    if opener is not None and status.state == rules.NOT_STARTED and opener.pk not in completions:
        # The module's own first step (its voortoets) comes before the leerstof.
        following = StepProgress(
            page=opener,
            step=rules.Step(id=opener.pk, is_lesson=False, last_published_at=opener.last_published_at),
            completion=None,
        )
    activity = [done[s.id].last_completed_at for s in module_steps if s.id in done]
    return ModuleProgress(
        module=module,
        status=status,
        steps=step_progress,
        history=history,
        certificates=certificates,
        next_step=following,
        last_activity=max(activity) if activity else None,
    )


@dataclass
class ModuleFinished:
    """What the last step of a completed module shows: the module, its newest certificate and
    the next open module of the person's learning path (or None)."""

    module: ModulePage
    certificate: Certificate | None
    next_module: ModulePage | None


def module_finished(user, module, *, now=None) -> ModuleFinished | None:
    """For the page after a module's last step: None while ``module`` is not completed (a
    fixed number of queries: those of :func:`user_progress`)."""
    data = user_progress(user, now=now)
    mp = data.by_module_id.get(module.pk)
    if mp is None or not mp.status.ever_completed:
        return None
    next_module = None
    for person_path in sorted(data.paths, key=lambda p: p.status.complete):
        following = next((row for row, item in person_path.rows if not item.done), None)
        if following is not None:
            next_module = following.module
            break
    return ModuleFinished(
        module=mp.module,
        certificate=mp.certificates[0] if mp.certificates else None,
        next_module=next_module,
    )


def _next_step(module_progress, person_paths) -> NextStep | None:
    """ "Verder waar je gebleven was": the next step of an open learning path, else of the module
    last worked on, else of a refresher."""
    by_id = {mp.module.pk: mp for mp in module_progress}
    for person_path in sorted(person_paths, key=lambda p: p.status.due_date or datetime.date.max):
        if person_path.status.complete:
            continue
        for item in person_path.items:
            mp = by_id.get(item.module_id)
            if mp and not mp.status.ever_completed and mp.next_step:
                return NextStep(mp.module, mp.next_step, "path")
    started = [mp for mp in module_progress if mp.status.state == rules.IN_PROGRESS and mp.next_step]
    if started:
        mp = max(started, key=lambda mp: mp.last_activity)
        return NextStep(mp.module, mp.next_step, rules.IN_PROGRESS)
    for mp in module_progress:
        if mp.status.needs_refresh and mp.next_step:
            return NextStep(mp.module, mp.next_step, rules.REFRESH)
    return None


def step_state(user, page, *, now=None):
    """For the lesson button: (StepProgress or None, ModuleProgress or None, next page or None).

    Reads only this step's module: the person's completions of its steps and their completions
    of the module (two queries, none when their facts are cached). The ModuleProgress carries
    no certificates and no attempt counts (the button needs neither)."""
    now = now or timezone.now()
    structure, facts = structure_and_facts(user, load_facts=False)
    module = structure.module_of(page.pk)
    if module is None:  # not a published step (a preview of a draft): read it as it is
        return _step_state_read(user, page, now)
    module_steps = structure.steps.get(module.pk, [])
    step_ids = [s.id for s in module_steps]
    if facts is not None:
        completions = {pk: facts.completions[pk] for pk in step_ids if pk in facts.completions}
        history = [mc for mc in facts.module_completions if mc.module_id == module.pk]
    else:
        completions = {c.page_id: c for c in StepCompletion.objects.filter(user=user, page_id__in=step_ids)}
        history = list(ModuleCompletion.objects.filter(user=user, module=module).order_by("completed_at"))
    mp = _module_progress(
        module,
        module_steps,
        structure.pages,
        structure.openers.get(module.pk),
        completions,
        _done_map(completions.values()),
        history[::-1],
        [],
        structure.changes.get(module.pk, ()),
        {},
        now,
    )
    return _own_and_following(mp, page)


def _own_and_following(mp, page):
    own = next((s for s in mp.steps if s.page.pk == page.pk), None)
    index = next((i for i, s in enumerate(mp.steps) if s.page.pk == page.pk), None)
    following = mp.steps[index + 1].page if index is not None and index + 1 < len(mp.steps) else None
    return own, mp, following


def _step_state_read(user, page, now):
    module = ModulePage.objects.ancestor_of(page).live().first()
    if module is None:
        return None, None, None
    return _own_and_following(user_progress(user, now=now, modules=[module]).modules[0], page)
