"""Leaving and retention: a person marked as left cannot log in from that date (also with a
session that was already open), is gone from /team/ and the reminders; ``bewaartermijn`` erases
their learning data after the retention period and their certificate stays verifiable."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from leergang.models import StaffProfile, Team
from modules import progress
from modules.models import Certificate, ModuleCompletion, StepCompletion
from modules.reminders import send_reminders
from tests.leergang.factories import PASSWORD

from .factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree, make_user):
    noord = Team.objects.create(name="JGH Noord", organisation="jgh")
    zuid = Team.objects.create(name="JGH Zuid", organisation="jgh")
    lead = make_user(role="Teamleider", team=noord, username="teamleider")
    noord.leads.add(lead)
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    sanne = make_user(team=noord, username="sanne", start_date=long_ago)
    sanne.first_name, sanne.last_name, sanne.email = "Sanne", "de Vries", "sanne@zoetermeer.example"
    sanne.save()
    module, steps = module_with_steps(site_tree[1], "giz", title="GIZ", quiz=False)
    other, _steps = module_with_steps(site_tree[1], "beter-samenspel", quiz=False)
    LearningPathFactory(modules=[module, other], due_days=30)  # long overdue: a reminder is due
    for step in steps:
        progress.complete_step(sanne, step)
    return {"noord": noord, "zuid": zuid, "lead": lead, "sanne": sanne, "module": module}


def password_login(client, username):
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_a_team_lead_marks_a_member_as_left_and_login_stops_that_day(client, world):
    sanne, lead = world["sanne"], world["lead"]
    sanne_client = client.__class__()
    assert password_login(sanne_client, "sanne")
    client.force_login(lead)
    member_page = client.get(reverse("team_member", args=[sanne.pk])).content.decode()
    assert "Uit dienst melden" in member_page
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("team_member_left", args=[sanne.pk]), {"left_on": tomorrow.isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse("team")
    member_link = reverse("team_member", args=[sanne.pk])
    assert member_link in client.get(reverse("team")).content.decode()  # not yet: tomorrow
    assert password_login(client.__class__(), "sanne")

    today = timezone.localdate()
    client.post(reverse("team_member_left", args=[sanne.pk]), {"left_on": today.isoformat()})
    assert StaffProfile.objects.get(user=sanne).left_on == today
    client.get(reverse("team"))  # the message "marked as left"
    assert member_link not in client.get(reverse("team")).content.decode()
    assert not password_login(client.__class__(), "sanne")  # no command ran: the login checks
    assert sanne_client.get(reverse("my_progress")).status_code == 302  # the open session ends too
    assert (
        client.post(reverse("wagtailadmin_login"), {"username": "sanne", "password": PASSWORD}).status_code
        == 200
    )


def test_only_a_lead_of_the_team_or_a_beheerder_marks_someone_as_left(client, world, make_user):
    sanne = world["sanne"]
    url = reverse("team_member_left", args=[sanne.pk])
    day = {"left_on": timezone.localdate().isoformat()}
    other_lead = make_user(role="Teamleider", team=world["zuid"])
    world["zuid"].leads.add(other_lead)
    for person in (make_user(team=world["noord"]), other_lead, make_user(role="Coördinator")):
        client.force_login(person)
        assert client.post(url, day).status_code == 403
    assert StaffProfile.objects.get(user=sanne).left_on is None
    client.force_login(make_user(role="Beheerder"))
    assert client.post(url, day).status_code == 302
    assert StaffProfile.objects.get(user=sanne).left_on is not None


def test_people_who_left_get_no_reminders_and_are_not_in_the_summary(world):
    now = timezone.now()
    before = send_reminders(now=now, dry_run=True)
    assert "sanne@zoetermeer.example" in [address for address, _ in before.messages]
    StaffProfile.objects.filter(user=world["sanne"]).update(left_on=timezone.localdate())
    after = send_reminders(now=now, dry_run=True)
    assert "sanne@zoetermeer.example" not in [address for address, _ in after.messages]


@override_settings(LEERGANG_RETENTION_MONTHS=24)
def test_bewaartermijn_erases_after_the_period_and_the_certificate_stays_verifiable(client, world):
    sanne = world["sanne"]
    code = Certificate.objects.get(user=sanne).code
    profile = StaffProfile.objects.get(user=sanne)
    today = timezone.localdate()
    profile.left_on = today - datetime.timedelta(days=700)  # within 24 months
    profile.save()
    out = io.StringIO()
    call_command("bewaartermijn", stdout=out)
    assert "leerdata van 0 personen gewist" in out.getvalue()
    assert StepCompletion.objects.filter(user=sanne).count() == 2

    profile.left_on = today.replace(year=today.year - 2) - datetime.timedelta(days=1)
    profile.save()
    out = io.StringIO()
    call_command("bewaartermijn", "--dry-run", stdout=out)
    assert "Zou wissen: Sanne de Vries (sanne)" in out.getvalue()
    assert StepCompletion.objects.filter(user=sanne).count() == 2  # a dry run changes nothing

    out = io.StringIO()
    call_command("bewaartermijn", stdout=out)
    assert "Gewist: Sanne de Vries (sanne)" in out.getvalue() and "step_completions: 2" in out.getvalue()
    assert "leerdata van 1 persoon gewist" in out.getvalue()
    assert not StepCompletion.objects.filter(user=sanne).exists()
    assert not ModuleCompletion.objects.filter(user=sanne).exists()
    assert not Certificate.objects.filter(user=sanne).exists()
    assert StaffProfile.objects.get(user=sanne).learning_data_erased_on == today

    # The certificate stays verifiable; the leergang keeps no name, but checks one (AVG).
    page = client.get(reverse("verify_certificate", args=[code]))
    assert page.status_code == 200
    assert "Sanne de Vries" not in page.content.decode() and "GIZ" in page.content.decode()
    check = client.post(reverse("verify_certificate", args=[code]), {"naam": "Sanne de Vries"})
    assert "dat is de naam op dit certificaat" in check.content.decode()

    out = io.StringIO()
    call_command("bewaartermijn", stdout=out)  # the next day's run: nothing left to do
    assert "leerdata van 0 personen gewist" in out.getvalue()
