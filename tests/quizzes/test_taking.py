"""Taking a quiz as a medewerker: scoring, feedback, completion, attempt limit, and every way a
form can arrive broken (acceptance 2 and 3)."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from modules.models import StepCompletion
from quizzes.forms import issue_token
from quizzes.models import QuestionResponse, QuizAttempt, QuizPage

from .factories import RIGHT, WRONG, QuizPageFactory, form_data, option, single

pytestmark = pytest.mark.django_db


def submit(client, quiz, answers, response=None):
    response = response or client.get(quiz.url)
    return client.post(quiz.url, form_data(response, answers))


def test_quiz_page_is_one_accessible_form_with_a_fieldset_per_question(learner_client, quiz):
    response = learner_client.get(quiz.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 4
    assert html.count("<legend") == 4
    # every option is a real input with its own label
    for input_id in re.findall(r'<input type="(?:radio|checkbox)"[^>]*id="([^"]+)"', html):
        assert '<label class="utrecht-form-label' in html and f'for="{input_id}"' in html
    assert 'type="checkbox"' in html and 'type="radio"' in html
    assert "<script" not in html.split("<main")[1]
    # breadcrumbs Modules › module › quiz, and the Modules nav item is current
    assert 'aria-current="page">Toets<' in html
    assert ">Module giz<" in html
    assert re.search(r'href="/"\s+aria-current="page">Modules<', html)
    assert "Casus" in html and "Een moeder belt over haar zoon." in html
    assert "Vraag 1 van 4" in html


def test_failing_attempt_shows_score_and_feedback_and_leaves_the_step_open(learner_client, quiz, medewerker):
    answers = dict(RIGHT, q2=["z"], q3=["onjuist"])  # 2 of 4 right
    response = submit(learner_client, quiz, answers)
    assert response.status_code == 302
    assert response["Location"].endswith("/poging/1/")
    result = learner_client.get(response["Location"])
    html = result.content.decode()
    assert "Je score: 50%" in html
    assert "niet gehaald" in html
    assert "Feedback bij Drie" in html  # the chosen option's own feedback
    assert "Helaas." in html  # true/false feedback for a wrong answer
    # the default feedback mode keeps the key back while attempts are left: no explanation,
    # and learners never see the source reference
    assert "Uitleg." not in html and "juist antwoord" not in html
    assert "000_doc.txt" not in html
    assert "Opnieuw proberen" in html
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.passed, attempt.pass_mark) == (50, False, 80)
    assert not StepCompletion.objects.filter(user=medewerker, page_id=quiz.pk).exists()


def test_passing_attempt_completes_the_step_with_its_score(learner_client, quiz, medewerker):
    response = submit(learner_client, quiz, RIGHT)
    html = learner_client.get(response["Location"]).content.decode()
    assert "Je score: 100%" in html and "gehaald" in html
    completion = StepCompletion.objects.get(user=medewerker, page_id=quiz.pk)
    assert completion.score == 100
    page = learner_client.get(quiz.url).content.decode()
    assert "Je hebt deze toets gehaald" in page
    assert '<form method="post" action="/modules/giz/toets/"' not in page


def test_partial_credit_on_multiple_choice_and_pass_mark_edge(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module, pass_mark=75)
    # q2: one of two right options → 0.5; total (1 + 0.5 + 1 + 1) / 4 = 87.5 → 87, passed
    response = submit(learner_client, quiz, dict(RIGHT, q2=["x"]))
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.passed) == (87, True)
    assert response.status_code == 302
    q2 = QuestionResponse.objects.get(question_key="q2")
    assert float(q2.correct) == 0.5
    assert "deels goed" in learner_client.get(response["Location"]).content.decode()


def test_attempt_limit_holds(learner_client, module, medewerker):
    quiz = QuizPageFactory(parent=module, max_attempts=2)
    first = learner_client.get(quiz.url)
    submit(learner_client, quiz, WRONG, first)
    second = learner_client.get(quiz.url)
    assert "Poging 2" in second.content.decode()
    submit(learner_client, quiz, WRONG, second)
    page = learner_client.get(quiz.url)
    assert page.context["form"] is None
    assert "al je pogingen gebruikt" in page.content.decode()
    # A forged-but-valid third form (as if issued earlier) still makes no attempt.
    token = issue_token(medewerker, quiz, 3, "whatever")
    data = {"token": token, "q-q1": "a", "q-q2": ["x", "y"], "q-q3": "juist", "q-q4": "m"}
    response = learner_client.post(quiz.url, data)
    assert response.status_code == 302
    assert QuizAttempt.objects.count() == 2
    messages = [str(m) for m in learner_client.get(quiz.url).context["messages"]]
    assert any("al je pogingen" in m for m in messages)


def test_unlimited_attempts(learner_client, module):
    quiz = QuizPageFactory(parent=module, max_attempts=0)
    for _ in range(5):
        submit(learner_client, quiz, WRONG)
    assert QuizAttempt.objects.count() == 5
    assert learner_client.get(quiz.url).context["form"] is not None


def test_option_of_another_question_is_refused_and_answers_stay(learner_client, quiz):
    page = learner_client.get(quiz.url)
    data = form_data(page, dict(RIGHT, q1=["m"]))  # "m" belongs to q4
    response = learner_client.post(quiz.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "hoort niet bij deze vraag" in html
    assert QuizAttempt.objects.count() == 0
    # the valid answers are still checked
    assert re.search(r'value="x"[^>]*checked', html)
    assert re.search(r'value="juist"[^>]*checked', html)


def test_missing_answer_names_the_question_and_keeps_the_rest(learner_client, quiz):
    page = learner_client.get(quiz.url)
    answers = dict(RIGHT)
    del answers["q2"]
    response = learner_client.post(quiz.url, form_data(page, answers))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies ten minste één antwoord." in html
    assert 'href="#vraag-q2"' in html  # the error summary links to the question
    assert re.search(r'value="a"[^>]*checked', html)
    assert QuizAttempt.objects.count() == 0
    # the same form, completed, is accepted
    response = learner_client.post(quiz.url, form_data(page, RIGHT))
    assert response.status_code == 302
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "x" * 5000, "eyJ1Ijo.bad:sig", signing.dumps({"u": 1}, salt="other")],
    # Stable ids: a signed value changes every second, and xdist workers must collect the same tests.
    ids=["empty", "garbage", "too-long", "bad-signature", "other-salt"],
)
def test_garbled_form_gets_a_clear_message_and_keeps_the_answers(learner_client, quiz, token):
    data = {"token": token, "q-q1": "a", "q-q3": "onjuist"}
    response = learner_client.post(quiz.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Je antwoorden konden niet worden ingeleverd" in html
    assert re.search(r'value="a"[^>]*checked', html)
    assert re.search(r'value="onjuist"[^>]*checked', html)
    assert QuizAttempt.objects.count() == 0
    # and the fresh form that comes back works
    response = learner_client.post(quiz.url, form_data(response, RIGHT))
    assert response.status_code == 302


def test_garbage_values_and_duplicates_are_refused(learner_client, quiz):
    page = learner_client.get(quiz.url)
    data = form_data(page, RIGHT)
    data["q-q1"] = ["a", "b"]  # two answers to a single-choice question
    data["q-q4"] = "\x00<script>"
    data["q-onbekend"] = "a"
    response = learner_client.post(quiz.url, data)
    assert response.status_code == 400
    assert "Kies één antwoord." in response.content.decode()
    assert QuizAttempt.objects.count() == 0


def test_token_of_another_person_is_refused(learner_client, quiz, make_user):
    other = make_user("Medewerker", username="ander")
    data = {"token": issue_token(other, quiz, 1, "x"), "q-q1": "a"}
    response = learner_client.post(quiz.url, data)
    assert response.status_code == 400
    assert "hoort niet bij jou" in response.content.decode()
    assert QuizAttempt.objects.count() == 0


def test_replayed_quiz_form_creates_no_second_attempt(learner_client, quiz):
    page = learner_client.get(quiz.url)
    data = form_data(page, WRONG)
    first = learner_client.post(quiz.url, data)
    replay = learner_client.post(quiz.url, data)  # refresh / back button / double click
    assert replay.status_code == 302
    assert replay["Location"] == first["Location"]
    assert QuizAttempt.objects.count() == 1
    messages = [str(m) for m in learner_client.get(replay["Location"]).context["messages"]]
    assert any("al ingeleverd" in m for m in messages)


def test_two_tabs_make_one_attempt(learner_client, quiz):
    tab1 = learner_client.get(quiz.url)
    tab2 = learner_client.get(quiz.url)
    learner_client.post(quiz.url, form_data(tab1, WRONG))
    response = learner_client.post(quiz.url, form_data(tab2, RIGHT))
    assert response.status_code == 302
    assert QuizAttempt.objects.count() == 1
    assert QuizAttempt.objects.get().score == 0


def test_form_from_before_an_edit_is_stale_and_keeps_answers(learner_client, quiz):
    page = learner_client.get(quiz.url)
    edited = quiz.get_latest_revision_as_object()
    raw = list(edited.questions.raw_data)
    raw[0]["value"]["question"] = "Welke kleur heeft de lucht op een heldere dag?"
    edited.questions = raw
    edited.save_revision().publish()
    response = learner_client.post(quiz.url, form_data(page, RIGHT))
    assert response.status_code == 409
    html = response.content.decode()
    assert "gewijzigd" in html and "op een heldere dag" in html
    assert re.search(r'value="a"[^>]*checked', html)
    assert QuizAttempt.objects.count() == 0


def test_shuffle_is_stable_per_attempt_and_differs_between_attempts(learner_client, module):
    questions = [
        single(f"k{n}", f"Vraag {n}?", [option(f"Goed {n}", True, f"g{n}"), option(f"Fout {n}", key=f"f{n}")])
        for n in range(8)
    ]
    quiz = QuizPageFactory(
        parent=module, questions=questions, shuffle_questions=True, shuffle_options=True, max_attempts=0
    )

    def order(response):
        return [q.key for q in response.context["form"].questions]

    first = order(learner_client.get(quiz.url))
    assert first == order(learner_client.get(quiz.url))  # re-render: same order
    assert sorted(first) == [f"k{n}" for n in range(8)]
    orders = {tuple(first)}
    for _ in range(4):
        page = learner_client.get(quiz.url)
        learner_client.post(quiz.url, form_data(page, {k: [f"f{k[1:]}"] for k in first}))
        orders.add(tuple(order(learner_client.get(quiz.url))))
    assert len(orders) > 1


def test_snapshot_keeps_questions_and_options_as_shown(learner_client, quiz):
    submit(learner_client, quiz, RIGHT)
    response = QuestionResponse.objects.get(question_key="q2")
    assert response.snapshot["text"] == "Welke zijn even getallen?"
    assert [(o["key"], o["text"], o["correct"]) for o in response.snapshot["options"]] == [
        ("x", "Twee", True),
        ("y", "Vier", True),
        ("z", "Drie", False),
    ]
    assert response.chosen == ["x", "y"]
    assert response.snapshot["source"] == "000_doc.txt:3-4"


def test_someone_elses_result_is_not_found(client, quiz, medewerker, make_user):
    client.force_login(medewerker)
    submit(client, quiz, RIGHT)
    other = make_user("Medewerker", username="ander")
    client.force_login(other)
    assert client.get(quiz.url + "poging/1/").status_code == 404


def test_feedback_only_once_passed(learner_client, module):
    quiz = QuizPageFactory(parent=module, feedback_mode="na-slagen")
    response = submit(learner_client, quiz, WRONG)
    html = learner_client.get(response["Location"]).content.decode()
    assert "Je score: 0%" in html
    assert "Feedback bij Groen" not in html
    assert "pas als je de toets hebt gehaald" in html
    assert "Lees de feedback" not in html  # (the contradiction the outside tester found)
    response = submit(learner_client, quiz, RIGHT)
    assert "Feedback bij Blauw" in learner_client.get(response["Location"]).content.decode()
    # once passed, earlier attempts show their feedback too
    assert "Feedback bij Groen" in learner_client.get(quiz.url + "poging/1/").content.decode()


def test_voortoets_completes_its_step_on_any_score_without_a_score(learner_client, module, medewerker):
    quiz = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1
    )
    response = submit(learner_client, quiz, WRONG)
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get()
    assert attempt.kind == "voortoets"
    completion = StepCompletion.objects.get(user=medewerker, page_id=quiz.pk)
    assert completion.score is None
    html = learner_client.get(response["Location"]).content.decode()
    assert "telt niet mee" in html


def test_module_completes_when_the_quiz_passes_after_the_lessons(learner_client, module, quiz, medewerker):
    from modules.models import LessonPage, ModuleCompletion
    from modules.progress import complete_step

    complete_step(medewerker, LessonPage.objects.child_of(module).get())
    submit(learner_client, quiz, RIGHT)
    assert ModuleCompletion.objects.filter(user=medewerker, module=module).exists()


def test_preview_renders_without_saving(rf, quiz, coordinator):
    request = rf.get(reverse("wagtailadmin_home"))
    request.user = coordinator
    response = quiz.make_preview_request(request)
    assert response.status_code == 200
    html = response.render().content.decode()
    assert "Voorbeeld" in html and "Vraag 1 van 4" in html
    assert "Antwoorden inleveren" not in html
    assert QuizAttempt.objects.count() == 0


def test_empty_quiz_offers_no_form(learner_client, module):
    quiz = QuizPageFactory(parent=module, questions=[])
    response = learner_client.get(quiz.url)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert QuizPage.objects.filter(pk=quiz.pk).exists()


def test_form_left_open_too_long_is_refused_but_answers_stay(learner_client, quiz, monkeypatch):
    page = learner_client.get(quiz.url)
    monkeypatch.setattr("quizzes.forms.TOKEN_MAX_AGE", -1)
    response = learner_client.post(quiz.url, form_data(page, RIGHT))
    assert response.status_code == 400
    assert "te lang open" in response.content.decode()
    assert re.search(r'value="a"[^>]*checked', response.content.decode())
    assert QuizAttempt.objects.count() == 0


def test_concurrent_submit_of_the_same_attempt_number_is_caught_by_the_database(quiz, medewerker):
    from django.db import IntegrityError, transaction

    from quizzes.questions import quiz_questions
    from quizzes.services import AttemptAlreadySubmitted, submit_attempt

    questions = quiz_questions(quiz.questions)
    first = submit_attempt(user=medewerker, quiz=quiz, attempt_number=1, questions=questions, answers=WRONG)
    with pytest.raises(AttemptAlreadySubmitted) as raised:
        submit_attempt(user=medewerker, quiz=quiz, attempt_number=1, questions=questions, answers=RIGHT)
    assert raised.value.attempt == first
    # the unique constraint itself, for the race where both requests pass the check
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(
            user=medewerker,
            quiz=quiz,
            attempt_number=1,
            started_at=first.started_at,
            submitted_at=first.submitted_at,
            score=0,
            passed=False,
            pass_mark=80,
            question_count=4,
        )
    assert QuizAttempt.objects.count() == 1


def test_race_between_check_and_insert_becomes_already_submitted(quiz, medewerker, monkeypatch):
    """Two requests both pass the 'is attempt 1 free?' check; the rival commits first. The
    second insert hits the unique constraint and is reported as already submitted."""
    from quizzes import services
    from quizzes.questions import quiz_questions

    questions = quiz_questions(quiz.questions)
    rival = services.submit_attempt(
        user=medewerker, quiz=quiz, attempt_number=1, questions=questions, answers=WRONG
    )
    real_saved_attempt = services.saved_attempt
    calls = {"n": 0}

    def not_yet_visible(*args):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_saved_attempt(*args)

    monkeypatch.setattr(services, "saved_attempt", not_yet_visible)
    monkeypatch.setattr(services, "next_attempt_number", lambda user, quiz: 1)
    with pytest.raises(services.AttemptAlreadySubmitted) as raised:
        services.submit_attempt(
            user=medewerker, quiz=quiz, attempt_number=1, questions=questions, answers=RIGHT
        )
    assert raised.value.attempt == rival
    assert QuizAttempt.objects.count() == 1
    assert QuestionResponse.objects.count() == 4
    assert QuizAttempt.objects.get().score == 0
