"""CSV files for spreadsheet programs: the one way the site writes (and reads) them.

Every CSV download is UTF-8 with a byte order mark, ``;`` between cells and CRLF line endings:
what a spreadsheet program in a Dutch locale opens correctly with a double click. A text cell
that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) gets a leading ``'`` (:func:`guard`); :func:`read_csv` takes exactly that
guard off again (:func:`unguard`), so a file the site wrote reads back as the values it wrote.

- :func:`csv_response` – a download (``HttpResponse``) with a safe file name;
- :func:`write_csv` / :func:`csv_text` – the same bytes into a stream or a string;
- :func:`read_csv` – an uploaded file (with or without byte order mark, ``;`` or ``,``) as rows
  numbered as a spreadsheet shows them (the header is row 1);
- :class:`CsvExportMixin` – Wagtail's listing export (``list_export``) written the same way;
  :func:`guard_wagtail_exports` gives Wagtail's own CSV downloads (the reports: site history,
  locked and aging pages, workflows) the same writer, so no download of the site goes without.
"""

import csv
import io
import numbers
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, SuspiciousFileOperation
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

BOM = "\ufeff"
DELIMITER = ";"
LINE_END = "\r\n"
CONTENT_TYPE = "text/csv; charset=utf-8"
#: What a spreadsheet program reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _needs_guard(text):
    # Also a text that already starts with the guard and then a formula character, so that
    # unguard(guard(x)) == x for every x.
    return text.lstrip(GUARD)[:1] in FORMULA_START


def guard(value):
    """One cell as text; a text a spreadsheet would run as a formula gets a leading ``'``.

    Numbers are written as they are (``-2`` is a number, not a formula); ``None`` is empty.
    """
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return GUARD + text if _needs_guard(text) else text


def unguard(text):
    """The value :func:`guard` was given: strips exactly the ``'`` it adds, nothing else."""
    if text.startswith(GUARD) and _needs_guard(text[1:]):
        return text[1:]
    return text


def write_csv(out, rows):
    """Write ``rows`` (the first one is the header) to a text stream: byte order mark, ``;``,
    CRLF, every cell through :func:`guard`. Returns the number of rows written."""
    out.write(BOM)
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator=LINE_END)
    count = 0
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
        count += 1
    return count


def csv_text(rows):
    """The file :func:`write_csv` writes, as a string."""
    out = io.StringIO()
    write_csv(out, rows)
    return out.getvalue()


def safe_filename(filename):
    """A file name without paths, quotes or other characters a browser or shell trips over."""
    try:
        return get_valid_filename(filename.replace("/", "-").replace("\\", "-"))
    except SuspiciousFileOperation:  # nothing left of it
        return "export.csv"


def csv_response(filename, rows):
    """A download of ``rows`` (header first) as ``filename``, in the one CSV format."""
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    write_csv(response, rows)
    return response


class CsvExportMixin:
    """For a Wagtail index view with ``list_export``: its CSV download in the one format (the
    headings of ``export_headings``, every cell guarded). Wagtail's own CSV has ``,`` and no
    guard; its XLSX download already refuses formulas and is left as it is."""

    def write_csv_response(self, queryset):
        fields = self.list_export
        rows = [[self.get_heading(queryset, field) for field in fields]]
        for item in queryset:
            rows.append(
                [
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                    for field, value in self.to_row_dict(item).items()
                ]
            )
        return csv_response(f"{self.get_filename()}.csv", rows)


def guard_wagtail_exports():
    """Every view with Wagtail's spreadsheet export (its reports too, which the project does
    not define) writes its CSV with :class:`CsvExportMixin`; called once, when the apps are
    ready. Wagtail's own CSV writer has no formula guard."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.write_csv_response = CsvExportMixin.write_csv_response


# --- reading ---------------------------------------------------------------------------------


class SpreadsheetError(Exception):
    """A file that cannot be read as CSV; ``row`` as a spreadsheet shows it."""

    def __init__(self, row, message):
        super().__init__(message)
        self.row, self.message = row, message


@dataclass
class Sheet:
    header: list
    #: (row number as a spreadsheet shows it, cells) for every row that is not empty
    records: list
    delimiter: str


def _decode(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(
                1, _("the file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            ) from None
    data = data.lstrip(BOM)
    if not data.strip():
        raise SpreadsheetError(1, _("the file is empty."))
    return data


def read_csv(data):
    """Read CSV (bytes or text, with or without byte order mark, ``;`` or ``,`` between the
    cells: whichever the header line has more of). Cells lose the guard :func:`guard` adds.

    Rows are numbered as a spreadsheet shows them: the header is row 1, every record is one
    row, also when a quoted cell spans several lines of the file, and an empty line is an
    (empty) row of its own; empty rows are left out of ``records``.
    """
    data = _decode(data)
    first_line = data.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    row = 0
    header, records = None, []
    try:
        for values in reader:
            row += 1
            if header is None:
                header = [unguard(value) for value in values]
            elif any(value.strip() for value in values):
                records.append((row, [unguard(value) for value in values]))
    except csv.Error as error:
        raise SpreadsheetError(row + 1, str(error)) from None
    return Sheet(header=header, records=records, delimiter=delimiter)


# --- errors of an import -----------------------------------------------------------------------

#: The extra column of an import's dataset that holds each row's number as a spreadsheet shows it.
ROW = "__rij__"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: as a spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class RowError:
    """One problem of an imported file, named as a spreadsheet shows it: the row (the header is
    row 1) and, where known, the column by name and by letter."""

    row: int | None
    column: str | None
    message: str
    letter: str | None = None

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.letter is None:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s, column %(letter)s (“%(column)s”): %(message)s") % {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
            "message": self.message,
        }


def import_errors(resource, dataset, result, header=None):
    """The errors of a django-import-export ``Result`` as :class:`RowError`s, on the rows of the
    file (each dataset row ends with its :data:`ROW`). ``resource.column_of(field)`` names the
    column of a model field; with the file's ``header`` the column also gets its letter."""

    def sheet_row(number):
        return dataset[number - 1][-1]

    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = None if name == NON_FIELD_ERRORS else resource.column_of(name) or name
            letter = None
            if header is not None:
                if column not in header:
                    column = None  # a problem of the row, not of a column the file has
                else:
                    letter = column_letter(header.index(column))
            for message in messages:
                yield RowError(sheet_row(invalid.number), column, message, letter)
    for failed in result.error_rows:
        for error in failed.errors:
            yield RowError(sheet_row(failed.number), None, str(error.error))
    for error in result.base_errors:
        yield RowError(None, None, str(error.error))


@dataclass
class ImportOutcome:
    """What every import reports: its errors (:class:`RowError`) and whether it was a dry run.
    An import's result adds what it made; its ``counts()`` says so in one sentence."""

    errors: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    def error_lines(self):
        return [str(error) for error in self.errors]

    def counts(self):
        raise NotImplementedError

    def summary(self):
        if self.errors:
            return _(
                "%(count)s error(s): nothing was imported. Rows are numbered as in a spreadsheet: "
                "the header is row 1."
            ) % {"count": len(self.errors)}
        text = self.counts()
        if self.dry_run:
            text += " " + _("Dry run: nothing was changed.")
        return text
