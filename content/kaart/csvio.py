"""CSV export and import of the sociale kaart, in one set of columns.

Export writes every entry as one row; import reads the same columns back, matched on the stable
key (``sleutel``). Import is all or nothing: every row is checked first and errors name their
row as a spreadsheet shows it (the header is row 1, a cell with line breaks stays one row);
only a file without errors is written, in one transaction. An export imported again changes
nothing (rows equal to the database are skipped, no revision is made for them).

The file format is the same from the admin and from ``export_sociale_kaart``
(:func:`write_csv`): UTF-8 with a byte order mark and ``;`` between cells, which is what a
spreadsheet program in a Dutch locale opens correctly. Import reads that, and also ``,``.

Cells that hold a list use one line per item (``voorwaarden``, ``locaties``) or commas
(``tags``, ``wijken``, ``talen``); a location is ``name | street | postcode | city``.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import RESERVED_SLUGS
from .models import (
    AccessRoute,
    Category,
    CheckedBy,
    Neighbourhood,
    Organisation,
    Status,
    Voorziening,
    VoorzieningCondition,
    VoorzieningLocation,
    normalise_postcode,
)

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
REQUIRED = ["sleutel", "naam", "organisatie", "categorie", "samenvatting", "toegang", "status"]
# Plain text columns → (model field, max length or None)
TEXT_FIELDS = {
    "naam": ("name", 200),
    "samenvatting": ("summary", 300),
    "beschrijving": ("description", None),
    "voor_wie": ("audience", 300),
    "kosten": ("cost", 200),
    "telefoon": ("phone", 40),
    "contactpersoon": ("contact_person", 120),
    "openingstijden": ("opening_hours", None),
    "wachttijd": ("waiting_time", 200),
    "talen": ("languages", 200),
    "zoekwoorden": ("search_synonyms", None),
    "notitie_professionals": ("professional_note", None),
    "aanmelden_stappen": ("application_steps", None),
}
URL_FIELDS = {"website": "website", "aanmeldlink": "application_url", "bron": "source_url"}
#: The export's cell separator; import also accepts ",".
DELIMITER = ";"
BOM = "\ufeff"
YES, NO = "ja", "nee"
PROVIDER = "aanbieder"
MAX_AGE = 120


def _yes_no(value):
    return YES if value else NO


def _tag_names(text):
    """Tags are separated by commas; a tag may contain spaces but no comma."""
    return sorted({name.strip() for name in (text or "").split(",") if name.strip()}, key=str.casefold)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _csv_text(value):
    """Line endings as in the database (\n); CSV cells may bring \r\n."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def export_queryset():
    return (
        Voorziening.objects.select_related("organisation", "category", "last_checked_by")
        .prefetch_related("neighbourhoods", "tags", "locations", "conditions")
        .order_by("slug")
    )


def export_row(entry):
    """One entry as a dict of CSV cells (the canonical form import compares with)."""
    if entry.last_checked_source == CheckedBy.PROVIDER:
        checked_by = PROVIDER
    else:
        checked_by = entry.last_checked_by.get_username() if entry.last_checked_by_id else ""
    return {
        "sleutel": entry.slug,
        "naam": entry.name,
        "organisatie": entry.organisation.name,
        "organisatie_email": entry.organisation.email,
        "categorie": entry.category.slug,
        "samenvatting": entry.summary,
        "beschrijving": _csv_text(entry.description),
        "tags": ", ".join(_tag_names(",".join(tag.name for tag in entry.tags.all()))),
        "min_leeftijd": "" if entry.min_age is None else str(entry.min_age),
        "max_leeftijd": "" if entry.max_age is None else str(entry.max_age),
        "voor_wie": entry.audience,
        "heel_zoetermeer": _yes_no(entry.whole_municipality),
        "wijken": ", ".join(sorted(wijk.slug for wijk in entry.neighbourhoods.all())),
        "locaties": "\n".join(
            " | ".join([loc.name, loc.street, loc.postcode, loc.city]) for loc in entry.locations.all()
        ),
        "toegang": entry.access_route,
        "voorwaarden": "\n".join(condition.text for condition in entry.conditions.all()),
        "aanmeldlink": entry.application_url,
        "aanmelden_stappen": _csv_text(entry.application_steps),
        "kosten": entry.cost,
        "gratis": _yes_no(entry.is_free),
        "telefoon": entry.phone,
        "email": entry.email,
        "contactpersoon": entry.contact_person,
        "website": entry.website,
        "openingstijden": _csv_text(entry.opening_hours),
        "wachttijd": entry.waiting_time,
        "talen": entry.languages,
        "zoekwoorden": _csv_text(entry.search_synonyms),
        "notitie_professionals": _csv_text(entry.professional_note),
        "status": entry.status,
        "bron": entry.source_url,
        "laatst_gecontroleerd_op": entry.last_checked_on.isoformat() if entry.last_checked_on else "",
        "laatst_gecontroleerd_door": checked_by,
        "gepubliceerd": _yes_no(entry.live),
    }


