"""demo_progress: the onboarding path and a believable team picture, idempotent."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leergang.cache import kept
from leergang.demo import create_demo_organisation
from leergang.models import User
from modules import progress
from modules.models import (
    AccreditationEntry,
    Certificate,
    LearningPath,
    ModuleChange,
    ModuleCompletion,
    StepCompletion,
)
from modules.setup import ensure_site_tree
from tests.shared_data import ensure_roles, every_test_of_the_module_uses, module_transaction

from .factories import leerplan_modules

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_world_for_module(request, django_db_setup, django_db_blocker):
    """Built once for this module (tests/shared_data.py): the demo organisation, the six leerplan
    modules with their lessons and a quiz each, and demo_progress run over them."""
    every_test_of_the_module_uses(request, "_demo_world_for_module")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            _home, index = ensure_site_tree()
            ensure_roles()
            create_demo_organisation()
            world = leerplan_modules(index)
            call_command("demo_progress", verbosity=0)
        yield world


@pytest.fixture
def demo_world(_demo_world_for_module, db):
    return _demo_world_for_module


def counts():
    return tuple(
        m.objects.count()
        for m in (
            LearningPath,
            StepCompletion,
            ModuleCompletion,
            AccreditationEntry,
            Certificate,
            ModuleChange,
        )
    )


def test_the_onboarding_path_follows_the_leerplan(demo_world):
    path = LearningPath.objects.get(title="Inwerkprogramma toegang")
    assert path.due_days == 60
    assert [i.module.slug for i in path.items.order_by("sort_order")] == [
        "toegang-zoetermeer",
        "giz",
        "voorliggende-voorzieningen",
        "kostenbewust-handelen",
        "beter-samenspel",
        "positieve-gezondheid",
    ]
    assert sorted(path.organisation_types) == ["jgh", "jgz", "pohj", "smw"]


def test_demo_progress_tells_a_team_lead_a_real_story(demo_world):
    users = {u.username: u for u in User.objects.all()}
    now = timezone.now()

    newcomer = progress.user_progress(users["nieuwe-medewerker"], now=now)
    path = newcomer.primary_path
    assert path.path.title == "Inwerkprogramma toegang" and not path.behind
    assert path.status.days_left == 48
    first = newcomer.by_module_id[demo_world["toegang-zoetermeer"][0].pk].status
    assert first.state == "bezig" and first.done == 1
    assert newcomer.next.step.page.pk == demo_world["toegang-zoetermeer"][1][1].pk

    behind = progress.user_progress(users["lisa.hoekstra"], now=now).primary_path
    assert behind.status.overdue and behind.behind

    veteran = progress.user_progress(users["medewerker"], now=now)
    assert veteran.paths == []  # started long before the onboarding path
    assert veteran.by_module_id[demo_world["toegang-zoetermeer"][0].pk].status.needs_refresh
    assert veteran.by_module_id[demo_world["giz"][0].pk].status.is_completed
    assert veteran.accreditation  # hours earned


def test_demo_progress_twice_gives_the_same_counts(demo_world):
    first = counts()
    call_command("demo_progress", verbosity=0)
    assert counts() == first
    assert first[1] > 50


def test_every_progress_page_answers_for_every_demo_account(client, demo_world):
    module, steps = demo_world["giz"]
    expected = {
        "medewerker": {reverse("team"): 403, reverse("team_export"): 403},
        "nieuwe-medewerker": {reverse("team"): 403, reverse("team_export"): 403},
        "teamleider": {},
        "coordinator": {},
        "beheerder": {},
    }
    for username, overrides in expected.items():
        client.force_login(User.objects.get(username=username))
        for url in [
            "/",
            reverse("my_progress"),
            reverse("my_progress_export"),
            reverse("accreditation_csv"),
            reverse("team"),
            reverse("team_export"),
            module.url,
            steps[0].url,
        ]:
            assert client.get(url).status_code == overrides.get(url, 200), (username, url)
    lisa = User.objects.get(username="lisa.hoekstra")
    client.force_login(User.objects.get(username="teamleider"))
    assert client.get(reverse("team_member", args=[lisa.pk])).status_code == 200
    html = client.get(reverse("team")).content.decode()
    assert "Loopt achter: einddatum verstreken" in html
    assert "Opfrissen nodig" in html


def test_my_progress_runs_the_same_number_of_queries_for_little_and_much_progress(
    client, demo_world, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = User.objects.get(username="nieuwe-medewerker")
    client.force_login(user)
    client.get(reverse("my_progress"))
    cache.clear()  # both requests read everything from the database (nothing cached)
    kept.clear()
    with CaptureQueriesContext(connection) as little:
        client.get(reverse("my_progress"))
    for _module, steps in demo_world.values():
        for step in steps:
            progress.complete_step(user, step, score=90)
    cache.clear()
    kept.clear()
    with django_assert_num_queries(len(little)):
        html = client.get(reverse("my_progress")).content.decode()
    assert html.count("/mijn-voortgang/certificaat/") == 6
