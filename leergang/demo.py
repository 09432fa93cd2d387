"""Demo organisation: teams and the five demo accounts of the contract."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Invitation, OrganisationType, StaffProfile, Team, User
from .roles import BEHEERDER, COORDINATOR, MEDEWERKER, TEAMLEIDER

DEMO_PASSWORD = "leergang-demo"  # noqa: S105  (documented demo password; refused without DEBUG)

TEAMS = [
    ("JGH Noord", OrganisationType.JGH),
    ("JGH Zuid", OrganisationType.JGH),
    ("POH-J huisartsen", OrganisationType.POHJ),
    ("SMW voortgezet onderwijs", OrganisationType.SMW),
    ("JGZ", OrganisationType.JGZ),
]

# username, first name, last name, role, team, job title, days since start
ACCOUNTS = [
    ("medewerker", "Sanne", "de Vries", MEDEWERKER, "JGH Noord", "Toegangsmedewerker JGH", 540),
    ("nieuwe-medewerker", "Yusuf", "Bakker", MEDEWERKER, "JGH Noord", "Toegangsmedewerker JGH", 12),
    ("teamleider", "Marieke", "Jansen", TEAMLEIDER, "JGH Noord", "Teamleider JGH Noord", 1500),
    ("coordinator", "Ilse", "van Dam", COORDINATOR, None, "Coördinator leergang en sociale kaart", 900),
    ("beheerder", "Peter", "Smit", BEHEERDER, None, "Functioneel beheerder", 2000),
]

# Colleagues without a login of their own, so that a team lead sees a real team.
COLLEAGUES = [
    ("fatima.elamrani", "Fatima", "El Amrani", "JGH Noord", "Toegangsmedewerker JGH", 35),
    ("joost.vermeulen", "Joost", "Vermeulen", "JGH Noord", "Toegangsmedewerker JGH", 800),
    ("lisa.hoekstra", "Lisa", "Hoekstra", "JGH Noord", "Gezinscoach JGH", 75),
    ("anouk.visser", "Anouk", "Visser", "JGH Zuid", "Toegangsmedewerker JGH", 20),
    ("mohamed.ouali", "Mohamed", "Ouali", "JGH Zuid", "Toegangsmedewerker JGH", 1200),
    ("eva.dekker", "Eva", "Dekker", "POH-J huisartsen", "POH-Jeugd", 400),
    ("tim.mulder", "Tim", "Mulder", "SMW voortgezet onderwijs", "Schoolmaatschappelijk werker", 50),
    ("noor.hendriks", "Noor", "Hendriks", "JGZ", "Jeugdverpleegkundige", 300),
]


@transaction.atomic
def create_demo_organisation(with_accounts=True):
    """Teams, demo accounts and colleagues; safe to run again (same rows, same counts)."""
    from django.contrib.auth.models import Group

    teams = {}
    for name, organisation in TEAMS:
        teams[name], _ = Team.objects.update_or_create(name=name, defaults={"organisation": organisation})
    if not with_accounts:
        return teams
    today = timezone.localdate()
    groups = {
        g.name: g for g in Group.objects.filter(name__in=[MEDEWERKER, TEAMLEIDER, COORDINATOR, BEHEERDER])
    }

    demo_password = {}

    def person(
        username, first, last, team_name, job, days, role=MEDEWERKER, email_domain="zoetermeer.example"
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@{email_domain}"},
        )
        if created:
            # One (slow, deliberately) password hash for all demo accounts: same password.
            if "hash" not in demo_password:
                user.set_password(DEMO_PASSWORD)
                demo_password["hash"] = user.password
            user.password = demo_password["hash"]
            user.save()
        user.groups.add(groups[role])
        if role == BEHEERDER and not user.is_superuser:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "team": teams.get(team_name),
                "job_title": job,
                "start_date": today - datetime.timedelta(days=days),
            },
        )
        return user

    users = {}
    for username, first, last, role, team_name, job, days in ACCOUNTS:
        users[username] = person(username, first, last, team_name, job, days, role=role)
    for username, first, last, team_name, job, days in COLLEAGUES:
        users[username] = person(username, first, last, team_name, job, days)
    teams["JGH Noord"].leads.add(users["teamleider"])
    teams["JGH Zuid"].leads.add(users["teamleider"])
    _demo_invitation(teams["JGH Noord"], users["teamleider"], today)
    return teams


# A new colleague the demo team lead invited, who has not started yet (shown on /team/).
INVITED = ("nadia.deboer@zoetermeer.example", "Nadia", "de Boer", "Toegangsmedewerker JGH", 7)


def _demo_invitation(team, lead, today):
    """One open invitation (not e-mailed: "Opnieuw versturen" on /team/ prints the e-mail with
    its link on the console of `make run`). Made again when the previous one has expired."""
    email, first, last, job, days = INVITED
    if User.objects.filter(email__iexact=email).exists() or Invitation.objects.filter(email=email).pending():
        return
    Invitation.objects.filter(email=email, accepted_at__isnull=True).delete()
    invitation = Invitation(
        email=email,
        first_name=first,
        last_name=last,
        team=team,
        job_title=job,
        start_date=today + datetime.timedelta(days=days),
        invited_by=lead,
        sent_at=timezone.now(),
    )
    invitation.new_token()  # the link is not kept anywhere: resend to get one
    invitation.save()