def write_csv(out, queryset=None):
    """Write the export to a text stream, in the one export format (byte order mark, ``;``,
    CRLF); returns the number of rows. The admin download and ``export_sociale_kaart`` both
    use this, so their files are the same."""
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for entry in (queryset if queryset is not None else export_queryset()).iterator(chunk_size=500):
        writer.writerow(export_row(entry))
        count += 1
    return count


# --- import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    def error_lines(self):
        return [
            _("Row %(row)s: %(message)s") % {"row": row, "message": message} for row, message in self.errors
        ]

    def summary(self):
        if self.errors:
            return _(
                "%(count)s error(s): nothing was imported. Rows are numbered as in a spreadsheet: "
                "the header is row 1."
            ) % {"count": len(self.errors)}
        text = _("%(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }
        if self.dry_run:
            text += " " + _("Dry run: nothing was changed.")
        return text


@dataclass
class _Row:
    row_no: int  # as a spreadsheet shows it
    cells: dict
    existing: object = None
    category: object = None
    neighbourhoods: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    checked_by: object = None


class _Validator:
    def __init__(self):
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.neighbourhoods = {n.slug: n for n in Neighbourhood.objects.all()}
        self.url = URLValidator(schemes=["http", "https"])
        self.email = EmailValidator()
        self.errors = []

    def error(self, row_no, message):
        self.errors.append((row_no, message))

    def check(self, row, users):
        cells, row_no = row.cells, row.row_no
        for column in REQUIRED:
            if not cells[column]:
                self.error(row_no, _("column “%(column)s” is empty.") % {"column": column})
        key = cells["sleutel"]
        if key:
            try:
                validate_slug(key)
            except ValidationError:
                self.error(
                    row_no,
                    _("key “%(key)s” may only contain letters, digits, hyphens and underscores.")
                    % {"key": key},
                )
            if key in RESERVED_SLUGS:
                self.error(row_no, _("key “%(key)s” is reserved; choose another.") % {"key": key})
            if len(key) > 100:
                self.error(row_no, _("key is longer than 100 characters."))
        for column, (_field, max_length) in TEXT_FIELDS.items():
            if max_length and len(cells[column]) > max_length:
                self.error(
                    row_no,
                    _("“%(column)s” is longer than %(max)s characters.")
                    % {"column": column, "max": max_length},
                )
        if len(cells["organisatie"]) > 200:
            self.error(
                row_no,
                _("“%(column)s” is longer than %(max)s characters.") % {"column": "organisatie", "max": 200},
            )
        if cells["categorie"]:
            row.category = self.categories.get(cells["categorie"])
            if row.category is None:
                self.error(row_no, _("unknown category “%(slug)s”.") % {"slug": cells["categorie"]})
        ages = {}
        for column in ["min_leeftijd", "max_leeftijd"]:
            value = cells[column]
            if value:
                if value.isdigit() and int(value) <= MAX_AGE:
                    ages[column] = int(value)
                else:
                    self.error(
                        row_no,
                        _("“%(column)s” must be a whole number from 0 to 120, not “%(value)s”.")
                        % {"column": column, "value": value},
                    )
        if len(ages) == 2 and ages["min_leeftijd"] > ages["max_leeftijd"]:
            self.error(row_no, _("the minimum age is higher than the maximum age."))
        for column in ["heel_zoetermeer", "gratis", "gepubliceerd"]:
            if cells[column] not in (YES, NO):
                self.error(
                    row_no,
                    _("“%(column)s” must be ja or nee, not “%(value)s”.")
                    % {"column": column, "value": cells[column]},
                )
        for slug in [s.strip() for s in cells["wijken"].split(",") if s.strip()]:
            wijk = self.neighbourhoods.get(slug)
            if wijk is None:
                self.error(row_no, _("unknown wijk “%(slug)s”.") % {"slug": slug})
            else:
                row.neighbourhoods.append(wijk)
        if cells["heel_zoetermeer"] == NO and not cells["wijken"]:
            self.error(row_no, _("give the wijken, or heel_zoetermeer = ja."))
        if cells["toegang"] and cells["toegang"] not in AccessRoute.values:
            self.error(
                row_no,
                _("“toegang” must be one of %(values)s, not “%(value)s”.")
                % {"values": ", ".join(AccessRoute.values), "value": cells["toegang"]},
            )
        if cells["status"] and cells["status"] not in Status.values:
            self.error(
                row_no,
                _("“status” must be one of %(values)s, not “%(value)s”.")
                % {"values": ", ".join(Status.values), "value": cells["status"]},
            )
        for column in URL_FIELDS:
            if cells[column]:
                try:
                    self.url(cells[column])
                except ValidationError:
                    self.error(
                        row_no,
                        _("“%(column)s” is not a web address: “%(value)s”.")
                        % {"column": column, "value": cells[column]},
                    )
        for column in ["email", "organisatie_email"]:
            if cells[column]:
                try:
                    self.email(cells[column])
                except ValidationError:
                    self.error(
                        row_no,
                        _("“%(column)s” is not an e-mail address: “%(value)s”.")
                        % {"column": column, "value": cells[column]},
                    )
        if any(len(name) > 100 for name in _tag_names(cells["tags"])):
            self.error(row_no, _("a tag is longer than 100 characters."))
        for text in _lines(cells["voorwaarden"]):
            if len(text) > 300:
                self.error(row_no, _("a condition is longer than 300 characters."))
        for number, text in enumerate(_lines(cells["locaties"]), start=1):
            parts = [part.strip() for part in text.split("|")]
            if len(parts) != 4:
                self.error(
                    row_no,
                    _("location %(number)s must read “name | street | postcode | city”.")
                    % {"number": number},
                )
                continue
            name, street, postcode, city = parts
            if not street:
                self.error(row_no, _("location %(number)s has no street.") % {"number": number})
            try:
                postcode = normalise_postcode(postcode)
            except ValidationError:
                self.error(
                    row_no,
                    _("location %(number)s: “%(value)s” is not a Dutch postcode (1234 AB).")
                    % {"number": number, "value": postcode},
                )
            row.locations.append((name, street, postcode, city or "Zoetermeer"))
        value = cells["laatst_gecontroleerd_op"]
        if value:
            try:
                checked = datetime.date.fromisoformat(value)
            except ValueError:
                self.error(
                    row_no,
                    _("“laatst_gecontroleerd_op” must be a date like 2025-03-31, not “%(value)s”.")
                    % {"value": value},
                )
            else:
                if checked > timezone.localdate():
                    self.error(row_no, _("“laatst_gecontroleerd_op” lies in the future."))
        who = cells["laatst_gecontroleerd_door"]
        if who and who != PROVIDER:
            row.checked_by = users.get(who)
            if row.checked_by is None:
                self.error(
                    row_no,
                    _("unknown user “%(username)s” in “laatst_gecontroleerd_door”.") % {"username": who},
                )


def _normalise(cells):
    """The cells in the canonical form of :func:`export_row`, so equal data compares equal."""
    cells = {column: _csv_text(cells.get(column)) for column in COLUMNS}
    for column in ["heel_zoetermeer", "gratis"]:
        cells[column] = cells[column].lower() or NO
    cells["gepubliceerd"] = cells["gepubliceerd"].lower() or YES
    cells["tags"] = ", ".join(_tag_names(cells["tags"]))
    cells["wijken"] = ", ".join(sorted({s.strip() for s in cells["wijken"].split(",") if s.strip()}))
    cells["voorwaarden"] = "\n".join(_lines(cells["voorwaarden"]))
    locations = []
    for text in _lines(cells["locaties"]):
        parts = [part.strip() for part in text.split("|")]
        if len(parts) == 4:
            try:
                parts[2] = normalise_postcode(parts[2])
            except ValidationError:
                pass
            parts[3] = parts[3] or "Zoetermeer"
        locations.append(" | ".join(parts))
    cells["locaties"] = "\n".join(locations)
    return cells


class CsvFormatError(Exception):
    def __init__(self, row_no, message):
        super().__init__(message)
        self.row_no, self.message = row_no, message


def _read_rows(data):
    """Decode and parse into (row, cells or None, cell count); raises CsvFormatError.

    ``row`` is the number a spreadsheet shows: the header is row 1 and every record is one row,
    also when a quoted cell spans several lines of the file (and an empty line is an empty row).
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CsvFormatError(
                1, _("the file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from None
    data = data.lstrip(BOM)
    if not data.strip():
        raise CsvFormatError(1, _("the file is empty."))
    sample = data[:4096]
    delimiter = ";" if sample.splitlines()[0].count(";") > sample.splitlines()[0].count(",") else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise CsvFormatError(1, str(error)) from None
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    problems = []
    if missing:
        problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)})
    if problems:
        raise CsvFormatError(1, "; ".join(problems) + ".")
    rows = []
    row = 1  # the header
    try:
        for values in reader:
            row += 1
            if any(value.strip() for value in values):
                if len(values) != len(header):
                    rows.append((row, None, len(values)))
                else:
                    rows.append((row, dict(zip(header, values, strict=True)), None))
    except csv.Error as error:
        raise CsvFormatError(row + 1, str(error)) from None
    return rows, len(header)


def import_csv(data, *, dry_run=False, user=None):
    """Check and (unless ``dry_run`` or there are errors) apply a CSV file. ``data`` is bytes or
    text. Returns an :class:`ImportResult`."""
    result = ImportResult(dry_run=dry_run)
    try:
        raw_rows, width = _read_rows(data)
    except CsvFormatError as error:
        result.errors.append((error.row_no, error.message))
        return result
    validator = _Validator()
    usernames = {cells["laatst_gecontroleerd_door"].strip() for _line, cells, _n in raw_rows if cells}
    User = get_user_model()
    users = {u.get_username(): u for u in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": usernames})}
    existing = {
        entry.slug: entry
        for entry in export_queryset().filter(
            slug__in=[cells["sleutel"].strip() for _l, cells, _n in raw_rows if cells]
        )
    }
    rows, seen_keys, org_emails = [], {}, {}
    for row_no, cells, count in raw_rows:
        if cells is None:
            validator.error(
                row_no,
                _("%(count)s cells where the header has %(width)s.") % {"count": count, "width": width},
            )
            continue
        row = _Row(row_no=row_no, cells=_normalise(cells))
        validator.check(row, users)
        key = row.cells["sleutel"]
        if key in seen_keys:
            validator.error(
                row_no,
                _("key “%(key)s” already appears on row %(other)s.") % {"key": key, "other": seen_keys[key]},
            )
        seen_keys.setdefault(key, row_no)
        org, email = row.cells["organisatie"], row.cells["organisatie_email"]
        if email:
            if org in org_emails and org_emails[org][0] != email:
                validator.error(
                    row_no,
                    _("organisation “%(org)s” has another e-mail address on row %(other)s.")
                    % {"org": org, "other": org_emails[org][1]},
                )
            org_emails.setdefault(org, (email, row_no))
        row.existing = existing.get(key)
        rows.append(row)
    result.errors = sorted(validator.errors, key=lambda item: item[0])
    if result.errors:
        return result
    for row in rows:
        if row.existing is None:
            result.created.append(row.cells["sleutel"])
        elif _normalise(export_row(row.existing)) == row.cells:
            result.unchanged.append(row.cells["sleutel"])
        else:
            result.updated.append(row.cells["sleutel"])
    if dry_run:
        return result
    with transaction.atomic():
        organisations = _organisations(rows)
        for row in rows:
            if row.existing is not None and row.cells["sleutel"] in result.unchanged:
                continue
            _apply(row, organisations[row.cells["organisatie"]], user)
    return result


def _organisations(rows):
    names = {row.cells["organisatie"] for row in rows}
    found = {org.name: org for org in Organisation.objects.filter(name__in=names)}
    for row in rows:
        name, email = row.cells["organisatie"], row.cells["organisatie_email"]
        org = found.get(name)
        if org is None:
            found[name] = Organisation.objects.create(name=name, email=email)
        elif email and org.email != email:
            org.email = email
            org.save(update_fields=["email"])
    return found


def _apply(row, organisation, user):
    cells = row.cells
    entry = row.existing or Voorziening(slug=cells["sleutel"], live=False)
    for column, (model_field, _max) in TEXT_FIELDS.items():
        setattr(entry, model_field, cells[column])
    for column, model_field in URL_FIELDS.items():
        setattr(entry, model_field, cells[column])
    entry.email = cells["email"]
    entry.organisation = organisation
    entry.category = row.category
    entry.min_age = int(cells["min_leeftijd"]) if cells["min_leeftijd"] else None
    entry.max_age = int(cells["max_leeftijd"]) if cells["max_leeftijd"] else None
    entry.whole_municipality = cells["heel_zoetermeer"] == YES
    entry.is_free = cells["gratis"] == YES
    entry.access_route = cells["toegang"]
    entry.status = cells["status"]
    entry.neighbourhoods = row.neighbourhoods
    entry.locations = [
        VoorzieningLocation(name=name, street=street, postcode=postcode, city=city)
        for name, street, postcode, city in row.locations
    ]
    entry.conditions = [VoorzieningCondition(text=text) for text in _lines(cells["voorwaarden"])]
    entry.tags.set(_tag_names(cells["tags"]))
    publish = cells["gepubliceerd"] == YES
    if entry.pk is None or not entry.live:
        entry.save()  # a draft-only entry keeps its content on the row itself
    revision = entry.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    elif entry.live:
        entry.unpublish(user=user)
    checked_on = (
        datetime.date.fromisoformat(cells["laatst_gecontroleerd_op"])
        if cells["laatst_gecontroleerd_op"]
        else None
    )
    source = ""
    if cells["laatst_gecontroleerd_door"] == PROVIDER:
        source = CheckedBy.PROVIDER
    elif row.checked_by is not None:
        source = CheckedBy.STAFF
    Voorziening.objects.filter(pk=entry.pk).update(
        last_checked_on=checked_on, last_checked_by=row.checked_by, last_checked_source=source
    )
