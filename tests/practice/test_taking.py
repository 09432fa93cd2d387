"""Taking an oefengesprek without JavaScript: one form per node (radio buttons ``keuze``), one
run per attempt, completion through modules' progress, restart, and old forms that change
nothing (acceptance 1)."""

import pytest
from django.urls import reverse

from modules.models import ModuleCompletion, StepCompletion
from practice.models import RunStep, ScenarioRun

pytestmark = pytest.mark.django_db

STALE = "Dit formulier hoorde bij een eerder moment in het gesprek"


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


def form_fields(response):
    """The hidden fields of the node's form as the page rendered them."""
    context = response.context
    return {
        "actie": "kies",
        "run": context["active"].pk,
        "knoop": context["node"].key,
        "stap": context["step_number"],
    }


def start(client, scenario):
    client.post(scenario.url, {"actie": "begin"})
    return client.get(scenario.url)


def choose(client, scenario, response, keuze):
    return client.post(scenario.url, {**form_fields(response), "keuze": keuze}, follow=True)


def test_the_first_visit_offers_to_start_and_records_nothing(client_in, scenario):
    response = client_in.get(scenario.url)
    assert response.status_code == 200
    assert "Begin het gesprek" in response.content.decode()
    assert not ScenarioRun.objects.exists()


def test_each_node_is_a_form_with_radio_buttons_named_keuze(client_in, scenario):
    response = start(client_in, scenario)
    html = response.content.decode()
    assert html.count('type="radio" name="keuze"') == 2
    assert "Doorvragen" in html and "Meteen verwijzen" in html
    assert 'name="knoop" value="start"' in html and 'name="stap" value="0"' in html
    assert 'type="submit"' in html


def test_walking_to_an_ending_completes_the_step_and_changes_my_progress(
    client_in, learner, module, scenario
):
    before = client_in.get(reverse("my_progress")).content.decode()
    response = start(client_in, scenario)
    response = choose(client_in, scenario, response, 0)  # start → vervolg
    html = response.content.decode()
    assert "Feedback: Doorvragen" in html and "Het vervolg" in html
    response = choose(client_in, scenario, response, 0)  # vervolg → goed-einde
    html = response.content.decode()
    assert "Je hebt het gesprek afgerond" in html
    assert "Einde: Samen verder" in html and "Uitkomst: Samen verder." in html
    run = ScenarioRun.objects.get(user=learner)
    assert run.finished and run.ending_key == "goed-einde" and run.ending_good is True
    assert [(s.node_key, s.choice_index) for s in run.steps.all()] == [("start", 0), ("vervolg", 0)]
    assert run.goal_scores == {"1": 2, "2": 2}
    assert StepCompletion.objects.get(user=learner, page=scenario).score == 100
    after = client_in.get(reverse("my_progress")).content.decode()
    assert after != before
    # the module had a lesson too: not complete yet, but the oefengesprek counts as a step done
    assert not ModuleCompletion.objects.filter(user=learner).exists()
    assert "1 van 2" in after


def test_any_ending_completes_the_step_and_the_goals_say_what_went_well(client_in, learner, scenario):
    response = start(client_in, scenario)
    response = choose(client_in, scenario, response, 1)  # start → dood-spoor (goal 1: −2)
    response = choose(client_in, scenario, response, 1)  # dood-spoor → slecht-einde (goal 1: −1)
    html = response.content.decode()
    assert "Einde: Afgehaakt" in html
    assert "samen beslissen: <strong>kan beter</strong>" in html
    assert StepCompletion.objects.get(user=learner, page=scenario).score == 0


