"""Casusbesprekingen (acceptance 4): the team lead records one for their own team only; the
attendee confirms it on Mijn voortgang; the hours enter the ledger and the accreditation CSV as
reflection hours, apart from e-learning; who may do what, per role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from modules.models import AccreditationEntry
from practice.models import Attendance, CaseDiscussion
from tests.access import ROLES, role_user

from .factories import CaseDiscussionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user, team):
    user = make_user("Teamleider", team=team, username="marieke")
    team.leads.add(user)
    return user


@pytest.fixture
def colleague(make_user, team):
    return make_user("Medewerker", team=team, username="fatima")


@pytest.fixture
def stranger(make_user, other_team):
    return make_user("Medewerker", team=other_team, username="anouk")


def form(team, attendees, **extra):
    return {
        "team": team.pk,
        "kind": "casusbespreking",
        "held_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "duration_minutes": "90",
        "topic": "Een gezin dat om een diagnose vraagt",
        "module": "",
        "scenario": "",
        "facilitator": "Marieke Jansen",
        "attendees": [u.pk for u in attendees],
        **extra,
    }


def test_the_team_lead_records_a_session_for_their_own_team(client, lead, team, learner, colleague, scenario):
    client.force_login(lead)
    page = client.get(reverse("practice:discussion_add"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["team"].queryset) == [team]
    data = form(team, [learner, colleague], scenario=scenario.pk, module=scenario.get_parent().pk)
    response = client.post(reverse("practice:discussion_add"), data)
    assert response.status_code == 302 and response["Location"] == reverse("practice:discussions")
    discussion = CaseDiscussion.objects.get()
    assert (
        discussion.team == team and discussion.recorded_by == lead and discussion.scenario.pk == scenario.pk
    )
    assert set(discussion.attendances.values_list("user__username", "status")) == {
        ("yusuf", "invited"),
        ("fatima", "invited"),
    }
    assert not AccreditationEntry.objects.exists()  # nothing counts before the attendee confirms
    listing = client.get(reverse("practice:discussions")).content.decode()
    assert "Een gezin dat om een diagnose vraagt" in listing and "nog niet beantwoord" in listing


def test_the_team_lead_cannot_record_for_another_team(client, lead, other_team, stranger):
    client.force_login(lead)
    response = client.post(reverse("practice:discussion_add"), form(other_team, [stranger]))
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not CaseDiscussion.objects.exists()


def test_attendees_must_be_members_of_the_team(client, lead, team, learner, stranger):
    client.force_login(lead)
    response = client.post(reverse("practice:discussion_add"), form(team, [learner, stranger]))
    assert response.status_code == 200
    assert not CaseDiscussion.objects.exists()
    # the stranger is not even offered: not a member of a team the lead leads
    assert "attendees" in response.context["form"].errors


def test_a_session_in_the_future_is_refused(client, lead, team, learner):
    client.force_login(lead)
    later = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("practice:discussion_add"), form(team, [learner], held_on=later))
    assert "Leg een casusbespreking vast nadat hij is gehouden" in response.content.decode()
    assert not CaseDiscussion.objects.exists()


def test_the_team_lead_cannot_change_another_teams_session(client, lead, other_team, stranger):
    discussion = CaseDiscussionFactory(team=other_team)
    client.force_login(lead)
    assert client.get(reverse("practice:discussion_edit", args=[discussion.pk])).status_code == 403
    response = client.post(
        reverse("practice:discussion_edit", args=[discussion.pk]), form(other_team, [stranger])
    )
    assert response.status_code == 403
    assert "Een gezin" not in client.get(reverse("practice:discussions")).content.decode()


@pytest.fixture
def invited(lead, team, learner):
    from practice import services

    discussion = CaseDiscussionFactory(team=team, duration_minutes=90)
    services.save_discussion(discussion, [learner], by=lead)
    return Attendance.objects.get(user=learner)


def test_the_attendee_confirms_on_my_progress_and_gets_reflection_hours(client, learner, invited):
    learner.profile.register_cycle_start = datetime.date(2024, 1, 1)
    learner.profile.save()
    client.force_login(learner)
    page = client.get(reverse("my_progress")).content.decode()
    assert (
        "Casusbesprekingen en intervisie" in page
        and "Ik was bij “Een gezin dat om een diagnose vraagt”" in page
    )
    url = reverse("practice:answer_attendance", args=[invited.pk])
    assert url in page
    response = client.post(url, {"antwoord": "bevestigen"}, follow=True)
    html = response.content.decode()
    assert "Je aanwezigheid is bevestigd: 1,5 uur reflectie" in html
    assert "e-learning 0 uur, reflectie 1,5 uur" in html
    entry = AccreditationEntry.objects.get(user=learner)
    assert entry.kind == "reflection" and entry.hours == 1.5 and entry.module is None
    rows = client.get(reverse("accreditation_csv")).content.decode("utf-8-sig").split("\r\n")
    assert rows[0].endswith(";Soort uren")
    cells = rows[1].split(";")
    assert cells[4] == "Casusbespreking: Een gezin dat om een diagnose vraagt"
    assert cells[6] == "1,5" and cells[8] == "reflectie"
    # confirming twice adds nothing
    client.post(url, {"antwoord": "bevestigen"})
    assert AccreditationEntry.objects.filter(user=learner).count() == 1


def test_declining_after_confirming_takes_the_hours_out(client, learner, invited):
    client.force_login(learner)
    url = reverse("practice:answer_attendance", args=[invited.pk])
    client.post(url, {"antwoord": "bevestigen"})
    client.post(url, {"antwoord": "afmelden"})
    invited.refresh_from_db()
    assert invited.status == "declined" and not AccreditationEntry.objects.filter(user=learner).exists()


def test_nobody_answers_for_someone_else(client, colleague, invited):
    client.force_login(colleague)
    url = reverse("practice:answer_attendance", args=[invited.pk])
    assert client.post(url, {"antwoord": "bevestigen"}).status_code == 404
    assert client.get(url).status_code == 405
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_changing_a_confirmed_session_updates_the_hours(client, lead, team, learner, colleague, invited):
    from practice import services

    services.answer_attendance(invited, confirmed=True)
    client.force_login(lead)
    url = reverse("practice:discussion_edit", args=[invited.discussion.pk])
    response = client.post(url, form(team, [learner], duration_minutes="120"))
    assert response.status_code == 302
    assert AccreditationEntry.objects.get(user=learner).hours == 2
    client.post(url, form(team, [colleague], duration_minutes="120"))  # learner removed: hours withdrawn
    assert not AccreditationEntry.objects.filter(user=learner).exists()


# --- the matrix of roles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected", [("Medewerker", 403), ("Teamleider", 200), ("Coördinator", 200), ("Beheerder", 200)]
)
def test_who_opens_the_list_and_the_form(client, make_user, team, role, expected):
    assert role in ROLES
    client.force_login(role_user(make_user, role, team))
    assert client.get(reverse("practice:discussions")).status_code == expected
    assert client.get(reverse("practice:discussion_add")).status_code == expected


@pytest.mark.parametrize("role, expected", [("Coördinator", 302), ("Beheerder", 302), ("Medewerker", 403)])
def test_coordinators_and_beheerders_record_for_any_team(
    client, make_user, other_team, stranger, role, expected
):
    client.force_login(make_user(role))
    response = client.post(reverse("practice:discussion_add"), form(other_team, [stranger]))
    assert response.status_code == expected
    assert CaseDiscussion.objects.filter(team=other_team).exists() == (expected == 302)


def test_a_teamleider_who_leads_no_team_gets_403(client, make_user, team):
    client.force_login(make_user("Teamleider", team=team))
    assert client.get(reverse("practice:discussions")).status_code == 403
