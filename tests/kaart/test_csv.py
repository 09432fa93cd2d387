"""CSV import/export: all or nothing with spreadsheet row numbers; one export format; export then
import changes nothing."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Revision

from content.kaart.csvio import COLUMNS, import_csv, write_csv
from content.kaart.models import Organisation, Voorziening

from .factories import CategoryFactory, NeighbourhoodFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db


def export_text():
    out = io.StringIO()
    write_csv(out)
    return out.getvalue()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def physical_line_of(text, key, delimiter=";"):
    """The line of the file on which the row with this key starts (cells may span lines)."""
    return next(
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line.lstrip("\ufeff").startswith(f"{key}{delimiter}")
    )


def row_of(rows, key):
    """The row a spreadsheet shows for this key: the header is row 1."""
    return next(n for n, row in enumerate(rows, start=2) if row["sleutel"] == key)


def to_csv(rows, delimiter=";"):
    """A file as a spreadsheet saves it (no byte order mark)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def data(db, make_user):
    coordinator = make_user(role="Coördinator", username="ilse")
    oost, seg = NeighbourhoodFactory(slug="oosterheem"), NeighbourhoodFactory(slug="seghwaert")
    CategoryFactory(slug="scheiding")
    VoorzieningFactory(
        name="Buurtsport, met komma",
        slug="buurtsport",
        wijken=[oost, seg],
        tags=["sport", "bewegen buiten"],
        locations=[("Sportpark", "Sportlaan 4", "2719 MP"), ("", "Dorpsstraat 1", "2712 AB")],
        conditions=["Eerste voorwaarde", "Tweede; met puntkomma"],
        min_age=6,
        max_age=16,
        is_free=True,
        description='Regel één\n\n- punt\n- "aanhalingstekens"',
        opening_hours="Wo 14–16\nZa 10–12",
        website="https://sport.example.nl",
        professional_note="Direct: 079-000 9999",
    )
    VoorzieningFactory(name="Spreekuur", slug="spreekuur", whole=True, checked_days=None)
    VoorzieningFactory(name="Concept", slug="concept", whole=True, publish=False)
    Voorziening.objects.filter(slug="spreekuur").update(
        last_checked_by=coordinator, last_checked_source="medewerker"
    )
    return coordinator


def test_export_then_import_changes_nothing(data):
    before_revisions = Revision.objects.count()
    before = export_text()
    assert before.startswith("\ufeffsleutel;naam;")
    result = import_csv(before.encode("utf-8"))
    assert result.ok, result.error_lines()
    assert (result.created, result.updated) == ([], [])
    assert sorted(result.unchanged) == ["buurtsport", "concept", "spreekuur"]
    assert export_text() == before
    assert Revision.objects.count() == before_revisions


def test_export_has_one_row_per_entry_in_the_documented_columns(data):
    rows = rows_of(export_text())
    assert list(rows[0]) == COLUMNS
    sport = next(row for row in rows if row["sleutel"] == "buurtsport")
    assert sport["wijken"] == "oosterheem, seghwaert"
    assert sport["locaties"].splitlines() == [
        "Sportpark | Sportlaan 4 | 2719 MP | Zoetermeer",
        " | Dorpsstraat 1 | 2712 AB | Zoetermeer",
    ]
    assert sport["voorwaarden"].splitlines() == ["Eerste voorwaarde", "Tweede; met puntkomma"]
    assert sport["tags"] == "bewegen buiten, sport"
    assert sport["gratis"] == "ja" and sport["heel_zoetermeer"] == "nee" and sport["gepubliceerd"] == "ja"
    concept = next(row for row in rows if row["sleutel"] == "concept")
    assert concept["gepubliceerd"] == "nee"


def test_a_malformed_file_imports_nothing_and_names_the_lines(data):
    rows = rows_of(export_text())
    rows[0]["naam"] = "Gewijzigd maar niet bewaard"
    rows[1]["categorie"] = "bestaat-niet"
    rows[1]["min_leeftijd"] = "tien"
    rows.append(
        {
            **rows[2],
            "sleutel": "nieuw-item",
            "locaties": "Plek | Straat 1 | 1234 | Zoetermeer",
            "toegang": "altijd",
        }
    )
    text = to_csv(rows)
    result = import_csv(text.encode())
    assert not result.ok
    lines = result.error_lines()
    concept, new = row_of(rows, "concept"), row_of(rows, "nieuw-item")
    assert (concept, new) == (3, 5)
    assert physical_line_of(text, "concept") > 3  # the first row spans several lines of the file
    assert f"Rij {concept}: onbekende categorie “bestaat-niet”." in lines
    assert any(line.startswith(f"Rij {concept}: “min_leeftijd” moet een geheel getal") for line in lines)
    assert any(line.startswith(f"Rij {new}:") and "geen Nederlandse postcode" in line for line in lines)
    assert any(line.startswith(f"Rij {new}:") and "“toegang” moet een van" in line for line in lines)
    assert len(lines) == 4
    assert "er is niets geïmporteerd" in result.summary()
    assert not Voorziening.objects.filter(name="Gewijzigd maar niet bewaard").exists()
    assert not Voorziening.objects.filter(slug="nieuw-item").exists()


def test_errors_name_the_spreadsheet_row_not_the_line_of_the_file(data):
    rows = rows_of(export_text())  # sorted by key: buurtsport (cells over several lines), concept, spreekuur
    rows[2]["status"] = "weg"
    text = to_csv(rows)
    result = import_csv(text)
    assert physical_line_of(text, "spreekuur") > 4  # where a text editor would put it ...
    assert result.error_lines() == [  # ... but a spreadsheet shows it as row 4
        "Rij 4: “status” moet een van actief, tijdelijk-gesloten, gestopt zijn, niet “weg”."
    ]
    assert "de kopregel is rij 1" in result.summary()


