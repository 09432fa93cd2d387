"""The quiz page, the submit, the result, Quizanalyse and the knowledge gain pages run a fixed
number of queries whatever the number of attempts (acceptance 6): measured at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leergang.models import Team

from .factories import RIGHT, WRONG, QuizPageFactory, form_data, take

pytestmark = pytest.mark.django_db


def count(callable_, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = callable_()
    assert response.status_code == status, response.status_code
    return len(queries)


@pytest.fixture
def world(module, make_user):
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=0
    )
    quiz = QuizPageFactory(parent=module, max_attempts=0)
    learner = make_user(team=team, username="lerende")
    lead = make_user("Teamleider", username="leider")
    team.leads.add(lead)
    coordinator = make_user("Coördinator", username="coord")

    def grow(people, own_attempts):
        for _ in range(people):
            person = make_user(team=team)
            take(person, voortoets, WRONG)
            take(person, quiz, WRONG)
            take(person, quiz, RIGHT)
        for _ in range(own_attempts):
            take(learner, quiz, WRONG)

    return {"quiz": quiz, "learner": learner, "lead": lead, "coordinator": coordinator, "grow": grow}


def measure(client, world):
    quiz = world["quiz"]
    client.force_login(world["learner"])
    client.get(quiz.url)  # warm Wagtail's site cache, which is not what we measure
    counts = {"quiz page": count(lambda: client.get(quiz.url))}
    page = client.get(quiz.url)
    counts["submit"] = count(lambda: client.post(quiz.url, form_data(page, WRONG)), status=302)
    counts["result"] = count(lambda: client.get(quiz.url + "poging/1/"))
    client.force_login(world["lead"])
    counts["team kennistoename"] = count(
        lambda: client.get(reverse("quizzes_team_knowledge_gain", args=[quiz.pk]))
    )
    client.force_login(world["coordinator"])
    counts["quizanalyse"] = count(lambda: client.get(reverse("quizzes_admin:analysis", args=[quiz.pk])))
    counts["quizanalyse csv"] = count(
        lambda: client.get(reverse("quizzes_admin:analysis_csv", args=[quiz.pk]))
    )
    counts["quiz index"] = count(lambda: client.get(reverse("quizzes_admin:index")))
    counts["admin kennistoename"] = count(
        lambda: client.get(reverse("quizzes_admin:knowledge_gain", args=[quiz.pk]))
    )
    return counts


def test_query_counts_do_not_grow_with_attempts(client, world):
    world["grow"](2, 1)
    small = measure(client, world)
    world["grow"](15, 10)
    large = measure(client, world)
    assert large == small
    # and they are small in absolute terms
    assert small["submit"] <= 30, small
    assert small["quiz page"] <= 20, small
    assert small["quizanalyse"] <= 30, small
