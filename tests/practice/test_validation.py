"""The admin refuses a scenario that cannot be taken, naming the node (acceptance 2); the same
checks are a pure function."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from practice import scenario as rules
from practice.blocks import scenario_from_stream
from practice.models import ScenarioPage

from .factories import choice, ending, node, small_scenario

pytestmark = pytest.mark.django_db


def check(stream, **kwargs):
    return rules.problems(scenario_from_stream([(b["type"], _plain(b["value"])) for b in stream]), **kwargs)


def _plain(value):
    if "choices" in value:
        return {**value, "choices": [c["value"] for c in value["choices"]]}
    return value


def test_the_small_scenario_is_fine():
    assert check(small_scenario()) == []


def test_an_unreachable_node_is_named():
    stream = small_scenario() + [
        node("eiland", "Het eiland", [choice("a", "goed-einde"), choice("b", "slecht-einde")])
    ]
    assert check(stream) == ["Knoop “Het eiland” (eiland) is vanaf het begin niet bereikbaar."]


def test_a_choice_that_leads_nowhere_is_named():
    stream = small_scenario()
    stream[1]["value"]["choices"][1]["value"]["next"] = "bestaat-niet"
    found = check(stream)
    assert (
        "Knoop “Het vervolg” (vervolg): keuze 2 leidt nergens heen (“bestaat-niet” is geen knoop of einde)."
        in found
    )
    assert "Einde “Half gelukt” (matig-einde) is vanaf het begin niet bereikbaar." in found


def test_no_good_ending():
    stream = [b for b in small_scenario() if b["value"]["key"] != "goed-einde"]
    stream[1]["value"]["choices"][0]["value"]["next"] = "matig-einde"
    assert check(stream) == ["Het scenario heeft geen bereikbaar goed einde."]


def test_a_loop_without_a_way_out_is_named():
    stream = [
        node("start", "Begin", [choice("a", "lus"), choice("b", "einde")]),
        node("lus", "De lus", [choice("a", "rond"), choice("b", "rond")]),
        node("rond", "Rond", [choice("a", "lus"), choice("b", "lus")]),
        ending("einde", "Einde", good=True),
    ]
    found = check(stream)
    assert "Vanaf knoop “De lus” (lus) is geen einde bereikbaar." in found
    assert "Vanaf knoop “Rond” (rond) is geen einde bereikbaar." in found


def test_too_few_choices_duplicates_and_a_start_that_is_an_ending():
    stream = small_scenario()
    stream[1]["value"]["choices"] = stream[1]["value"]["choices"][:1]
    stream.append(ending("goed-einde", "Dubbel", good=True))
    found = check(stream)
    assert "Knoop “Het vervolg” (vervolg) heeft 1 keuzes; een knoop heeft er twee tot vier." in found
    assert any("sleutel “goed-einde”" in message for message in found)
    assert check([ending("x", "X", good=True)]) == [
        "Het scenario moet beginnen met een knoop (een situatie met keuzes)."
    ]


def test_goal_numbers_are_checked_against_the_module():
    stream = small_scenario()
    stream[0]["value"]["choices"][0]["value"]["goal"] = 7
    assert check(stream, goal_count=5) == [
        "Knoop “Het begin” (start): keuze 1 noemt leerdoel 7; de module heeft er 5."
    ]


# --- the admin form ---------------------------------------------------------------------------


def _form_value(block):
    value = dict(block["value"])
    if block["type"] == "node":
        choices = [c["value"] for c in value["choices"]]
        value["choices"] = {
            "count": str(len(choices)),
            **{
                str(i): {
                    "value": {**c, "goal": c["goal"] or "", "voorziening": ""},
                    "deleted": "",
                    "order": str(i),
                    "id": f"c{i}",
                }
                for i, c in enumerate(choices)
            },
        }
    else:
        value["good"] = "on" if value["good"] else ""
    return value


def scenario_form(stream, title="Oefengesprek GIZ", slug="oefengesprek-giz"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "estimated_minutes": "15",
            "sources": "",
            "nodes": streamfield([(b["type"], _form_value(b)) for b in stream]),
            "comments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
        }
    )


@pytest.fixture
def beheerder_client(client, make_user):
    client.force_login(make_user("Beheerder", username="beheer"))
    return client


def stream_errors(response):
    """The messages the admin shows above the StreamField (its widget gets them as JSON)."""
    error = response.context["form"].errors.as_data()["nodes"][0]
    return [e.message for e in error.non_block_errors.as_data()]


def add_url(module):
    return reverse("wagtailadmin_pages:add", args=["practice", "scenariopage", module.pk])


def test_the_admin_publishes_a_scenario_that_can_be_taken(beheerder_client, module):
    data = scenario_form(small_scenario()) | {"action-publish": "action-publish"}
    response = beheerder_client.post(add_url(module), data)
    assert response.status_code == 302
    page = ScenarioPage.objects.get()
    assert page.live and [n.key for n in page.scenario.nodes] == ["start", "vervolg", "dood-spoor"]


def test_the_admin_refuses_an_unreachable_node_naming_it(beheerder_client, module):
    stream = small_scenario() + [
        node("eiland", "Het eiland", [choice("a", "goed-einde"), choice("b", "slecht-einde")])
    ]
    response = beheerder_client.post(
        add_url(module), scenario_form(stream) | {"action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert stream_errors(response) == ["Knoop “Het eiland” (eiland) is vanaf het begin niet bereikbaar."]
    assert "(eiland) is vanaf het begin niet bereikbaar." in response.content.decode()
    assert not ScenarioPage.objects.exists()


def test_the_admin_refuses_a_dead_end_naming_the_node_also_for_a_draft(beheerder_client, module):
    stream = small_scenario()
    stream[2]["value"]["choices"][1]["value"]["next"] = "nergens"
    response = beheerder_client.post(add_url(module), scenario_form(stream))
    assert response.status_code == 200
    assert (
        "Knoop “De omweg” (dood-spoor): keuze 2 leidt nergens heen (“nergens” is geen knoop of einde)."
        in (stream_errors(response))
    )
    assert not ScenarioPage.objects.exists()