def test_an_empty_line_counts_as_a_row_as_in_a_spreadsheet(data):
    rows = rows_of(export_text())
    rows[2]["status"] = "weg"
    first_two = to_csv(rows[:2])
    last_without_header = to_csv(rows[2:]).split("\r\n", 1)[1]
    result = import_csv(first_two + "\r\n" + last_without_header)
    # header (1), two records (2, 3), the empty row (4), then the faulty record
    assert result.error_lines()[0].startswith("Rij 5: “status”")


def test_import_also_reads_comma_separated_files(data):
    rows = rows_of(export_text())
    rows[1]["categorie"] = "bestaat-niet"
    result = import_csv(to_csv(rows, delimiter=","))
    assert result.error_lines() == ["Rij 3: onbekende categorie “bestaat-niet”."]
    rows[1]["categorie"] = "opvoedondersteuning"
    assert import_csv(to_csv(rows, delimiter=",")).ok


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "het bestand is leeg"),
        ("\xff\xfe not utf8".encode("latin-1"), "geen UTF-8"),
        (b"sleutel,naam\nx,y\n", "ontbrekende kolom(men)"),
    ],
)
def test_broken_files_give_a_clear_error(data, content, message):
    result = import_csv(content)
    assert (
        not result.ok and message in result.error_lines()[0] and result.error_lines()[0].startswith("Rij 1:")
    )


def test_import_updates_by_key_creates_new_entries_and_publishes(data):
    rows = rows_of(export_text())
    rows[0]["samenvatting"] = "Nieuwe samenvatting"
    rows[0]["wijken"] = "oosterheem"
    rows[0]["tags"] = "sport"
    rows.append(
        {
            **rows[1],
            "sleutel": "nieuwe-groep",
            "naam": "Nieuwe groep",
            "organisatie": "Nieuwe Stichting",
            "organisatie_email": "info@nieuw.example.nl",
            "gepubliceerd": "ja",
            "categorie": "scheiding",
            "laatst_gecontroleerd_op": "2025-01-02",
            "laatst_gecontroleerd_door": "aanbieder",
        }
    )
    dry = import_csv(to_csv(rows), dry_run=True, user=data)
    assert dry.ok and dry.created == ["nieuwe-groep"] and dry.updated == ["buurtsport"]
    assert not Voorziening.objects.filter(slug="nieuwe-groep").exists()
    result = import_csv(to_csv(rows), user=data)
    assert result.ok and result.created == ["nieuwe-groep"] and result.updated == ["buurtsport"]
    sport = Voorziening.objects.get(slug="buurtsport")
    assert sport.summary == "Nieuwe samenvatting" and sport.live and not sport.has_unpublished_changes
    assert [w.slug for w in sport.neighbourhoods.all()] == ["oosterheem"]
    assert [t.name for t in sport.tags.all()] == ["sport"]
    assert sport.locations.count() == 2 and sport.latest_revision.user == data
    new = Voorziening.objects.get(slug="nieuwe-groep")
    assert new.live and new.category.slug == "scheiding" and new.organisation.email == "info@nieuw.example.nl"
    assert str(new.last_checked_on) == "2025-01-02" and new.last_checked_source == "aanbieder"
    assert Organisation.objects.filter(name="Nieuwe Stichting").count() == 1
    # and once more: nothing to do
    again = import_csv(export_text())
    assert again.ok and not again.created and not again.updated


def test_duplicate_keys_in_one_file_are_refused(data):
    rows = rows_of(export_text())
    rows.append(dict(rows[0]))
    result = import_csv(to_csv(rows))
    assert not result.ok and "staat al op rij 2" in result.error_lines()[0]


def test_command_with_dry_run_and_errors(tmp_path, data, capsys):
    path = tmp_path / "kaart.csv"
    call_command("export_sociale_kaart", str(path))
    call_command("import_sociale_kaart", str(path), "--dry-run")
    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd" in capsys.readouterr().out
    rows = rows_of(path.read_text(encoding="utf-8"))
    rows[0]["heel_zoetermeer"] = "misschien"
    path.write_text(to_csv(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_sociale_kaart", str(path))
    assert "Rij 2: “heel_zoetermeer” moet ja of nee zijn" in capsys.readouterr().err


def test_admin_import_and_export_views(client, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(data)
    response = client.get(reverse("sociale-kaart-import:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode()) and b"buurtsport" in body
    upload = SimpleUploadedFile("kaart.csv", body, content_type="text/csv")
    response = client.post(reverse("sociale-kaart-import:index"), {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "0 nieuw, 0 gewijzigd, 3 ongewijzigd" in html
        and "Proefimport" in html
    )
    bad = SimpleUploadedFile(
        "kaart.csv", body.replace(b"oosterheem, seghwaert", b"nergens"), content_type="text/csv"
    )
    html = client.post(reverse("sociale-kaart-import:index"), {"file": bad}).content.decode()
    assert "Rij 2: onbekende wijk “nergens”" in html
    assert "de kopregel is rij 1" in html


def test_admin_download_and_command_write_the_same_file_and_it_imports_unchanged(
    client, data, tmp_path, capsys
):
    client.force_login(data)
    download = client.get(reverse("sociale-kaart-import:export")).content
    path = tmp_path / "kaart.csv"
    call_command("export_sociale_kaart", str(path))
    assert path.read_bytes() == download
    assert download.startswith("\ufeffsleutel;naam;organisatie;".encode())
    stdout = io.StringIO()
    call_command("export_sociale_kaart", stdout=stdout)
    assert stdout.getvalue().encode() == download
    result = import_csv(download)
    assert result.ok and (result.created, result.updated) == ([], [])
