"""The "bewijs van deelname" as a PDF (reportlab), one page A4."""

import io
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

#: The fonts ship with the project (DejaVu Sans, licence in ``fonts/LICENSE``): every
#: Latin-script name (ĳ, ą, ş, ł, …) renders on any machine, whatever fonts it has installed.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
REGULAR, BOLD = "LeergangSans", "LeergangSans-Bold"


def _fonts():
    """(regular, bold) font names, registered once from the project's own font files."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, path in ((REGULAR, FONT_REGULAR), (BOLD, FONT_BOLD)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return REGULAR, BOLD


def hours_text(certificate):
    """The accreditation hours of a certificate as a register reads them; for a refresher, which
    earns no new hours, that it has none. ``""`` for a module without accreditation hours: its
    certificate has no hours line at all."""
    if certificate.hours:
        return _("%(hours)s hours (net learning time)") % {
            "hours": number_format(certificate.hours, decimal_pos=1)
        }
    if certificate.is_refresher:
        return _("0 hours (a refresher earns no new accreditation hours)")
    return ""


def certificate_lines(certificate, verify_url):
    """The certificate's text, line by line as (style, text): testable without reading a PDF.

    Name and module stand out on lines of their own, but the lines read as one sentence
    (in Dutch: "Hierbij verklaren wij dat <naam> / de module “<titel>” / op <datum> heeft
    afgerond."), so each connecting line is translated with its place in that sentence.
    """
    lines = [
        ("title", _("Certificate of participation")),
        ("sub", "Leergang Toegang – " + _("youth care access in Zoetermeer")),
        ("gap", ""),
        ("text", _("This is to certify that")),
        ("name", certificate.full_name),
        ("text", pgettext("certificate: between the name and the module title", "completed the module")),
        ("module", f"“{certificate.module_title}”"),
        (
            "text",
            pgettext("certificate: after the module title, ends the sentence", "on %(date)s.")
            % {"date": date_format(certificate.completed_on, "j F Y")},
        ),
    ]
    if certificate.is_refresher:
        lines.append(("text", _("This completion is a refresher of the module.")))
    if hours := hours_text(certificate):
        lines.append(("text", _("Accreditation hours: %(hours)s.") % {"hours": hours}))
    lines += [
        ("gap", ""),
        ("small", _("Verification code: %(code)s") % {"code": certificate.code}),
        ("small", _("Check this certificate at %(url)s") % {"url": verify_url}),
    ]
    return lines


STYLES = {
    "title": (True, 26, 14 * mm),
    "sub": (False, 12, 16 * mm),
    "gap": (False, 10, 8 * mm),
    "text": (False, 13, 10 * mm),
    "name": (True, 20, 12 * mm),
    "module": (True, 16, 12 * mm),
    "small": (False, 10, 6 * mm),
}


def render_certificate_pdf(certificate, verify_url) -> bytes:
    """The PDF bytes of a certificate; the text is Dutch whatever language is active."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    # The project's font from the start too, so no base-14 font (Helvetica) is in the file.
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, lang="nl-NL", initialFontName=regular)
    width, height = A4
    with translation.override("nl"):
        lines = certificate_lines(certificate, verify_url)
        title = _("Certificate of participation")
        pdf.setTitle(f"{title} – {certificate.module_title}")
        pdf.setSubject(
            _("%(title)s of %(name)s for the module “%(module)s”")
            % {"title": title, "name": certificate.full_name, "module": certificate.module_title}
        )
    pdf.setAuthor("Leergang Toegang")
    pdf.setCreator("Leergang Toegang")
    pdf.setStrokeColor(colors.HexColor("#1f2a44"))
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    y = height - 55 * mm
    for style, text in lines:
        is_bold, size, advance = STYLES[style]
        if text:
            pdf.setFont(bold if is_bold else regular, size)
            pdf.setFillColor(colors.HexColor("#1f2a44") if style in ("title", "name") else colors.black)
            for part in _wrap(text, bold if is_bold else regular, size, width - 50 * mm):
                pdf.drawCentredString(width / 2, y, part)
                y -= size * 0.45 * mm
        y -= advance
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text, font, size, max_width):
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(candidate, font, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current] if current else lines
