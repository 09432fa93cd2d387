"""Quizanalyse for coordinators, CSV export, and past results that survive edits (acceptance 4)."""

import csv
import io

import pytest
from django.urls import reverse

from quizzes.analysis import analyse_quiz
from quizzes.models import QuestionResponse, QuizAttempt, QuizPage
from tests.assertions import assert_sent_to_admin_login

from .factories import RIGHT, WRONG, QuizPageFactory, option, single, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_quiz(quiz, make_user):
    """Three people: one all right, one all wrong, one half (q1 and q3 right)."""
    people = [make_user("Medewerker") for _ in range(3)]
    take(people[0], quiz, RIGHT)
    take(people[1], quiz, WRONG)
    take(people[2], quiz, dict(WRONG, q1=["a"], q3=["juist"]))
    return quiz


def test_analysis_numbers(answered_quiz):
    analysis = analyse_quiz(answered_quiz)
    assert (analysis.attempts, analysis.people, analysis.passed_attempts, analysis.people_passed) == (
        3,
        3,
        1,
        1,
    )
    assert analysis.mean_score == pytest.approx(50)
    by_key = {q.key: q for q in analysis.questions}
    assert by_key["q1"].responses == 3 and by_key["q1"].right == 2 and not by_key["q1"].flagged
    assert by_key["q2"].right == 1 and by_key["q2"].flagged  # 1 of 3 right
    assert {o.key: o.count for o in by_key["q2"].options} == {"x": 1, "y": 1, "z": 2}
    assert {o.key: o.count for o in by_key["q1"].options} == {"a": 2, "b": 1, "c": 0}
    assert by_key["q1"].source == "000_doc.txt:1-2"
    assert [q.key for q in analysis.flagged] == ["q2", "q4"]


def test_admin_analysis_page_and_csv(client, coordinator, answered_quiz):
    client.force_login(coordinator)
    response = client.get(reverse("quizzes_admin:analysis", args=[answered_quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quizanalyse" in html and "gemarkeerd: minder dan de helft goed" in html
    assert "000_doc.txt:1-2" in html  # the source reference, for coordinators
    response = client.get(reverse("quizzes_admin:analysis_csv", args=[answered_quiz.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["vraagnummer", "vraagsleutel", "vraag"]
    q2_rows = [r for r in rows[1:] if r[1] == "q2"]
    assert [(r[8], r[11]) for r in q2_rows] == [("x", "1"), ("y", "1"), ("z", "2")]
    assert q2_rows[0][6] == "ja"  # flagged
    index = client.get(reverse("quizzes_admin:index"))
    assert index.status_code == 200 and "Toets" in index.content.decode()


def test_csv_guards_against_formula_injection(client, coordinator, module, make_user):
    quiz = QuizPageFactory(
        parent=module,
        questions=[single("f1", '=HYPERLINK("x")', [option("+1", True, "a"), option("-2", key="b")])],
    )
    take(make_user("Medewerker"), quiz, {"f1": ["a"]})
    client.force_login(coordinator)
    response = client.get(reverse("quizzes_admin:analysis_csv", args=[quiz.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="quizanalyse-')
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff") and raw.endswith("\r\n")
    text = raw.lstrip("\ufeff")
    assert "'=HYPERLINK" in text and ";'+1;" in text and ";'-2;" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [(row[9], row[11]) for row in rows[1:]] == [("'+1", "1"), ("'-2", "0")]  # counts stay numbers


def test_medewerker_and_team_lead_cannot_see_the_analysis(client, quiz, make_user):
    for role in ("Medewerker", "Teamleider"):  # (no admin access at all: Wagtail sends them to its login)
        client.force_login(make_user(role))
        for url in [
            reverse("quizzes_admin:analysis", args=[quiz.pk]),
            reverse("quizzes_admin:analysis_csv", args=[quiz.pk]),
        ]:
            assert_sent_to_admin_login(client.get(url), url)


def test_quiz_buttons_in_the_page_header_and_menu(client, coordinator, quiz):
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk])).content.decode()
    assert reverse("quizzes_admin:analysis", args=[quiz.pk]) in html
    assert reverse("quizzes_admin:gift_export", args=[quiz.pk]) in html
    assert reverse("quizzes_admin:gift_import", args=[quiz.pk]) in html
    assert (
        '"label": "Quizanalyse"' in client.get(reverse("wagtailadmin_home")).content.decode()
    )  # the sidebar menu item
    # the source reference is a field in the edit form
    assert "000_doc.txt:1-2" in html


def test_editing_or_deleting_questions_leaves_past_results_unchanged(client, answered_quiz, medewerker):
    client.force_login(medewerker)
    take(medewerker, answered_quiz, dict(RIGHT, q2=["x"]))
    attempt = QuizAttempt.objects.get(user=medewerker)
    snapshots_before = list(QuestionResponse.objects.order_by("pk").values_list("snapshot", "correct"))
    result_before = client.get(answered_quiz.url + "poging/1/").content.decode()

    edited = answered_quiz.get_latest_revision_as_object()
    raw = list(edited.questions.raw_data)
    raw[0]["value"]["question"] = "Een heel andere vraag?"
    raw[0]["value"]["options"][0]["value"]["correct"] = False
    raw[0]["value"]["options"][1]["value"]["correct"] = True
    del raw[1]  # q2 is deleted
    edited.questions = raw
    edited.pass_mark = 95
    edited.save_revision().publish()

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed, attempt.pass_mark) == (87, True, 80)
    assert (
        list(QuestionResponse.objects.order_by("pk").values_list("snapshot", "correct")) == snapshots_before
    )
    result_after = client.get(answered_quiz.url + "poging/1/").content.decode()
    assert (
        "Welke kleur heeft de lucht overdag?" in result_after and "Een heel andere vraag?" not in result_after
    )
    assert "Welke zijn even getallen?" in result_after
    assert result_after.count("lt-feedback--") == result_before.count("lt-feedback--") == 4

    analysis = analyse_quiz(QuizPage.objects.get(pk=answered_quiz.pk))
    deleted = next(q for q in analysis.questions if q.key == "q2")
    assert deleted.deleted and deleted.text == "Welke zijn even getallen?" and deleted.responses == 4
    assert [o.text for o in deleted.options] == ["Twee", "Vier", "Drie"]
    q1 = next(q for q in analysis.questions if q.key == "q1")
    assert q1.text == "Welke kleur heeft de lucht overdag?"  # as answered, from the snapshots
