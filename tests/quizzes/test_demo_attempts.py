"""demo_progress takes the demo quizzes for real: attempts with answers through the quiz service,
some failed before the pass, so best score, number of attempts and the quiz analysis agree."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from leergang.demo import create_demo_organisation
from leergang.models import User
from modules import progress
from modules.models import Certificate, ModuleCompletion, StepCompletion
from modules.setup import ensure_site_tree
from quizzes.models import QuestionResponse, QuizAttempt
from tests.modules.factories import LEERPLAN_MODULES, LessonPageFactory, ModulePageFactory
from tests.shared_data import ensure_roles, every_test_of_the_module_uses, module_transaction

from .factories import QuizPageFactory, option, single

pytestmark = pytest.mark.django_db


def ten_questions(slug):
    return [
        single(
            f"{slug}-{n:02d}",
            f"Vraag {n} over {slug}?",
            [option("Goed", True, "a"), option("Fout", key="b"), option("Ook fout", key="c")],
        )
        for n in range(1, 11)
    ]


@pytest.fixture(scope="module")
def _demo_world_for_module(request, django_db_setup, django_db_blocker):
    """Built once for this module (tests/shared_data.py): the six leerplan modules with their
    lessons and a real, shuffled quiz of ten questions each, the demo organisation, and
    demo_progress run over them."""
    every_test_of_the_module_uses(request, "_demo_world_for_module")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            _home, index = ensure_site_tree()
            ensure_roles()
            create_demo_organisation()
            modules = {}
            for slug, title, lessons, months, hours in LEERPLAN_MODULES:
                module = ModulePageFactory(
                    parent=index,
                    title=title,
                    slug=slug,
                    refresh_months=months,
                    accreditation_hours=hours,
                    revision=False,
                )
                for number in range(1, lessons + 1):
                    LessonPageFactory(
                        parent=module, title=f"{slug} les {number}", slug=f"les-{number}", revision=False
                    )
                quiz = QuizPageFactory(
                    parent=module,
                    questions=ten_questions(slug),
                    title=f"Toets {title}",
                    shuffle_questions=True,
                    shuffle_options=True,
                )
                modules[slug] = (module, quiz)
            call_command("demo_progress", verbosity=0)
        yield modules


@pytest.fixture
def demo_world(_demo_world_for_module, db):
    return _demo_world_for_module


def counts():
    return tuple(
        model.objects.count()
        for model in (QuizAttempt, QuestionResponse, StepCompletion, ModuleCompletion, Certificate)
    )


def users():
    return {u.username: u for u in User.objects.all()}


def test_every_passed_demo_quiz_has_the_attempts_that_passed_it(demo_world):
    quiz_ids = [quiz.pk for _module, quiz in demo_world.values()]
    completions = list(StepCompletion.objects.filter(page_id__in=quiz_ids))
    assert len(completions) > 20
    for completion in completions:
        attempts = list(
            QuizAttempt.objects.filter(user=completion.user, quiz_id=completion.page_id).order_by(
                "attempt_number"
            )
        )
        assert attempts, completion
        assert attempts[-1].passed and not any(a.passed for a in attempts[:-1])
        assert completion.score == attempts[-1].score == max(a.score for a in attempts)
        assert completion.completed_at == attempts[-1].submitted_at
        for attempt in attempts:
            assert attempt.question_count == 10
            assert attempt.responses.count() == 10
            assert attempt.score == 10 * sum(r.correct for r in attempt.responses.all())
    # no attempt without a person or out of order
    assert not QuizAttempt.objects.filter(user=None).exists()


def test_some_demo_people_failed_before_they_passed(demo_world):
    people = users()
    module, giz_quiz = demo_world["giz"]
    fatima = list(QuizAttempt.objects.filter(user=people["fatima.elamrani"], quiz=giz_quiz))
    assert [a.passed for a in fatima] == [False, True]
    assert fatima[0].score < 80 <= fatima[1].score
    assert fatima[1].submitted_at - fatima[0].submitted_at == datetime.timedelta(days=1)
    # every lesson was done before the first try
    lessons = StepCompletion.objects.filter(user=people["fatima.elamrani"], module=module).exclude(
        page_id=giz_quiz.pk
    )
    assert lessons.count() == 4
    assert all(lesson.completed_at <= fatima[0].started_at for lesson in lessons)
    _module, kosten_quiz = demo_world["kostenbewust-handelen"]
    mohamed = QuizAttempt.objects.filter(user=people["mohamed.ouali"], quiz=kosten_quiz)
    assert [a.passed for a in mohamed] == [False, False, True]
    # someone read every lesson but has not passed the quiz yet
    eva = QuizAttempt.objects.filter(user=people["eva.dekker"], quiz=giz_quiz)
    assert [a.passed for a in eva] == [False, False]
    status = progress.user_progress(people["eva.dekker"]).by_module_id[module.pk].status
    assert status.state == "bezig" and status.done == 4


def test_demo_progress_twice_adds_no_attempts(demo_world):
    first = counts()
    call_command("demo_progress", verbosity=0)
    assert counts() == first
    assert first[0] > first[2] // 5  # attempts, not only step completions


def test_my_progress_and_the_member_page_show_the_real_attempts(client, demo_world):
    people = users()
    _module, kosten_quiz = demo_world["kostenbewust-handelen"]
    best = QuizAttempt.objects.filter(user=people["medewerker"], quiz=kosten_quiz, passed=True).get().score
    client.force_login(people["medewerker"])
    html = client.get(reverse("my_progress")).content.decode()
    assert f"beste score {best}%, 2 pogingen" in html
    assert "0 pogingen" not in html
    assert "nog niet gemaakt" in html  # a quiz not taken yet says so

    client.force_login(people["teamleider"])
    html = client.get(reverse("team_member", args=[people["fatima.elamrani"].pk])).content.decode()
    _module, giz_quiz = demo_world["giz"]
    best = QuizAttempt.objects.filter(user=people["fatima.elamrani"], quiz=giz_quiz, passed=True).get().score
    assert f"beste score {best}%, 2 pogingen" in html


def test_the_quiz_analysis_has_attempts_and_failures_to_show(client, demo_world):
    _module, giz_quiz = demo_world["giz"]
    attempts = QuizAttempt.objects.filter(quiz=giz_quiz)
    people = attempts.values("user").distinct().count()
    assert attempts.count() > people >= 5
    client.force_login(User.objects.get(username="coordinator"))
    html = client.get(reverse("quizzes_admin:analysis", args=[giz_quiz.pk])).content.decode()
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert facts["Pogingen"] == str(attempts.count())
    assert facts["Personen"] == str(people)
    assert facts["Slagingspercentage (pogingen)"] != "100%"
