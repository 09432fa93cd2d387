"""Quizzes and the progress mechanism together: voortoets, erasure."""

from modules.models import LessonPage, ModuleCompletion
from modules.progress import complete_step, erase_learning_data
from quizzes.models import QuizAttempt

from .factories import RIGHT, WRONG, QuizPageFactory
from .test_taking import submit


def test_a_module_with_a_voortoets_completes_without_taking_it(learner_client, module, quiz, medewerker):
    QuizPageFactory(parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1)
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


def test_erasing_a_person_removes_the_extra_attempts_granted_to_them(quiz, medewerker, make_user):
    from quizzes.models import ExtraAttempt

    coordinator = make_user("Coördinator")
    ExtraAttempt.objects.create(
        user=medewerker, quiz=quiz, count=1, reason="Ziek tijdens de toets", granted_by=coordinator
    )
    ExtraAttempt.objects.create(user=coordinator, quiz=quiz, count=1, reason="Ander", granted_by=coordinator)
    assert erase_learning_data(medewerker)["extra_attempts"] == 1
    assert list(ExtraAttempt.objects.values_list("user", flat=True)) == [coordinator.pk]
