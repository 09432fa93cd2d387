"""A quiz without questions is never published: the admin refuses it with a clear message (a
draft may be saved empty), and a learner who reaches an empty quiz anyway gets an explanation
instead of an empty form."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from quizzes.models import QuizAttempt, QuizPage

from .factories import RIGHT, QuizPageFactory, form_data

pytestmark = pytest.mark.django_db

REFUSED = "Een toets zonder vragen kan niet worden gepubliceerd of ter beoordeling worden aangeboden"


def quiz_form(questions, title="Voortoets GIZ", slug="voortoets"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "role": "voortoets",
            "pass_mark": "80",
            "max_attempts": "1",
            "feedback_mode": "na-elke-poging",
            "estimated_minutes": "10",
            "questions": streamfield(questions),
            "comments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
        }
    )


ONE_QUESTION = [("true_false", {"question": "GIZ is een gespreksmethodiek.", "answer": "juist"})]


@pytest.fixture
def beheerder(make_user):
    return make_user("Beheerder", username="beheer")


def test_beheerder_cannot_publish_a_new_quiz_without_questions(client, module, beheerder):
    client.force_login(beheerder)
    data = quiz_form([]) | {"action-publish": "action-publish"}
    response = client.post(reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not QuizPage.objects.exists()


def test_an_empty_quiz_can_be_saved_as_a_draft(client, module, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk]), quiz_form([])
    )
    assert response.status_code == 302
    quiz = QuizPage.objects.get()
    assert not quiz.live
    # and publishing it with a question works
    data = quiz_form(ONE_QUESTION) | {"action-publish": "action-publish"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[quiz.pk]), data)
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.live and len(quiz.questions) == 1


@pytest.mark.parametrize("action", ["action-submit", "action-publish"])
def test_coordinator_cannot_submit_an_empty_quiz_for_review(client, module, coordinator, action):
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk]),
        quiz_form([]) | {action: action},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not QuizPage.objects.exists()


def test_removing_every_question_from_a_live_quiz_is_not_published(client, quiz, beheerder):
    client.force_login(beheerder)
    data = quiz_form([], title=quiz.title, slug=quiz.slug) | {"action-publish": "action-publish"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[quiz.pk]), data)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert len(QuizPage.objects.get(pk=quiz.pk).questions) == 4


def test_bulk_publish_refuses_an_empty_quiz(client, module, beheerder):
    empty = QuizPageFactory(
        parent=module, questions=[], slug="voortoets", title="Voortoets GIZ", revision=False, live=False
    )
    empty.save_revision()
    assert not empty.live
    client.force_login(beheerder)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={empty.pk}&next=/admin/pages/{module.pk}/"
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert response.status_code == 200
    assert (
        "Er is niets gepubliceerd" in response.content.decode()
        and "Voortoets GIZ" in response.content.decode()
    )
    assert not QuizPage.objects.get(pk=empty.pk).live
    # also not as a draft child of a module published with its descendants
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={module.pk}&next=/admin/pages/",
        {"include_descendants": "on"},
        follow=True,
    )
    assert "Er is niets gepubliceerd" in response.content.decode()
    assert not QuizPage.objects.get(pk=empty.pk).live


def test_a_learner_reaching_an_empty_quiz_gets_an_explanation(learner_client, module):
    quiz = QuizPageFactory(parent=module, questions=[])  # e.g. published before this check existed
    response = learner_client.get(quiz.url)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["form"] is None
    assert "Deze toets heeft nog geen vragen, dus je kunt hem nu niet maken." in html
    assert "<dt>Vragen</dt>" not in html  # no "Vragen 0"
    assert '<form method="post" action="/modules/giz/toets/"' not in html


def test_a_form_handed_in_after_the_questions_were_removed_is_explained(learner_client, quiz):
    page = learner_client.get(quiz.url)
    revision = quiz.get_latest_revision_as_object()
    revision.questions = []
    revision.save_revision().publish()
    response = learner_client.post(quiz.url, form_data(page, RIGHT), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("heeft op dit moment geen vragen" in m for m in messages)
    assert not any("pogingen" in m for m in messages)
    assert QuizAttempt.objects.count() == 0


def test_preview_of_an_empty_quiz_tells_the_editor(rf, module, coordinator):
    quiz = QuizPageFactory(parent=module, questions=[], revision=False, live=False)
    request = rf.get(reverse("wagtailadmin_home"))
    request.user = coordinator
    html = quiz.make_preview_request(request).render().content.decode()
    assert "Voeg ten minste één vraag toe" in html


def test_quizanalyse_index_marks_a_quiz_without_questions(client, module, coordinator):
    QuizPageFactory(
        parent=module, questions=[], title="Voortoets GIZ", slug="voortoets", revision=False, live=False
    )
    QuizPageFactory(parent=module)
    client.force_login(coordinator)
    html = client.get(reverse("quizzes_admin:index")).content.decode()
    assert html.count("zonder vragen") == 1
