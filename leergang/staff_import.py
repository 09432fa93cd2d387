"""Staff in bulk from a spreadsheet (CSV or XLSX): the one mapping of a person (account, staff
profile, role) to the columns of the file, a django-import-export ``ModelResource``. The admin
import ("Medewerkers importeren") and ``import_medewerkers`` go through :func:`import_file`.

The conventions are the sociale kaart's (``content/kaart/resources.py``): Dutch column names;
people are matched on their e-mail address (case-insensitive) and updated, never duplicated;
every row is checked with the model's validators; the import is all or nothing, in one
transaction, and each error names its row and column as a spreadsheet shows them (the header is
row 1, columns A, B, …); a dry run does the whole import and rolls it back. New people get a
login name equal to their e-mail address and no password: with ``invite`` they get an
invitation (:mod:`leergang.accounts`) to choose one.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import tablib
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field

from content import spreadsheet
from content.spreadsheet import RowError

from . import accounts
from .models import StaffProfile, Team, User
from .roles import MEDEWERKER, ROLES

ROW = spreadsheet.ROW
#: The columns of the file, in order; the required ones must be in the header.
COLUMNS = ["email", "voornaam", "achternaam", "team", "functie", "startdatum", "rol"]
REQUIRED_COLUMNS = ["email", "voornaam", "achternaam", "team", "functie", "startdatum"]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- widgets ---------------------------------------------------------------------------------


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class RequiredTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("this cell is empty; it is required."))
        return text


class TeamWidget(widgets.Widget):
    """A team by its name (as in the admin), case-insensitive; it must exist."""

    def __init__(self):
        super().__init__()
        self._teams = None

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            return None
        if self._teams is None:
            self._teams = {team.name.casefold(): team for team in Team.objects.all()}
        if name.casefold() not in self._teams:
            raise ValueError(_("unknown team “%(team)s”.") % {"team": name})
        return self._teams[name.casefold()]


class DateWidget(widgets.Widget):
    """2025-03-31 (ISO, and what a spreadsheet's date cell gives) or 31-03-2025."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        for parse in (
            datetime.date.fromisoformat,
            lambda t: datetime.datetime.strptime(t, "%d-%m-%Y").date(),
        ):
            try:
                return parse(text)
            except ValueError:
                continue
        raise ValueError(_("write a date like 2025-03-31, not “%(value)s”.") % {"value": text})


class RoleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return ""
        for role in ROLES:
            if role.casefold() == text.casefold():
                return role
        raise ValueError(
            _("choose one of %(values)s, not “%(value)s”.") % {"values": ", ".join(ROLES), "value": text}
        )


