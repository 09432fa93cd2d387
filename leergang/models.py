"""The organisation: people, their teams and their professional registration."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
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
