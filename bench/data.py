"""The large synthetic data set of `make bench` (``manage.py bench_data``).

Pages go through Wagtail's tree API and are published from a revision, as an editor's pages
are: the leerstof comes from the demo's own importers, then every module is filled up to six
steps and two modules are added (copies of the demo's lessons, quiz and oefengesprek; their
quiz has no attempt limit, so the load run can hand in attempts without end). People,
progress, attempts and voorzieningen are written with ``bulk_create``: fast, and the same
rows the application writes (a step completion per step, a module completion when every step
of a module is done, an attempt with one response per question, the question as shown).

Left out on purpose: certificates, accreditation entries and reminder logs (no measured page
lists them by the thousand), revisions of the bulk voorzieningen (they are published rows, as
an import of old data would leave them).
"""

import datetime
import json
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.search.backends import get_search_backend

from content.kaart.models import Category, Neighbourhood, Organisation, Voorziening, VoorzieningTag
from leergang.demo import create_demo_organisation
from leergang.models import OrganisationType, StaffProfile, Team, User
from leergang.roles import COORDINATOR, MEDEWERKER, TEAMLEIDER
from modules.models import LessonPage, ModuleCompletion, ModulePage, StepCompletion
from modules.setup import ensure_site_tree, sync_site_with_public_address
from practice.models import ScenarioPage
from quizzes.models import QuestionResponse, QuizAttempt, QuizPage
from quizzes.scoring import score_attempt

# The full size (scale 1.0); `--scale` multiplies every count.
STAFF = 2000
TEAMS = 100
LARGEST_TEAM = 200
MODULES = 8
STEPS_PER_MODULE = 6
COMPLETIONS = 60_000
ATTEMPTS = 20_000
VOORZIENINGEN = 5000

PREFIX = "bench-"
LARGEST_TEAM_NAME = "Bench: het grootste team"
TEAM_LEAD = "bench-teamleider"
COORDINATOR_USERNAME = "bench-coordinator"
SYNTHETIC_PREFIX = "bench-module-"  # + 1, 2, ...: the modules added to reach MODULES

FIRST_NAMES = "Sanne Daan Fatima Joost Lisa Mohamed Eva Tim Noor Anouk Yusuf Ilse Peter Sem Lotte".split()
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "El Amrani",
    "Ouali",
    "Yilmaz",
]
# Words for the names and tags of the voorzieningen, so a kaart search matches some, not all.
TOPICS = [
    "opvoedhulp",
    "huiswerkbegeleiding",
    "schuldhulp",
    "mantelzorg",
    "weerbaarheid",
    "taalles",
    "sport",
    "rouwverwerking",
    "echtscheiding",
    "faalangst",
    "jongerenwerk",
    "buurtgezin",
    "voeding",
    "slaap",
    "pesten",
    "gamen",
    "financien",
    "gezinscoach",
    "peuterspeelzaal",
    "ouderavond",
]


