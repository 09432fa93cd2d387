"""The sociale kaart as a spreadsheet: the one mapping of :class:`Voorziening` to the columns of
its CSV file (a django-import-export ``ModelResource``). The admin import and download,
``import_sociale_kaart`` / ``export_sociale_kaart`` and the demo data all go through it.

The file (:func:`write_export`, :func:`import_csv`) is the site's one CSV format
(:mod:`content.spreadsheet`: UTF-8 with a byte order mark, ``;``, CRLF, formula cells guarded);
import also reads ``,`` and files without the byte order mark. Entries are matched on their
stable key (``sleutel``). Every row is checked with the model's own validators
(``full_clean``), so the import refuses what the admin form refuses, with the same message.
Import is all or nothing, in one transaction: a file with any error changes nothing, and each
error names its row as a spreadsheet shows it (the header is row 1) and its column. A dry run
does the whole import and rolls it back. An export imported again changes nothing: rows whose
cells equal the database are skipped, no revision is made for them.

Cells that hold a list use one line per item (``voorwaarden``, ``locaties``) or commas
(``tags``, ``wijken``); a location is ``name | street | postcode | city``. Organisations are
found by name, and made when the name is new (with ``organisatie_email``).
"""

import datetime
import re
from dataclasses import dataclass, field

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import CachedInstanceLoader
from taggit.models import Tag

from content import spreadsheet
from content.spreadsheet import RowError

from .models import (
    AccessRoute,
    Category,
    CheckedBy,
    Neighbourhood,
    Organisation,
    Serves,
    Status,
    Voorziening,
    VoorzieningCondition,
    VoorzieningLocation,
)

YES, NO = "ja", "nee"
PROVIDER = "aanbieder"
#: A column of the dataset (not of the file): the row as a spreadsheet shows it.
ROW = spreadsheet.ROW
#: Columns a file may leave out (files written before they existed): empty, so the default.
OPTIONAL_COLUMNS = {"bedoeld_voor"}
#: The columns of the file, in order (each is a field of :class:`VoorzieningResource`).
COLUMNS = [
    "sleutel",
    "naam",
    "organisatie",
    "organisatie_email",
    "categorie",
    "samenvatting",
    "beschrijving",
    "tags",
    "min_leeftijd",
    "max_leeftijd",
    "voor_wie",
    "bedoeld_voor",
    "heel_zoetermeer",
    "wijken",
    "locaties",
    "toegang",
    "voorwaarden",
    "aanmeldlink",
    "aanmelden_stappen",
    "kosten",
    "gratis",
    "telefoon",
    "email",
    "contactpersoon",
    "website",
    "openingstijden",
    "wachttijd",
    "talen",
    "zoekwoorden",
    "notitie_professionals",
    "status",
    "bron",
    "laatst_gecontroleerd_op",
    "laatst_gecontroleerd_door",
    "gepubliceerd",
]


def _text(value):
    """Line endings as in the database (\\n), no surrounding space; CSV cells may bring \\r\\n."""
    return ("" if value is None else str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _lines(value):
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def _messages(error):
    """The messages of a ValidationError or ValueError, each once."""
    if isinstance(error, ValidationError):
        return list(dict.fromkeys(error.messages))
    return [str(error)]


def _child_errors(obj, label):
    """``full_clean`` of an inline (location, condition) as messages that name the item and
    the field, e.g. "locatie 2, postcode: …"."""
    try:
        obj.full_clean(exclude=["voorziening"])
    except ValidationError as error:
        found = []
        for name, messages in error.message_dict.items():
            where = (
                label if name == NON_FIELD_ERRORS else f"{label}, {obj._meta.get_field(name).verbose_name}"
            )
            found += [f"{where}: {message}" for message in dict.fromkeys(messages)]
        return found
    return []


# --- widgets: one cell <-> one value ---------------------------------------------------------


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)

    def render(self, value, obj=None, **kwargs):
        return _text(value)


