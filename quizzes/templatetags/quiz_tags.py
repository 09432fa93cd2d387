import re

from django import template
from django.utils.translation import gettext as _

from ..questions import question_label

register = template.Library()


@register.inclusion_tag("quizzes/includes/question_label.html")
def question_name(situation, text):
    """A question in a table: its short label (for a casus the start of the situation and the
    question); when that is shortened, the full text behind a <details> (no JavaScript)."""
    label = question_label(situation or "", text or "")
    whole = question_label(situation or "", text or "", length=10**6)
    return {"label": label, "shortened": label != whole, "situation": situation, "text": text}


_DOCUMENT_RE = re.compile(r"^(?P<file>[\w.-]+\.(?:txt|pdf|docx?|md)):(?P<lines>\d+(?:\s*[-–]\s*\d+)?)$")
_SITE_RE = re.compile(r"^(?:https?://)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?P<path>/\S*)?$", re.IGNORECASE)


@register.filter
def quiz_sources(value):
    """``"a.txt:140-143; ncj.nl/giz"`` → [{"label": "a.txt, regels 140–143"}, {"label": "ncj.nl/giz",
    "url": "https://ncj.nl/giz"}]: documents with their lines, sites as links."""
    parts = []
    for raw in (value or "").split(";"):
        item = raw.strip()
        if not item:
            continue
        document = _DOCUMENT_RE.match(item)
        site = _SITE_RE.match(item)
        if document:
            lines = re.sub(r"\s*[-–]\s*", "–", document.group("lines"))
            label = _("lines") if "–" in lines else _("line")
            parts.append({"label": f"{document.group('file')}, {label} {lines}"})
        elif site:
            url = item if item.lower().startswith(("http://", "https://")) else "https://" + item
            parts.append({"label": item, "url": url})
        else:
            parts.append({"label": item})
    return parts


@register.filter
def percent(value, digits=0):
    """0.734 → "73"; None → "–"."""
    if value is None:
        return "–"
    return f"{100 * float(value):.{int(digits)}f}"


@register.filter
def signed(value):
    """A gain in percentage points: +12, −3, 0; None → "–"."""
    if value is None:
        return "–"
    rounded = round(float(value))
    if rounded > 0:
        return f"+{rounded}"
    if rounded < 0:
        return f"−{abs(rounded)}"
    return "0"


@register.filter
def rounded(value):
    return "–" if value is None else f"{float(value):.0f}"


@register.filter
def pct(value):
    """A value already in percent (0..100) → "73%"; None → "–"."""
    return "–" if value is None else f"{float(value):.0f}%"
