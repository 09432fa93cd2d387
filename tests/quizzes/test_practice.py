"""Practice ("Oefenen"): after passing, a person practises a quiz as often as they like, in a
fresh order, with all the feedback; it leaves the attempt count, the analysis and the knowledge
gain unchanged, and shows as their own practice history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules import hooks as progress_hooks
from quizzes.analysis import analyse_quiz, knowledge_gain
from quizzes.models import PracticeRun, QuizAttempt

from .factories import RIGHT, WRONG, QuizPageFactory, form_data, take

pytestmark = pytest.mark.django_db


def practice_url(quiz):
    return quiz.url + quiz.reverse_subpage("practice")


def practise(client, quiz, answers):
    page = client.get(practice_url(quiz))
    assert page.status_code == 200
    response = client.post(practice_url(quiz), form_data(page, answers))
    assert response.status_code == 302
    return response["Location"]


def test_practice_is_offered_only_after_passing(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module, max_attempts=3)
    html = learner_client.get(practice_url(quiz)).content.decode()
    assert "Je kunt deze toets oefenen zodra je hem hebt gehaald." in html
    assert "Feedback bekijken" not in html
    assert "Deze toets oefenen" not in learner_client.get(quiz.url).content.decode()
    assert learner_client.post(practice_url(quiz), {"token": "x"}).status_code == 403
    assert not PracticeRun.objects.exists()

    take(medewerker, quiz, RIGHT)
    page = learner_client.get(quiz.url).content.decode()
    assert "Deze toets oefenen" in page and f'href="{practice_url(quiz)}#oefenen"' in page


def test_practising_shows_all_feedback_and_counts_nowhere(learner_client, module, medewerker, make_user):
    voortoets = QuizPageFactory(parent=module, slug="voortoets", role="voortoets", max_attempts=1)
    quiz = QuizPageFactory(parent=module, max_attempts=2)
    take(medewerker, voortoets, WRONG)
    take(medewerker, quiz, WRONG)
    take(medewerker, quiz, RIGHT)
    other = make_user()
    take(other, voortoets, WRONG)
    take(other, quiz, RIGHT)
    analysis_before = analyse_quiz(quiz)
    gain_before = knowledge_gain(voortoets, quiz)

    for _ in range(3):  # as often as they like: more than the attempt limit
        location = practise(learner_client, quiz, WRONG)
    html = learner_client.get(location).content.decode()
    assert "Resultaat oefenronde: Toets" in html and "Je score: 0%" in html
    assert "Deze oefenronde telt niet als poging" in html
    assert "juist antwoord" in html and "Feedback bij Blauw" in html and "Uitleg." in html
    assert "Opnieuw oefenen" in html

    assert QuizAttempt.objects.filter(user=medewerker, quiz=quiz).count() == 2
    analysis_after = analyse_quiz(quiz)
    assert (analysis_after.attempts, analysis_after.mean_score, analysis_after.people) == (
        analysis_before.attempts,
        analysis_before.mean_score,
        analysis_before.people,
    )
    assert knowledge_gain(voortoets, quiz).overall == gain_before.overall
    page = learner_client.get(quiz.url).content.decode()
    assert "Jouw oefenrondes" in page and page.count("<td>0%</td>") == 1 + 3  # the failed attempt, 3 runs
    assert "2 van 2 gebruikt" in page  # the attempts shown stay as they were


def test_each_practice_run_comes_in_a_fresh_order(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module)  # the quiz itself does not shuffle
    take(medewerker, quiz, RIGHT)
    orders = {
        tuple(re.findall(r'id="vraag-([^"]+)"', learner_client.get(practice_url(quiz)).content.decode()))
        for _ in range(6)
    }
    assert len(orders) > 1
    assert all(sorted(order) == ["q1", "q2", "q3", "q4"] for order in orders)


def test_a_voortoets_can_be_practised_once_the_eindtoets_is_passed(learner_client, module, medewerker):
    voortoets = QuizPageFactory(parent=module, slug="voortoets", role="voortoets", max_attempts=1)
    eindtoets = QuizPageFactory(parent=module)
    take(medewerker, voortoets, WRONG)
    html = learner_client.get(practice_url(voortoets)).content.decode()
    assert "zodra je de eindtoets van de module hebt gehaald" in html
    take(medewerker, eindtoets, RIGHT)
    location = practise(learner_client, voortoets, RIGHT)
    assert "Je score: 100%" in learner_client.get(location).content.decode()
    assert QuizAttempt.objects.filter(user=medewerker, quiz=voortoets).count() == 1


def test_someone_elses_practice_run_is_not_found(client, module, medewerker, make_user):
    quiz = QuizPageFactory(parent=module)
    take(medewerker, quiz, RIGHT)
    client.force_login(medewerker)
    location = practise(client, quiz, RIGHT)
    other = make_user()
    take(other, quiz, RIGHT)
    client.force_login(other)
    assert client.get(location).status_code == 404


def test_practice_runs_are_exported_and_erased_with_the_learning_data(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module)
    take(medewerker, quiz, RIGHT)
    practise(learner_client, quiz, WRONG)
    exported = progress_hooks.learning_data_to_export(medewerker)["quiz_practice_runs"]
    assert [(row["quiz_id"], row["score"]) for row in exported] == [(quiz.pk, 0)]
    assert ("Oefenrondes bij toetsen (worden verwijderd)", 1) in progress_hooks.learning_data_counts(
        medewerker
    )
    assert progress_hooks.erase_learning_data(medewerker)["quiz_practice_runs"] == 1
    assert not PracticeRun.objects.exists()


def test_practice_pages_run_a_fixed_number_of_queries(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module)
    take(medewerker, quiz, RIGHT)

    def measure():
        counts = {}
        for name, url in (("quiz", quiz.url), ("practice", practice_url(quiz))):
            learner_client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert learner_client.get(url).status_code == 200
            counts[name] = len(queries)
        location = practise(learner_client, quiz, WRONG)
        with CaptureQueriesContext(connection) as queries:
            assert learner_client.get(location).status_code == 200
        counts["result"] = len(queries)
        return counts

    for _ in range(2):
        practise(learner_client, quiz, RIGHT)
    small = measure()
    for _ in range(4):
        practise(learner_client, quiz, RIGHT)
    assert measure() == small
