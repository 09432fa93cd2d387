"""Bulk import of staff (CSV and XLSX, django-import-export): three new and one existing
colleague create three and update one (matched by e-mail, case-insensitive), ``--invite`` sends
three invitations, and a broken file changes nothing and names its rows and columns."""

import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from content.spreadsheet import column_letter
from leergang.models import Invitation, StaffProfile, Team, User
from leergang.staff_import import import_file

pytestmark = pytest.mark.django_db

HEADER = ["email", "voornaam", "achternaam", "team", "functie", "startdatum"]
ROWS = [
    ["nadia@zoetermeer.example", "Nadia", "de Boer", "JGH Noord", "Toegangsmedewerker JGH", "2031-03-03"],
    ["bram@zoetermeer.example", "Bram", "Kok", "JGH Zuid", "Gezinscoach JGH", "2031-03-10"],
    ["eva@huisarts.example", "Eva", "Dekker", "POH-J huisartsen", "POH-Jeugd", "03-03-2031"],
    ["SANNE@Zoetermeer.example", "Sanne", "de Vries", "JGH Zuid", "Senior toegangsmedewerker", ""],
]


def csv_file(rows, header=HEADER):
    return "\r\n".join(";".join(cells) for cells in [header, *rows]).encode("utf-8-sig")


def xlsx_file(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    for cells in [header, *rows]:
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def teams(make_user):
    made = {
        name: Team.objects.create(name=name, organisation=org)
        for name, org in [("JGH Noord", "jgh"), ("JGH Zuid", "jgh"), ("POH-J huisartsen", "pohj")]
    }
    sanne = make_user(team=made["JGH Noord"], username="sanne", start_date=datetime.date(2024, 5, 1))
    sanne.email = "sanne@zoetermeer.example"
    sanne.save()
    return made


def assert_imported(teams):
    assert User.objects.count() == 4
    nadia = User.objects.get(email="nadia@zoetermeer.example")
    assert (nadia.username, nadia.first_name, nadia.last_name) == (
        "nadia@zoetermeer.example",
        "Nadia",
        "de Boer",
    )
    assert not nadia.has_usable_password() and nadia.groups.filter(name="Medewerker").exists()
    assert nadia.profile.team == teams["JGH Noord"] and nadia.profile.start_date == datetime.date(2031, 3, 3)
    assert User.objects.get(email="eva@huisarts.example").profile.start_date == datetime.date(2031, 3, 3)
    sanne = User.objects.get(username="sanne")
    assert sanne.email == "sanne@zoetermeer.example"  # matched, not duplicated
    assert sanne.profile.team == teams["JGH Zuid"] and sanne.profile.job_title == "Senior toegangsmedewerker"
    assert sanne.profile.start_date == datetime.date(2024, 5, 1)  # an empty cell keeps what was there


def test_a_csv_of_three_new_and_one_existing_with_invite(teams, tmp_path):
    path = tmp_path / "medewerkers.csv"
    path.write_bytes(csv_file(ROWS))
    out = io.StringIO()
    call_command("import_medewerkers", str(path), "--dry-run", stdout=out)
    assert "3 nieuw, 1 bijgewerkt. Proefimport: er is niets gewijzigd." in out.getvalue()
    assert User.objects.count() == 1 and not mail.outbox

    out = io.StringIO()
    call_command("import_medewerkers", str(path), "--invite", stdout=out)
    assert "3 nieuw, 1 bijgewerkt. 3 uitnodiging(en) verstuurd." in out.getvalue()
    assert_imported(teams)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bram@zoetermeer.example",
        "eva@huisarts.example",
        "nadia@zoetermeer.example",
    ]
    assert Invitation.objects.filter(user__email="nadia@zoetermeer.example", team=teams["JGH Noord"]).exists()

    call_command("import_medewerkers", str(path), stdout=io.StringIO())  # again: updates, no duplicates
    assert User.objects.count() == 4 and StaffProfile.objects.count() == 4


def test_an_xlsx_file_imports_the_same(teams):
    rows = [[*row[:5], datetime.datetime(2031, 3, 3) if row[5] else None] for row in ROWS]
    result = import_file(xlsx_file(rows), "medewerkers.xlsx")
    assert result.ok, result.error_lines()
    assert sorted(result.created) == [
        "bram@zoetermeer.example",
        "eva@huisarts.example",
        "nadia@zoetermeer.example",
    ]
    assert result.updated == ["sanne@zoetermeer.example"]
    assert_imported(teams)


def test_a_broken_file_changes_nothing_and_names_rows_and_columns(teams, tmp_path):
    broken = [
        ROWS[0],
        ["geen-adres", "Bram", "Kok", "JGH Zuid", "Gezinscoach JGH", "2031-03-10"],
        ["eva@huisarts.example", "", "Dekker", "Onbekend team", "POH-Jeugd", "31 maart"],
        ["NADIA@zoetermeer.example", "Nadia", "de Boer", "JGH Noord", "", ""],
    ]
    path = tmp_path / "medewerkers.xlsx"
    path.write_bytes(xlsx_file(broken))
    err = io.StringIO()
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_medewerkers", str(path), "--invite", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Rij 3, kolom A (“email”): Voer een geldig e-mailadres in.",
        "Rij 4, kolom B (“voornaam”): deze cel is leeg; die is verplicht.",
        "Rij 4, kolom D (“team”): onbekend team “Onbekend team”.",
        "Rij 4, kolom F (“startdatum”): schrijf een datum zoals 2025-03-31, niet “31 maart”.",
        "Rij 5, kolom A (“email”): dit e-mailadres staat ook al op rij 2.",
    ]
    assert User.objects.count() == 1 and not Invitation.objects.exists() and not mail.outbox
    assert User.objects.get().profile.team == teams["JGH Noord"]

    result = import_file(csv_file(ROWS, header=["email", "voornaam", "team"]), "x.csv")
    assert result.error_lines() == ["Rij 1: ontbrekende kolom(men): achternaam, functie, startdatum."]


def test_column_letters_are_those_of_a_spreadsheet():
    assert [column_letter(i) for i in (0, 5, 25, 26, 27)] == ["A", "F", "Z", "AA", "AB"]
