"""Sign-in with the organisation's account, without the provider: the login page, the redirect
to the configured authorization endpoint, the team claim, and the password refused to staff
who sign in with their organisation account (tests/leergang/test_oidc_flow.py runs the flow)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from leergang.models import OrganisationLogin
from leergang.oidc import team_from_claims
from tests.assertions import assert_sent_to_the_dashboard
from tests.leergang.factories import PASSWORD, TeamFactory

pytestmark = pytest.mark.django_db

BUTTON = "Inloggen met je organisatie-account"
AUTHORIZE = "https://login.microsoftonline.example/tenant-id/oauth2/v2.0/authorize"


@pytest.fixture
def configured(settings):
    settings.OIDC_RP_CLIENT_ID = "client-123"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = AUTHORIZE
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.microsoftonline.example/tenant-id/oauth2/v2.0/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://graph.microsoft.example/oidc/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.microsoftonline.example/tenant-id/discovery/v2.0/keys"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.LEERGANG_OIDC_BACKEND]
    return settings


def test_the_addresses_registered_at_the_provider():
    assert reverse("oidc_authentication_init") == "/oidc/authenticate/"
    assert reverse("oidc_authentication_callback") == "/oidc/callback/"  # the redirect URI


def test_without_configuration_there_is_no_organisation_sign_in(client):
    assert BUTTON not in client.get(reverse("login")).content.decode()
    assert BUTTON not in client.get(reverse("wagtailadmin_login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_login_page_offers_the_organisation_sign_in_next_to_the_password(client, configured):
    page = client.get(reverse("login"), {"next": reverse("my_progress")}).content.decode()
    assert BUTTON in page
    assert 'name="password"' in page  # partners keep their password
    assert reverse("oidc_authentication_init") + "?next=/mijn-voortgang/" in page


def test_the_admin_login_offers_it_too(client, configured):
    page = client.get(reverse("wagtailadmin_login"), {"next": "/admin/pages/"}).content.decode()
    assert BUTTON in page
    assert reverse("oidc_authentication_init") + "?next=/admin/pages/" in page


def test_authenticate_redirects_to_the_authorization_endpoint_with_the_client_id(client, configured):
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == AUTHORIZE
    query = parse_qs(location.query)
    assert query["client_id"] == ["client-123"]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver" + reverse("oidc_authentication_callback")]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]


def test_a_callback_without_a_started_sign_in_goes_back_to_the_login_page(client, configured):
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_the_team_claim_names_the_team_directly_or_through_the_mapping(settings):
    noord = TeamFactory(name="Team Noord")
    settings.OIDC_TEAM_CLAIM = "groups"
    assert team_from_claims({"groups": ["iets anders", "team noord"]}) == noord
    assert team_from_claims({"groups": "Team Zuid"}) is None
    settings.OIDC_TEAM_MAPPING = "1f2e-guid=Team Noord; 9a8b-guid=Team Zuid"
    assert team_from_claims({"groups": ["1F2E-guid"]}) == noord
    assert team_from_claims({"groups": ["Team Noord"]}) is None  # with a mapping, only mapped values
    settings.OIDC_TEAM_CLAIM = ""
    assert team_from_claims({"groups": ["1f2e-guid"]}) is None


@pytest.fixture
def anouk(make_user):
    return make_user("Coördinator", username="anouk")


LOGIN_URLS = ["login", "wagtailadmin_login"]


@pytest.mark.parametrize("name", LOGIN_URLS)
def test_staff_who_sign_in_with_their_organisation_account_cannot_use_a_password(client, anouk, name):
    OrganisationLogin.objects.create(user=anouk)
    response = client.post(reverse(name), {"username": "anouk", "password": PASSWORD})
    assert response.status_code == 200
    assert "Je logt in met je organisatie-account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_of_such_staff_is_just_a_wrong_password(client, anouk):
    OrganisationLogin.objects.create(user=anouk)
    response = client.post(reverse("login"), {"username": "anouk", "password": "fout"})
    assert response.status_code == 200
    assert "Je logt in met je organisatie-account" not in response.content.decode()


def test_a_beheerder_allows_the_password_in_the_admin(client, anouk, make_user):
    login = OrganisationLogin.objects.create(user=anouk)
    beheerder = make_user("Beheerder", username="bea")
    client.force_login(beheerder)
    url = reverse("wagtailsnippets_leergang_organisationlogin:edit", args=[login.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "mag ook met een wachtwoord inloggen" in page.content.decode().lower()
    response = client.post(url, {"user": anouk.pk, "password_allowed": "on"})
    assert response.status_code == 302
    client.logout()
    assert client.post(reverse("login"), {"username": "anouk", "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(anouk.pk)


def test_a_coordinator_cannot_allow_it(client, anouk, make_user):
    login = OrganisationLogin.objects.create(user=anouk)
    client.force_login(make_user("Coördinator", username="sanne"))
    url = reverse("wagtailsnippets_leergang_organisationlogin:edit", args=[login.pk])
    assert_sent_to_the_dashboard(client.get(url))


def test_login_throttling_still_locks_out_alongside(client, anouk, configured):
    for _ in range(10):
        client.post(reverse("login"), {"username": "anouk", "password": "fout"})
    response = client.post(reverse("login"), {"username": "anouk", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("audience", ["client-123", ["other", "client-123"]])
def test_an_id_token_for_this_client_is_accepted(configured, audience):
    assert signed_id_token_check(configured, audience)["aud"] == audience


@pytest.mark.parametrize("audience", ["another-client", [], None])
def test_an_id_token_for_another_client_is_refused(configured, audience):
    with pytest.raises(SuspiciousOperation):
        signed_id_token_check(configured, audience)


def signed_id_token_check(settings, audience):
    """Our backend's check of an ID token signed by the provider's key."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from leergang.oidc import OrganisationAccountBackend

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.OIDC_RP_IDP_SIGN_KEY = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = {"sub": "1", "nonce": "n-1", **({"aud": audience} if audience is not None else {})}
    token = jwt.encode(claims, key, algorithm="RS256")
    return OrganisationAccountBackend().verify_token(token, nonce="n-1")
