"""The demo (acceptance 3): three oefengesprekken in the demo modules, runs by demo colleagues,
their analysis, and two casusbesprekingen (one confirmed by the demo medewerker)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from modules.models import AccreditationEntry, StepCompletion
from practice.models import Attendance, CaseDiscussion, ScenarioPage, ScenarioRun

pytestmark = pytest.mark.django_db

SLUGS = {
    "giz": "oefengesprek-specialistische-hulp",
    "kostenbewust-handelen": "oefengesprek-verwijzing-poh-j",
    "voorliggende-voorzieningen": "oefengesprek-verwijsdrill",
}


def user(username):
    return get_user_model().objects.get(username=username)


def test_three_oefengesprekken_in_their_modules_with_six_nodes_and_two_endings(demo):
    for module_slug, slug in SLUGS.items():
        page = ScenarioPage.objects.get(slug=slug)
        assert page.live and page.get_parent().slug == module_slug
        assert len(page.scenario.nodes) >= 6 and len(page.scenario.endings) >= 2
        assert any(e.good for e in page.scenario.endings)
        # before the eindtoets: the module's last step stays the quiz
        assert page.get_parent().get_last_child().slug == "toets"


def test_the_drill_shows_live_sociale_kaart_entries_with_the_kaart_block(demo, client):
    page = ScenarioPage.objects.get(slug=SLUGS["voorliggende-voorzieningen"])
    assert all(c.voorziening_id for c in page.scenario.start.choices[:2])
    client.force_login(user("nieuwe-medewerker"))
    client.post(page.url, {"actie": "begin"})
    html = client.get(page.url).content.decode()
    assert "Kindergroep Twee huizen" in html
    assert reverse("kaart:voorziening_detail", args=["kindergroep-twee-huizen"]) in html


def test_demo_colleagues_have_runs_that_completed_the_step(demo):
    runs = ScenarioRun.objects.exclude(finished_at=None)
    assert runs.values("user").distinct().count() >= 3
    medewerker = user("medewerker")
    giz = ScenarioPage.objects.get(slug=SLUGS["giz"])
    assert ScenarioRun.objects.filter(user=medewerker, scenario=giz).exclude(finished_at=None).exists()
    assert StepCompletion.objects.filter(user=medewerker, page=giz).exists()


def test_the_analysis_shows_choice_counts_and_goal_shares(demo, client):
    client.force_login(user("coordinator"))
    page = ScenarioPage.objects.get(slug=SLUGS["giz"])
    index = client.get(reverse("practice_admin:index"))
    assert index.status_code == 200 and page.title in index.content.decode()
    response = client.get(reverse("practice_admin:analysis", args=[page.pk]))
    assert response.status_code == 200
    analysis = response.context["analysis"]
    start = analysis.nodes[0]
    assert start.key == "start" and start.total == analysis.runs > 0
    assert sum(goal.runs for goal in analysis.goals) > 0
    assert any(goal.percent is not None for goal in analysis.goals)
    html = response.content.decode()
    assert "Keuzes per knoop" in html and "aandeel van de afgeronde rondes" in html


def test_two_casusbesprekingen_one_confirmed_by_the_medewerker(demo, client):
    medewerker = user("medewerker")
    assert CaseDiscussion.objects.count() == 2
    confirmed = Attendance.objects.get(user=medewerker, status=Attendance.Status.CONFIRMED)
    assert Attendance.objects.filter(user=medewerker, status=Attendance.Status.INVITED).count() == 1
    entry = AccreditationEntry.objects.get(user=medewerker, kind=AccreditationEntry.Kind.REFLECTION)
    assert entry.source_key == confirmed.discussion.source_key and str(entry.hours) == "1.5"
    client.force_login(medewerker)
    rows = client.get(reverse("accreditation_csv")).content.decode("utf-8-sig").splitlines()
    assert any(row.endswith(";reflectie") and "Een gezin dat om een diagnose vraagt" in row for row in rows)
    html = client.get(reverse("my_progress")).content.decode()
    assert "Casusbesprekingen en intervisie" in html and "Ik was bij" in html


def test_the_team_lead_sees_the_oefengesprek_in_the_step_status_and_the_sessions(demo, client):
    client.force_login(user("teamleider"))
    medewerker = user("medewerker")
    html = client.get(reverse("team_member", args=[medewerker.pk])).content.decode()
    assert "Oefengesprek: ouders vragen om specialistische hulp: gedaan" in html
    assert "Doorvragen" not in html  # the choices are not shown
    response = client.get(reverse("practice:discussions"))
    assert response.status_code == 200 and "Een gezin dat om een diagnose vraagt" in response.content.decode()


def test_importing_again_changes_nothing(demo):
    from practice.leerstof_import import import_scenarios

    assert {line.status for line in import_scenarios()} == {"ongewijzigd"}
    call_command("demo_data", verbosity=0)
    assert CaseDiscussion.objects.count() == 2 and ScenarioPage.objects.count() == 3
