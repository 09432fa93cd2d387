# ruff: noqa: E501  (data: long Dutch sentences read better unbroken)
"""Demo data for the sociale kaart, loaded by the kaart's own importer.

- ``sociale-kaart.csv``: the 56 voorzieningen, a file in the export format (many for a few
  wijken only, so the wijk filter and the coverage report have something to show). It is read
  by :func:`content.kaart.resources.import_dataset`, the same code as the admin import, so the
  demo is checked by the same rules. Its check dates are as of :data:`WRITTEN_ON` and move
  along with the calendar: an entry "checked 30 days ago" stays so.
- ``basis.json``: the categories (the leerstof uses their slugs), the wijken of Zoetermeer and
  the organisations with their phone numbers and websites (the export names organisations
  only by name and e-mail address).
- Below: a few open reports for the coordinators' queue.

Organisations, phone numbers (079-000 ….) and addresses (…example.nl) are made up; the kinds of
help follow what the Zoetermeer policy documents describe. Idempotent: existing rows are left as
they are, so a coordinator's edits survive a second run.
"""

import datetime
import json
from pathlib import Path

import tablib
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Category, ChangeReport, Neighbourhood, Organisation, Voorziening
from ..resources import import_dataset, read_dataset

HERE = Path(__file__).resolve().parent
ENTRIES_FILE = HERE / "sociale-kaart.csv"
BASIS_FILE = HERE / "basis.json"
#: The day ``sociale-kaart.csv`` was written; its check dates are shifted by the days since.
WRITTEN_ON = datetime.date(2026, 1, 1)
#: The user who made, published and checked the demo entries (when the demo accounts exist).
COORDINATOR = "coordinator"

# Open reports from the site, for the coordinators' queue: (key, reason, text)
REPORTS = [
    (
        "oudergroep-scheiden",
        "klopt-niet",
        "Het telefoonnummer werkt niet meer (ik kreeg 'nummer niet in gebruik'). Volgens de website zit de groep nu in het wijkcentrum van Noordhove.",
    ),
    (
        "huiswerkklas-palenstein",
        "bestaat-niet-meer",
        "Volgens het buurthuis is de huiswerkklas sinds de zomer gestopt; er zijn geen vrijwilligers meer.",
    ),
    (
        "buurtsport-buytenwegh",
        "dubbel",
        "Deze lijkt dezelfde als de buurtsport op het plein in De Leyens; misschien samenvoegen?",
    ),
]
# An open report that proposes one new value, which the coordinator applies in one step:
# (key, text, detail, value)
VALUE_REPORTS = [
    (
        "opvoedspreekuur",
        "Het opvoedspreekuur heeft sinds deze maand een eigen telefoonnummer.",
        "phone",
        "079-000 4321",
    ),
]
NEW_REPORT = (
    "Moederscafé Rokkeveen",
    "Elke vrijdagochtend een inloop voor moeders met baby's in de bibliotheek van Rokkeveen, georganiseerd door vrijwilligers. Gratis, vrij toegankelijk.",
)


def _create_basis():
    basis = json.loads(BASIS_FILE.read_text(encoding="utf-8"))
    for item in basis["categories"]:
        Category.objects.get_or_create(slug=item.pop("slug"), defaults=item)
    for item in basis["wijken"]:
        Neighbourhood.objects.get_or_create(slug=item.pop("slug"), defaults=item)
    for item in basis["organisations"]:
        Organisation.objects.get_or_create(name=item.pop("name"), defaults=item)


def demo_entries(today, coordinator, skip=()):
    """The rows of the data file as of ``today``, without the keys in ``skip``."""
    dataset, errors = read_dataset(ENTRIES_FILE.read_bytes())
    if errors:
        raise ValueError(f"{ENTRIES_FILE.name}: {errors[0]}")
    shift = today - WRITTEN_ON
    rows = tablib.Dataset(headers=dataset.headers)
    for row in dataset.dict:
        if row["sleutel"] in skip:
            continue
        if row["laatst_gecontroleerd_op"]:
            row["laatst_gecontroleerd_op"] = (
                datetime.date.fromisoformat(row["laatst_gecontroleerd_op"]) + shift
            ).isoformat()
        if row["laatst_gecontroleerd_door"] == COORDINATOR and coordinator is None:
            row["laatst_gecontroleerd_door"] = ""
        rows.append(list(row.values()))
    return rows


@transaction.atomic
def create_demo_sociale_kaart(today=None):
    """Build (or complete) the demo sociale kaart; returns the number of entries created."""
    today = today or timezone.localdate()
    _create_basis()
    User = get_user_model()
    coordinator = User.objects.filter(username=COORDINATOR).first()
    existing = set(Voorziening.objects.values_list("slug", flat=True))
    result = import_dataset(demo_entries(today, coordinator, skip=existing), user=coordinator)
    if not result.ok:
        raise ValueError("; ".join(result.error_lines()))
    _create_reports(User.objects.filter(username="medewerker").first())
    return len(result.created)


def _create_reports(reporter):
    entries = {
        entry.slug: entry for entry in Voorziening.objects.filter(slug__in=[key for key, _r, _t in REPORTS])
    }
    for key, reason, text in REPORTS:
        if key in entries:
            ChangeReport.objects.get_or_create(
                voorziening=entries[key],
                reason=reason,
                text=text,
                defaults={"reporter": reporter, "reporter_name": "" if reporter else "Demo-medewerker"},
            )
    for key, text, detail, value in VALUE_REPORTS:
        entry = Voorziening.objects.filter(slug=key).first()
        if entry is not None:
            ChangeReport.objects.get_or_create(
                voorziening=entry,
                reason=ChangeReport.Reason.WRONG,
                text=text,
                defaults={
                    "proposed_field": detail,
                    "proposed_value": value,
                    "reporter": reporter,
                    "reporter_name": "" if reporter else "Demo-medewerker",
                },
            )
    ChangeReport.objects.get_or_create(
        voorziening=None,
        reason=ChangeReport.Reason.NEW,
        proposed_name=NEW_REPORT[0],
        text=NEW_REPORT[1],
        defaults={"reporter": reporter, "reporter_name": "" if reporter else "Demo-medewerker"},
    )
