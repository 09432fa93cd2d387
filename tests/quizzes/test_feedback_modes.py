"""What the result page and the quiz page say about feedback matches the quiz's feedback mode:
"na elke poging" (after every attempt) or "na slagen" (only once passed; for a voortoets, which
is taken and never passed, that means no feedback per question)."""

import pytest

from .factories import RIGHT, WRONG, QuizPageFactory, form_data

pytestmark = pytest.mark.django_db


def result_html(client, quiz, answers):
    page = client.get(quiz.url)
    response = client.post(quiz.url, form_data(page, answers))
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_after_every_attempt_a_failed_attempt_points_to_the_feedback_shown(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-elke-poging", max_attempts=3)
    html = result_html(learner_client, quiz, WRONG)
    assert "Lees de feedback hieronder en probeer het daarna opnieuw: je hebt nog 2 pogingen." in html
    assert "Feedback per vraag" in html and "Feedback bij Groen" in html
    assert "pas als je de toets hebt gehaald" not in html
    page = learner_client.get(quiz.url).content.decode()
    assert "<dt>Feedback per vraag</dt><dd>na elke poging</dd>" in page


def test_only_once_passed_a_failed_attempt_does_not_promise_feedback(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-slagen", max_attempts=3)
    html = result_html(learner_client, quiz, WRONG)
    assert "Lees de feedback" not in html
    assert "Feedback bij Groen" not in html
    assert "Neem de lessen nog eens door en probeer het daarna opnieuw: je hebt nog 2 pogingen." in html
    assert "Bij deze toets zie je de feedback per vraag pas als je de toets hebt gehaald." in html
    page = learner_client.get(quiz.url).content.decode()
    assert "<dt>Feedback per vraag</dt><dd>zodra je de toets hebt gehaald</dd>" in page


def test_only_once_passed_unlimited_attempts(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-slagen", max_attempts=0)
    html = result_html(learner_client, quiz, WRONG)
    assert "Neem de lessen nog eens door en probeer het daarna opnieuw." in html
    assert "Lees de feedback" not in html


def test_only_once_passed_last_attempt_used(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-slagen", max_attempts=1)
    html = result_html(learner_client, quiz, WRONG)
    assert "Lees de feedback" not in html and "Opnieuw proberen" not in html
    assert "je hebt geen pogingen meer" in html
    assert "pas als je de toets hebt gehaald" in html


def test_only_once_passed_the_passing_attempt_shows_the_feedback(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-slagen")
    html = result_html(learner_client, quiz, RIGHT)
    assert "Feedback bij Blauw" in html
    assert "pas als je de toets hebt gehaald" not in html


@pytest.mark.parametrize(("mode", "feedback_shown"), [("na-elke-poging", True), ("na-slagen", False)])
def test_voortoets_feedback_follows_the_mode(learner_client, module, mode, feedback_shown):
    quiz = QuizPageFactory(
        parent=module, slug="voortoets", role="voortoets", feedback_mode=mode, max_attempts=1
    )
    html = result_html(learner_client, quiz, RIGHT)  # even a perfect score: a voortoets is not "passed"
    assert ("Feedback bij Blauw" in html) is feedback_shown
    assert ("Deze voortoets toont geen feedback per vraag" in html) is not feedback_shown
    assert "zodra je de toets hebt gehaald" not in html
    page = learner_client.get(quiz.url).content.decode()
    expected = (
        "je eigen antwoorden; de goede antwoorden zodra je de eindtoets hebt gehaald"
        if feedback_shown
        else "geen"
    )
    assert f"<dt>Feedback per vraag</dt><dd>{expected}</dd>" in page
