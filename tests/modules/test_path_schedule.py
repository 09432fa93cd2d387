"""The path shows its schedule: on the home page and Mijn voortgang each module of the path with
its advised date and whether it is on time, by the same rule as the team lead's "loopt achter"."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from leergang.models import Team
from modules import progress
from modules import status_rules as rules

from .factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db


def advised(start, days):
    return "vóór " + formats.date_format(start + datetime.timedelta(days=days), "j F")


@pytest.fixture
def world(site_tree, make_user):
    index = site_tree[1]
    first, first_steps = module_with_steps(index, "toegang-zoetermeer", title="De toegang")
    second, _ = module_with_steps(index, "giz", title="GIZ")
    third, _ = module_with_steps(index, "beter-samenspel", title="Beter Samenspel")
    LearningPathFactory(
        modules=[first, second, third],
        modules__advised={"toegang-zoetermeer": 7, "giz": 21, "beter-samenspel": 45},
        organisation_types=["jgh"],
    )
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    start = timezone.localdate() - datetime.timedelta(days=30)
    person = make_user(team=team, start_date=start)
    for step in first_steps:
        progress.complete_step(person, step)
    return person, start, (first, second, third)


def test_home_and_my_progress_show_each_path_module_with_its_advised_date(client, world):
    person, start, (first, second, third) = world
    client.force_login(person)
    for url in ("/", "/mijn-voortgang/"):
        html = client.get(url).content.decode()
        schedule = html.split('lt-path__schedule">')[1].split("</ol>")[0]
        assert [advised(start, d) in schedule for d in (7, 21, 45)] == [True, True, True], url
        rows = schedule.split("<li>")[1:]
        assert "De toegang" in rows[0] and "Afgerond" in rows[0]
        assert "GIZ" in rows[1] and "Loopt achter" in rows[1]  # day 30 > day 21 + 7
        assert "Beter Samenspel" in rows[2] and "op schema" in rows[2]


def test_the_schedule_uses_the_team_leads_late_rule(world):
    person, start, (first, second, third) = world
    path = progress.user_progress(person).primary_path
    late = {item.module_id for item in path.status.schedule if item.late}
    assert late == set(path.status.late_module_ids) == {second.pk}
    assert path.behind
    today = timezone.localdate()
    assert rules.module_late(start, 21, today) and not rules.module_late(start, 45, today)


def test_the_home_page_runs_the_same_number_of_queries_for_2_and_6_path_modules(client, site_tree, make_user):
    index = site_tree[1]
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    person = make_user(team=team, start_date=timezone.localdate() - datetime.timedelta(days=10))
    modules = [module_with_steps(index, f"m{n}")[0] for n in range(6)]
    client.force_login(person)

    def measure(path_modules):
        from modules.models import LearningPath

        LearningPath.objects.all().delete()
        LearningPathFactory(
            modules=path_modules,
            modules__advised={m.slug: 7 * n for n, m in enumerate(path_modules)},
            organisation_types=["jgh"],
        )
        counts = []
        for url in ("/", "/mijn-voortgang/"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    assert measure(modules[:2]) == measure(modules)
