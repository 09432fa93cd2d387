"""Sign-in with the organisation's account, the whole authorization-code flow against a real
OpenID Connect provider (tests/oidc_provider, its own process): our /oidc/authenticate/ → the
provider's login → its consent page → our callback, with a real HTTP client against the live
server. Everything is local; it runs on SQLite only, with the browser journeys (e2e)."""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from leergang.models import OrganisationLogin, StaffProfile, User
from tests.leergang.factories import TeamFactory, UserFactory
from tests.oidc_provider import PASSWORD, start_provider

pytestmark = pytest.mark.e2e

UNKNOWN = "Je organisatie-account is niet bekend bij Leergang Toegang"
UNVERIFIED = "Je organisatie heeft je e-mailadres niet bevestigd"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the flow against a real provider runs on SQLite, with the browser journeys")
    provider = start_provider(tmp_path_factory.mktemp("oidc-provider"), live_server.url + "/oidc/callback/")
    yield provider
    provider.stop()


@pytest.fixture
def organisation_sign_in(provider, settings, live_server, site_tree, roles):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.LEERGANG_OIDC_BACKEND]
    settings.OIDC_TEAM_CLAIM = "groups"
    return live_server.url


class Forms(HTMLParser):
    """The forms of a page: their action and the values of their inputs."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name") and attrs.get("type") != "submit":
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def submit_form(session, response, **fields):
    parser = Forms()
    parser.feed(response.text)
    form = parser.forms[0]
    return session.post(urljoin(response.url, form["action"]), data={**form["fields"], **fields})


def sign_in_at_the_provider(base_url, username, next_url=None):
    """Our sign-in button, then the provider's login form and its consent page; returns the
    page our app ends on and the HTTP session (its cookies)."""
    session = requests.Session()
    url = base_url + reverse("oidc_authentication_init")
    login_page = session.get(url, params={"next": next_url} if next_url else None)
    assert login_page.status_code == 200 and "password" in login_page.text
    consent_page = submit_form(session, login_page, username=username, password=PASSWORD)
    assert consent_page.status_code == 200 and 'name="allow"' in consent_page.text
    return submit_form(session, consent_page, allow="Authorize"), session


def test_a_known_colleague_signs_in_and_sees_their_progress(organisation_sign_in):
    noord = TeamFactory(name="Team Noord")
    anouk = UserFactory(
        username="anouk", first_name="Anouk", last_name="Visser", email="anouk.visser@gemeente.example"
    )
    page, session = sign_in_at_the_provider(organisation_sign_in, "anouk", next_url=reverse("my_progress"))
    assert page.status_code == 200
    assert page.url == organisation_sign_in + reverse("my_progress")
    assert "Mijn voortgang" in page.text and "Anouk Visser" in page.text
    assert session.get(organisation_sign_in + reverse("my_progress")).status_code == 200
    assert StaffProfile.objects.get(user=anouk).team == noord  # from the "groups" claim
    assert not OrganisationLogin.objects.get(user=anouk).password_allowed


def test_an_unknown_person_is_refused_in_dutch(organisation_sign_in):
    page, session = sign_in_at_the_provider(organisation_sign_in, "onbekend")
    assert page.url == organisation_sign_in + reverse("login")
    assert UNKNOWN in page.text
    assert not User.objects.filter(email__iexact="onbekend@gemeente.example").exists()
    assert not AccessAttempt.objects.exists()  # no password guess: not counted by the login throttling
    progress = session.get(organisation_sign_in + reverse("my_progress"), allow_redirects=False)
    assert progress.status_code == 302 and progress.headers["Location"].startswith(reverse("login"))


def test_an_unknown_person_gets_an_account_when_creation_is_on(organisation_sign_in, settings):
    settings.OIDC_CREATE_USERS = True
    page, _ = sign_in_at_the_provider(organisation_sign_in, "onbekend", next_url=reverse("my_progress"))
    assert page.url == organisation_sign_in + reverse("my_progress")
    user = User.objects.get(email="onbekend@gemeente.example")
    assert list(user.groups.all()) == [Group.objects.get(name="Medewerker")]
    assert not user.has_usable_password()
    assert StaffProfile.objects.get(user=user).team is None


def test_an_unverified_address_does_not_sign_in(organisation_sign_in):
    UserFactory(username="nb", email="niet.bevestigd@gemeente.example")
    page, _session = sign_in_at_the_provider(organisation_sign_in, "niet-bevestigd")
    assert page.url == organisation_sign_in + reverse("login")
    assert UNVERIFIED in page.text
    assert not OrganisationLogin.objects.exists()
