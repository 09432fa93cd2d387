from django import template

from ..questions import question_label

register = template.Library()


@register.inclusion_tag("quizzes/includes/question_label.html")
def question_name(situation, text):
    """A question in a table: its short label (for a casus the start of the situation and the
    question); when that is shortened, the full text behind a <details> (no JavaScript)."""
    label = question_label(situation or "", text or "")
    whole = question_label(situation or "", text or "", length=10**6)
    return {"label": label, "shortened": label != whole, "situation": situation, "text": text}


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
