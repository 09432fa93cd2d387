"""Query budgets of the hot pages (issue 15): an exact number of queries per request, the same
for a small and a larger data set, with the caches empty (everything read from the database)
and with the caches warm (the second request).

The larger set has four times the modules (and so the step and module completions), attempts and
oefengesprek runs, ten times the team members and voorzieningen. A per-row query anywhere in a
page makes its count differ between the two sizes, and this fails. A budget that goes down after
an improvement is lowered here; one that goes up needs a reason.

``tests/kaart/test_query_counts.py``, ``tests/quizzes/test_queries.py`` and
``tests/modules/test_team_dashboard.py`` prove more pages of those apps constant in size.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leergang.cache import kept
from leergang.models import Team
from modules.models import ModuleCompletion, StepCompletion
from modules.progress import complete_step
from practice import services as practice_services
from tests.kaart.factories import NeighbourhoodFactory, VoorzieningFactory, bulk_voorzieningen
from tests.modules.factories import module_with_steps
from tests.practice.factories import ScenarioPageFactory
from tests.quizzes.factories import WRONG, QuizPageFactory, form_data, take

SIZES = {
    "small": {"modules": 2, "attempts": 1, "runs": 1, "members": 5, "voorzieningen": 20},
    "large": {"modules": 8, "attempts": 4, "runs": 4, "members": 50, "voorzieningen": 200},
}

#: (caches empty, caches warm) per page.
LEARNER_BUDGETS = {
    "home": (24, 1),
    "module page": (27, 6),
    "lesson": (19, 1),
    "quiz page": (19, 6),
    "quiz submit": (23, 10),
    "oefengesprek node": (19, 3),
    "mijn voortgang": (22, 1),
}
TEAM_BUDGETS = {"team dashboard": (20, 11), "team csv": (16, 8)}
KAART_BUDGETS = {"kaart search": (10, 6), "hsds services": (8, 7), "hsds service at locations": (8, 7)}


def count(request, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == status, (response.status_code, response.content[:300])
    return len(queries)


def cold_and_warm(request, status=200):
    """The queries of ``request`` with empty caches, then again with the caches it filled."""
    cache.clear()
    kept.clear()
    cold = count(request, status)
    return cold, count(request, status)


def finished_run(user, scenario):
    run = practice_services.start_run(user, scenario)
    _outcome, run = practice_services.choose(run, node_key="start", step_number=0, choice_index=1)
    practice_services.choose(run, node_key="dood-spoor", step_number=1, choice_index=1)


@pytest.fixture(params=list(SIZES))
def size(request):
    return SIZES[request.param]


@pytest.fixture
def learner_world(site_tree, make_user, size):
    """A learner who completed every module but the first, with attempts and oefengesprek runs
    that grow with the size; the first module has a lesson, a quiz and an oefengesprek."""
    team = Team.objects.create(name="JGH Centrum", organisation="jgh")
    learner = make_user(
        team=team, username="lerende", start_date=timezone.localdate() - datetime.timedelta(days=30)
    )
    module, lessons = module_with_steps(slug="eerste", lessons=2, quiz=False)
    quiz = QuizPageFactory(parent=module, slug="toets", title="Toets", max_attempts=0, revision=False)
    scenario = ScenarioPageFactory(parent=module, revision=False)
    for number in range(size["modules"] - 1):
        _other, steps = module_with_steps(slug=f"module-{number}", lessons=2, quiz=True)
        for step in steps:
            complete_step(learner, step, score=90 if step.specific_class.__name__ == "QuizPage" else None)
    for _ in range(size["attempts"]):
        take(learner, quiz, WRONG)
    for _ in range(size["runs"]):
        finished_run(learner, scenario)
    practice_services.start_run(learner, scenario)  # the page shows the first node of a new run
    complete_step(learner, lessons[0])
    return {"learner": learner, "module": module, "lesson": lessons[1], "quiz": quiz, "scenario": scenario}


def test_learner_pages_keep_their_budget(client, learner_world, size):
    client.force_login(learner_world["learner"])
    quiz = learner_world["quiz"]
    client.get("/")  # Wagtail's site root paths and content types, which are not measured
    counts = {
        "home": cold_and_warm(lambda: client.get("/")),
        "module page": cold_and_warm(lambda: client.get(learner_world["module"].url)),
        "lesson": cold_and_warm(lambda: client.get(learner_world["lesson"].url)),
        "quiz page": cold_and_warm(lambda: client.get(quiz.url)),
        "oefengesprek node": cold_and_warm(lambda: client.get(learner_world["scenario"].url)),
        "mijn voortgang": cold_and_warm(lambda: client.get(reverse("my_progress"))),
    }
    form = client.get(quiz.url)
    cache.clear()
    kept.clear()
    cold = count(lambda: client.post(quiz.url, form_data(form, WRONG)), status=302)
    form = client.get(quiz.url)
    counts["quiz submit"] = (cold, count(lambda: client.post(quiz.url, form_data(form, WRONG)), status=302))
    assert counts == LEARNER_BUDGETS


@pytest.fixture
def team_world(site_tree, make_user, size):
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    lead = make_user("Teamleider", username="leider")
    team.leads.add(lead)
    modules = [module_with_steps(slug=f"module-{n}", lessons=2, quiz=False) for n in range(3)]
    now = timezone.now()
    completions, module_completions = [], []
    for index in range(size["members"]):
        member = make_user(team=team)
        for module, steps in modules[: 1 + index % 3]:
            completions += [
                StepCompletion(user=member, page=s, module=module, completed_at=now, last_completed_at=now)
                for s in steps
            ]
            module_completions.append(ModuleCompletion(user=member, module=module, completed_at=now))
    StepCompletion.objects.bulk_create(completions)
    ModuleCompletion.objects.bulk_create(module_completions)
    return {"lead": lead, "team": team}


def test_team_pages_keep_their_budget(client, team_world, size):
    client.force_login(team_world["lead"])
    params = {"team": team_world["team"].pk}
    client.get(reverse("team"), params)
    counts = {
        "team dashboard": cold_and_warm(lambda: client.get(reverse("team"), params)),
        "team csv": cold_and_warm(lambda: client.get(reverse("team_export"), params)),
    }
    assert counts == TEAM_BUDGETS
    assert len(client.get(reverse("team_export"), params).content.decode().strip().splitlines()) == (
        size["members"] + 1
    )


@pytest.fixture
def kaart_world(client, make_user, size):
    client.force_login(make_user())
    wijk = NeighbourhoodFactory(slug="oosterheem")
    for i in range(3):
        VoorzieningFactory(
            name=f"Opvoedhulp {i}",
            wijken=[wijk],
            tags=["opvoeden"],
            locations=[("", f"Dorpsstraat {i + 1}", "2712 AB"), ("Tweede", f"Markt {i + 1}", "2711 AA")],
            conditions=["Voor ouders"],
            min_age=0,
            max_age=12,
        )
    bulk_voorzieningen(size["voorzieningen"])


def test_kaart_pages_keep_their_budget(client, kaart_world, size):
    client.get(reverse("kaart:kaart_index"))
    counts = {
        "kaart search": cold_and_warm(
            lambda: client.get(reverse("kaart:kaart_index"), {"q": "opvoedhulp", "leeftijd": "8"})
        ),
        "hsds services": cold_and_warm(
            lambda: client.get(reverse("kaart:hsds_services"), {"per_page": "50"})
        ),
        "hsds service at locations": cold_and_warm(
            lambda: client.get(reverse("kaart:hsds_service_at_locations"), {"per_page": "50", "full": "true"})
        ),
    }
    assert counts == KAART_BUDGETS
