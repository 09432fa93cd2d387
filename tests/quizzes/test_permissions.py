"""Who may use the Quizanalyse (and its CSV), the knowledge gain and the extra attempts: exact
answers per role, and proof that the checks ask for permissions, not for groups."""

import pytest
from django.urls import reverse

from leergang.models import Team
from tests.access import ADMIN_LOGIN, NO_PERMISSION, ROLES, give, outcome, role_user, take_from_role

from .factories import WRONG, QuizPageFactory, take

pytestmark = pytest.mark.django_db

OK, FORBIDDEN = 200, 403


@pytest.fixture
def team(db):
    return Team.objects.create(name="JGH Noord", organisation="jgh")


@pytest.fixture
def pair(module, team, make_user):
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1
    )
    eindtoets = QuizPageFactory(parent=module, slug="toets", title="Eindtoets", max_attempts=2)
    person = make_user(team=team)
    take(person, voortoets, WRONG)
    take(person, eindtoets, WRONG)
    return voortoets, eindtoets


def urls(pair):
    _voortoets, quiz = pair
    return {
        "analysis index": reverse("quizzes_admin:index"),
        "analysis": reverse("quizzes_admin:analysis", args=[quiz.pk]),
        "analysis csv": reverse("quizzes_admin:analysis_csv", args=[quiz.pk]),
        "knowledge gain (admin)": reverse("quizzes_admin:knowledge_gain", args=[quiz.pk]),
        "knowledge gain (team)": reverse("quizzes_team_knowledge_gain", args=[quiz.pk]),
        "extra attempts": reverse("wagtailsnippets_quizzes_extraattempt:list"),
        "grant extra attempt": reverse("wagtailsnippets_quizzes_extraattempt:add"),
        "person chooser": reverse("quiz_person_chooser:choose_results") + "?q=naam",
    }


ADMIN_ONLY = {
    "analysis index": ADMIN_LOGIN,
    "analysis": ADMIN_LOGIN,
    "analysis csv": ADMIN_LOGIN,
    "knowledge gain (admin)": ADMIN_LOGIN,
    "extra attempts": ADMIN_LOGIN,
    "grant extra attempt": ADMIN_LOGIN,
    "person chooser": ADMIN_LOGIN,
}
EVERYTHING = {name: OK for name in ADMIN_ONLY} | {"knowledge gain (team)": OK}
EXPECTED = {
    "Medewerker": ADMIN_ONLY | {"knowledge gain (team)": FORBIDDEN},
    "Teamleider": ADMIN_ONLY | {"knowledge gain (team)": OK},  # the teams they lead
    "Coördinator": EVERYTHING,
    "Beheerder": EVERYTHING,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_answers(client, make_user, team, pair, role):
    client.force_login(role_user(make_user, role, team))
    assert {name: outcome(client, url) for name, url in urls(pair).items()} == EXPECTED[role]


def test_analysing_needs_the_permission_not_the_group(client, make_user, pair):
    person = make_user("Medewerker")
    give(person, "wagtailadmin.access_admin", "quizzes.analyse_quizzes")
    client.force_login(person)
    found = {name: outcome(client, url) for name, url in urls(pair).items()}
    assert found == {
        "analysis index": OK,
        "analysis": OK,
        "analysis csv": OK,
        "knowledge gain (admin)": OK,
        "knowledge gain (team)": FORBIDDEN,  # that one follows modules.view_all_progress
        "extra attempts": NO_PERMISSION,
        "grant extra attempt": NO_PERMISSION,
        "person chooser": NO_PERMISSION,
    }
    assert '"label": "Quizanalyse"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_coordinator_without_the_analysis_permission_is_refused(client, make_user, pair):
    take_from_role("Coördinator", "quizzes.analyse_quizzes")
    client.force_login(make_user("Coördinator"))
    assert outcome(client, reverse("quizzes_admin:analysis", args=[pair[1].pk])) == NO_PERMISSION
    assert outcome(client, reverse("quizzes_admin:analysis_csv", args=[pair[1].pk])) == NO_PERMISSION
    assert '"label": "Quizanalyse"' not in client.get(reverse("wagtailadmin_home")).content.decode()
    # granting extra attempts is its own permission, still held
    assert outcome(client, reverse("wagtailsnippets_quizzes_extraattempt:add")) == OK


def test_granting_follows_the_add_permission_of_extra_attempts(client, make_user, pair):
    person = make_user("Medewerker")
    give(person, "wagtailadmin.access_admin", "quizzes.add_extraattempt")
    client.force_login(person)
    assert outcome(client, reverse("wagtailsnippets_quizzes_extraattempt:add")) == OK
    assert outcome(client, reverse("quiz_person_chooser:choose_results") + "?q=naam") == OK

    take_from_role("Coördinator", "quizzes.add_extraattempt")
    client.force_login(make_user("Coördinator"))
    assert outcome(client, reverse("wagtailsnippets_quizzes_extraattempt:add")) == NO_PERMISSION
    assert outcome(client, reverse("quiz_person_chooser:choose_results") + "?q=naam") == NO_PERMISSION
    analysis = client.get(reverse("quizzes_admin:analysis", args=[pair[1].pk]))
    assert analysis.context["can_grant"] is False