class Progress:
    """Prints a line per phase with the time it took."""

    def __init__(self, write):
        self.write = write
        self.started = time.perf_counter()
        self.timings = {}

    def phase(self, name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        self.timings[name] = round(time.perf_counter() - start, 2)
        self.write(f"  {name}: {self.timings[name]:.1f} s")
        return result


@dataclass
class Plan:
    scale: float
    staff: int = 0
    teams: int = 0
    largest_team: int = 0
    completions: int = 0
    attempts: int = 0
    voorzieningen: int = 0
    counts: dict = field(default_factory=dict)

    @classmethod
    def at(cls, scale):
        def scaled(n, least):
            return max(least, round(n * scale))

        return cls(
            scale=scale,
            staff=scaled(STAFF, 4),
            teams=scaled(TEAMS, 2),
            largest_team=scaled(LARGEST_TEAM, 2),
            completions=scaled(COMPLETIONS, 4),
            attempts=scaled(ATTEMPTS, 2),
            voorzieningen=scaled(VOORZIENINGEN, 10),
        )


def has_people():
    return User.objects.exists()


def build(scale=1.0, write=print, seed=15, keep_leerstof=False):
    """Build everything; returns the counts (and the time per phase under ``"seconds"``).
    ``keep_leerstof``: use the modules already there (with a lesson, an eindtoets and an
    oefengesprek to copy) instead of running the demo's importers."""
    plan = Plan.at(scale)
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
    progress = Progress(write)
    if keep_leerstof:
        write(f"  leerstof: the {ModulePage.objects.live().count()} modules already there")
    else:
        progress.phase("leerstof (demo importers, pages with revisions)", build_leerstof)
    steps = progress.phase("modules to 8 x 6 steps", fill_modules)
    people = progress.phase("staff, teams and accounts", build_people, plan, rng)
    progress.phase("step completions and quiz attempts", build_progress, plan, steps, people, rng)
    progress.phase("voorzieningen (and their search index)", build_voorzieningen, plan, rng)
    counts = count_rows()
    counts["seconds"] = progress.timings
    counts["total_seconds"] = round(time.perf_counter() - progress.started, 1)
    return counts


def count_rows():
    largest = Team.objects.get(name=LARGEST_TEAM_NAME)
    return {
        "staff": StaffProfile.objects.filter(user__username__startswith=PREFIX, team__isnull=False)
        .exclude(user__username=TEAM_LEAD)
        .count(),
        "teams": Team.objects.filter(name__startswith="Bench").count(),
        "largest_team": StaffProfile.objects.filter(team=largest).exclude(user__username=TEAM_LEAD).count(),
        "modules": ModulePage.objects.live().count(),
        "steps": {m.slug: len(module_steps(m)) for m in ModulePage.objects.live().order_by("path")},
        "step_completions": StepCompletion.objects.count(),
        "module_completions": ModuleCompletion.objects.count(),
        "quiz_attempts": QuizAttempt.objects.count(),
        "question_responses": QuestionResponse.objects.count(),
        "voorzieningen": Voorziening.objects.filter(live=True).count(),
    }


# --- Leerstof --------------------------------------------------------------------------------


def build_leerstof():
    ensure_site_tree()
    sync_site_with_public_address()
    create_demo_organisation(with_accounts=False)  # the demo teams, no accounts
    quiet = {"verbosity": 0}
    call_command("demo_sociale_kaart", **quiet)  # first: lessons reference its entries
    call_command("import_leerstof", **quiet)
    call_command("import_quizzes", **quiet)
    call_command("import_oefengesprekken", **quiet)


def module_steps(module):
    return [p.specific for p in module.get_children().live().order_by("path")]


def publish_child(parent, page, *, before=None):
    """Add ``page`` under ``parent`` (or just before the step ``before``) and publish it from
    a revision, as the editor does."""
    if before is not None:
        before.add_sibling(pos="left", instance=page)
    else:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def copy_lesson(source, slug, title):
    return LessonPage(
        title=title,
        slug=slug,
        estimated_minutes=source.estimated_minutes,
        learning_goals=source.learning_goals,
        body=source.body.raw_data,
    )


def fill_modules():
    """Every module up to six steps (extra lessons before its quiz), then modules of four
    lessons, an oefengesprek and an unlimited quiz up to eight modules (at least one such).
    Returns module id → [step pages]."""
    lessons = list(LessonPage.objects.live().order_by("path"))
    quiz_source = QuizPage.objects.live().filter(role="eindtoets").order_by("path").first()
    scenario_source = ScenarioPage.objects.live().order_by("path").first()
    n = 0
    for module in ModulePage.objects.live().order_by("path"):
        steps = module_steps(module)
        last_quiz = next((s for s in reversed(steps) if isinstance(s, QuizPage)), None)
        for _ in range(STEPS_PER_MODULE - len(steps)):
            n += 1
            source = lessons[n % len(lessons)]
            lesson = copy_lesson(source, f"bench-les-{n}", f"{source.title} (verdieping {n})")
            publish_child(module, lesson, before=last_quiz)
    index = ModulePage.objects.live().first().get_parent()
    template = ModulePage.objects.live().order_by("path").first()
    for number in range(1, max(1, MODULES - ModulePage.objects.live().count()) + 1):
        module = ModulePage(
            title=f"Verdieping {number}: {template.title}",
            slug=f"{SYNTHETIC_PREFIX}{number}",
            intro=template.intro,
            learning_goals=template.learning_goals,
            audience=template.audience,
            estimated_minutes=template.estimated_minutes,
            accreditation_hours=template.accreditation_hours,
            refresh_months=template.refresh_months,
        )
        publish_child(index, module)
        for k in range(4):
            source = lessons[(number * 4 + k) % len(lessons)]
            publish_child(module, copy_lesson(source, f"les-{k + 1}", source.title))
        publish_child(
            module,
            ScenarioPage(
                title=scenario_source.title,
                slug="oefengesprek",
                intro=scenario_source.intro,
                nodes=scenario_source.nodes.raw_data,
                estimated_minutes=scenario_source.estimated_minutes,
            ),
        )
        publish_child(
            module,
            QuizPage(
                title=f"Toets verdieping {number}",
                slug="toets",
                intro=quiz_source.intro,
                questions=quiz_source.questions.raw_data,
                pass_mark=quiz_source.pass_mark,
                max_attempts=0,  # unlimited: the load run hands in attempt after attempt
                shuffle_questions=quiz_source.shuffle_questions,
                shuffle_options=quiz_source.shuffle_options,
                feedback_mode=quiz_source.feedback_mode,
            ),
        )
    modules = ModulePage.objects.live().order_by("path")
    return {m.pk: module_steps(m) for m in modules}


# --- People ----------------------------------------------------------------------------------


@dataclass
class People:
    staff: list
    largest_team: Team
    lead: User
    coordinator: User


def build_people(plan, rng):
    password = make_password(None)  # unusable: the load run makes sessions, nobody logs in
    teams = [Team(name=LARGEST_TEAM_NAME, organisation=OrganisationType.JGH)] + [
        Team(name=f"Bench team {i:03d}", organisation=rng.choice(OrganisationType.values))
        for i in range(1, plan.teams)
    ]
    Team.objects.bulk_create(teams)
    teams = list(Team.objects.filter(name__startswith="Bench").order_by("name"))
    largest = next(t for t in teams if t.name == LARGEST_TEAM_NAME)
    others = [t for t in teams if t is not largest] or [largest]
    today = timezone.localdate()
    users = [
        User(
            username=f"{PREFIX}{i:05d}",
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
            email=f"{PREFIX}{i:05d}@zoetermeer.example",
            password=password,
        )
        for i in range(plan.staff)
    ]
    special = [
        User(username=TEAM_LEAD, first_name="Marieke", last_name="Jansen", password=password),
        User(username=COORDINATOR_USERNAME, first_name="Ilse", last_name="van Dam", password=password),
    ]
    User.objects.bulk_create(users + special, batch_size=1000)
    staff = list(
        User.objects.filter(username__startswith=PREFIX)
        .exclude(username__in=[TEAM_LEAD, COORDINATOR_USERNAME])
        .order_by("username")
    )
    lead = User.objects.get(username=TEAM_LEAD)
    coordinator = User.objects.get(username=COORDINATOR_USERNAME)
    profiles = [
        StaffProfile(
            user=user,
            team=largest if i < plan.largest_team else others[i % len(others)],
            job_title="Toegangsmedewerker",
            start_date=today - datetime.timedelta(days=rng.randint(5, 3000)),
        )
        for i, user in enumerate(staff)
    ]
    profiles.append(StaffProfile(user=lead, team=largest, job_title="Teamleider", start_date=today))
    profiles.append(StaffProfile(user=coordinator, job_title="Coördinator", start_date=today))
    StaffProfile.objects.bulk_create(profiles, batch_size=1000)
    groups = {g.name: g for g in Group.objects.filter(name__in=[MEDEWERKER, TEAMLEIDER, COORDINATOR])}
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=u.pk, group_id=groups[MEDEWERKER].pk) for u in staff]
        + [
            membership(user_id=lead.pk, group_id=groups[TEAMLEIDER].pk),
            membership(user_id=coordinator.pk, group_id=groups[COORDINATOR].pk),
        ],
        batch_size=2000,
    )
    largest.leads.add(lead)
    return People(staff=staff, largest_team=largest, lead=lead, coordinator=coordinator)


