"""The certificate PDF: the project's own fonts (never the operating system's), every character
of a name, and the document's metadata."""

import datetime
import io

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

from modules import certificates
from modules.models import Certificate

NAME = "Ĳsbrand Łukasz Şahin-Wąsowska"


@pytest.fixture
def no_system_fonts(monkeypatch):
    """As on a machine without fonts: reportlab finds none of its own search path, and the
    project's fonts are registered afresh (not left over from an earlier test)."""
    monkeypatch.setattr(rl_config, "TTFSearchPath", [])
    for name in (certificates.REGULAR, certificates.BOLD):
        monkeypatch.delitem(pdfmetrics._fonts, name, raising=False)
    yield
    for name in (certificates.REGULAR, certificates.BOLD):
        pdfmetrics._fonts.pop(name, None)


def render(**fields):
    values = {
        "full_name": NAME,
        "module_title": "Kostenbewust handelen",
        "completed_on": datetime.date(2026, 3, 12),
        "hours": 1.5,
        "code": "ABCD-EFGH-JKLM-NPQR",
    }
    return certificates.render_certificate_pdf(Certificate(**(values | fields)), "https://x/certificaat/")


def test_the_fonts_are_the_projects_own_files_with_their_licence(no_system_fonts):
    render()
    for name, path in (
        (certificates.REGULAR, certificates.FONT_REGULAR),
        (certificates.BOLD, certificates.FONT_BOLD),
    ):
        assert pdfmetrics.getFont(name).face.filename == str(path)
        assert path.is_file() and path.parent.name == "fonts" and path.parent.parent.name == "modules"
    assert "Bitstream" in (certificates.FONT_DIR / "LICENSE").read_text()


def test_every_character_of_the_name_is_in_the_pdf_text(no_system_fonts):
    reader = PdfReader(io.BytesIO(render()))
    text = reader.pages[0].extract_text()
    assert NAME in text
    assert "Bewijs van deelname" in text and "“Kostenbewust handelen”" in text
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


def test_the_pdf_carries_title_author_subject_and_language(no_system_fonts):
    reader = PdfReader(io.BytesIO(render()))
    meta = reader.metadata
    assert meta.title == "Bewijs van deelname – Kostenbewust handelen"
    assert meta.author == "Leergang Toegang"
    assert meta.subject == f"Bewijs van deelname van {NAME} voor de module “Kostenbewust handelen”"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
