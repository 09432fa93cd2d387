"""The demo: Learners see sources by title, organisation and year, never the seed file names (authoring
metadata); coordinators keep the file and line references (the lesson's source notes, the quiz
analysis)."""

import re

import pytest

from leergang.models import User
from modules.models import LessonPage
from quizzes.models import QuizAttempt, QuizPage

SEED_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


@pytest.mark.django_db
def test_no_learner_page_of_the_demo_shows_a_seed_file_name_and_the_admin_still_does(client, demo):
    learner = User.objects.get(username="medewerker")
    client.force_login(learner)
    lessons = list(LessonPage.objects.live())
    assert len(lessons) >= 20
    for lesson in lessons:
        response = client.get(lesson.url)
        assert response.status_code == 200
        assert not SEED_NAME.search(response.content.decode()), lesson.title
        assert "Bronnen" in response.content.decode()
    attempts = list(QuizAttempt.objects.filter(user=learner).select_related("quiz"))
    assert attempts
    for attempt in attempts:
        html = client.get(f"{attempt.quiz.url}poging/{attempt.attempt_number}/").content.decode()
        assert "Feedback per vraag" in html or "geen feedback" in html
        assert not SEED_NAME.search(html), attempt.quiz.title

    client.force_login(User.objects.get(username="coordinator"))
    lesson = lessons[0]
    assert SEED_NAME.search(LessonPage.objects.get(pk=lesson.pk).source_notes)
    edit = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert SEED_NAME.search(edit)
    quiz = QuizPage.objects.live().exclude(role="voortoets").first()
    analysis = client.get(f"/admin/quizzes/{quiz.pk}/analyse/").content.decode()
    assert SEED_NAME.search(analysis)