# --- Progress --------------------------------------------------------------------------------


def completed_counts(total, people, steps, rng):
    """How many steps (in course order) each person completed: ``total`` in all."""
    if people == 0:
        return []
    counts = [rng.randint(0, steps) for _ in range(people)]
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(people)
        if diff > 0 and counts[i] < steps:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


def wrong_answers(question):
    """Chosen option keys that earn no credit: the first wrong option."""
    wrong = [o.key for o in question.options if not o.correct]
    return wrong[:1] or [question.options[0].key]


def build_progress(plan, steps_by_module, people, rng):
    order = [(module_id, page) for module_id, pages in steps_by_module.items() for page in pages]
    total = min(plan.completions, len(order) * len(people.staff))
    counts = completed_counts(total, len(people.staff), len(order), rng)
    now = timezone.now()
    completions, module_done, slots = [], [], []
    for user, count in zip(people.staff, counts, strict=True):
        moment = now - datetime.timedelta(days=rng.randint(count + 1, 700))
        for index, (module_id, page) in enumerate(order[: count + 1]):
            moment += datetime.timedelta(hours=rng.randint(1, 30))
            done = index < count
            if isinstance(page, QuizPage):
                slots.append((user, page, done, moment))
            if not done:
                break
            scored = isinstance(page, QuizPage) and not page.is_voortoets
            score = rng.randint(page.pass_mark, 100) if scored else None
            completions.append(
                StepCompletion(
                    user=user,
                    page_id=page.pk,
                    module_id=module_id,
                    completed_at=moment,
                    last_completed_at=moment,
                    score=score,
                )
            )
            if page.pk == steps_by_module[module_id][-1].pk:
                module_done.append(ModuleCompletion(user=user, module_id=module_id, completed_at=moment))
    with transaction.atomic():
        StepCompletion.objects.bulk_create(completions, batch_size=5000)
        ModuleCompletion.objects.bulk_create(module_done, batch_size=5000)
        build_attempts(plan, slots, rng)


