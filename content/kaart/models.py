"""The sociale kaart: voorzieningen (local services), their categories, wijken and organisations,
the changes people report, favourites and API tokens.

A :class:`Voorziening` is a Wagtail snippet with drafts, revisions, locking and preview. Its
database row always holds the *published* version; drafts live in revisions. When it was last
checked is bookkeeping about the entry as a whole, not part of a revision (see
:meth:`Voorziening.with_content_json`), so "checked today" never creates or disturbs a draft.
"""

import hashlib
import re
import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

#: An entry counts as "not recently checked" when its last check is older than this.
STALE_AFTER_MONTHS = 12

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")

#: The highest age an entry can be for (``min_age`` and ``max_age`` run from 0 to this).
MAX_AGE = 120

#: Paths under /sociale-kaart/ that are pages of their own, so no entry may use them as its key.
RESERVED_SLUGS = frozenset({"favorieten", "melden", "meldingen", "aanbieder", "nieuw"})


def stale_cutoff(today=None):
    """The date twelve months before ``today``: checks *before* it are out of date."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def normalise_postcode(value):
    """'2711ab' → '2711 AB'; raises ValidationError when it is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(2).upper() in {"SA", "SD", "SS"}:
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, such as 2711 AB."), code="postcode"
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value):
    normalise_postcode(value)


def validate_not_reserved(value):
    """A key may not be one of the sociale kaart's own pages (``/sociale-kaart/melden/``, …)."""
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is a page of the sociale kaart itself; choose another key."),
            code="reserved",
            params={"slug": value},
        )


def validate_one_line(value):
    """Names and addresses are one line: a line break would end up in e-mail subjects and
    spreadsheet cells."""
    if value and ("\n" in value or "\r" in value):
        raise ValidationError(_("Write this on one line, without line breaks."), code="line_break")


def validate_not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."), code="future")


#: Web addresses people follow from the kaart: http or https only.
validate_web_url = URLValidator(schemes=["http", "https"])


