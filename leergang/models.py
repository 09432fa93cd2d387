"""The organisation: people, their teams and their professional registration."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our own user model from the first migration, so profile data never needs a swap."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def leads_a_team(self):
        """Leads at least one team: leading is data (``Team.leads``), not a role or a permission."""
        return self.led_teams.exists()


class OrganisationType(models.TextChoices):
    JGH = "jgh", _("Jeugd- en Gezinshulp (JGH)")
    POHJ = "pohj", _("POH-Jeugd bij de huisarts")
    SMW = "smw", _("Schoolmaatschappelijk werk (SMW)")
    JGZ = "jgz", _("Jeugdgezondheidszorg (JGZ)")
    OTHER = "other", _("Other")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    organisation = models.CharField(
        _("organisation"), max_length=10, choices=OrganisationType.choices, default=OrganisationType.JGH
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team leads"), related_name="led_teams", blank=True
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProfessionalRegister(models.TextChoices):
    NONE = "", _("None")
    SKJ = "skj", _("SKJ (Stichting Kwaliteitsregister Jeugd)")
    REGISTERPLEIN = "registerplein", _("Registerplein")
    BIG = "big", _("BIG-register")


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    register = models.CharField(
        _("professional register"),
        max_length=20,
        choices=ProfessionalRegister.choices,
        default=ProfessionalRegister.NONE,
        blank=True,
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day the person can no longer log in and is no longer shown on team pages. "
            "Their learning data is erased after the retention period; certificates stay verifiable."
        ),
    )
    learning_data_erased_on = models.DateField(_("learning data erased on"), null=True, blank=True)
    register_cycle_start = models.DateField(
        _("start of the re-registration period"),
        null=True,
        blank=True,
        help_text=_(
            "Registers re-register every five years. Empty: counted from the first accredited module."
        ),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self):
        return str(self.user)

    def has_left(self, today=None):
        return self.left_on is not None and self.left_on <= (today or timezone.localdate())


def current_staff(queryset, today=None, *, prefix=""):
    """``queryset`` without the people who have left by ``today`` (a queryset of profiles, or of
    something that leads to a profile through ``prefix``, e.g. ``"profile__"`` for users)."""
    today = today or timezone.localdate()
    return queryset.exclude(**{f"{prefix}left_on__lte": today})


def has_left(user, today=None):
    """True when ``user``'s staff profile says they left on or before ``today``: they may no
    longer log in (``leergang.backends``)."""
    try:
        profile = user.profile  # fetched with the user by leergang.backends, else one query
    except StaffProfile.DoesNotExist:
        return False
    return profile.has_left(today)


INVITATION_DAYS = 14


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Not used, not withdrawn and not expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)

    def by_token(self, token):
        return self.filter(token_hash=hash_token(token or "")).first()


class Invitation(models.Model):
    """An invitation to a (new) colleague: a one-time link to set a password, valid
    ``INVITATION_DAYS`` days, single use and revocable. Only the hash of the token is stored; the
    link itself is in the e-mail only. Accepting makes (or completes) the account and the staff
    profile with the team, job title and start date given here."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"))
    role = models.CharField(_("role"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_(
            "Empty until the invitation is accepted, unless the account already existed (an import)."
        ),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def new_token(self, now=None) -> str:
        """A fresh link (the previous one stops working), valid ``INVITATION_DAYS`` days from now.
        Returns the token; only its hash is kept."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = now + datetime.timedelta(days=INVITATION_DAYS)
        return token

    def status(self, now=None):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status()).label

    get_status_display.short_description = _("status")

    def is_pending(self, now=None):
        return self.status(now) == self.Status.PENDING


class OrganisationLogin(models.Model):
    """Someone who signed in with the organisation's account (OpenID Connect). Such staff use
    that sign-in only, unless a beheerder allows their password too (``password_allowed``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_login",
    )
    password_allowed = models.BooleanField(
        _("may also log in with a password"),
        default=False,
        help_text=_("Off: this person logs in only with their organisation account."),
    )
    first_sign_in = models.DateTimeField(_("first sign-in"), auto_now_add=True)
    last_sign_in = models.DateTimeField(_("last sign-in"), auto_now=True)

    class Meta:
        verbose_name = _("organisation account")
        verbose_name_plural = _("organisation accounts")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self):
        return str(self.user)
