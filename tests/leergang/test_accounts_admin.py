"""The beheerder's side in the admin: inviting with a role, the staff import with a dry run,
and the leaving date on the staff profile."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leergang.models import Invitation, StaffProfile, Team, User
from tests.assertions import assert_sent_to_the_dashboard

pytestmark = pytest.mark.django_db

CSV = (
    "email;voornaam;achternaam;team;functie;startdatum\r\n"
    "nadia@zoetermeer.example;Nadia;de Boer;JGH Noord;Toegangsmedewerker JGH;2031-03-03\r\n"
)


@pytest.fixture
def beheerder(client, make_user):
    Team.objects.create(name="JGH Noord", organisation="jgh")
    person = make_user(role="Beheerder")
    client.force_login(person)
    return person


def test_a_beheerder_invites_with_a_role_in_the_admin(client, beheerder):
    add_url = reverse("wagtailsnippets_leergang_invitation:add")
    form = client.get(add_url).content.decode()
    assert "Coördinator" in form and 'name="role"' in form
    response = client.post(
        add_url,
        {
            "first_name": "Ilse",
            "last_name": "van Dam",
            "email": "ilse@zoetermeer.example",
            "team": "",
            "job_title": "Coördinator leergang",
            "start_date": "2031-03-03",
            "role": "Coördinator",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.role == "Coördinator" and invitation.invited_by == beheerder
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/uitnodiging/\S+/)", message.body).group(1)
    client.logout()
    password = "Zomer-in-Zoetermeer-42"
    assert client.post(link, {"new_password1": password, "new_password2": password}).status_code == 302
    assert User.objects.get(email="ilse@zoetermeer.example").groups.filter(name="Coördinator").exists()


def test_the_staff_import_in_the_admin_checks_first_then_imports(client, beheerder):
    url = reverse("medewerkers-import:index")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("medewerkers.csv", CSV.encode())
    dry = client.post(url, {"file": upload, "dry_run": "on"})
    assert "1 nieuw, 0 bijgewerkt. Proefimport: er is niets gewijzigd." in dry.content.decode()
    assert not User.objects.filter(email="nadia@zoetermeer.example").exists()
    upload = SimpleUploadedFile("medewerkers.csv", CSV.encode())
    done = client.post(url, {"file": upload, "invite": "on"})
    assert "1 nieuw, 0 bijgewerkt. 1 uitnodiging(en) verstuurd." in done.content.decode()
    assert User.objects.filter(email="nadia@zoetermeer.example").exists() and len(mail.outbox) == 1


def test_a_coordinator_may_not_import_staff(client, make_user):
    client.force_login(make_user(role="Coördinator"))
    assert_sent_to_the_dashboard(client.get(reverse("medewerkers-import:index")))


def test_a_beheerder_sets_the_leaving_date_in_the_admin(client, beheerder, make_user):
    sanne = make_user(username="sanne")
    profile = StaffProfile.objects.get(user=sanne)
    edit = reverse("wagtailsnippets_leergang_staffprofile:edit", args=[profile.pk])
    page = client.get(edit).content.decode()
    assert 'name="left_on"' in page and "Uit dienst per" in page
    response = client.post(
        edit, {"user": sanne.pk, "team": "", "job_title": "", "register": "", "left_on": "2030-01-31"}
    )
    assert response.status_code == 302
    assert StaffProfile.objects.get(pk=profile.pk).left_on == datetime.date(2030, 1, 31)
