"""Invitations: a team lead invites a colleague to their own team (not to another one), the
colleague chooses a password through the e-mailed one-time link, lands on their onboarding path
with dates from the start date, and the link then no longer works. Resend and withdraw."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leergang import accounts
from leergang.models import Invitation, StaffProfile, Team, User, hash_token
from tests.modules.factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/accounts/uitnodiging/[^/\s]+/)")
PASSWORD = "Zomer-in-Zoetermeer-42"


@pytest.fixture
def world(site_tree, make_user):
    noord = Team.objects.create(name="JGH Noord", organisation="jgh")
    zuid = Team.objects.create(name="JGH Zuid", organisation="jgh")
    lead = make_user(role="Teamleider", team=noord, username="teamleider")
    noord.leads.add(lead)
    module, _steps = module_with_steps(site_tree[1], "toegang-zoetermeer", title="De toegang", quiz=False)
    LearningPathFactory(modules=[module], modules__advised={"toegang-zoetermeer": 10}, due_days=60)
    return {"noord": noord, "zuid": zuid, "lead": lead}


def invite(client, team, email="nadia@zoetermeer.example", start="2031-03-03"):
    return client.post(
        reverse("invite_colleague"),
        {
            "first_name": "Nadia",
            "last_name": "de Boer",
            "email": email,
            "team": team.pk,
            "job_title": "Toegangsmedewerker JGH",
            "start_date": start,
        },
    )


def logs_in(client, username, password=PASSWORD):
    """Through the real login form (axes asks for a request); True when it let the person in."""
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def link_in(message):
    return LINK.search(message.body).group(1)


def test_a_team_lead_invites_a_colleague_who_sets_a_password_and_sees_the_path(client, world):
    client.force_login(world["lead"])
    assert client.get(reverse("invite_colleague")).status_code == 200
    response = invite(client, world["noord"])
    assert response.status_code == 302 and response["Location"] == reverse("team")
    (message,) = mail.outbox
    assert message.to == ["nadia@zoetermeer.example"]
    assert message.subject == "Uitnodiging voor Leergang Toegang"
    assert "Kies je wachtwoord met deze link" in message.body and "3 maart 2031" in message.body
    link = link_in(message)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(link.rstrip("/").rsplit("/", 1)[1])  # only the hash is kept
    assert link.rstrip("/").rsplit("/", 1)[1] not in invitation.token_hash

    team_page = client.get(reverse("team")).content.decode()
    assert "Uitgenodigd, nog niet begonnen" in team_page and "Nadia de Boer" in team_page
    assert "Opnieuw versturen" in team_page and "Intrekken" in team_page
    assert not User.objects.filter(email="nadia@zoetermeer.example").exists()  # not a member yet

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Kies een wachtwoord" in page.content.decode()
    weak = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "Dit wachtwoord bevat alleen cijfers." in weak.content.decode()  # the validators, in Dutch
    done = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/"
    user = User.objects.get(email="nadia@zoetermeer.example")
    assert user.groups.filter(name="Medewerker").exists()
    assert (user.profile.team, user.profile.start_date) == (world["noord"], datetime.date(2031, 3, 3))
    home = client.get("/").content.decode()
    assert "Inwerkprogramma toegang" in home
    assert "vóór 13 maart" in home  # the advised day 10 counts from the start date
    assert "Afronden vóór 2 mei 2031" in home  # due in 60 days from the start date

    assert logs_in(client, "nadia@zoetermeer.example")
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Deze uitnodigingslink werkt niet meer" in again.content.decode()
    assert "al gebruikt" in again.content.decode()
    assert (
        client.post(link, {"new_password1": "x" + PASSWORD, "new_password2": "x" + PASSWORD}).status_code
        == 410
    )
    assert logs_in(client, "nadia@zoetermeer.example")


def test_a_team_lead_cannot_invite_to_another_team_and_a_medewerker_not_at_all(client, world, make_user):
    client.force_login(world["lead"])
    response = invite(client, world["zuid"])
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    client.force_login(make_user(team=world["noord"]))
    assert client.get(reverse("invite_colleague")).status_code == 403
    assert invite(client, world["noord"]).status_code == 403
    assert not Invitation.objects.exists()


def test_an_address_with_an_account_or_an_open_invitation_is_refused(client, world):
    client.force_login(world["lead"])
    world["lead"].email = "marieke@zoetermeer.example"
    world["lead"].save()
    response = invite(client, world["noord"], email="Marieke@Zoetermeer.example")
    assert "Er is al een account met dit e-mailadres." in response.content.decode()
    assert invite(client, world["noord"]).status_code == 302
    response = invite(client, world["noord"], email="NADIA@zoetermeer.example")
    assert "heeft al een openstaande uitnodiging" in response.content.decode()


def test_resend_gives_a_new_link_and_withdraw_ends_it(client, world, make_user):
    client.force_login(world["lead"])
    invite(client, world["noord"])
    invitation = Invitation.objects.get()
    first = link_in(mail.outbox[0])
    assert client.get(reverse("resend_invitation", args=[invitation.pk])).status_code == 405
    assert client.post(reverse("resend_invitation", args=[invitation.pk])).status_code == 302
    second = link_in(mail.outbox[1])
    assert first != second
    assert client.get(first).status_code == 404  # replaced: not known any more
    assert "niet bekend" in client.get(first).content.decode()
    assert client.get(second).status_code == 200
    # another team's lead cannot touch it
    other_lead = make_user(role="Teamleider", team=world["zuid"])
    world["zuid"].leads.add(other_lead)
    client.force_login(other_lead)
    assert client.post(reverse("withdraw_invitation", args=[invitation.pk])).status_code == 404
    client.force_login(world["lead"])
    assert client.post(reverse("withdraw_invitation", args=[invitation.pk])).status_code == 302
    client.logout()
    withdrawn = client.get(second)
    assert withdrawn.status_code == 410 and "ingetrokken" in withdrawn.content.decode()
    client.force_login(world["lead"])
    assert "Nadia de Boer" not in client.get(reverse("team")).content.decode()


def test_an_invitation_expires_after_fourteen_days(client, world):
    invitation = accounts.invite(
        email="nadia@zoetermeer.example",
        first_name="Nadia",
        start_date=timezone.localdate(),
        team=world["noord"],
    )
    link = link_in(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=14)
    expired = client.get(link)
    assert expired.status_code == 410 and "verlopen" in expired.content.decode()
    assert not StaffProfile.objects.filter(user__email="nadia@zoetermeer.example").exists()


def test_the_demo_has_one_open_invitation_for_the_team_leads_team(client, demo_accounts):
    from leergang.demo import create_demo_organisation

    create_demo_organisation()  # again: still one
    (invitation,) = Invitation.objects.pending()
    assert invitation.team.name == "JGH Noord" and invitation.invited_by.username == "teamleider"
    client.force_login(User.objects.get(username="teamleider"))
    page = client.get(reverse("team")).content.decode()
    assert "Nadia de Boer" in page and "Opnieuw versturen" in page
    assert client.post(reverse("resend_invitation", args=[invitation.pk])).status_code == 302
    assert mail.outbox[0].to == ["nadia.deboer@zoetermeer.example"]
