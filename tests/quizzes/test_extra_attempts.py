"""A coordinator gives one person an extra attempt ("Extra pogingen" in the admin, or from the
Quizanalyse); the attempt limit, the learner's page and the saved attempts count the grants."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from quizzes.models import ExtraAttempt, QuizAttempt
from quizzes.questions import quiz_questions
from quizzes.services import NoAttemptsLeft, submit_attempt
from tests.assertions import assert_sent_to_admin_login

from .factories import RIGHT, WRONG, QuizPageFactory, form_data, take

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_quizzes_extraattempt:add")
LIST_URL = reverse("wagtailsnippets_quizzes_extraattempt:list")


def grant(user, quiz, coordinator, count=1):
    return ExtraAttempt.objects.create(
        user=user, quiz=quiz, count=count, reason="Ziek tijdens de toets.", granted_by=coordinator
    )


@pytest.fixture
def limited(module):
    return QuizPageFactory(parent=module, max_attempts=2)


@pytest.fixture
def stuck(limited, medewerker):
    take(medewerker, limited, WRONG)
    take(medewerker, limited, WRONG)
    return limited


def test_the_attempt_limit_counts_the_grants(stuck, medewerker, coordinator):
    questions = quiz_questions(stuck.questions)
    with pytest.raises(NoAttemptsLeft):
        submit_attempt(user=medewerker, quiz=stuck, attempt_number=3, questions=questions, answers=RIGHT)
    grant(medewerker, stuck, coordinator)
    attempt = submit_attempt(
        user=medewerker, quiz=stuck, attempt_number=3, questions=questions, answers=WRONG
    )
    assert attempt.attempt_number == 3
    with pytest.raises(NoAttemptsLeft):
        submit_attempt(user=medewerker, quiz=stuck, attempt_number=4, questions=questions, answers=RIGHT)
    grant(medewerker, stuck, coordinator, count=2)  # grants add up
    take(medewerker, stuck, WRONG)
    take(medewerker, stuck, RIGHT)
    assert QuizAttempt.objects.filter(user=medewerker).count() == 5


def test_a_grant_is_personal(stuck, medewerker, coordinator, make_user):
    other = make_user("Medewerker")
    take(other, stuck, WRONG)
    take(other, stuck, WRONG)
    grant(medewerker, stuck, coordinator)
    with pytest.raises(NoAttemptsLeft):
        take(other, stuck, RIGHT)


def test_learner_sees_the_extra_attempt_and_can_use_it(learner_client, stuck, medewerker, coordinator):
    page = learner_client.get(stuck.url)
    assert page.context["form"] is None
    assert "al je pogingen gebruikt" in page.content.decode()

    grant(medewerker, stuck, coordinator)
    page = learner_client.get(stuck.url)
    html = page.content.decode()
    assert page.context["form"] is not None
    assert "2 van 3 gebruikt" in html and "inclusief 1 extra poging van de coördinator" in html
    assert "Je hebt nog 1 poging, deze meegerekend." in html
    assert "Poging 3" in html
    # the result of the last attempt now offers the new chance
    result = learner_client.get(stuck.url + "poging/2/").content.decode()
    assert "Opnieuw proberen" in result and "je hebt nog 1 poging" in result

    response = learner_client.post(stuck.url, form_data(page, RIGHT))
    assert response.status_code == 302 and response["Location"].endswith("/poging/3/")
    assert QuizAttempt.objects.get(user=medewerker, attempt_number=3).passed


def test_used_extra_attempt_leaves_the_limit_reached_again(learner_client, stuck, medewerker, coordinator):
    grant(medewerker, stuck, coordinator)
    page = learner_client.get(stuck.url)
    learner_client.post(stuck.url, form_data(page, WRONG))
    page = learner_client.get(stuck.url)
    assert page.context["form"] is None
    assert "3 van 3 gebruikt" in page.content.decode()


def test_quizanalyse_lists_who_is_out_of_attempts_with_an_action(
    client, stuck, medewerker, coordinator, make_user
):
    passed = make_user("Medewerker", username="geslaagd")
    take(passed, stuck, WRONG)
    take(passed, stuck, RIGHT)
    halfway = make_user("Medewerker", username="halverwege")
    take(halfway, stuck, WRONG)
    client.force_login(coordinator)
    html = client.get(reverse("quizzes_admin:analysis", args=[stuck.pk])).content.decode()
    section = re.search(r'<section class="lt-admin-people".*?</section>', html, flags=re.S).group(0)
    assert "Geen pogingen meer" in section
    assert medewerker.get_full_name() in section
    assert passed.get_full_name() not in section and halfway.get_full_name() not in section
    assert f"{ADD_URL}?user={medewerker.pk}&amp;quiz={stuck.pk}&amp;next=" in section
    assert "Extra poging geven" in section

    grant(medewerker, stuck, coordinator)
    html = client.get(reverse("quizzes_admin:analysis", args=[stuck.pk])).content.decode()
    assert "Er is niemand die alle pogingen heeft gebruikt zonder de toets te halen." in html


def test_coordinator_grants_from_the_quizanalyse_and_it_is_logged(client, stuck, medewerker, coordinator):
    client.force_login(coordinator)
    back = reverse("quizzes_admin:analysis", args=[stuck.pk])
    url = f"{ADD_URL}?user={medewerker.pk}&quiz={stuck.pk}&next={back}"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert medewerker.get_full_name() in html  # the person is filled in
    assert f"next={back}" in html.replace("%2F", "/")  # the form posts back with ?next=

    response = client.post(
        url, {"user": medewerker.pk, "quiz": stuck.pk, "count": "1", "reason": "Ziek tijdens de toets."}
    )
    assert response.status_code == 302 and response["Location"] == back
    extra = ExtraAttempt.objects.get()
    assert (extra.user, extra.quiz_id, extra.count, extra.granted_by) == (
        medewerker,
        stuck.pk,
        1,
        coordinator,
    )
    assert extra.granted_at is not None
    log = ModelLogEntry.objects.get(action="wagtail.create")
    assert log.user == coordinator and log.object_id == str(extra.pk)
    messages = [str(m) for m in client.get(back).context["messages"]]
    assert any("1 extra poging" in m for m in messages)
    # the list shows who granted it, when and why
    listing = client.get(LIST_URL + f"?quiz={stuck.pk}").content.decode()
    assert medewerker.get_full_name() in listing and "Ziek tijdens de toets." in listing
    assert coordinator.get_full_name() in listing


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"max_attempts": 0}, "quiz", "geen maximum aantal pogingen"),
        ({"role": "voortoets", "slug": "voortoets"}, "quiz", "voortoets"),
    ],
)
def test_grants_that_make_no_sense_are_refused(
    client, module, medewerker, coordinator, fields, field, message
):
    quiz = QuizPageFactory(parent=module, **{"slug": "toets-2", **fields})
    client.force_login(coordinator)
    response = client.post(ADD_URL, {"user": medewerker.pk, "quiz": quiz.pk, "count": "1", "reason": "Ziek."})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExtraAttempt.objects.exists()


def test_no_grant_for_someone_who_passed_and_a_reason_is_required(client, limited, medewerker, coordinator):
    client.force_login(coordinator)
    response = client.post(ADD_URL, {"user": medewerker.pk, "quiz": limited.pk, "count": "1", "reason": ""})
    assert response.status_code == 200 and "Dit is een verplicht veld." in response.content.decode()
    take(medewerker, limited, RIGHT)
    response = client.post(ADD_URL, {"user": medewerker.pk, "quiz": limited.pk, "count": "1", "reason": "x"})
    assert "heeft deze toets al gehaald" in response.content.decode()
    assert not ExtraAttempt.objects.exists()


def test_only_coordinators_and_beheerders_grant(client, stuck, make_user, coordinator):
    for role in ("Medewerker", "Teamleider"):
        client.force_login(make_user(role))
        assert_sent_to_admin_login(client.get(ADD_URL), ADD_URL)
        assert_sent_to_admin_login(client.get(LIST_URL), LIST_URL)
    assert coordinator.has_perms(
        ["quizzes.add_extraattempt", "quizzes.view_extraattempt", "quizzes.delete_extraattempt"]
    )
    assert not coordinator.has_perm("quizzes.change_extraattempt")  # a grant is a record: delete, grant anew
    client.force_login(coordinator)
    assert client.get(LIST_URL).status_code == 200
    assert (
        '"label": "Extra pogingen"' in client.get(reverse("wagtailadmin_home")).content.decode()
    )  # the menu item


def test_person_chooser_finds_people_by_name(client, medewerker, coordinator, make_user):
    make_user("Medewerker", username="iemand-anders")
    medewerker.first_name, medewerker.last_name = "Sanne", "de Vries"
    medewerker.save()
    client.force_login(coordinator)
    response = client.get(reverse("quiz_person_chooser:choose_results") + "?q=vries")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanne de Vries" in html and "iemand-anders" not in html
    client.force_login(make_user("Teamleider"))
    url = reverse("quiz_person_chooser:choose_results") + "?q=vries"
    assert_sent_to_admin_login(client.get(url), url)


def test_quizanalyse_queries_do_not_grow_with_people_out_of_attempts(client, limited, coordinator, make_user):
    def count():
        client.get(reverse("quizzes_admin:analysis", args=[limited.pk]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("quizzes_admin:analysis", args=[limited.pk]))
        assert response.status_code == 200
        return len(queries)

    def add_people(n):
        for _ in range(n):
            person = make_user("Medewerker")
            take(person, limited, WRONG)
            take(person, limited, WRONG)
            grant(person, limited, coordinator)

    client.force_login(coordinator)
    add_people(2)
    small = count()
    add_people(8)
    assert count() == small


def test_the_list_of_grants_runs_a_fixed_number_of_queries(client, limited, coordinator, make_user):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    client.force_login(coordinator)
    client.get(LIST_URL)
    grant(make_user("Medewerker"), limited, coordinator)
    small = count()
    for _ in range(5):
        grant(make_user("Medewerker"), limited, coordinator)
    assert count() == small


def test_the_listing_downloads_as_the_sites_csv_with_formulas_guarded(
    client, limited, medewerker, coordinator
):
    ExtraAttempt.objects.create(
        user=medewerker, quiz=limited, count=1, reason="=HYPERLINK(1)", granted_by=coordinator
    )
    client.force_login(coordinator)
    response = client.get(LIST_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="extra-pogingen.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    header, row = text.lstrip("\ufeff").split("\r\n")[:2]
    assert header.split(";")[:4] == ["Persoon", "Toets", "Aantal extra pogingen", "Reden"]
    assert row.split(";")[2:4] == ["1", "'=HYPERLINK(1)"]
