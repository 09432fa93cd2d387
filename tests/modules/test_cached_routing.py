"""Step pages are found from the cached site structure, and their view restrictions and the
menu's links come from the cache too: what a person is allowed to see must change the moment a
coordinator or beheerder changes it, not when a cache runs out."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from leergang.models import Team
from tests.modules.factories import module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_world(site_tree, make_user):
    module, steps = module_with_steps(slug="giz", lessons=2, quiz=False)
    return {"module": module, "lesson": steps[0], "user": make_user()}


def test_a_renamed_module_answers_at_its_new_address_and_not_at_the_old(client, lesson_world):
    client.force_login(lesson_world["user"])
    lesson = lesson_world["lesson"]
    assert client.get("/modules/giz/les-1/").status_code == 200  # the structure is cached now
    module = lesson_world["module"]
    module.slug = "gezamenlijk-inschatten"
    module.save()
    assert client.get("/modules/giz/les-1/").status_code == 404
    response = client.get("/modules/gezamenlijk-inschatten/les-1/")
    assert response.status_code == 200
    assert lesson.title in response.content.decode()


def test_an_unpublished_lesson_is_gone_at_once_though_its_module_is_cached(client, lesson_world):
    client.force_login(lesson_world["user"])
    assert client.get("/modules/giz/les-2/").status_code == 200
    lesson_world["module"].get_children().get(slug="les-2").specific.unpublish()
    assert client.get("/modules/giz/les-2/").status_code == 404
    assert client.get("/modules/giz/les-1/").status_code == 200


def test_a_restriction_added_after_the_structure_was_cached_holds_for_the_page_and_below(
    client, lesson_world, make_user
):
    user = lesson_world["user"]
    client.force_login(user)
    assert client.get("/modules/giz/les-1/").status_code == 200
    assert client.get("/modules/giz/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=lesson_world["module"], restriction_type=PageViewRestriction.GROUPS
    )
    coordinators = Group.objects.get(name="Coördinator")
    restriction.groups.add(coordinators)
    for url in ["/modules/giz/", "/modules/giz/les-1/"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
    client.force_login(make_user(role="Coördinator"))
    assert client.get("/modules/giz/les-1/").status_code == 200
    restriction.delete()
    client.force_login(user)
    assert client.get("/modules/giz/les-1/").status_code == 200


def test_an_alias_of_a_restricted_page_is_restricted_too(client, lesson_world, site_tree):
    client.force_login(lesson_world["user"])
    module = lesson_world["module"]
    alias = module.create_alias(parent=site_tree[1], update_slug="giz-kopie", recursive=True)
    assert client.get(alias.url + "les-1/").status_code == 200  # the structure is cached with the alias
    PageViewRestriction.objects.create(
        page=module, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert client.get("/").status_code == 200
    for url in [alias.url, alias.url + "les-1/"]:
        response = client.get(url)
        assert 'name="password"' in response.content.decode(), url  # the password form, not the page


def _nav(html):
    return html.split('<nav class="lt-nav"', 1)[1].split("</nav>", 1)[0]


def test_the_menu_shows_team_the_moment_someone_leads_a_team_and_hides_it_when_they_stop(
    client, lesson_world
):
    user = lesson_world["user"]
    client.force_login(user)
    assert ">Team<" not in _nav(client.get("/").content.decode())
    team = Team.objects.create(name="JGH Oost", organisation="jgh")
    team.leads.add(user)
    nav = _nav(client.get("/").content.decode())
    assert ">Team<" in nav and ">Casusbesprekingen<" in nav
    team.leads.remove(user)
    assert ">Team<" not in _nav(client.get("/").content.decode())


def test_the_menu_follows_a_role_change_and_a_changed_role(client, lesson_world):
    user = lesson_world["user"]
    client.force_login(user)
    assert ">Beheer<" not in _nav(client.get("/").content.decode())
    coordinators = Group.objects.get(name="Coördinator")
    user.groups.add(coordinators)
    assert ">Beheer<" in _nav(client.get("/").content.decode())
    access_admin = coordinators.permissions.get(codename="access_admin")
    coordinators.permissions.remove(access_admin)
    assert ">Beheer<" not in _nav(client.get("/").content.decode())
    coordinators.permissions.add(access_admin)
    user.groups.remove(coordinators)
    assert ">Beheer<" not in _nav(client.get("/").content.decode())


def test_a_changed_site_record_holds_at_once_though_requests_remember_their_site(client, lesson_world):
    """Requests of a process get their Wagtail site from the one before (no site query), until
    the site record changes: then the next request finds it anew."""
    from wagtail.models import Site

    client.force_login(lesson_world["user"])
    assert client.get("/modules/giz/les-1/").status_code == 200
    assert client.get("/modules/giz/les-1/").status_code == 200  # the site is remembered now
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.is_default_site = "elders.example", 443, False
    site.save()
    assert client.get("/modules/giz/les-1/").status_code == 404  # no site for this host any more
    response = client.get("/modules/giz/les-1/", headers={"host": "elders.example:443"})
    assert response.status_code == 200
