"""Accounts of the organisation: inviting a colleague, accepting an invitation, and leaving.

An invitation (:class:`~leergang.models.Invitation`) is made by a beheerder in the admin, by a
team lead for their own teams on the site (``/team/uitnodigen/``), or by the staff import
(``import_medewerkers --invite``). The e-mail holds a one-time link
(``/accounts/uitnodiging/<token>/``); only the token's hash is stored. Accepting it sets the
password and makes (or completes) the account and its staff profile. Leaving is a date on the
staff profile: from that day the person cannot log in (:mod:`leergang.auth`) and team pages
and reminders leave them out; ``bewaartermijn`` (modules) erases their learning data later.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Invitation, StaffProfile, Team, User
from .roles import MEDEWERKER, ROLES

logger = logging.getLogger(__name__)


def site_url() -> str:
    return (getattr(settings, "LEERGANG_BASE_URL", None) or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def invitation_link(token: str) -> str:
    return site_url() + reverse("accept_invitation", args=[token])


def find_person(email: str):
    """The account with this e-mail address (case-insensitive), or None."""
    return User.objects.filter(email__iexact=(email or "").strip()).order_by("pk").first()


def teams_to_invite_to(user):
    """The teams ``user`` may invite colleagues to: every team with ``leergang.add_invitation``
    (a beheerder), the teams they lead otherwise (data: ``Team.leads``)."""
    if user.has_perm("leergang.add_invitation"):
        return Team.objects.all()
    return Team.objects.filter(leads=user)


def may_manage(user, invitation) -> bool:
    return teams_to_invite_to(user).filter(pk=invitation.team_id).exists() or user.has_perm(
        "leergang.change_invitation"
    )


def send_invitation(invitation: Invitation, *, now=None) -> None:
    """A new link (any earlier one stops working) and the Dutch e-mail that carries it."""
    now = now or timezone.now()
    token = invitation.new_token(now)
    invitation.sent_at = now
    invitation.save()
    context = {
        "invitation": invitation,
        "link": invitation_link(token),
        "days": (invitation.expires_at - now).days,
        "invited_by": invitation.invited_by,
    }
    with translation.override("nl"):
        subject = _("Invitation to Leergang Toegang")
        text = render_to_string("leergang/email/invitation.txt", context)
        html = render_to_string("leergang/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("invitation %s sent", invitation.pk)


def invite(
    *,
    email,
    first_name,
    start_date,
    last_name="",
    team=None,
    job_title="",
    role="",
    invited_by=None,
    user=None,
) -> Invitation:
    """Make an invitation and send it."""
    invitation = Invitation(
        email=email.strip(),
        first_name=first_name,
        last_name=last_name,
        team=team,
        job_title=job_title,
        start_date=start_date,
        role=role if role in ROLES else "",
        invited_by=invited_by,
        user=user,
    )
    send_invitation(invitation)
    return invitation


def revoke(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def account_for(invitation: Invitation) -> User:
    """The account the invitation is for (unsaved when it does not exist yet), so the password
    validators can compare the password with the name and e-mail address."""
    user = invitation.user or find_person(invitation.email)
    if user is None:
        user = User(
            username=invitation.email.strip().lower(),
            email=invitation.email.strip(),
            first_name=invitation.first_name,
            last_name=invitation.last_name,
        )
    return user


@transaction.atomic
def accept(invitation: Invitation, user: User, password: str, *, now=None) -> User:
    """Set the password and make the account and staff profile as the invitation says; the
    invitation is used up. ``user`` is :func:`account_for`'s account."""
    now = now or timezone.now()
    user.set_password(password)
    user.is_active = True
    user.save()
    profile, _created = StaffProfile.objects.get_or_create(user=user)
    profile.team = invitation.team or profile.team
    profile.job_title = invitation.job_title or profile.job_title
    profile.start_date = invitation.start_date
    profile.left_on = None  # a colleague who comes back
    profile.save()
    role = invitation.role or (None if user.groups.exists() else MEDEWERKER)
    if role:
        user.groups.add(Group.objects.get(name=role))
    invitation.user = user
    invitation.accepted_at = now
    invitation.save(update_fields=["user", "accepted_at"])
    Invitation.objects.filter(email__iexact=invitation.email).pending(now).update(revoked_at=now)
    return user


def mark_left(profile: StaffProfile, left_on) -> None:
    """From ``left_on`` the person can no longer log in and is left out of team pages and
    reminders; their open invitations are withdrawn."""
    profile.left_on = left_on
    profile.save(update_fields=["left_on"])
    Invitation.objects.filter(user=profile.user).pending().update(revoked_at=timezone.now())
