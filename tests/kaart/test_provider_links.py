"""Providers confirm or correct their own entries through a signed, expiring, single-purpose link."""

import datetime

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from content.kaart.models import ChangeReport, Organisation, ProviderCheckRequest, Voorziening
from content.kaart.signing import SALT, make_provider_token

from .factories import OrganisationFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(db):
    own = OrganisationFactory(name="Opvoedpunt", email="kaart@opvoedpunt.example.nl")
    other = OrganisationFactory(name="Sportpunt", email="info@sportpunt.example.nl")
    mine = VoorzieningFactory(name="Opvoedspreekuur", organisation=own, checked_days=500)
    theirs = VoorzieningFactory(name="Buurtsport", organisation=other, checked_days=500)
    return {"own": own, "other": other, "mine": mine, "theirs": theirs}


def check_url(token):
    return reverse("kaart:provider_check", args=[token])


def test_provider_sees_only_its_own_entries_without_logging_in(client, orgs):
    response = client.get(check_url(make_provider_token(orgs["own"])))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Opvoedspreekuur" in html and "Buurtsport" not in html
    assert "Kloppen uw gegevens nog, Opvoedpunt?" in html


def test_confirming_sets_last_checked(client, orgs):
    token = make_provider_token(orgs["own"])
    response = client.post(reverse("kaart:provider_confirm", args=[token, orgs["mine"].slug]), follow=True)
    assert "staat als vandaag gecontroleerd" in response.content.decode()
    entry = Voorziening.objects.get(pk=orgs["mine"].pk)
    assert entry.last_checked_on == timezone.localdate() and entry.last_checked_source == "aanbieder"
    assert entry.last_checked_by is None


def test_proposing_a_change_lands_as_a_report_and_keeps_text_on_error(client, orgs):
    token = make_provider_token(orgs["own"])
    url = reverse("kaart:provider_propose", args=[token, orgs["mine"].slug])
    prefix = f"v{orgs['mine'].pk}"
    response = client.post(
        url,
        {
            f"{prefix}-text": "Nieuw nummer: 079-000 1111",
            f"{prefix}-name": "Els",
            f"{prefix}-email": "geen-adres",
        },
    )
    assert response.status_code == 400
    assert "Nieuw nummer: 079-000 1111" in response.content.decode()
    assert not ChangeReport.objects.exists()
    client.post(
        url,
        {
            f"{prefix}-text": "Nieuw nummer: 079-000 1111",
            f"{prefix}-name": "Els",
            f"{prefix}-email": "els@opvoedpunt.example.nl",
        },
    )
    report = ChangeReport.objects.get()
    assert report.voorziening == orgs["mine"] and report.reason == "aanbieder"
    assert report.reporter is None and report.reply_address == "els@opvoedpunt.example.nl"
    assert Voorziening.objects.get(pk=orgs["mine"].pk).is_stale()  # a proposal is not a confirmation


def test_link_used_for_another_organisations_entry_is_refused_and_changes_nothing(client, orgs):
    token = make_provider_token(orgs["own"])
    theirs = orgs["theirs"]
    assert client.post(reverse("kaart:provider_confirm", args=[token, theirs.slug])).status_code == 403
    prefix = f"v{theirs.pk}"
    response = client.post(
        reverse("kaart:provider_propose", args=[token, theirs.slug]),
        {f"{prefix}-text": "Sluit maar", f"{prefix}-name": "X", f"{prefix}-email": "x@example.nl"},
    )
    assert response.status_code == 403
    assert Voorziening.objects.get(pk=theirs.pk).last_checked_on == theirs.last_checked_on
    assert not ChangeReport.objects.exists()


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: signing.dumps({"org": 999, "purpose": "provider-check"}, salt="other-salt"),  # wrong salt
        lambda t: signing.dumps({"org": 1, "purpose": "password-reset"}, salt=SALT),  # another purpose
        lambda t: "niet-een-token",
    ],
)
def test_altered_links_are_refused_and_change_nothing(client, orgs, alter):
    token = alter(make_provider_token(orgs["own"]))
    assert client.get(check_url(token)).status_code == 403
    assert client.post(reverse("kaart:provider_confirm", args=[token, orgs["mine"].slug])).status_code == 403
    assert Voorziening.objects.get(pk=orgs["mine"].pk).is_stale()


def test_a_link_for_one_organisation_cannot_be_turned_into_another(client, orgs):
    token = make_provider_token(orgs["own"])
    payload, rest = token.split(":", 1)
    forged_payload = signing.dumps({"org": orgs["other"].pk, "purpose": "provider-check"}, salt=SALT).split(
        ":", 1
    )[0]
    forged = f"{forged_payload}:{rest}"
    assert client.get(check_url(forged)).status_code == 403


def test_expired_links_are_refused(client, orgs):
    token = make_provider_token(orgs["own"])
    with override_settings(SOCIALE_KAART_PROVIDER_LINK_DAYS=0):
        response = client.get(check_url(token))
        assert response.status_code == 403 and "verlopen" in response.content.decode()
        client.post(reverse("kaart:provider_confirm", args=[token, orgs["mine"].slug]))
    assert Voorziening.objects.get(pk=orgs["mine"].pk).is_stale()


