"""After a coordinator edits a question, Quizanalyse keeps the results of the question as it was
answered (snapshots) but marks the question as changed and shows what it is now."""

import csv
import io

import pytest
from django.urls import reverse

from quizzes.analysis import analyse_quiz
from quizzes.models import QuizPage

from .factories import RIGHT, WRONG, take

pytestmark = pytest.mark.django_db


def edit(quiz, change):
    page = quiz.get_latest_revision_as_object()
    raw = list(page.questions.raw_data)
    change(raw)
    page.questions = raw
    page.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def reword_q1_and_swap_its_right_answer(raw):
    raw[0]["value"]["question"] = "Welke kleur heeft een heldere lucht overdag?"
    raw[0]["value"]["options"][0]["value"]["correct"] = False
    raw[0]["value"]["options"][1]["value"]["correct"] = True


@pytest.fixture
def answered(quiz, make_user):
    take(make_user(), quiz, RIGHT)
    take(make_user(), quiz, WRONG)
    return quiz


def test_unchanged_questions_are_not_marked(answered):
    analysis = analyse_quiz(answered)
    assert not any(q.changed for q in analysis.questions)


def test_edited_question_is_marked_but_its_results_stay(answered):
    before = {
        q.key: (q.responses, q.right, [(o.key, o.correct, o.count) for o in q.options])
        for q in analyse_quiz(answered).questions
    }
    quiz = edit(answered, reword_q1_and_swap_its_right_answer)
    analysis = analyse_quiz(quiz)
    by_key = {q.key: q for q in analysis.questions}
    q1 = by_key["q1"]
    assert q1.changes == ["text", "right"] and q1.changed
    assert q1.text == "Welke kleur heeft de lucht overdag?"  # as answered
    assert q1.current.text == "Welke kleur heeft een heldere lucht overdag?"
    assert {o.key: (o.correct, o.correct_now) for o in q1.options} == {
        "a": (True, False),
        "b": (False, True),
        "c": (False, False),
    }
    after = {
        q.key: (q.responses, q.right, [(o.key, o.correct, o.count) for o in q.options])
        for q in analysis.questions
    }
    assert after == before  # the results do not move
    assert not any(by_key[k].changed for k in ("q2", "q3", "q4"))


def test_reworded_answer_is_a_change_of_the_answers_only(answered):
    def reword(raw):
        raw[0]["value"]["options"][1]["value"]["text"] = "Grasgroen"

    q1 = analyse_quiz(edit(answered, reword)).questions[0]
    assert q1.changes == ["answers"]


def test_changed_weights_change_which_answers_count(answered):
    def reweigh(raw):
        raw[1]["value"]["options"][0]["value"]["weight"] = "70"
        raw[1]["value"]["options"][1]["value"]["weight"] = "30"

    q2 = next(q for q in analyse_quiz(edit(answered, reweigh)).questions if q.key == "q2")
    assert q2.changes == ["right"]


def test_explanation_or_source_edits_are_not_a_change(answered):
    def explain(raw):
        raw[0]["value"]["explanation"] = "Een betere uitleg."
        raw[0]["value"]["source"] = "000_ander.txt:9"

    assert not analyse_quiz(edit(answered, explain)).questions[0].changed


def test_attempts_on_different_versions_are_marked(answered, make_user):
    quiz = edit(answered, reword_q1_and_swap_its_right_answer)
    take(make_user(), quiz, RIGHT)  # answers the new version
    q1 = analyse_quiz(quiz).questions[0]
    assert q1.changes == []  # the latest attempt saw the current version ...
    assert q1.versions_differ and q1.changed  # ... but earlier ones did not


def test_quizanalyse_page_and_csv_show_the_change(client, coordinator, answered):
    quiz = edit(answered, reword_q1_and_swap_its_right_answer)
    client.force_login(coordinator)
    html = client.get(reverse("quizzes_admin:analysis", args=[quiz.pk])).content.decode()
    assert html.count("gewijzigd sinds deze pogingen") == 2  # the overview row and the question
    assert "Gewijzigd nadat de vraag werd beantwoord: de vraagtekst, welke antwoorden goed zijn." in html
    assert "Nu in de toets:" in html and "Welke kleur heeft een heldere lucht overdag?" in html
    assert "(nu fout)" in html and "(nu goed)" in html
    assert "eerdere scores veranderen niet" in html

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("quizzes_admin:analysis_csv", args=[quiz.pk])).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[0][-3:] == ["gewijzigd sinds de pogingen", "vraag nu", "juist antwoord nu"]
    q1 = {r[8]: r for r in rows[1:] if r[1] == "q1"}
    assert q1["a"][2] == "Welke kleur heeft de lucht overdag?"  # as answered
    assert q1["a"][-3:] == [
        "de vraagtekst; welke antwoorden goed zijn",
        "Welke kleur heeft een heldere lucht overdag?",
        "nee",
    ]
    assert q1["b"][-1] == "ja"
    q3 = [r for r in rows[1:] if r[1] == "q3"]
    assert all(r[-3:] == ["", "", ""] for r in q3)
