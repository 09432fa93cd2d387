"""Runs and attendances are learner records: they protect their page, they are in the person's
own export, and erasure takes them (runs kept without the person, for the analysis). The
Oefengesprekanalyse is for those who hold the permission. Nothing below names practice."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Page

from modules import progress
from practice import services
from practice.models import Attendance, ScenarioRun
from tests.access import ADMIN_LOGIN, NO_PERMISSION, give, outcome, role_user

from .factories import CaseDiscussionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "Zet de pagina offline in plaats van hem te verwijderen."


def walk(user, scenario, choices=(0, 0)):
    run = services.start_run(user, scenario)
    for step, index in enumerate(choices):
        _outcome, run = services.choose(run, node_key=run.current_node, step_number=step, choice_index=index)
    return run


def test_no_practice_record_cascades_from_a_page():
    checked = []
    for model in apps.get_app_config("practice").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and issubclass(field.related_model, Page):
                if field.remote_field.parent_link:
                    continue
                checked.append(f"{model.__name__}.{field.name}")
                assert field.remote_field.on_delete in (models.PROTECT, models.SET_NULL), checked[-1]
    assert "ScenarioRun.scenario" in checked
    assert ScenarioRun._meta.get_field("scenario").remote_field.on_delete is models.PROTECT


def test_deleting_an_oefengesprek_somebody_did_is_refused(client, make_user, learner, scenario):
    walk(learner, scenario)
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=scenario.pk).delete()
    client.force_login(make_user("Beheerder"))
    response = client.post(reverse("wagtailadmin_pages:delete", args=[scenario.pk]), follow=True)
    assert REFUSAL in response.content.decode()
    assert ScenarioRun.objects.filter(scenario=scenario).count() == 1


def test_my_export_holds_my_runs_their_steps_and_my_attendances(client, learner, team, scenario):
    walk(learner, scenario)
    discussion = CaseDiscussionFactory(team=team)
    services.save_discussion(discussion, [learner], by=None)
    client.force_login(learner)
    data = json.loads(client.get(reverse("my_progress_export")).content)
    assert [r["ending_key"] for r in data["scenario_runs"]] == ["goed-einde"]
    assert [s["node_key"] for s in data["scenario_run_steps"]] == ["start", "vervolg"]
    assert data["case_discussion_attendances"][0]["status"] == "invited"


def test_erasure_anonymises_runs_and_deletes_attendances_and_reflection_hours(learner, team, scenario):
    walk(learner, scenario)
    discussion = CaseDiscussionFactory(team=team)
    services.save_discussion(discussion, [learner], by=None)
    services.answer_attendance(Attendance.objects.get(user=learner), confirmed=True)
    counts = progress.erase_learning_data(learner)
    assert counts["scenario_runs_anonymised"] == 1 and counts["case_discussion_attendances"] == 1
    assert counts["accreditation_entries"] == 1
    assert ScenarioRun.objects.get().user is None  # kept for the analysis
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "role, expected",
    [("Medewerker", ADMIN_LOGIN), ("Teamleider", ADMIN_LOGIN), ("Coördinator", 200), ("Beheerder", 200)],
)
def test_who_opens_the_oefengesprekanalyse(client, make_user, team, scenario, role, expected):
    client.force_login(role_user(make_user, role, team))
    assert outcome(client, reverse("practice_admin:index")) == expected
    assert outcome(client, reverse("practice_admin:analysis", args=[scenario.pk])) == expected


def test_the_permission_opens_the_analysis_not_the_group(client, make_user, scenario):
    person = make_user(None)
    give(person, "wagtailadmin.access_admin")
    client.force_login(person)
    assert outcome(client, reverse("practice_admin:analysis", args=[scenario.pk])) == NO_PERMISSION
    give(person, "practice.analyse_scenarios")
    person = type(person).objects.get(pk=person.pk)  # drop the permission cache
    client.force_login(person)
    assert outcome(client, reverse("practice_admin:analysis", args=[scenario.pk])) == 200


def test_the_analysis_counts_choices_and_goal_shares(client, make_user, learner, team, scenario):
    walk(learner, scenario, (0, 0))  # goals 1 and 2 well
    walk(make_user(team=team), scenario, (1, 1))  # goal 1 badly
    walk(make_user(team=team), scenario, (1, 0, 1))  # dood-spoor → vervolg → matig: 1 badly (−1), 2 badly
    client.force_login(make_user("Coördinator"))
    analysis = client.get(reverse("practice_admin:analysis", args=[scenario.pk])).context["analysis"]
    start = analysis.nodes[0]
    assert [(c.text, c.count) for c in start.choices] == [("Doorvragen", 1), ("Meteen verwijzen", 2)]
    shares = {g.number: (g.runs, g.well, g.percent) for g in analysis.goals}
    assert shares == {1: (3, 1, 33), 2: (2, 1, 50)}
    assert analysis.runs == 3 and analysis.finished == 3 and analysis.people == 3


def test_modules_and_content_name_no_practice_code():
    """modules and content are below practice: not even a string names it (migrations and
    translations aside)."""
    found = [
        str(path.relative_to(ROOT))
        for folder in ("modules", "content")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html")
        and "migrations" not in path.parts
        and "practice" in path.read_text(encoding="utf-8")
    ]
    assert found == []
