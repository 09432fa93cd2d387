"""content.spreadsheet: the one CSV format of every download (BOM, ``;``, CRLF, formula guard)."""

import datetime
import decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content import spreadsheet
from content.spreadsheet import csv_response, csv_text, guard, read_csv, unguard


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("https://example.com")', '\'=HYPERLINK("https://example.com")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+31 79 000 0000", "'+31 79 000 0000"),
        ("-2 punten", "'-2 punten"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("'=al beschermd", "''=al beschermd"),  # so that reading it back gives this value again
        ("'gewoon", "'gewoon"),
        ("Gewoon = tekst", "Gewoon = tekst"),
        ("", ""),
        (None, ""),
        (-2, "-2"),  # a number is not a formula
        (decimal.Decimal("-1.5"), "-1.5"),
        (datetime.date(2025, 3, 31), "2025-03-31"),
    ],
)
def test_guard(value, cell):
    assert guard(value) == cell


@given(st.text())
def test_unguard_takes_off_exactly_the_guard(text):
    assert unguard(guard(text)) == text


@given(st.text())
def test_a_guarded_cell_never_starts_a_formula(text):
    assert guard(text)[:1] not in spreadsheet.FORMULA_START


def test_the_file_has_a_bom_semicolons_crlf_and_guarded_cells():
    text = csv_text([["naam", "getal"], ["=1+1", 3], ["met; puntkomma", "regel\nregel"]])
    assert text == '\ufeffnaam;getal\r\n\'=1+1;3\r\n"met; puntkomma";"regel\nregel"\r\n'


def test_a_download_with_a_safe_file_name():
    response = csv_response('../quiz "analyse" 1.csv', [["a"], ["=b"]])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="..-quiz_analyse_1.csv"'
    assert response.content == "\ufeffa\r\n'=b\r\n".encode()
    assert spreadsheet.safe_filename("..") == spreadsheet.safe_filename('"') == "export.csv"


@pytest.mark.parametrize("bom", ["\ufeff", ""])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_read_csv_numbers_rows_as_a_spreadsheet_does(bom, delimiter):
    text = bom + delimiter.join(["a", "b"]) + "\r\n" + delimiter.join(['"twee\nregels"', "'=x"]) + "\r\n\r\n"
    text += delimiter.join(["c", "d"]) + "\r\n"
    sheet = read_csv(text.encode())
    assert sheet.header == ["a", "b"] and sheet.delimiter == delimiter
    assert sheet.records == [(2, ["twee\nregels", "=x"]), (4, ["c", "d"])]  # row 3 is the empty one


def test_what_was_written_reads_back_as_it_was():
    rows = [["kop", "ander"], ["=SUM(A1)", "'@x"], ["+1", "gewoon"]]
    sheet = read_csv(csv_text(rows).encode("utf-8"))
    assert [sheet.header] + [cells for _row, cells in sheet.records] == rows


@pytest.mark.parametrize(
    "data, message", [(b"", "het bestand is leeg."), (b"\xff\xfe", "het bestand is geen UTF-8-tekst.")]
)
def test_unreadable_files(data, message):
    with pytest.raises(spreadsheet.SpreadsheetError) as error:
        read_csv(data)
    assert error.value.row == 1 and error.value.message.startswith(message)
