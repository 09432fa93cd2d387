"""CSV import/export of the sociale kaart (django-import-export): a spreadsheet's file with Dutch
headers imports; all or nothing with spreadsheet row numbers and column names; the model's rules
with the admin form's messages; one export format; export then import changes nothing."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import ModelLogEntry, Revision

from content.kaart.models import Organisation, Voorziening, VoorzieningLocation
from content.kaart.resources import COLUMNS, import_csv, write_export

from .factories import CategoryFactory, NeighbourhoodFactory, VoorzieningFactory
from .test_admin_editing import ADD, form

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "files" / "voorzieningen.csv"
FILE_KEYS = [
    "ouderavond-oosterheem",
    "budgetcursus",
    "speelochtend-rokkeveen",
    "huiswerkhulp-seghwaert",
    "mantelzorg-jongeren",
    "rouwgroep-kinderen",
]


def export_text():
    out = io.StringIO()
    write_export(out)
    return out.getvalue()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


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


def database_state():
    """What an import could have written."""
    return (
        Voorziening.objects.count(),
        Organisation.objects.count(),
        Revision.objects.count(),
        VoorzieningLocation.objects.count(),
        Tag.objects.count(),
        ModelLogEntry.objects.count(),
        sorted(Voorziening.objects.values_list("slug", "name", "summary", "max_age")),
    )


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


@pytest.fixture
def file_world(data):
    """What the file in tests/kaart/files refers to: its categories, wijken and user."""
    for slug in ["opvoedondersteuning", "schuldhulp", "welzijn", "onderwijs-en-verzuim", "mantelzorg"]:
        CategoryFactory(slug=slug)
    CategoryFactory(slug="ggz-preventie")
    NeighbourhoodFactory(slug="rokkeveen")
    return data


# --- a file from a spreadsheet -----------------------------------------------------------------


def variant(delimiter, bom):
    text = FILE.read_text(encoding="utf-8")
    if delimiter == ",":
        text = to_csv(rows_of(text), delimiter=",")
    return (("\ufeff" if bom else "") + text).encode("utf-8")


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False], ids=["with-bom", "without-bom"])
def test_a_spreadsheet_file_with_dutch_headers_is_imported(file_world, delimiter, bom):
    result = import_csv(variant(delimiter, bom), user=file_world)
    assert result.ok, result.error_lines()
    assert result.created == FILE_KEYS and not result.updated and not result.unchanged
    avond = Voorziening.objects.get(slug="ouderavond-oosterheem")
    assert avond.live and avond.name == "Ouderavond Oosterheem"
    assert avond.description == "Elke maand een ander thema.\n\n- Slapen\n- Eten en snoepen\n- Nee zeggen"
    assert (avond.min_age, avond.max_age, avond.whole_municipality, avond.is_free) == (0, 12, False, True)
    assert sorted(w.slug for w in avond.neighbourhoods.all()) == ["oosterheem", "seghwaert"]
    assert [(loc.name, loc.postcode, loc.city) for loc in avond.locations.all()] == [
        ("Wijkpost", "2719 AB", "Zoetermeer"),  # the postcode as the admin form writes it
        ("Bibliotheek Seghwaert", "2724 AC", "Zoetermeer"),
    ]
    assert [c.text for c in avond.conditions.all()] == ["Kinderen tot 12 jaar", "Aanmelden is niet nodig"]
    assert sorted(t.name for t in avond.tags.all()) == ["opvoeden", "ouders"]
    assert str(avond.last_checked_on) == "2025-03-31" and avond.last_checked_by == file_world
    assert avond.last_checked_source == "medewerker" and avond.latest_revision.user == file_world
    organisation = Organisation.objects.get(name="Stichting Samen Opvoeden")
    assert organisation.email == "info@samenopvoeden.example.nl" and organisation.voorzieningen.count() == 2
    budget = Voorziening.objects.get(slug="budgetcursus")
    assert budget.name == "Budgetcursus; rondkomen met je geld" and budget.last_checked_source == "aanbieder"
    assert budget.application_steps == "1. Vul het formulier in\n2. Je krijgt binnen een week een datum"
    speel = Voorziening.objects.get(slug="speelochtend-rokkeveen")
    assert not speel.whole_municipality and not speel.is_free and speel.status == "tijdelijk-gesloten"
    assert not Voorziening.objects.get(slug="rouwgroep-kinderen").live  # gepubliceerd = nee: a draft
    # and the same file once more changes nothing
    again = import_csv(variant(delimiter, bom), user=file_world)
    assert again.ok and again.unchanged == FILE_KEYS and not again.created and not again.updated


def test_an_error_in_row_7_is_reported_as_row_7_with_its_column_and_nothing_is_saved(file_world):
    text = FILE.read_text(encoding="utf-8")
    rows = rows_of(text)
    assert row_of(rows, "rouwgroep-kinderen") == 7
    assert physical_line_of(text, "rouwgroep-kinderen") == 14  # a text editor's line; cells span lines
    rows[5]["max_leeftijd"] = "130"
    before = database_state()
    result = import_csv(to_csv(rows).encode(), user=file_world)
    assert result.error_lines() == [
        "Rij 7, kolom “max_leeftijd”: Vul een leeftijd van 0 tot en met 120 jaar in."
    ]
    assert result.summary().startswith("1 fout(en): er is niets geïmporteerd.")
    assert database_state() == before  # not the five good rows, not the new organisations
    assert not Organisation.objects.filter(name="Stichting Samen Opvoeden").exists()


def test_a_dry_run_shows_what_would_change_and_saves_nothing(file_world):
    rows = rows_of(export_text())
    rows[0]["samenvatting"] = "Nieuwe samenvatting"
    rows[0]["wijken"] = "oosterheem"
    rows += rows_of(FILE.read_text(encoding="utf-8"))
    before = database_state()
    dry = import_csv(to_csv(rows), dry_run=True, user=file_world)
    assert dry.ok and dry.created == FILE_KEYS and dry.updated == ["buurtsport"]
    assert dry.unchanged == ["concept", "spreekuur"]
    assert dry.updated_lines() == ["buurtsport (samenvatting, wijken)"]
    assert dry.summary() == "6 nieuw, 1 gewijzigd, 2 ongewijzigd. Proefimport: er is niets gewijzigd."
    assert database_state() == before


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
    text = export_text()
    assert (
        text.startswith("\ufeff") and text.endswith("\r\n") and text.count("\r\n") == 1 + 3
    )  # line breaks inside cells stay \n
    rows = rows_of(text)
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
    assert (sport["min_leeftijd"], sport["max_leeftijd"]) == ("6", "16")
    concept = next(row for row in rows if row["sleutel"] == "concept")
    assert concept["gepubliceerd"] == "nee"
    spreekuur = next(row for row in rows if row["sleutel"] == "spreekuur")
    assert spreekuur["laatst_gecontroleerd_door"] == "ilse" and spreekuur["laatst_gecontroleerd_op"] == ""


# --- errors --------------------------------------------------------------------------------------


def test_a_malformed_file_imports_nothing_and_names_rows_and_columns(data):
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
    before = database_state()
    result = import_csv(text.encode())
    assert not result.ok
    concept, new = row_of(rows, "concept"), row_of(rows, "nieuw-item")
    assert (concept, new) == (3, 5)
    assert physical_line_of(text, "concept") > 3  # the first row spans several lines of the file
    assert result.error_lines() == [
        "Rij 3, kolom “categorie”: onbekende categorie “bestaat-niet”.",
        "Rij 3, kolom “min_leeftijd”: “tien” is geen geheel getal.",
        "Rij 5, kolom “locaties”: locatie 1, postcode: Vul een Nederlandse postcode in: vier cijfers en "
        "twee letters, zoals 2711 AB.",
        "Rij 5, kolom “toegang”: kies een van vrij, verwijzing, aanmelden, niet “altijd”.",
    ]
    assert "er is niets geïmporteerd" in result.summary()
    assert database_state() == before


def test_errors_name_the_spreadsheet_row_not_the_line_of_the_file(data):
    rows = rows_of(export_text())  # sorted by key: buurtsport (cells over several lines), concept, spreekuur
    rows[2]["status"] = "weg"
    text = to_csv(rows)
    result = import_csv(text)
    assert physical_line_of(text, "spreekuur") > 4  # where a text editor would put it ...
    assert result.error_lines() == [  # ... but a spreadsheet shows it as row 4
        "Rij 4, kolom “status”: kies een van actief, tijdelijk-gesloten, gestopt, niet “weg”."
    ]
    assert "de kopregel is rij 1" in result.summary()


def test_an_empty_line_counts_as_a_row_as_in_a_spreadsheet(data):
    rows = rows_of(export_text())
    rows[2]["status"] = "weg"
    first_two = to_csv(rows[:2])
    last_without_header = to_csv(rows[2:]).split("\r\n", 1)[1]
    result = import_csv(first_two + "\r\n" + last_without_header)
    # header (1), two records (2, 3), the empty row (4), then the faulty record
    assert result.error_lines()[0].startswith("Rij 5, kolom “status”:")


def test_import_also_reads_comma_separated_files(data):
    rows = rows_of(export_text())
    rows[1]["categorie"] = "bestaat-niet"
    result = import_csv(to_csv(rows, delimiter=","))
    assert result.error_lines() == ["Rij 3, kolom “categorie”: onbekende categorie “bestaat-niet”."]
    rows[1]["categorie"] = "opvoedondersteuning"
    assert import_csv(to_csv(rows, delimiter=",")).ok


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Rij 1: het bestand is leeg."),
        ("\xff\xfe not utf8".encode("latin-1"), "Rij 1: het bestand is geen UTF-8-tekst."),
        (b"sleutel,naam\nx,y\n", "Rij 1: ontbrekende kolom(men): organisatie, organisatie_email,"),
        (b"sleutel;naam;kleur\n", "onbekende kolom(men): kleur."),
    ],
)
def test_broken_files_give_a_clear_error(data, content, message):
    result = import_csv(content)
    assert not result.ok and len(result.errors) == 1 and message in result.error_lines()[0]


def test_a_row_with_too_few_cells_is_named_and_nothing_is_saved(data):
    text = export_text()
    before = database_state()
    broken = text.replace("concept;Concept;", "concept;Ander concept;", 1) + "kort;te kort\r\n"
    result = import_csv(broken)
    assert result.error_lines() == ["Rij 5: 2 cellen, terwijl de kopregel er 35 heeft."]
    assert database_state() == before


def test_duplicate_keys_in_one_file_are_refused(data):
    rows = rows_of(export_text())
    rows.append(dict(rows[0]))
    result = import_csv(to_csv(rows))
    assert result.error_lines() == ["Rij 5, kolom “sleutel”: sleutel “buurtsport” staat al op rij 2."]


def test_one_organisation_with_two_addresses_is_refused(data):
    rows = rows_of(export_text())
    rows[1]["organisatie_email"] = "ander@opvoedpunt.example.nl"
    result = import_csv(to_csv(rows))
    assert result.error_lines() == [
        "Rij 3, kolom “organisatie_email”: "
        "organisatie “Opvoedpunt Test” heeft op rij 2 een ander e-mailadres."
    ]


def test_the_service_area_must_be_given(data):
    rows = rows_of(export_text())
    rows[1]["heel_zoetermeer"] = "nee"
    result = import_csv(to_csv(rows))
    assert result.error_lines() == ["Rij 3, kolom “wijken”: vul de wijken in, of heel_zoetermeer = ja."]


# --- the model's rules, in the admin form and in the import -------------------------------------


@pytest.mark.parametrize(
    "fields, column, message",
    [
        ({"max_age": "130"}, "max_leeftijd", "Vul een leeftijd van 0 tot en met 120 jaar in."),
        (
            {"min_age": "12", "max_age": "4"},
            "max_leeftijd",
            "De maximumleeftijd kan niet lager zijn dan de minimumleeftijd.",
        ),
        (
            {"slug": "favorieten"},
            "sleutel",
            "“favorieten” is een pagina van de sociale kaart zelf; kies een andere sleutel.",
        ),
        (
            {"summary": "x" * 301},
            "samenvatting",
            "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301).",
        ),
        ({"website": "ftp://sport.example.nl"}, "website", "Voer een geldige URL in."),
    ],
)
def test_the_model_refuses_the_same_in_the_admin_form_and_in_the_import(
    client, data, fields, column, message
):
    client.force_login(data)
    response = client.post(ADD, form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Voorziening.objects.filter(slug=fields.get("slug", "moederscafe")).exists()

    names = {"max_age": "max_leeftijd", "min_age": "min_leeftijd", "slug": "sleutel"}
    names |= {"summary": "samenvatting", "website": "website"}
    rows = rows_of(export_text())
    for name, value in fields.items():
        rows[0][names[name]] = value
    result = import_csv(to_csv(rows))
    assert result.error_lines() == [f"Rij 2, kolom “{column}”: {message}"]


# --- formulas --------------------------------------------------------------------------------------


FORMULAS = {
    "name": '=HYPERLINK("https://example.com","klik")',
    "summary": "@SUM(A1:A3)",
    "phone": "+31 79 000 0000",
    "audience": "-1 jaar tot 4 jaar",
    "cost": "'=zelf al beschermd",
}


def test_formula_cells_are_guarded_in_the_export_and_read_back_unchanged(data):
    entry = VoorzieningFactory(slug="formules", whole=True, **FORMULAS)
    text = export_text()
    row = next(row for row in rows_of(text) if row["sleutel"] == "formules")
    assert row["naam"] == "'" + FORMULAS["name"]
    assert row["samenvatting"] == "'@SUM(A1:A3)"
    assert row["telefoon"] == "'+31 79 000 0000" and row["voor_wie"] == "'-1 jaar tot 4 jaar"
    assert row["kosten"] == "''=zelf al beschermd"
    result = import_csv(text)
    assert result.ok and "formules" in result.unchanged  # the guard is not a change
    rows = rows_of(text)
    next(r for r in rows if r["sleutel"] == "formules")["samenvatting"] = "'@SUM(B1)"
    result = import_csv(to_csv(rows))
    assert result.updated == ["formules"]
    entry.refresh_from_db()
    assert entry.summary == "@SUM(B1)"  # exactly the guard taken off
    assert (entry.name, entry.phone, entry.cost) == (FORMULAS["name"], FORMULAS["phone"], FORMULAS["cost"])


# --- the command and the admin ----------------------------------------------------------------------


def test_command_with_dry_run_and_errors(tmp_path, data, capsys):
    path = tmp_path / "kaart.csv"
    call_command("export_sociale_kaart", str(path))
    assert "3 voorzieningen geschreven naar" in capsys.readouterr().err
    call_command("import_sociale_kaart", str(path), "--dry-run")
    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd. Proefimport" in capsys.readouterr().out
    rows = rows_of(path.read_text(encoding="utf-8"))
    rows[0]["heel_zoetermeer"] = "misschien"
    path.write_text(to_csv(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import_sociale_kaart", str(path))
    assert "Rij 2, kolom “heel_zoetermeer”: schrijf ja of nee, niet “misschien”." in capsys.readouterr().err
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("import_sociale_kaart", str(tmp_path / "bestaat-niet.csv"))


def test_admin_import_and_export_views(client, data):
    client.force_login(data)
    response = client.get(reverse("sociale-kaart-import:export"))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sociale-kaart-')
    body = response.content
    assert body.startswith("\ufeff".encode()) and b"buurtsport" in body
    upload = SimpleUploadedFile("kaart.csv", body.replace(b"Samenvatting", b"Andere samenvatting"))
    response = client.post(reverse("sociale-kaart-import:index"), {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 nieuw, 3 gewijzigd, 0 ongewijzigd. Proefimport: er is niets gewijzigd." in html
    assert "<li>buurtsport (samenvatting)</li>" in html
    assert not Voorziening.objects.filter(summary__startswith="Andere").exists()
    bad = SimpleUploadedFile("kaart.csv", body.replace(b"oosterheem, seghwaert", b"nergens"))
    html = client.post(reverse("sociale-kaart-import:index"), {"file": bad}).content.decode()
    assert "Rij 2, kolom “wijken”: onbekende wijk “nergens”." in html
    assert "er is niets geïmporteerd" in html and "de kopregel is rij 1" in html


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


def test_whom_an_entry_serves_is_a_column_and_older_files_without_it_still_import(data):
    rows = rows_of(export_text())
    assert "bedoeld_voor" in rows[0]
    rows[0]["bedoeld_voor"] = "gezin"
    key = rows[0]["sleutel"]
    assert import_csv(to_csv(rows)).ok
    assert Voorziening.objects.get(slug=key).serves == "gezin"
    assert rows_of(export_text())[0]["bedoeld_voor"] == "gezin"

    rows[0]["bedoeld_voor"] = "opa"
    assert any("bedoeld_voor" in line and "opa" in line for line in import_csv(to_csv(rows)).error_lines())

    old = [{column: value for column, value in row.items() if column != "bedoeld_voor"} for row in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c for c in COLUMNS if c != "bedoeld_voor"], delimiter=";")
    writer.writeheader()
    writer.writerows(old)
    result = import_csv(out.getvalue())
    assert result.ok, result.error_lines()
    assert Voorziening.objects.get(slug=key).serves == "gezin"  # an older file changes nothing of it


def test_conditions_and_locations_keep_the_order_of_the_file(data):
    """Lines in a cell are an order the coordinator chose: the entry, the export and the public
    page keep it, on every database (rows without a sort order come back in any order)."""
    rows = rows_of(export_text())
    row = next(row for row in rows if row["sleutel"] == "buurtsport")
    row["voorwaarden"] = "Zeta eerst\nAlfa daarna\nMidden als laatste"
    row["locaties"] = "Zuid | Zuidweg 1 | 2719 MP | \nNoord | Noordweg 2 | 2712 AB | "
    result = import_csv(to_csv(rows).encode("utf-8"))
    assert result.ok, result.error_lines()
    entry = Voorziening.objects.get(slug="buurtsport")
    assert [(c.sort_order, c.text) for c in entry.conditions.all()] == [
        (0, "Zeta eerst"),
        (1, "Alfa daarna"),
        (2, "Midden als laatste"),
    ]
    assert [(loc.sort_order, loc.name) for loc in entry.locations.all()] == [(0, "Zuid"), (1, "Noord")]
    exported = next(r for r in rows_of(export_text()) if r["sleutel"] == "buurtsport")
    assert exported["voorwaarden"].splitlines() == ["Zeta eerst", "Alfa daarna", "Midden als laatste"]