def attempt_plan(slots, target):
    """How many attempts each quiz slot gets: one each, then one more failed try at a time (at
    most the quiz's limit) until ``target`` is reached."""
    tries = [1] * len(slots)
    total = len(slots)
    room = True
    while total < target and room:
        room = False
        for i, (_user, quiz, _done, _moment) in enumerate(slots):
            limit = quiz.max_attempts or 6
            if tries[i] < limit and total < target:
                tries[i] += 1
                total += 1
                room = True
    return tries


def answer_variants(quiz):
    """A passing and a failing hand-in of ``quiz``: (chosen, score result, response rows without
    the attempt) each, the rows as the database stores them (JSON as text)."""
    data = quiz.question_data
    scored = [q.scored() for q in data]
    variants = {}
    for passing in (True, False):
        chosen = {q.key: sorted(q.right_keys() if passing else wrong_answers(q)) for q in data}
        result = score_attempt(scored, chosen, quiz.pass_mark)
        rows = [
            (
                q.key,
                position,
                json.dumps(chosen[q.key]),
                Decimal(str(round(float(result.credits[q.key]), 4))),
                json.dumps(q.snapshot()),
            )
            for position, q in enumerate(data, start=1)
        ]
        variants[passing] = (result, rows)
    return len(data), variants


def build_attempts(plan, slots, rng):
    quizzes = {}
    attempts, variants_of = [], []
    for (user, quiz, done, moment), count in zip(slots, attempt_plan(slots, plan.attempts), strict=True):
        if quiz.pk not in quizzes:
            quizzes[quiz.pk] = answer_variants(quiz)
        question_count, variants = quizzes[quiz.pk]
        for number in range(1, count + 1):
            passing = done and number == count
            result, rows = variants[passing]
            at = moment - datetime.timedelta(days=count - number)
            attempts.append(
                QuizAttempt(
                    user=user,
                    quiz=quiz,
                    attempt_number=number,
                    kind=quiz.role,
                    started_at=at - datetime.timedelta(minutes=12),
                    submitted_at=at,
                    score=result.score,
                    passed=result.passed,
                    pass_mark=quiz.pass_mark,
                    question_count=question_count,
                )
            )
            variants_of.append(rows)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    insert_rows(
        QuestionResponse,
        ["attempt_id", "question_key", "position", "chosen", "correct", "snapshot"],
        ((attempt.pk, *row) for attempt, rows in zip(attempts, variants_of, strict=True) for row in rows),
    )


