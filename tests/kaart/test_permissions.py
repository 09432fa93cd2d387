"""Who may use the sociale kaart's admin screens (coverage, checks, check requests, CSV import and
export) and the API tokens: exact answers per role, and proof that the checks ask for
permissions, not for groups."""

import pytest
from django.urls import reverse

from leergang.models import Team
from tests.access import ADMIN_LOGIN, NO_PERMISSION, ROLES, give, outcome, role_user, take_from_role

from .factories import OrganisationFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db

OK = 200


@pytest.fixture
def entry(db):
    return VoorzieningFactory(checked_days=400)


def urls(entry):
    return {
        "coverage": reverse("sociale-kaart-dekking:index"),
        "not checked recently": reverse("sociale-kaart-controle:index"),
        "checked today": reverse("sociale-kaart-controle:mark_checked", args=[entry.pk]),
        "check request": reverse("sociale-kaart-controle:check_request", args=[OrganisationFactory().pk]),
        "import": reverse("sociale-kaart-import:index"),
        "export": reverse("sociale-kaart-import:export"),
        "api tokens": reverse("api-tokens:index"),
        "new api token": reverse("api-tokens:add"),
    }


NONE = {
    "coverage": ADMIN_LOGIN,
    "not checked recently": ADMIN_LOGIN,
    "checked today": ADMIN_LOGIN,
    "check request": ADMIN_LOGIN,
    "import": ADMIN_LOGIN,
    "export": ADMIN_LOGIN,
    "api tokens": ADMIN_LOGIN,
    "new api token": ADMIN_LOGIN,
}
EVERYTHING = {name: OK for name in NONE}
EXPECTED = {
    "Medewerker": NONE,
    "Teamleider": NONE,
    "Coördinator": EVERYTHING | {"api tokens": NO_PERMISSION, "new api token": NO_PERMISSION},
    "Beheerder": EVERYTHING,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_answers(client, make_user, entry, role):
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    client.force_login(role_user(make_user, role, team))
    assert {name: outcome(client, url) for name, url in urls(entry).items()} == EXPECTED[role]


def menu(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_keeping_the_kaart_checked_and_importing_are_two_permissions(client, make_user, entry):
    person = make_user("Medewerker")
    give(person, "wagtailadmin.access_admin", "kaart.check_voorziening")
    client.force_login(person)
    found = {name: outcome(client, url) for name, url in urls(entry).items()}
    assert found == {
        "coverage": OK,
        "not checked recently": OK,
        "checked today": OK,
        "check request": OK,
        "import": NO_PERMISSION,
        "export": NO_PERMISSION,
        "api tokens": NO_PERMISSION,
        "new api token": NO_PERMISSION,
    }
    html = menu(client)
    assert "Dekking per wijk" in html and "Importeren en exporteren" not in html

    give(person, "kaart.import_voorziening")
    client.force_login(person)
    assert outcome(client, reverse("sociale-kaart-import:index")) == OK
    assert outcome(client, reverse("sociale-kaart-import:export")) == OK
    assert "Importeren en exporteren" in menu(client)


def test_a_coordinator_without_the_check_permission_is_refused(client, make_user, entry):
    checked_today = reverse("sociale-kaart-controle:mark_checked", args=[entry.pk])
    listing_url = reverse("wagtailsnippets_kaart_voorziening:list")
    client.force_login(make_user("Coördinator"))
    assert checked_today in client.get(listing_url).content.decode()

    take_from_role("Coördinator", "kaart.check_voorziening")
    assert outcome(client, reverse("sociale-kaart-dekking:index")) == NO_PERMISSION
    assert outcome(client, checked_today) == NO_PERMISSION
    html = menu(client)
    assert "Dekking per wijk" not in html and "Niet recent gecontroleerd" not in html
    assert "Importeren en exporteren" in html  # still held
    assert checked_today not in client.get(listing_url).content.decode()


def test_api_tokens_follow_their_model_permissions(client, make_user, entry):
    coordinator = make_user("Coördinator")
    give(coordinator, "kaart.add_apitoken", "kaart.view_apitoken")
    client.force_login(coordinator)
    assert outcome(client, reverse("api-tokens:index")) == OK
    assert outcome(client, reverse("api-tokens:add")) == OK

    for action in ("add", "change", "delete", "view"):
        take_from_role("Beheerder", f"kaart.{action}_apitoken")
    client.force_login(make_user("Beheerder"))
    assert outcome(client, reverse("api-tokens:index")) == NO_PERMISSION
    assert outcome(client, reverse("sociale-kaart-dekking:index")) == OK
