"""`manage.py bench_data` at a hundredth of its size: the proportions of the large data set,
rows the application itself would have written, and a second run refused.

The command belongs to the ``bench`` app, which only ``bench.settings`` installs: the tests
call it by its class. The set is built once for the module (tests/shared_data.py)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from bench import data
from bench.management.commands.bench_data import Command as BenchData
from content.kaart.models import Voorziening
from leergang.models import StaffProfile, Team, User
from modules.models import ModuleCompletion, ModulePage, StepCompletion
from practice.models import ScenarioPage
from quizzes.models import QuestionResponse, QuizAttempt, QuizPage
from tests.kaart.factories import CategoryFactory, NeighbourhoodFactory
from tests.modules.factories import LessonPageFactory, ModulePageFactory
from tests.practice.factories import ScenarioPageFactory
from tests.quizzes.factories import QuizPageFactory
from tests.shared_data import ensure_roles, every_test_of_the_module_uses, module_transaction

SCALE = 0.01


def small_leerstof():
    """One published module of two lessons, an oefengesprek and an eindtoets (the demo's
    importers take a minute; what bench_data copies from them is this)."""
    module = ModulePageFactory(title="Kleine module", slug="klein")
    LessonPageFactory(parent=module, title="Les een", slug="les-een")
    LessonPageFactory(parent=module, title="Les twee", slug="les-twee")
    ScenarioPageFactory(parent=module)
    QuizPageFactory(parent=module, max_attempts=3)
    for slug in ("opvoedondersteuning", "jongerenwerk"):
        CategoryFactory(slug=slug)
    for slug in ("oosterheem", "meerzicht", "rokkeveen"):
        NeighbourhoodFactory(slug=slug)


@pytest.fixture(scope="module")
def _bench_set(request, django_db_setup, django_db_blocker):
    every_test_of_the_module_uses(request, "_bench_set")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            ensure_roles()
            small_leerstof()
            out = StringIO()
            call_command(BenchData(), scale=SCALE, keep_leerstof=True, stdout=out)
        yield out.getvalue()


@pytest.fixture
def bench_set(_bench_set, db):
    return _bench_set


def test_the_people_and_teams_are_there_in_proportion(bench_set):
    plan = data.Plan.at(SCALE)
    staff = StaffProfile.objects.filter(user__username__startswith=data.PREFIX, team__isnull=False).exclude(
        user__username=data.TEAM_LEAD
    )
    assert staff.count() == plan.staff == 20
    assert Team.objects.filter(name__startswith="Bench").count() == plan.teams == 2
    largest = Team.objects.get(name=data.LARGEST_TEAM_NAME)
    assert staff.filter(team=largest).count() == plan.largest_team == 2
    assert list(largest.leads.values_list("username", flat=True)) == [data.TEAM_LEAD]
    coordinator = User.objects.get(username=data.COORDINATOR_USERNAME)
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert f"staff: {plan.staff}" in bench_set and "bench_data: done in" in bench_set


def test_eight_live_modules_of_at_least_six_steps_with_a_quiz_and_an_oefengesprek(bench_set):
    modules = list(ModulePage.objects.live())
    assert len(modules) == data.MODULES
    for module in modules:
        steps = data.module_steps(module)
        assert len(steps) >= data.STEPS_PER_MODULE, module.slug
        assert any(isinstance(s, QuizPage) for s in steps), module.slug
        assert all(s.live and s.live_revision_id for s in steps), module.slug  # published from a revision
    assert ScenarioPage.objects.live().count() >= 1
    added = ModulePage.objects.live().filter(slug__startswith=data.SYNTHETIC_PREFIX)
    assert added.count() == data.MODULES - 1
    unlimited = QuizPage.objects.live().filter(max_attempts=0)
    assert unlimited.count() == added.count()


def test_progress_and_attempts_are_consistent(bench_set):
    plan = data.Plan.at(SCALE)
    assert StepCompletion.objects.count() == plan.completions == 600
    assert QuizAttempt.objects.count() == plan.attempts == 200
    # every attempt has one answer per question it had
    counts = QuizAttempt.objects.annotate(n=Count("responses")).values_list("question_count", "n")
    assert all(questions == answers > 0 for questions, answers in counts)
    # a completed eindtoets step has its passed attempt
    quiz_ids = set(QuizPage.objects.filter(role="eindtoets").values_list("pk", flat=True))
    for completion in StepCompletion.objects.filter(page_id__in=quiz_ids):
        assert QuizAttempt.objects.filter(
            user=completion.user, quiz_id=completion.page_id, passed=True
        ).exists()
    # numbered 1, 2, ... per person and quiz, within each quiz's limit
    for attempt in QuizAttempt.objects.select_related("quiz"):
        assert (
            attempt.attempt_number == 1
            or QuizAttempt.objects.filter(
                user=attempt.user, quiz=attempt.quiz, attempt_number=attempt.attempt_number - 1
            ).exists()
        )
        assert not attempt.quiz.max_attempts or attempt.attempt_number <= attempt.quiz.max_attempts
    # a module completion only when every step of the module is done
    steps_of = {m.pk: [s.pk for s in data.module_steps(m)] for m in ModulePage.objects.live()}
    for done in ModuleCompletion.objects.all():
        steps = steps_of[done.module_id]
        assert StepCompletion.objects.filter(user=done.user, page_id__in=steps).count() == len(steps)
    assert (
        QuestionResponse.objects.filter(snapshot__has_key="text").count() == QuestionResponse.objects.count()
    )


def test_voorzieningen_are_published_with_wijken_and_tags_and_found_by_the_kaart(bench_set, client):
    bench = Voorziening.objects.filter(slug__startswith="bench-", live=True)
    assert bench.count() == data.Plan.at(SCALE).voorzieningen == 50
    assert bench.filter(whole_municipality=False, neighbourhoods__isnull=False).exists()
    assert bench.filter(tags__isnull=False).distinct().count() == 50
    client.force_login(User.objects.get(username=data.TEAM_LEAD))
    response = client.get(reverse("kaart:kaart_index"), {"q": "huiswerkbegeleiding"})
    assert response.status_code == 200
    assert "Huiswerkbegeleiding en" in response.content.decode()


def test_a_second_run_is_refused_and_changes_nothing(bench_set):
    before = (User.objects.count(), StepCompletion.objects.count(), Voorziening.objects.count())
    with pytest.raises(CommandError, match="Refusing: this database already has users"):
        call_command(BenchData(), scale=SCALE, stdout=StringIO())
    assert (User.objects.count(), StepCompletion.objects.count(), Voorziening.objects.count()) == before