def validate_age(value):
    if value is not None and not 0 <= value <= MAX_AGE:
        raise ValidationError(_("Enter an age from 0 to %(max)s years."), code="age", params={"max": MAX_AGE})


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, help_text=_("Used in web addresses and in the leerstof.")
    )
    description = models.TextField(_("description"), blank=True)
    hsds_id = models.UUIDField(
        _("HSDS id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The stable id of the HSDS API (docs/api-sociale-kaart.md); never changes."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """A wijk of Zoetermeer."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    """A provider. Its e-mail address receives the requests to check its entries. Indexed, so
    the organisation chooser in the admin can search it."""

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_one_line])
    email = models.EmailField(
        _("e-mail for check requests"),
        blank=True,
        help_text=_("Receives the link with which the provider confirms or corrects its entries."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    hsds_id = models.UUIDField(
        _("HSDS id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The stable id of the HSDS API (docs/api-sociale-kaart.md); never changes."),
    )
    # Every provider link issued before this moment no longer works (a link sent to a wrong
    # address, a colleague who left the provider).
    provider_links_revoked_at = models.DateTimeField(
        _("provider links revoked at"), null=True, blank=True, editable=False
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("email"),
        index.FilterField("name"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AccessRoute(models.TextChoices):
    FREE = "vrij", _("Vrij toegankelijk")
    REFERRAL = "verwijzing", _("Via verwijzing")
    SIGN_UP = "aanmelden", _("Aanmelden")


class Status(models.TextChoices):
    ACTIVE = "actief", _("Actief")
    TEMPORARILY_CLOSED = "tijdelijk-gesloten", _("Tijdelijk gesloten")
    STOPPED = "gestopt", _("Gestopt")


class Serves(models.TextChoices):
    """Whom an entry serves. The age range of an entry is the age of the child it is about; an
    entry for the parents or household whose range starts at :data:`ADULT_AGE` or later is for
    the adults themselves, and so fits a child of any age."""

    CHILD = "kind", _("The child or young person")
    HOUSEHOLD = "gezin", _("Parents or household")
    PROFESSIONALS = "professionals", _("Professionals")


#: From this age a person is an adult: an age range of household help from here is the parents'.
ADULT_AGE = 18


class CheckedBy(models.TextChoices):
    STAFF = "medewerker", _("Coördinator")
    PROVIDER = "aanbieder", _("Provider")


class VoorzieningQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def listed(self):
        """Published entries that are still offered (stopped ones are not listed)."""
        return self.filter(live=True).exclude(status=Status.STOPPED)

    def active(self):
        """Published and active: what lessons and the coverage report count."""
        return self.filter(live=True, status=Status.ACTIVE)

    def stale(self, today=None):
        return self.filter(Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=stale_cutoff(today)))


class Voorziening(
    PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A voorliggende voorziening: a local service a medewerker can point a family to."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_one_line])
    slug = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_(
            "Stable key: the web address, the CSV import and the API use it. Do not change it once in use."
        ),
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="voorzieningen"
    )
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="voorzieningen"
    )
    tags = ClusterTaggableManager(through="kaart.VoorzieningTag", blank=True, verbose_name=_("tags"))
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[validate_age],
        help_text=_("Empty: no lower limit. 0 for (unborn) babies."),
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[validate_age],
        help_text=_("Empty: no upper limit."),
    )
    audience = models.CharField(
        _("for whom"), max_length=300, blank=True, help_text=_("For example: parents of children aged 0-12.")
    )
    serves = models.CharField(
        _("serves"),
        max_length=20,
        choices=Serves.choices,
        default=Serves.CHILD,
        help_text=_(
            "Whom the help is for. The age search reads as the child's age: help for the parents or "
            "household is found with the age of their child, and with any age when its age range "
            "starts at 18 (the adults themselves)."
        ),
    )
    whole_municipality = models.BooleanField(
        _("whole municipality"), default=False, help_text=_("For everyone in Zoetermeer, in every wijk.")
    )
    neighbourhoods = ParentalManyToManyField(
        Neighbourhood,
        verbose_name=_("wijken"),
        blank=True,
        related_name="voorzieningen",
        help_text=_("The wijken this service is for (its service area), when not the whole municipality."),
    )
    access_route = models.CharField(
        _("access"), max_length=20, choices=AccessRoute.choices, default=AccessRoute.FREE
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    opening_hours = models.TextField(_("opening hours"), blank=True)
    waiting_time = models.CharField(_("waiting time"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    professional_note = models.TextField(
        _("note for professionals"),
        blank=True,
        help_text=_("Only shown to logged-in staff, never in the API: e.g. a direct line for referrers."),
    )
    application_url = models.URLField(_("sign-up link"), blank=True, validators=[validate_web_url])
    application_steps = models.TextField(
        _("how to sign up"), blank=True, help_text=_("Markdown, e.g. a numbered list of steps.")
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. Nederlands, Engels.")
    )
    search_synonyms = models.TextField(
        _("search synonyms"),
        blank=True,
        help_text=_("Words people use when they look for this, e.g. schulden, geldzorgen, rekeningen."),
    )
    source_url = models.URLField(
        _("source"),
        blank=True,
        validators=[validate_web_url],
        help_text=_("Where this information comes from."),
    )
    last_checked_on = models.DateField(
        _("last checked on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_checked_source = models.CharField(
        _("last checked by whom"), max_length=20, choices=CheckedBy.choices, blank=True
    )
    hsds_id = models.UUIDField(
        _("HSDS id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The stable id of the HSDS API (docs/api-sociale-kaart.md); never changes."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="voorziening")

    objects = VoorzieningQuerySet.as_manager()

    #: Bookkeeping that belongs to the entry as a whole and is never taken from a revision.
    CHECK_FIELDS = ("last_checked_on", "last_checked_by", "last_checked_source")

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("search_synonyms", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("audience"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("category"),
        index.FilterField("access_route"),
        index.FilterField("serves"),
        index.FilterField("is_free"),
        index.FilterField("min_age"),
        index.FilterField("max_age"),
        index.FilterField("whole_municipality"),
        index.FilterField("name"),
        index.FilterField("organisation"),
        index.FilterField("last_checked_on"),
    ]

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["name"]
        # The bookkeeping screens of the admin (editing itself is change/publish_voorziening).
        permissions = [
            ("check_voorziening", _("Can keep the sociale kaart checked (coverage, check requests)")),
            ("import_voorziening", _("Can import and export the sociale kaart as CSV")),
        ]
        indexes = [
            models.Index(fields=["live", "status", "category"]),
            models.Index(fields=["last_checked_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="voorziening_age_range_ordered",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def get_absolute_url(self):
        return reverse("kaart:voorziening_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The maximum age cannot be lower than the minimum age.")})

    def with_content_json(self, content):
        """Restore a revision but keep the check bookkeeping and the HSDS id of the live row."""
        obj = super().with_content_json(content)
        for name in self.CHECK_FIELDS:
            setattr(obj, name, getattr(self, name))
        obj.hsds_id = self.hsds_id  # also for a revision from before the id existed
        return obj

    # --- what templates ask -------------------------------------------------------------

    @property
    def age_range_display(self):
        if self.min_age is None and self.max_age is None:
            return _("all ages")
        if self.min_age is None:
            return _("up to %(max)s years") % {"max": self.max_age}
        if self.max_age is None:
            return _("from %(min)s years") % {"min": self.min_age}
        return _("%(min)s to %(max)s years") % {"min": self.min_age, "max": self.max_age}

    @property
    def serves_household(self):
        return self.serves == Serves.HOUSEHOLD

    @property
    def wijken_display(self):
        """ "Heel Zoetermeer" or the names of its wijken (from a prefetch when there is one)."""
        if self.whole_municipality:
            return _("All of Zoetermeer")
        return ", ".join(wijk.name for wijk in self.neighbourhoods.all()) or _("not stated")

    @property
    def cost_display(self):
        """What it costs, with "gratis" added when the text does not say so already."""
        if not self.cost:
            return _("Free of charge") if self.is_free else _("not stated")
        if self.is_free and "gratis" not in self.cost.lower():
            return f"{self.cost} ({_('free of charge')})"
        return self.cost

    def is_stale(self, today=None):
        return self.last_checked_on is None or self.last_checked_on < stale_cutoff(today)

    @property
    def language_list(self):
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def synonym_list(self):
        return [part.strip() for part in re.split(r"[,\n]", self.search_synonyms) if part.strip()]

    # --- preview ----------------------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "kaart/voorziening_detail.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update({"voorziening": self, "is_preview": True, "nav_section": "sociale-kaart"})
        return context


class VoorzieningTag(TaggedItemBase):
    content_object = ParentalKey(Voorziening, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("tag of a voorziening")
        verbose_name_plural = _("tags of voorzieningen")


class VoorzieningLocation(Orderable):
    """A place where the service is given. Where it *is* says nothing about whom it is *for*
    (that is the service area: wijken or the whole municipality)."""

    voorziening = ParentalKey(Voorziening, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name of the location"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, validators=[validate_one_line])
    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    city = models.CharField(_("city"), max_length=100, default="Zoetermeer", validators=[validate_one_line])

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return ", ".join(part for part in [self.name, self.street, f"{self.postcode} {self.city}"] if part)

    def clean(self):
        super().clean()
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                raise ValidationError({"postcode": error.messages}) from None


class VoorzieningCondition(Orderable):
    """One condition (voorwaarde) for using the service, in the order the coordinator set."""

    voorziening = ParentalKey(Voorziening, on_delete=models.CASCADE, related_name="conditions")
    text = models.CharField(_("condition"), max_length=300)

    class Meta(Orderable.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self):
        return self.text


class ChangeReport(models.Model):
    """A medewerker's (or a provider's) report that an entry is wrong, or a missing one."""

    class Reason(models.TextChoices):
        GONE = "bestaat-niet-meer", _("Bestaat niet meer")
        WRONG = "klopt-niet", _("Gegevens kloppen niet")
        DUPLICATE = "dubbel", _("Dubbel")
        OTHER = "anders", _("Anders")
        NEW = "nieuw", _("Nieuwe voorziening")
        PROVIDER = "aanbieder", _("Voorstel van de aanbieder")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "verwerkt", _("Verwerkt")
        REJECTED = "afgewezen", _("Afgewezen")

    voorziening = models.ForeignKey(
        Voorziening,
        verbose_name=_("voorziening"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_reports",
    )
    proposed_name = models.CharField(
        _("name of the new voorziening"),
        max_length=200,
        blank=True,
        help_text=_("Only for a new voorziening."),
    )

    class Field(models.TextChoices):
        """The details of an entry a report can propose a new value for, applied in one step."""

        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        WEBSITE = "website", _("Website")
        CONTACT_PERSON = "contact_person", _("Contact person")
        OPENING_HOURS = "opening_hours", _("Opening hours")
        WAITING_TIME = "waiting_time", _("Waiting time")
        COST = "cost", _("Cost")

    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("what is wrong or missing"))
    proposed_field = models.CharField(
        _("detail to change"),
        max_length=20,
        choices=Field.choices,
        blank=True,
        help_text=_("When the report proposes a new value for one detail, e.g. the phone number."),
    )
    proposed_value = models.CharField(_("proposed new value"), max_length=500, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sociale_kaart_reports",
    )
    reporter_name = models.CharField(_("name of the reporter"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-mail of the reporter"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.OPEN)
    reply = models.TextField(
        _("reply to the reporter"),
        blank=True,
        help_text=_("Sent by e-mail and shown to the reporter under 'Mijn meldingen'."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    # The form's one-time token: a form sent twice (a double click, ten parallel posts, the
    # back button) stores one report.
    form_token = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("reported change")
        verbose_name_plural = _("reported changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        subject = (
            self.voorziening.name if self.voorziening_id else (self.proposed_name or _("new voorziening"))
        )
        return f"{subject} – {self.get_reason_display()}"

    def clean(self):
        super().clean()
        if self.status == self.State.REJECTED and not (self.reply or "").strip():
            raise ValidationError({"reply": self.reply_required_message()})

    @staticmethod
    def reply_required_message():
        return _(
            "Write a reply when you reject a report: the reporter gets it by e-mail and "
            "should know why nothing will change."
        )

    @property
    def proposes_a_value(self):
        """A new value for one detail of an existing entry: it can be applied in one step."""
        return bool(self.voorziening_id and self.proposed_field and self.proposed_value.strip())

    @property
    def current_value(self):
        """The entry's value of the detail the report proposes to change."""
        if not (self.voorziening_id and self.proposed_field):
            return ""
        return getattr(self.voorziening, self.proposed_field)

    @property
    def reporter_display(self):
        if self.reporter_id:
            return str(self.reporter)
        return self.reporter_name or self.reporter_email or _("unknown")

    @property
    def reporter_salutation_name(self):
        """The name to address the reporter by: a user's first name (else full name or
        username), or the name a provider gave; empty when there is none."""
        if self.reporter_id:
            user = self.reporter
            return user.first_name.strip() or user.get_full_name().strip() or user.get_username()
        return self.reporter_name.strip()

    @property
    def reply_address(self):
        if self.reporter_id and self.reporter.email:
            return self.reporter.email
        return self.reporter_email


class Favourite(models.Model):
    """A voorziening on a medewerker's own list. Written only by :mod:`content.kaart.services`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_voorzieningen"
    )
    voorziening = models.ForeignKey(Voorziening, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        constraints = [models.UniqueConstraint(fields=["user", "voorziening"], name="unique_favourite")]

    def __str__(self):
        return f"{self.user} – {self.voorziening}"


class ProviderCheckRequest(models.Model):
    """That a provider was asked on a day to check its entries (one request per organisation a day)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="check_requests")
    email = models.EmailField(_("sent to"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry_count = models.PositiveIntegerField(_("number of entries"), default=0)

    class Meta:
        verbose_name = _("check request")
        verbose_name_plural = _("check requests")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sent_on"], name="unique_check_request_per_day")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.sent_on}"


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A token for a system reading the API (``Authorization: Bearer <token>``). Only its hash
    is stored; the token itself is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=120, help_text=_("Who or what uses this token."))
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_key(self):
        """Give the token a fresh secret; returns it (the only moment it is known)."""
        raw = "lt_" + secrets.token_urlsafe(32)
        self.prefix = raw[:8]
        self.key_hash = hash_token(raw)
        return raw

    @classmethod
    def find_active(cls, raw):
        if not raw:
            return None
        return cls.objects.filter(key_hash=hash_token(raw), active=True).first()