def test_vraag_controle_groups_per_email_and_is_idempotent_per_day(orgs):
    shared = OrganisationFactory(
        name="Opvoedpunt Noord", email="kaart@opvoedpunt.example.nl"
    )  # same address as "own"
    VoorzieningFactory(name="Noordelijk spreekuur", organisation=shared, checked_days=400)
    VoorzieningFactory(name="Recent gecontroleerd", organisation=orgs["own"], checked_days=10)
    nobody = OrganisationFactory(name="Zonder e-mail", email="")
    VoorzieningFactory(name="Zonder adres", organisation=nobody, checked_days=400)
    call_command("vraag_controle", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "info@sportpunt.example.nl",
        "kaart@opvoedpunt.example.nl",
    ]
    opvoed = next(m for m in mail.outbox if m.to == ["kaart@opvoedpunt.example.nl"])
    assert "Opvoedspreekuur" in opvoed.body and "Noordelijk spreekuur" in opvoed.body
    assert "Recent gecontroleerd" not in opvoed.body
    assert opvoed.body.startswith("Beste medewerkers,")  # two organisations share this address
    sport = next(m for m in mail.outbox if m.to == ["info@sportpunt.example.nl"])
    assert sport.body.startswith(f"Beste medewerkers van {orgs['other'].name},")
    assert opvoed.body.count("/sociale-kaart/aanbieder/") == 2  # one personal link per organisation
    assert ProviderCheckRequest.objects.count() == 3
    call_command("vraag_controle", verbosity=0)
    assert len(mail.outbox) == 2  # not again on the same day
    # the link in the e-mail works for that organisation only
    link = next(line for line in opvoed.body.splitlines() if "/sociale-kaart/aanbieder/" in line).strip()
    assert link.startswith("http://testserver/")


def test_vraag_controle_asks_again_on_another_day(orgs):
    from content.kaart.services import send_due_check_requests

    send_due_check_requests()
    send_due_check_requests(today=timezone.localdate() + datetime.timedelta(days=1))
    assert len(mail.outbox) == 4


def test_coordinator_sends_one_provider_its_link_from_the_admin(client, make_user, orgs):
    client.force_login(make_user(role="Coördinator"))
    url = reverse("sociale-kaart-controle:check_request", args=[orgs["own"].pk])
    assert "kaart@opvoedpunt.example.nl" in client.get(url).content.decode()
    client.post(url)
    client.post(url)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kaart@opvoedpunt.example.nl"]
    assert "Opvoedspreekuur" in mail.outbox[0].body


STAFF_ONLY = [
    "Vraag het je teamleider",
    "Terug naar de modules",
    reverse("my_progress"),
    reverse("wagtailadmin_home"),
    "Uitloggen",
]


def assert_provider_page(html):
    """A page for a provider: no staff navigation or staff wording, formal "u"."""
    for text in STAFF_ONLY:
        assert text not in html, text
    assert 'class="lt-nav"' not in html
    assert " uw " in html or " u " in html


