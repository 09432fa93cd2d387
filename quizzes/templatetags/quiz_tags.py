import re

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from content.markdown import markdown_to_text, render_markdown

from ..questions import question_label

register = template.Library()

_BLOCK_LINE = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|\||#|>|```)")
_PARAGRAPHS = re.compile(r"</p>\s*<p>")
_NOT_PHRASING = re.compile(r"<(ul|ol|li|table|h[1-6]|pre|blockquote|dl|hr|div)\b")


def _keep_line_breaks(text: str) -> str:
    """A single line break in a question is a line break (as it always was), not a space:
    Markdown's hard break (two spaces) on lines that do not start or precede a list, table,
    heading or quote."""
    lines = (text or "").split("\n")
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        structure = _BLOCK_LINE.match(line) or _BLOCK_LINE.match(following)
        if line.strip() and following.strip() and not structure:
            lines[index] = line.rstrip() + "  "
    return "\n".join(lines)


@register.filter
def quiz_text(text):
    """A text of a quiz (Markdown: from the editor, a GIFT or a Moodle file) as safe HTML."""
    return render_markdown(_keep_line_breaks(text))


@register.filter
def quiz_text_inline(text):
    """The same for places that hold phrasing content only (a legend, a label, a span):
    paragraphs become line breaks; a text with lists or tables is shown as its plain words."""
    html = str(render_markdown(_keep_line_breaks(text))).strip()
    if _NOT_PHRASING.search(html):
        return linebreaks(markdown_to_text(text)).removeprefix("<p>").removesuffix("</p>")
    html = _PARAGRAPHS.sub("<br><br>", html).removeprefix("<p>").removesuffix("</p>")
    # still render_markdown's sanitised output: only the outer <p> tags were taken off
    return SafeString(html)


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