def test_an_old_form_posted_again_changes_nothing(client_in, learner, scenario):
    first = start(client_in, scenario)
    second = choose(client_in, scenario, first, 0)  # now at "vervolg"
    run = ScenarioRun.objects.get(user=learner)
    steps_before = list(RunStep.objects.filter(run=run).values_list("node_key", "choice_index"))
    # the back button: the form of the first node, posted again with the other choice
    response = client_in.post(scenario.url, {**form_fields(first), "keuze": 1}, follow=True)
    html = response.content.decode()
    assert STALE in html
    assert "Het vervolg" in html  # the current node, not the old one
    run.refresh_from_db()
    assert run.current_node == "vervolg"
    assert list(RunStep.objects.filter(run=run).values_list("node_key", "choice_index")) == steps_before
    # and the current form still works
    response = choose(client_in, scenario, second, 1)
    assert "Einde: Half gelukt" in response.content.decode()


def test_the_form_of_a_finished_run_changes_nothing(client_in, learner, scenario):
    response = start(client_in, scenario)
    last = choose(client_in, scenario, response, 0)
    choose(client_in, scenario, last, 0)
    response = client_in.post(scenario.url, {**form_fields(last), "keuze": 1}, follow=True)
    assert STALE in response.content.decode()
    run = ScenarioRun.objects.get(user=learner)
    assert run.ending_key == "goed-einde" and run.steps.count() == 2


def test_no_choice_or_a_choice_that_does_not_exist_asks_again(client_in, learner, scenario):
    response = start(client_in, scenario)
    fields = form_fields(response)
    html = client_in.post(scenario.url, fields, follow=True).content.decode()
    assert "Kies een van de mogelijkheden" in html
    client_in.post(scenario.url, {**fields, "keuze": 7})
    assert ScenarioRun.objects.get(user=learner).steps.count() == 0


def test_a_restart_makes_a_new_run_and_earlier_runs_stay_visible(client_in, learner, scenario):
    response = start(client_in, scenario)
    response = choose(client_in, scenario, response, 0)
    response = choose(client_in, scenario, response, 1)  # finished: "Half gelukt"
    first = ScenarioRun.objects.get(user=learner)
    client_in.post(scenario.url, {"actie": "opnieuw", "run": first.pk})
    client_in.post(scenario.url, {"actie": "opnieuw", "run": first.pk})  # a double click: one new run
    runs = list(ScenarioRun.objects.filter(user=learner).order_by("number"))
    assert [r.number for r in runs] == [1, 2]
    assert runs[1].active and runs[1].current_node == "start"
    html = client_in.get(scenario.url).content.decode()
    assert "Je eerdere rondes" in html and "Half gelukt" in html
    assert "Het begin" in html  # the new run is at the first node
    shown = client_in.get(scenario.url + "?run=1").content.decode()
    assert "Ronde 1" in shown and "Feedback: Zelf een plan schrijven" in shown


def test_restarting_midway_abandons_the_unfinished_run(client_in, learner, scenario):
    response = start(client_in, scenario)
    choose(client_in, scenario, response, 0)
    run = ScenarioRun.objects.get(user=learner)
    client_in.post(scenario.url, {"actie": "opnieuw", "run": run.pk})
    run.refresh_from_db()
    assert run.abandoned_at is not None and not run.finished
    assert ScenarioRun.objects.filter(user=learner).count() == 2
    assert not StepCompletion.objects.filter(user=learner, page=scenario).exists()


def test_starting_twice_makes_one_run(client_in, learner, scenario):
    client_in.post(scenario.url, {"actie": "begin"})
    client_in.post(scenario.url, {"actie": "begin"})
    assert ScenarioRun.objects.filter(user=learner).count() == 1


def test_runs_are_per_person(client, make_user, team, scenario):
    one, other = make_user(team=team), make_user(team=team)
    client.force_login(one)
    start(client, scenario)
    client.force_login(other)
    response = client.get(scenario.url)
    assert "Begin het gesprek" in response.content.decode()
    # another person's run id in the form changes nothing
    run = ScenarioRun.objects.get(user=one)
    client.post(scenario.url, {"actie": "kies", "run": run.pk, "knoop": "start", "stap": 0, "keuze": 0})
    assert run.steps.count() == 0