def insert_rows(model, columns, rows):
    """Insert many rows of database-ready values: PostgreSQL's COPY (JSON as text), else
    ``bulk_create`` (SQLite, in the tests)."""
    if connection.vendor != "postgresql":
        json_columns = {f.attname for f in model._meta.fields if f.get_internal_type() == "JSONField"}
        objects = [
            model(**{c: json.loads(v) if c in json_columns else v for c, v in zip(columns, row, strict=True)})
            for row in rows
        ]
        model.objects.bulk_create(objects, batch_size=2000)
        return
    names = ", ".join(
        connection.ops.quote_name(model._meta.get_field(c.removesuffix("_id")).column) for c in columns
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


# --- Voorzieningen ---------------------------------------------------------------------------


def build_voorzieningen(plan, rng):
    categories = list(Category.objects.all())
    wijken = list(Neighbourhood.objects.all())
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench aanbieder {i:03d}", email=f"aanbieder{i}@bench.example")
            for i in range(max(2, plan.voorzieningen // 20))
        ]
    )
    organisations = list(Organisation.objects.filter(name__startswith="Bench aanbieder"))
    Tag.objects.bulk_create(
        [Tag(name=f"bench {t}", slug=f"bench-{t}") for t in TOPICS], ignore_conflicts=True
    )
    tags = list(Tag.objects.filter(slug__startswith="bench-"))
    now = timezone.now()
    today = timezone.localdate()
    entries = []
    for i in range(plan.voorzieningen):
        topic, other = TOPICS[i % len(TOPICS)], TOPICS[(i * 7 + 3) % len(TOPICS)]
        min_age = rng.randint(0, 12)
        entries.append(
            Voorziening(
                name=f"{topic.capitalize()} en {other} {i}",
                slug=f"bench-{i}",
                summary=f"Ondersteuning bij {topic} voor ouders en jongeren, ook over {other}.",
                description=f"Voor gezinnen in Zoetermeer die hulp zoeken bij {topic}.",
                organisation=organisations[i % len(organisations)],
                category=categories[i % len(categories)],
                access_route=rng.choice(["vrij", "aanmelden"]),
                is_free=bool(i % 3),
                min_age=min_age,
                max_age=min_age + rng.randint(2, 10),
                whole_municipality=i % 4 == 0 or not wijken,
                live=True,
                first_published_at=now,
                last_published_at=now,
                last_checked_on=today - datetime.timedelta(days=i % 500),
            )
        )
    entries = Voorziening.objects.bulk_create(entries, batch_size=1000)
    through = Voorziening.neighbourhoods.through
    through.objects.bulk_create(
        [
            through(voorziening_id=e.pk, neighbourhood_id=w.pk)
            for e in entries
            if not e.whole_municipality
            for w in rng.sample(wijken, min(len(wijken), rng.randint(1, 3)))
        ],
        batch_size=2000,
    )
    VoorzieningTag.objects.bulk_create(
        [
            VoorzieningTag(content_object_id=e.pk, tag_id=t.pk)
            for e in entries
            for t in rng.sample(tags, min(len(tags), 2))
        ],
        batch_size=2000,
    )
    get_search_backend().add_bulk(
        Voorziening, list(Voorziening.get_indexed_objects().filter(slug__startswith="bench-"))
    )
