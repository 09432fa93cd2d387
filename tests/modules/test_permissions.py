"""Who may use the team dashboard, member pages, exports, the erase screen and direct publishing:
exact answers per role, and proof that the checks ask for permissions, not for groups."""

import pytest
from django.urls import reverse

from leergang.models import Team
from modules.models import LessonPage
from tests.access import ADMIN_LOGIN, NO_PERMISSION, ROLES, give, outcome, role_user, take_from_role

from .factories import module_with_steps

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


@pytest.fixture
def teams(db):
    return Team.objects.create(name="JGH Noord", organisation="jgh"), Team.objects.create(
        name="SMW", organisation="smw"
    )


@pytest.fixture
def members(make_user, teams):
    noord, smw = teams
    return make_user(team=noord, username="sanne"), make_user(team=smw, username="tim")


def urls(members):
    own, other = members
    return {
        "team": reverse("team"),
        "export": reverse("team_export"),
        "member": reverse("team_member", args=[own.pk]),  # of the team the Teamleider leads
        "other member": reverse("team_member", args=[other.pk]),
        "accreditation": reverse("accreditation_csv"),  # one's own ledger: everyone
        "erase search": reverse("modules_erase_search"),
        "erase confirm": reverse("modules_erase_confirm", args=[own.pk]),
    }


EXPECTED = {
    "Medewerker": {
        "team": FORBIDDEN,
        "export": FORBIDDEN,
        "member": FORBIDDEN,
        "other member": FORBIDDEN,
        "accreditation": OK,
        "erase search": ADMIN_LOGIN,
        "erase confirm": ADMIN_LOGIN,
    },
    "Teamleider": {
        "team": OK,
        "export": OK,
        "member": OK,
        "other member": NOT_FOUND,
        "accreditation": OK,
        "erase search": ADMIN_LOGIN,
        "erase confirm": ADMIN_LOGIN,
    },
    "Coördinator": {
        "team": OK,
        "export": OK,
        "member": OK,
        "other member": OK,
        "accreditation": OK,
        "erase search": NO_PERMISSION,
        "erase confirm": NO_PERMISSION,
    },
    "Beheerder": {
        "team": OK,
        "export": OK,
        "member": OK,
        "other member": OK,
        "accreditation": OK,
        "erase search": OK,
        "erase confirm": OK,
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_answers(client, make_user, teams, members, role):
    client.force_login(role_user(make_user, role, teams[0]))
    assert {name: outcome(client, url) for name, url in urls(members).items()} == EXPECTED[role]


def test_the_permission_alone_opens_every_team(client, make_user, members):
    person = make_user("Medewerker")
    give(person, "modules.view_all_progress")
    client.force_login(person)
    response = client.get(reverse("team"))
    assert response.status_code == 200
    assert {"sanne", "tim"} <= {row.user.username for row in response.context["board"].rows}
    assert outcome(client, reverse("team_export")) == OK
    assert outcome(client, reverse("team_member", args=[members[1].pk])) == OK


def test_a_coordinator_without_the_permission_is_refused(client, make_user, members):
    take_from_role("Coördinator", "modules.view_all_progress")
    client.force_login(make_user("Coördinator"))
    assert outcome(client, reverse("team")) == FORBIDDEN
    assert outcome(client, reverse("team_member", args=[members[1].pk])) == FORBIDDEN


def test_erasing_needs_the_permission_not_the_group(client, make_user, members):
    person = make_user("Medewerker")
    give(person, "wagtailadmin.access_admin", "modules.erase_learning_data")
    client.force_login(person)
    assert outcome(client, reverse("modules_erase_search")) == OK
    assert outcome(client, reverse("modules_erase_confirm", args=[members[0].pk])) == OK

    take_from_role("Beheerder", "modules.erase_learning_data")
    client.force_login(make_user("Beheerder"))
    assert outcome(client, reverse("modules_erase_search")) == NO_PERMISSION
    assert "Leerdata wissen" not in client.get(reverse("wagtailadmin_home")).content.decode()  # the menu


@pytest.mark.parametrize(
    "role, team_link, admin_link",
    [
        ("Medewerker", False, False),
        ("Teamleider", True, False),
        ("Coördinator", True, True),
        ("Beheerder", True, True),
    ],
)
def test_the_header_shows_team_and_beheer_to_who_may_use_them(
    client, make_user, teams, role, team_link, admin_link
):
    client.force_login(role_user(make_user, role, teams[0]))
    html = client.get(reverse("my_progress")).content.decode()
    assert (f'href="{reverse("team")}"' in html) is team_link
    assert ('href="/admin/">Beheer<' in html) is admin_link


def test_the_team_link_follows_the_permission(client, make_user):
    person = make_user("Medewerker")
    give(person, "modules.view_all_progress")
    client.force_login(person)
    assert f'href="{reverse("team")}"' in client.get(reverse("my_progress")).content.decode()


# --- publishing leerstof without the "Leerstofreview" ---------------------------------------


@pytest.fixture
def lesson(site_tree):
    _module, steps = module_with_steps(site_tree[1], "giz", lessons=1, quiz=False)
    return LessonPage.objects.get(pk=steps[0].pk)


def offers_direct_publish(client, user, lesson):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert response.status_code == 200
    return 'name="action-publish"' in response.content.decode()


def test_only_beheerders_publish_leerstof_directly(client, make_user, lesson):
    assert offers_direct_publish(client, make_user("Coördinator"), lesson) is False
    assert offers_direct_publish(client, make_user("Beheerder"), lesson) is True


def test_direct_publishing_follows_the_page_permission(client, make_user, lesson, roles):
    from wagtail.models import GroupPagePermission

    coordinator = make_user("Coördinator")
    GroupPagePermission.objects.create(
        group=roles["Coördinator"], page=lesson.get_parent(), permission_type="publish"
    )
    assert offers_direct_publish(client, coordinator, lesson) is True
