"""Quizzes and the progress mechanism together: voortoets, erasure."""

from modules.models import LessonPage, ModuleCompletion
from modules.progress import complete_step, erase_learning_data
from quizzes.models import QuizAttempt

from .factories import RIGHT, WRONG, make_quiz
from .test_taking import submit


def test_a_module_with_a_voortoets_completes_without_taking_it(learner_client, module, quiz, medewerker):
    make_quiz(module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1)
    complete_step(medewerker, LessonPage.objects.child_of(module).get())
    submit(learner_client, quiz, RIGHT)
    assert ModuleCompletion.objects.filter(user=medewerker, module=module).exists()


def test_erasing_a_person_keeps_quiz_statistics_without_them(learner_client, module, quiz, medewerker):
    submit(learner_client, quiz, WRONG)
    assert QuizAttempt.objects.filter(user=medewerker).count() == 1
    counts = erase_learning_data(medewerker)
    assert counts["quiz_attempts_anonymised"] == 1
    attempt = QuizAttempt.objects.get()
    assert attempt.user is None
    assert attempt.responses.count() > 0
