"""Small pieces of presentation shared by every template: tappable phone numbers and tables that
scroll inside their own region on a phone."""

import itertools
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from content.markdown import scrolling_tables

register = template.Library()

# Dutch numbers as people write them: 079-000 1499, 06 1234 5678, +31 79 000 1499, 0800-1234,
# 0900-123 4567, 088 123 45 67. Not part of a longer number or word.
PHONE_NUMBER = re.compile(
    r"(?<![\w+])(?:0[89]00[\s-]?\d{3}[\s-]?\d(?:[\s-]?\d){0,3}|(?:\+31[\s-]?(?:\(0\))?|0)[1-9](?:[\s-]?\d){8})(?![\w])"
)


def tel_href(number):
    """The ``tel:`` address of a number as written: digits only, +31 kept."""
    digits = re.sub(r"\(0\)|[^\d+]", "", number)
    return "tel:" + digits


@register.filter(name="tel", is_safe=True, needs_autoescape=True)
def tel(text, autoescape=True):
    """Every phone number in ``text`` (a phone field or a sentence with numbers in it) becomes a
    link a phone can dial; the rest of the text stays as it is, escaped."""
    if not text:
        return ""
    text = str(text)
    escape = conditional_escape if autoescape else (lambda value: value)
    parts, last = [], 0
    for match in PHONE_NUMBER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(
            format_html(
                '<a class="utrecht-link lt-tel" href="{}">{}</a>', tel_href(match.group(0)), match.group(0)
            )
        )
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308  (every part escaped above)


class ScrollTableNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    # Captions without an id get one that is unique on the page (and in the process).
    numbers = itertools.count(1)

    def render(self, context):
        html = self.nodelist.render(context)
        prefix = f"tabel-{next(self.numbers)}"
        return mark_safe(  # noqa: S308  (our own template's output, only wrapped)
            scrolling_tables(html, label=gettext("Table"), id_prefix=prefix)
        )


@register.tag(name="scrolltable")
def scrolltable(parser, token):
    """``{% scrolltable %}<table>…<caption>…</caption>…</table>{% endscrolltable %}``: the table
    scrolls inside a focusable region named by its caption, so the page itself never gets wider
    than the screen (WCAG 1.4.10)."""
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist)