class StaffResource(resources.ModelResource):
    """A person per row: the account (e-mail, names), the staff profile (team, job title,
    start date) and, when given, the role."""

    email = Field(attribute="email", column_name="email", widget=RequiredTextWidget())
    voornaam = Field(attribute="first_name", column_name="voornaam", widget=RequiredTextWidget())
    achternaam = Field(attribute="last_name", column_name="achternaam", widget=TextWidget())
    team = Field(attribute="import_team", column_name="team", widget=TeamWidget())
    functie = Field(attribute="import_job_title", column_name="functie", widget=TextWidget())
    startdatum = Field(attribute="import_start_date", column_name="startdatum", widget=DateWidget())
    rol = Field(attribute="import_role", column_name="rol", widget=RoleWidget())

    class Meta:
        model = User
        fields = COLUMNS
        import_id_fields = ["email"]
        clean_model_instances = True
        use_transactions = True
        skip_diff = True

    def __init__(self, columns=(), **kwargs):
        super().__init__(**kwargs)
        self.columns = list(columns)  # the header of the file, for the column letters
        self.seen = {}  # e-mail address -> the row it is on
        self.saved = []  # (pk, e-mail address, new) per row saved

    def get_import_fields(self):
        return [f for f in super().get_import_fields() if f.column_name in self.columns]

    def column_of(self, name):
        for f in self.fields.values():
            if name in (f.attribute, f.column_name):
                return f.column_name
        return {"username": "email"}.get(name)

    def get_instance(self, instance_loader, row):
        email = _text(row.get("email"))
        return User.objects.filter(email__iexact=email).order_by("pk").first() if email else None

    def init_instance(self, row=None):
        user = User()
        user.set_unusable_password()
        return user

    def import_instance(self, instance, row, **kwargs):
        """Every column, collecting the errors of all of them (not only the first)."""
        errors, stored = {}, instance.email if instance.pk else None
        for f in self.get_import_fields():
            try:
                self.import_field(f, instance, row, **kwargs)
            except (ValueError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                errors.setdefault(f.attribute, []).extend(messages)
        email = _text(row.get("email")).casefold()
        if email and email in self.seen:
            errors.setdefault("email", []).append(
                _("this e-mail address already appears on row %(other)s.") % {"other": self.seen[email]}
            )
        self.seen.setdefault(email, row.get(ROW))
        if stored and stored.casefold() == instance.email.casefold():
            instance.email = stored  # matched: the address keeps its spelling
        instance.import_new = instance.pk is None
        if instance.import_new:
            instance.username = instance.email.lower()
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        """The staff profile and the role; a new person without a role is a medewerker."""
        profile, _created = StaffProfile.objects.get_or_create(user=instance)
        for name, attribute in (
            ("team", "import_team"),
            ("job_title", "import_job_title"),
            ("start_date", "import_start_date"),
        ):
            value = getattr(instance, attribute, None)
            if value not in (None, ""):
                setattr(profile, name, value)
        profile.save()
        role = getattr(instance, "import_role", "") or (MEDEWERKER if instance.import_new else "")
        if role:
            instance.groups.add(Group.objects.get(name=role))
        self.saved.append((instance.pk, instance.email, instance.import_new))


# --- the file ----------------------------------------------------------------------------------


@dataclass
class ImportResult(spreadsheet.ImportOutcome):
    created: list = field(default_factory=list)  # e-mail addresses
    updated: list = field(default_factory=list)
    invited: list = field(default_factory=list)

    def counts(self):
        text = _("%(created)s new, %(updated)s updated.") % {
            "created": len(self.created),
            "updated": len(self.updated),
        }
        if self.invited:
            text += " " + _("%(count)s invitation(s) sent.") % {"count": len(self.invited)}
        return text


def _sheet_rows(data: bytes, filename: str):
    """(header, [(row number, cells)]) of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # not a workbook: openpyxl raises many kinds
            raise spreadsheet.SpreadsheetError(1, _("the file is not an Excel workbook (.xlsx).")) from None
        cells_by_row = book.worksheets[0].iter_rows(values_only=True)
        rows = [
            (number, [_text(cell) for cell in cells]) for number, cells in enumerate(cells_by_row, start=1)
        ]
        book.close()
        if not rows:
            raise spreadsheet.SpreadsheetError(1, _("the file is empty."))
        header = rows[0][1]
        while header and not header[-1]:
            header = header[:-1]
        return header, [(n, cells) for n, cells in rows[1:] if any(cells)]
    sheet = spreadsheet.read_csv(data)
    return sheet.header, sheet.records


def read_dataset(data: bytes, filename: str = ""):
    try:
        header, records = _sheet_rows(data, filename)
    except spreadsheet.SpreadsheetError as error:
        return None, [], [RowError(error.row, None, error.message)]
    header = [name.strip().lower() for name in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    problems = []
    if missing:
        problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)})
    if problems:
        return None, header, [RowError(1, None, "; ".join(problems) + ".")]
    dataset, errors = tablib.Dataset(headers=[*header, ROW]), []
    for row, cells in records:
        if any(_text(cell) for cell in cells[len(header) :]):
            message = _("%(count)s cells where the header has %(width)s.") % {
                "count": len(cells),
                "width": len(header),
            }
            errors.append(RowError(row, None, message))
            continue
        dataset.append([*(list(cells) + [""] * len(header))[: len(header)], row])
    return dataset, header, errors


def import_file(data: bytes, filename: str = "", *, dry_run=False, invite=False, user=None) -> ImportResult:
    """Check and (unless ``dry_run`` or there are errors) apply a CSV or XLSX file; with
    ``invite``, the people it creates get an invitation e-mail."""
    dataset, header, errors = read_dataset(data, filename)
    outcome = ImportResult(dry_run=dry_run, errors=errors)
    if dataset is None:
        return outcome
    resource = StaffResource(columns=header)
    result = resource.import_data(
        dataset, dry_run=dry_run or bool(errors), use_transactions=True, rollback_on_validation_errors=True
    )
    order = {column: index for index, column in enumerate(COLUMNS)}
    found = [*errors, *spreadsheet.import_errors(resource, dataset, result, header)]
    outcome.errors = sorted(found, key=lambda e: (e.row or 0, order.get(e.column, -1)))
    if outcome.errors:
        return outcome
    for _pk, email, new in resource.saved:
        (outcome.created if new else outcome.updated).append(email)
    if invite and not dry_run:
        people = User.objects.in_bulk([pk for pk, _email, new in resource.saved if new])
        outcome.invited = [_invite(person, user) for person in people.values()]
    return outcome


def _invite(person, invited_by):
    profile = StaffProfile.objects.select_related("team").get(user=person)
    group = person.groups.order_by("name").values_list("name", flat=True).first() or ""
    accounts.invite(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        team=profile.team,
        job_title=profile.job_title,
        start_date=profile.start_date or timezone.localdate(),
        role=group,
        invited_by=invited_by,
        user=person,
    )
    return person.email
