"""Dutch and look (issue 16): a favicon, one form of address in the admin ("je", as Wagtail's own
Dutch admin), one date format ("27 oktober 2026", never "27 Okt 2026")."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_page_links_a_favicon_svg_with_an_ico_fallback(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert Path(finders.find("favicon.svg")).read_text().startswith("<svg")
    assert Path(finders.find("favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an icon file


@pytest.mark.parametrize(
    "msgid",
    [
        "Are you sure you want to unpublish this %(model_name)s?",
        "Are you sure you want to delete this %(model_name)s?",
        "Are you sure you want to delete this site?",
        "Leave blank if not changing.",
        "Your old password was entered incorrectly. Please enter it again.",
        "Your password can’t be entirely numeric.",
    ],
)
def test_the_admin_says_je_as_wagtails_dutch_admin_does(msgid):
    dutch = gettext(msgid)
    assert dutch != msgid
    words = set(dutch.replace("?", " ").replace(".", " ").replace(",", " ").lower().split())
    assert not words & {"u", "uw"}, dutch
    assert words & {"je", "jouw"}, dutch


def test_the_password_length_rule_says_je_too():
    text = ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        10,
    )
    assert text.startswith("Je wachtwoord")


def test_the_admin_check_column_writes_the_month_out():
    cell = render_to_string(
        "kaart/admin/last_checked_cell.html", {"value": datetime.date(2026, 10, 27), "column": None}
    )
    assert "27 oktober 2026" in cell and "Okt" not in cell


def test_a_never_checked_entry_reads_as_never_checked_not_never_out_of_date():
    html = render_to_string("kaart/admin/last_checked_cell.html", {"value": None, "stale": True})
    cell = " ".join(html.split())
    assert "nooit gecontroleerd" in cell
    assert "nooit <span" not in cell  # "nooit" followed by the "verouderd" label read "nooit verouderd"


def test_no_template_writes_a_short_or_numeric_month():
    """One project date format: the month written out ("27 oktober 2026")."""
    offenders = []
    for path in ROOT.glob("*/**/templates/**/*.html"):
        if "node_modules" in path.parts or ".venv" in path.parts:
            continue
        text = path.read_text()
        for bad in ('date:"j M Y"', 'date:"d M Y"', 'date:"M j"'):
            if bad in text:
                offenders.append((str(path.relative_to(ROOT)), bad))
    assert offenders == []
