"""Knowledge gain between a module's voortoets and eindtoets, per team and per question."""

import pytest
from django.urls import reverse

from leergang.models import Team
from quizzes.analysis import knowledge_gain, quiz_pair

from .factories import RIGHT, WRONG, QuizPageFactory, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(module):
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", title="Voortoets", role="voortoets", max_attempts=1
    )
    eindtoets = QuizPageFactory(parent=module, slug="toets", title="Eindtoets", max_attempts=0)
    return voortoets, eindtoets


@pytest.fixture
def teams(db):
    return Team.objects.create(name="JGH Noord", organisation="jgh"), Team.objects.create(
        name="JGH Zuid", organisation="jgh"
    )


@pytest.fixture
def results(pair, teams, make_user):
    voortoets, eindtoets = pair
    noord, zuid = teams
    a, b = make_user(team=noord), make_user(team=noord)
    c = make_user(team=zuid)
    only_voortoets = make_user(team=noord)
    # Noord: both from 0% to 100% (b needed two tries: only the first attempt counts)
    take(a, voortoets, WRONG)
    take(a, eindtoets, RIGHT)
    take(b, voortoets, WRONG)
    take(b, eindtoets, dict(WRONG, q1=["a"]))  # 25%
    take(b, eindtoets, RIGHT)
    # Zuid: from 50% to 100%
    take(c, voortoets, dict(WRONG, q1=["a"], q3=["juist"]))
    take(c, eindtoets, RIGHT)
    # not paired: does not count
    take(only_voortoets, voortoets, RIGHT)
    return pair


def test_quiz_pair_finds_the_other_quiz_of_the_module(pair):
    voortoets, eindtoets = pair
    assert quiz_pair(voortoets) == (voortoets, eindtoets)
    assert quiz_pair(eindtoets) == (voortoets, eindtoets)


def test_gain_per_team_and_per_question_uses_first_attempts_of_people_who_took_both(results, teams):
    voortoets, eindtoets = results
    report = knowledge_gain(voortoets, eindtoets)
    by_team = {t.name: t for t in report.teams}
    noord = by_team["JGH Noord"].summary
    assert (noord.people, noord.before, noord.after) == (2, 0, pytest.approx(62.5))
    zuid = by_team["JGH Zuid"].summary
    assert (zuid.people, zuid.before, zuid.after, zuid.gain) == (1, 50, 100, 50)
    assert report.overall.people == 3
    q1 = report.questions[0]
    assert q1.label == "Welke kleur heeft de lucht overdag?"
    assert (q1.before, q1.after) == (pytest.approx(100 / 3), 100)
    noord_q3 = by_team["JGH Noord"].questions[2]
    assert (noord_q3.before, noord_q3.after) == (0, 50)


def test_team_lead_sees_only_the_teams_they_lead(client, results, teams, make_user):
    voortoets, eindtoets = results
    noord, zuid = teams
    lead = make_user("Teamleider")
    noord.leads.add(lead)
    client.force_login(lead)
    response = client.get(reverse("quizzes_team_knowledge_gain", args=[eindtoets.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "JGH Noord" in html and "JGH Zuid" not in html
    assert [t.name for t in response.context["report"].teams] == ["JGH Noord"]
    assert response.context["report"].overall.people == 2
    assert 'aria-current="page">Team<' in html
    # the voortoets id works too
    assert client.get(reverse("quizzes_team_knowledge_gain", args=[voortoets.pk])).status_code == 200


def test_kennistoename_is_refused_to_people_who_may_not_see_a_team(client, results, make_user):
    _voortoets, eindtoets = results
    client.force_login(make_user("Medewerker"))
    response = client.get(reverse("quizzes_team_knowledge_gain", args=[eindtoets.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Je hebt geen toegang tot deze pagina." in html
    assert "Vraag de functioneel beheerder" in html
    assert 'href="/">Terug naar de startpagina' in html


@pytest.mark.parametrize("role", ["Coördinator", "Beheerder"])
def test_coordinators_and_beheerders_see_every_team_as_on_the_team_page(client, results, make_user, role):
    voortoets, eindtoets = results
    person = make_user(role)
    client.force_login(person)
    response = client.get(reverse("quizzes_team_knowledge_gain", args=[eindtoets.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "JGH Noord" in html and "JGH Zuid" in html
    assert response.context["report"].overall.people == 3
    # the same rule as /team/
    assert client.get(reverse("team")).status_code == 200
    # and the quiz page leads them there
    assert f'href="/team/kennistoename/{eindtoets.pk}/"' in client.get(eindtoets.url).content.decode()


def test_the_403_page_never_sends_a_coordinator_to_the_coordinator(rf, make_user):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    for role in ["Medewerker", "Teamleider", "Coördinator", "Beheerder"]:
        request = rf.get("/ergens/")
        request.user = make_user(role)
        html = permission_denied(request, PermissionDenied()).content.decode()
        assert "Je hebt geen toegang tot deze pagina." in html
        assert "coördinator" not in html.lower().split("<main", 1)[1]
        # a beheerder is the one who changes roles and teams: no advice to ask themselves
        assert ("Vraag de functioneel beheerder" in html) == (role != "Beheerder")


def test_unknown_quiz_is_not_found_and_a_quiz_without_voortoets_says_so(client, module, teams, make_user):
    quiz = QuizPageFactory(parent=module)
    lead = make_user("Teamleider")
    teams[0].leads.add(lead)
    client.force_login(lead)
    assert client.get(reverse("quizzes_team_knowledge_gain", args=[999999])).status_code == 404
    response = client.get(reverse("quizzes_team_knowledge_gain", args=[quiz.pk]))
    assert response.status_code == 200
    assert "geen voortoets" in response.content.decode()


def test_coordinator_sees_every_team_in_the_admin(client, results, coordinator):
    _voortoets, eindtoets = results
    client.force_login(coordinator)
    response = client.get(reverse("quizzes_admin:knowledge_gain", args=[eindtoets.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "JGH Noord" in html and "JGH Zuid" in html


def test_team_lead_finds_the_gain_from_the_quiz_page(client, pair, teams, make_user):
    _voortoets, eindtoets = pair
    lead = make_user("Teamleider")
    teams[0].leads.add(lead)
    client.force_login(lead)
    assert f'href="/team/kennistoename/{eindtoets.pk}/"' in client.get(eindtoets.url).content.decode()
    client.force_login(make_user("Medewerker"))
    assert "/team/kennistoename/" not in client.get(eindtoets.url).content.decode()