@override_settings(SOCIALE_KAART_CONTACT_EMAIL="sociale-kaart@gemeente.example.nl")
def test_another_organisations_entry_gets_a_page_for_providers_with_the_coordinators_address(client, orgs):
    token = make_provider_token(orgs["own"])
    response = client.post(reverse("kaart:provider_confirm", args=[token, orgs["theirs"].slug]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Deze voorziening hoort niet bij uw organisatie" in html and "Er is niets gewijzigd" in html
    assert 'href="mailto:sociale-kaart@gemeente.example.nl"' in html
    assert f'href="{check_url(token)}"' in html  # back to its own entries
    assert_provider_page(html)


def test_without_a_configured_address_the_provider_is_told_to_contact_the_gemeente(client, orgs):
    token = make_provider_token(orgs["own"])
    prefix = f"v{orgs['theirs'].pk}"
    response = client.post(
        reverse("kaart:provider_propose", args=[token, orgs["theirs"].slug]),
        {f"{prefix}-text": "Sluit maar", f"{prefix}-name": "X", f"{prefix}-email": "x@example.nl"},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "neem contact op met de gemeente Zoetermeer" in html and "mailto:" not in html
    assert_provider_page(html)


def test_an_entry_that_is_not_listed_gets_a_page_for_providers(client, orgs):
    token = make_provider_token(orgs["own"])
    Voorziening.objects.filter(pk=orgs["mine"].pk).update(status="gestopt")
    response = client.post(reverse("kaart:provider_confirm", args=[token, orgs["mine"].slug]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze voorziening staat niet op de sociale kaart" in html
    assert_provider_page(html)
    response = client.post(reverse("kaart:provider_confirm", args=[token, "bestaat-niet"]))
    assert response.status_code == 404 and "Deze voorziening staat niet op de sociale kaart" in (
        response.content.decode()
    )


def test_invalid_and_expired_links_and_the_check_page_use_the_providers_layout(client, orgs):
    assert_provider_page(client.get(check_url("niet-een-token")).content.decode())
    token = make_provider_token(orgs["own"])
    with override_settings(SOCIALE_KAART_PROVIDER_LINK_DAYS=0):
        assert_provider_page(client.get(check_url(token)).content.decode())
    html = client.get(check_url(token)).content.decode()
    assert "Kloppen uw gegevens nog" in html
    assert_provider_page(html)


def test_opening_a_confirm_address_in_the_browser_shows_the_check_page_and_changes_nothing(client, orgs):
    token = make_provider_token(orgs["own"])
    response = client.get(reverse("kaart:provider_confirm", args=[token, orgs["mine"].slug]))
    assert response.status_code == 302 and response["Location"] == check_url(token)
    assert Voorziening.objects.get(pk=orgs["mine"].pk).is_stale()


def test_provider_pages_hide_the_staff_navigation_even_for_a_logged_in_colleague(client, make_user, orgs):
    client.force_login(make_user())
    token = make_provider_token(orgs["own"])
    assert_provider_page(client.get(check_url(token)).content.decode())
    response = client.post(reverse("kaart:provider_confirm", args=[token, orgs["theirs"].slug]))
    html = response.content.decode()
    assert_provider_page(html)


def test_vraag_controle_names_stale_providers_without_an_e_mail_address(orgs, capsys):
    taalhuis = OrganisationFactory(name="Taalhuis Zoetermeer", email="")
    Organisation = type(taalhuis)
    Organisation.objects.filter(pk=taalhuis.pk).update(phone="079-000 2500")
    VoorzieningFactory(name="Taalcafé", organisation=taalhuis, checked_days=None)
    VoorzieningFactory(name="Recent zonder adres", organisation=taalhuis, checked_days=5)
    call_command("vraag_controle")
    out = capsys.readouterr().out
    assert "zonder e-mailadres" in out and "bel ze" in out
    assert "Taalhuis Zoetermeer (079-000 2500): Taalcafé" in out
    assert "Recent zonder adres" not in out
    assert len(mail.outbox) == 2  # the others were mailed as before
    # also in a dry run, and also when everyone with an address was asked today already
    call_command("vraag_controle", "--dry-run")
    assert "Taalhuis Zoetermeer (079-000 2500): Taalcafé" in capsys.readouterr().out
    call_command("vraag_controle")
    out = capsys.readouterr().out
    assert "Geen controleverzoeken te versturen." in out and "Taalcafé" in out


def test_stale_report_keeps_providers_without_e_mail_and_says_to_call(client, make_user, orgs):
    taalhuis = OrganisationFactory(name="Taalhuis Zoetermeer", email="")
    type(taalhuis).objects.filter(pk=taalhuis.pk).update(phone="079-000 2500")
    VoorzieningFactory(name="Taalcafé", organisation=taalhuis, checked_days=None)
    client.force_login(make_user(role="Coördinator"))
    html = client.get(reverse("sociale-kaart-controle:index")).content.decode()
    assert "Taalcafé" in html and "geen e-mailadres: bel" in html
    assert 'href="tel:0790002500">079-000 2500</a>' in html  # one tap on a phone
    response = client.post(reverse("sociale-kaart-controle:index"), follow=True)
    html = response.content.decode()
    assert "Geen e-mailadres, dus niet gevraagd: Taalhuis Zoetermeer (079-000 2500): Taalcafé" in html
    assert "Taalcafé" in html  # still in the report after the e-mails went out


def test_a_coordinator_withdraws_every_link_of_one_organisation(client, orgs, make_user):
    old = make_provider_token(orgs["own"])
    other = make_provider_token(orgs["other"])
    coordinator = make_user(role="Coördinator")
    staff = Client()
    staff.force_login(coordinator)
    url = reverse("sociale-kaart-controle:revoke_links", args=[orgs["own"].pk])
    assert "werken meteen niet meer" in staff.get(url).content.decode()
    assert staff.post(url).status_code == 302

    refused = client.get(check_url(old))
    assert refused.status_code == 403
    assert "ingetrokken door de coördinator" in refused.content.decode()
    assert client.post(reverse("kaart:provider_confirm", args=[old, orgs["mine"].slug])).status_code == 403
    assert client.get(check_url(other)).status_code == 200  # another organisation's link still works
    assert client.get(check_url(make_provider_token(orgs["own"]))).status_code == 200  # a new link works


def test_a_medewerker_cannot_withdraw_links(orgs, make_user):
    medewerker = Client()
    medewerker.force_login(make_user())
    url = reverse("sociale-kaart-controle:revoke_links", args=[orgs["own"].pk])
    medewerker.post(url)
    assert client_check_works(orgs)


def client_check_works(orgs):
    return Client().get(check_url(make_provider_token(orgs["own"]))).status_code == 200 and (
        Organisation.objects.get(pk=orgs["own"].pk).provider_links_revoked_at is None
    )