class YesNoWidget(widgets.Widget):
    def __init__(self, empty):
        super().__init__()
        self.empty = empty

    def clean(self, value, row=None, **kwargs):
        text = _text(value).lower() or self.empty
        if text not in (YES, NO):
            raise ValueError(_("write ja or nee, not “%(value)s”.") % {"value": _text(value)})
        return text == YES

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


class AgeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        if not re.fullmatch(r"-?[0-9]{1,9}", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("write a date like 2025-03-31, not “%(value)s”.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ChoiceWidget(TextWidget):
    """One of the model field's choices; empty is left to the model (a required field)."""

    def __init__(self, choices, default=""):
        super().__init__()
        self.values = list(choices.values)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = _text(value) or self.default
        if text and text not in self.values:
            raise ValueError(
                _("choose one of %(values)s, not “%(value)s”.")
                % {"values": ", ".join(self.values), "value": text}
            )
        return text


class SlugWidget(widgets.Widget):
    """A category (or wijk) by its slug, which must exist."""

    def __init__(self, model, unknown):
        super().__init__()
        self.model, self.unknown = model, unknown
        self._by_slug = None

    def lookup(self, slug):
        if self._by_slug is None:
            self._by_slug = {obj.slug: obj for obj in self.model.objects.all()}
        if slug not in self._by_slug:
            raise ValueError(self.unknown % {"slug": slug})
        return self._by_slug[slug]

    def clean(self, value, row=None, **kwargs):
        slug = _text(value)
        return self.lookup(slug) if slug else None

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class SlugListWidget(SlugWidget):
    """Wijken: slugs separated by commas."""

    def clean(self, value, row=None, **kwargs):
        slugs = sorted({slug.strip() for slug in _text(value).split(",") if slug.strip()})
        found, errors = [], []
        for slug in slugs:
            try:
                found.append(self.lookup(slug))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(errors)
        return found

    def render(self, value, obj=None, **kwargs):
        return ", ".join(sorted(item.slug for item in value.all()))


class TagsWidget(widgets.Widget):
    """Tags separated by commas; a tag may contain spaces but no comma."""

    def clean(self, value, row=None, **kwargs):
        names = sorted({name.strip() for name in _text(value).split(",") if name.strip()}, key=str.casefold)
        name_field, errors = Tag._meta.get_field("name"), []
        for name in names:
            try:
                name_field.run_validators(name)
            except ValidationError as error:
                errors += [
                    _("tag “%(tag)s”: %(message)s") % {"tag": name, "message": m} for m in error.messages
                ]
        if errors:
            raise ValidationError(errors)
        return names

    def render(self, value, obj=None, **kwargs):
        return ", ".join(sorted({tag.name for tag in value.all()}, key=str.casefold))


class ConditionsWidget(widgets.Widget):
    """One condition per line."""

    def clean(self, value, row=None, **kwargs):
        conditions = [
            VoorzieningCondition(text=text, sort_order=number) for number, text in enumerate(_lines(value))
        ]
        errors = []
        for number, condition in enumerate(conditions, start=1):
            errors += _child_errors(condition, _("condition %(number)s") % {"number": number})
        if errors:
            raise ValidationError(errors)
        return conditions

    def render(self, value, obj=None, **kwargs):
        return "\n".join(condition.text for condition in value.all())


class LocationsWidget(widgets.Widget):
    """One location per line: ``name | street | postcode | city`` (city empty: Zoetermeer)."""

    def clean(self, value, row=None, **kwargs):
        locations, errors = [], []
        for number, line in enumerate(_lines(value), start=1):
            label = _("location %(number)s") % {"number": number}
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 4:
                errors.append(
                    _("%(location)s must read “name | street | postcode | city”.") % {"location": label}
                )
                continue
            name, street, postcode, city = parts
            location = VoorzieningLocation(
                name=name, street=street, postcode=postcode, city=city or "Zoetermeer", sort_order=number - 1
            )
            errors += _child_errors(location, label)  # also writes the postcode as 2711 AB
            locations.append(location)
        if errors:
            raise ValidationError(errors)
        return locations

    def render(self, value, obj=None, **kwargs):
        return "\n".join(" | ".join([loc.name, loc.street, loc.postcode, loc.city]) for loc in value.all())


class OrganisationWidget(widgets.Widget):
    """An organisation by name; a new name makes one (with the e-mail address of the row), and
    a row's e-mail address replaces the one on file. All inside the import's transaction."""

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            return None
        email = _text((row or {}).get("organisatie_email"))
        organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
        if organisation.pk is not None and (not email or email == organisation.email):
            return organisation
        if email:
            organisation.email = email
        try:
            organisation.full_clean(validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                {
                    "organisation__email" if name == "email" else "organisation": messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
        organisation.save()
        return organisation

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class CheckedByWidget(widgets.Widget):
    """Who checked last: a username, ``aanbieder`` (the provider) or empty."""

    def __init__(self):
        super().__init__()
        self._users = {}

    def clean(self, value, row=None, **kwargs):
        who = _text(value)
        if not who:
            return None, ""
        if who == PROVIDER:
            return None, CheckedBy.PROVIDER
        if who not in self._users:
            User = get_user_model()
            self._users[who] = User._default_manager.filter(**{User.USERNAME_FIELD: who}).first()
        if self._users[who] is None:
            raise ValueError(_("unknown user “%(username)s”.") % {"username": who})
        return self._users[who], CheckedBy.STAFF


# --- fields: one column <-> one attribute ----------------------------------------------------


class TagsField(Field):
    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.tags.set(self.clean(row, **kwargs))


class CheckedByField(Field):
    """``last_checked_by`` and ``last_checked_source`` in one column."""

    def get_value(self, instance):
        if instance.last_checked_source == CheckedBy.PROVIDER:
            return PROVIDER
        return instance.last_checked_by.get_username() if instance.last_checked_by_id else ""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.last_checked_by, instance.last_checked_source = self.clean(row, **kwargs)


def text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


class VoorzieningResource(resources.ModelResource):
    """The columns of the kaart's CSV file, in the order of the file."""

    sleutel = text("slug", "sleutel")
    naam = text("name", "naam")
    organisatie = Field(attribute="organisation", column_name="organisatie", widget=OrganisationWidget())
    organisatie_email = Field(
        attribute="organisation__email", column_name="organisatie_email", widget=TextWidget(), readonly=True
    )
    categorie = Field(
        attribute="category",
        column_name="categorie",
        widget=SlugWidget(Category, gettext_lazy("unknown category “%(slug)s”.")),
    )
    samenvatting = text("summary", "samenvatting")
    beschrijving = text("description", "beschrijving")
    tags = TagsField(attribute="tags", column_name="tags", widget=TagsWidget())
    min_leeftijd = Field(attribute="min_age", column_name="min_leeftijd", widget=AgeWidget())
    max_leeftijd = Field(attribute="max_age", column_name="max_leeftijd", widget=AgeWidget())
    voor_wie = text("audience", "voor_wie")
    bedoeld_voor = Field(
        attribute="serves", column_name="bedoeld_voor", widget=ChoiceWidget(Serves, default=Serves.CHILD)
    )
    heel_zoetermeer = Field(
        attribute="whole_municipality", column_name="heel_zoetermeer", widget=YesNoWidget(empty=NO)
    )
    wijken = Field(
        attribute="neighbourhoods",
        column_name="wijken",
        widget=SlugListWidget(Neighbourhood, gettext_lazy("unknown wijk “%(slug)s”.")),
    )
    locaties = Field(attribute="locations", column_name="locaties", widget=LocationsWidget())
    toegang = Field(attribute="access_route", column_name="toegang", widget=ChoiceWidget(AccessRoute))
    voorwaarden = Field(attribute="conditions", column_name="voorwaarden", widget=ConditionsWidget())
    aanmeldlink = text("application_url", "aanmeldlink")
    aanmelden_stappen = text("application_steps", "aanmelden_stappen")
    kosten = text("cost", "kosten")
    gratis = Field(attribute="is_free", column_name="gratis", widget=YesNoWidget(empty=NO))
    telefoon = text("phone", "telefoon")
    email = text("email", "email")
    contactpersoon = text("contact_person", "contactpersoon")
    website = text("website", "website")
    openingstijden = text("opening_hours", "openingstijden")
    wachttijd = text("waiting_time", "wachttijd")
    talen = text("languages", "talen")
    zoekwoorden = text("search_synonyms", "zoekwoorden")
    notitie_professionals = text("professional_note", "notitie_professionals")
    status = Field(attribute="status", column_name="status", widget=ChoiceWidget(Status))
    bron = text("source_url", "bron")
    laatst_gecontroleerd_op = Field(
        attribute="last_checked_on", column_name="laatst_gecontroleerd_op", widget=DateWidget()
    )
    laatst_gecontroleerd_door = CheckedByField(
        attribute="last_checked_by", column_name="laatst_gecontroleerd_door", widget=CheckedByWidget()
    )
    gepubliceerd = Field(attribute="live", column_name="gepubliceerd", widget=YesNoWidget(empty=YES))

    class Meta:
        model = Voorziening
        fields = COLUMNS  # only the columns declared above, in this order
        import_id_fields = ["sleutel"]
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True  # the model's validators, as the admin form runs them
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.changes = {}  # key -> the columns that change
        self.seen = {}  # key -> the row it is on; organisation -> (e-mail, row)

    def column_of(self, name):
        """The column for an error's key (a model field or a resource attribute)."""
        for f in self.fields.values():
            if f.attribute == name:
                return f.column_name
        return None

    def get_queryset(self):
        return (
            Voorziening.objects.select_related("organisation", "category", "last_checked_by")
            .prefetch_related("neighbourhoods", "tags", "locations", "conditions")
            .order_by("slug")
        )

    def cells(self, instance):
        return [f.export(instance) for f in self.get_export_fields()]

    # --- import -----------------------------------------------------------------------------

    def init_instance(self, row=None):
        return Voorziening(live=False)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.was_live = instance.live and not new

    def import_instance(self, instance, row, **kwargs):
        """Every column, collecting the errors of all of them (not only the first)."""
        errors = {}
        for f in self.get_import_fields():
            if f.column_name in OPTIONAL_COLUMNS and f.column_name not in row:
                continue  # an older file: keep what the entry has
            try:
                self.import_field(f, instance, row, **kwargs)
            except (ValueError, ValidationError) as error:
                if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                    error.update_error_dict(errors)
                else:
                    errors.setdefault(f.attribute, []).extend(_messages(error))
        for name, message in self.row_rules(instance, row, errors):
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def row_rules(self, instance, row, errors):
        """What one row cannot know alone (a key twice, an organisation with two addresses) and
        the service area (a many-to-many relation, which ``Model.clean`` cannot see)."""
        here = row.get(ROW)
        key = _text(row.get("sleutel"))
        if key in self.seen:
            yield (
                "slug",
                _("key “%(key)s” already appears on row %(other)s.")
                % {
                    "key": key,
                    "other": self.seen[key],
                },
            )
        self.seen.setdefault(key, here)
        name, email = _text(row.get("organisatie")), _text(row.get("organisatie_email"))
        if email:
            other_email, other_row = self.seen.setdefault(("organisation", name), (email, here))
            if other_email != email:
                yield (
                    "organisation__email",
                    _("organisation “%(org)s” has another e-mail address on row %(other)s.")
                    % {"org": name, "other": other_row},
                )
        area_known = not {"whole_municipality", "neighbourhoods"} & set(errors)
        if area_known and not instance.whole_municipality and not instance.neighbourhoods.all():
            yield "neighbourhoods", _("give the wijken, or heel_zoetermeer = ja.")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged when every cell would be exported the same (so no revision is made)."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        before, after = self.cells(original), self.cells(instance)
        columns = [f.column_name for f in self.get_export_fields()]
        self.changes[instance.slug] = [c for c, a, b in zip(columns, before, after, strict=True) if a != b]
        return not self.changes[instance.slug]

    def do_instance_save(self, instance, is_create):
        """As an editor would: a revision, published (or unpublished) as the file says. The
        check bookkeeping is written on the row itself, never into a revision."""
        publish, instance.live = instance.live, instance.was_live
        if not instance.live:
            instance.save()  # a draft-only entry keeps its content on the row itself
        revision = instance.save_revision(user=self.user, log_action=True)
        if publish:
            revision.publish(user=self.user)
        elif instance.live:
            instance.unpublish(user=self.user)
        Voorziening.objects.filter(pk=instance.pk).update(
            **{name: getattr(instance, name) for name in Voorziening.CHECK_FIELDS}
        )
        instance.live = publish


# --- the file ----------------------------------------------------------------------------------


@dataclass
class ImportResult(spreadsheet.ImportOutcome):
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    changes: dict = field(default_factory=dict)  # key of an updated entry -> the columns that change

    def updated_lines(self):
        """What a dry run would change: each entry with the columns that differ."""
        return [f"{key} ({', '.join(self.changes.get(key, []))})" for key in self.updated]

    def counts(self):
        return _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


def export_rows(queryset=None):
    """The export: the header, then one row per entry (ordered by key)."""
    dataset = VoorzieningResource().export(queryset)
    return [dataset.headers, *dataset]


def write_export(out, queryset=None):
    """Write the export file to a text stream; returns the number of entries. The admin
    download and ``export_sociale_kaart`` both use this, so their files are the same."""
    return spreadsheet.write_csv(out, export_rows(queryset)) - 1


def read_dataset(data):
    """A file as a dataset for :func:`import_dataset`, and the errors of its form (not UTF-8,
    columns missing, a row with too many or too few cells). The dataset is ``None`` when the
    file cannot be read at all."""
    try:
        sheet = spreadsheet.read_csv(data)
    except spreadsheet.SpreadsheetError as error:
        return None, [RowError(error.row, None, error.message)]
    header = [name.strip().lower() for name in sheet.header]
    expected = COLUMNS
    missing = [column for column in expected if column not in header and column not in OPTIONAL_COLUMNS]
    unknown = [column for column in header if column not in expected]
    problems = []
    if missing:
        problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)})
    if problems:
        return None, [RowError(1, None, "; ".join(problems) + ".")]
    # An optional column the file lacks (an export from before it existed) stays out of the
    # dataset: the import leaves that field as it is, instead of writing the default over it.
    dataset, errors = tablib.Dataset(headers=[*header, ROW]), []
    for row, cells in sheet.records:
        if len(cells) == len(header):
            dataset.append([*cells, row])
        else:
            message = _("%(count)s cells where the header has %(width)s.") % {
                "count": len(cells),
                "width": len(header),
            }
            errors.append(RowError(row, None, message))
    return dataset, errors


def import_dataset(dataset, *, dry_run=False, user=None, errors=()):
    """Import (all or nothing, in one transaction) a dataset from :func:`read_dataset`. With
    ``dry_run``, or when ``errors`` (of the file's form) are given, everything is rolled back."""
    resource = VoorzieningResource(user=user)
    result = resource.import_data(
        dataset,
        dry_run=dry_run or bool(errors),
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    order = {column: index for index, column in enumerate(COLUMNS)}
    found = [*errors, *spreadsheet.import_errors(resource, dataset, result)]
    outcome = ImportResult(
        dry_run=dry_run,
        errors=sorted(found, key=lambda e: (e.row or 0, order.get(e.column, -1))),
        changes=resource.changes,
    )
    if outcome.errors:
        return outcome
    lists = {"new": outcome.created, "update": outcome.updated, "skip": outcome.unchanged}
    for key, row_result in zip(dataset["sleutel"], result.rows, strict=True):
        lists[row_result.import_type].append(_text(key))
    return outcome


def import_csv(data, *, dry_run=False, user=None):
    """Check and (unless ``dry_run`` or there are errors) apply a CSV file. ``data`` is bytes or
    text. Returns an :class:`ImportResult`."""
    dataset, errors = read_dataset(data)
    if dataset is None:
        return ImportResult(errors=errors, dry_run=dry_run)
    return import_dataset(dataset, dry_run=dry_run, user=user, errors=errors)
