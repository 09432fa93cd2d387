"""The quizzes take part in modules' progress through the hooks modules defines (``modules.hooks``),
registered in ``quizzes/wagtail_hooks.py``; modules reaches them through its own code paths."""

import datetime
import json

import pytest
from django.urls import reverse
from wagtail import hooks

from modules import hooks as progress_hooks
from modules import progress
from modules.models import LessonPage, ModulePage, StepCompletion
from quizzes import wagtail_hooks as quiz_hooks
from quizzes.demo import take_quiz_for_demo
from quizzes.models import ExtraAttempt, QuestionResponse, QuizAttempt, QuizPage

from .factories import RIGHT, WRONG, QuizPageFactory
from .test_taking import submit

pytestmark = pytest.mark.django_db


def test_the_quizzes_register_a_function_for_every_hook_of_modules():
    registered = {
        progress_hooks.OPTIONAL_STEPS: quiz_hooks.voortoets_is_optional,
        progress_hooks.STEP_ATTEMPT_COUNTS: quiz_hooks.quiz_attempt_counts,
        progress_hooks.EXPORT_LEARNING_DATA: quiz_hooks.export_quiz_data,
        progress_hooks.COUNT_LEARNING_DATA: quiz_hooks.count_quiz_data,
        progress_hooks.ERASE_LEARNING_DATA: quiz_hooks.erase_quiz_data,
        progress_hooks.TAKE_DEMO_STEP: take_quiz_for_demo,
        progress_hooks.BUILD_DEMO_DATA: quiz_hooks.import_demo_quizzes,
    }
    for name, fn in registered.items():
        assert fn in hooks.get_hooks(name), name


def test_a_quiz_is_a_step_of_a_module_without_modules_naming_it(module):
    # lessons, quizzes and the other apps' steps (an oefengesprek)
    assert ModulePage.creatable_subpage_models()[:2] == [LessonPage, QuizPage]
    assert QuizPage.can_create_at(module)


def test_attempts_are_counted_per_quiz_on_my_progress(learner_client, module, quiz, medewerker):
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1
    )
    untaken = QuizPageFactory(parent=module, slug="oefentoets", title="Oefentoets")
    submit(learner_client, quiz, WRONG)
    submit(learner_client, quiz, RIGHT)
    submit(learner_client, voortoets, WRONG)
    steps = {sp.page.pk: sp for sp in progress.user_progress(medewerker).modules[0].steps}
    lesson = LessonPage.objects.child_of(module).get()
    assert steps[quiz.pk].attempts == 2 and steps[untaken.pk].attempts == 0
    assert steps[lesson.pk].attempts is None  # a lesson has no attempts
    assert voortoets.pk not in steps  # optional: it does not count towards the module
    html = learner_client.get(reverse("my_progress")).content.decode()
    assert "2 pogingen" in html and "nog niet gemaakt" in html


def test_a_voortoets_does_not_count_towards_completing_the_module(learner_client, module, quiz, medewerker):
    QuizPageFactory(parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1)
    progress.complete_step(medewerker, LessonPage.objects.child_of(module).get())
    submit(learner_client, quiz, RIGHT)
    assert progress.user_progress(medewerker).modules[0].status.ever_completed


def test_my_own_data_export_holds_my_attempts_and_answers(learner_client, quiz, medewerker, make_user):
    submit(learner_client, quiz, WRONG)
    other = make_user()
    QuizAttempt.objects.create(
        user=other,
        quiz=quiz,
        attempt_number=1,
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        submitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        score=0,
        passed=False,
        pass_mark=80,
        question_count=4,
    )
    data = json.loads(learner_client.get(reverse("my_progress_export")).content)
    mine = QuizAttempt.objects.get(user=medewerker)
    assert [(a["id"], a["user_id"], a["quiz_id"], a["score"]) for a in data["quiz_attempts"]] == [
        (mine.pk, medewerker.pk, quiz.pk, mine.score)
    ]
    assert len(data["quiz_responses"]) == 4 == mine.responses.count()
    assert {r["attempt_id"] for r in data["quiz_responses"]} == {mine.pk}


def test_the_beheerder_sees_and_erases_the_quiz_data_through_the_erase_screen(
    client, learner_client, quiz, medewerker, make_user
):
    submit(learner_client, quiz, WRONG)
    submit(learner_client, quiz, RIGHT)
    ExtraAttempt.objects.create(user=medewerker, quiz=quiz, count=1, reason="Ziek", granted_by=None)
    beheerder = make_user("Beheerder")
    beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    url = reverse("modules_erase_confirm", args=[medewerker.pk])
    assert "Quizpogingen (blijven bewaard, zonder de persoon): 2" in client.get(url).content.decode()

    response = client.post(url, {"confirm": medewerker.username}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "De leerdata van" in html and "Quizpogingen (blijven bewaard, zonder de persoon): 2." in html
    assert not StepCompletion.objects.filter(user=medewerker).exists()
    assert not QuizAttempt.objects.filter(user=medewerker).exists()
    assert QuizAttempt.objects.filter(user=None, quiz=quiz).count() == 2  # kept for the statistics
    assert QuestionResponse.objects.filter(attempt__user=None).count() == 8
    assert not ExtraAttempt.objects.filter(user=medewerker).exists()


def test_erasing_through_modules_reports_the_quiz_counts(learner_client, quiz, medewerker):
    submit(learner_client, quiz, WRONG)
    ExtraAttempt.objects.create(user=medewerker, quiz=quiz, count=1, reason="Ziek", granted_by=None)
    counts = progress.erase_learning_data(medewerker)
    assert counts["quiz_attempts_anonymised"] == 1 and counts["extra_attempts"] == 1


def test_demo_progress_takes_a_quiz_through_the_hook(module, quiz, make_user):
    person = make_user()
    attempts = [
        progress_hooks.DemoAttempt(
            at=datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), score=50, passed=False
        ),
        progress_hooks.DemoAttempt(
            at=datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), score=100, passed=True
        ),
    ]
    lesson = LessonPage.objects.child_of(module).get()
    assert not progress_hooks.take_demo_step(person, lesson.page_ptr, attempts)  # no app takes a lesson
    assert progress_hooks.take_demo_step(person, quiz.page_ptr, attempts)
    assert list(QuizAttempt.objects.filter(user=person).values_list("passed", flat=True)) == [False, True]
    assert StepCompletion.objects.filter(user=person, page_id=quiz.pk).exists()
    assert progress_hooks.take_demo_step(person, quiz.page_ptr, attempts)  # idempotent
    assert QuizAttempt.objects.filter(user=person).count() == 2
