"""The one place where Markdown becomes HTML.

Every template, block and view that shows Markdown calls :func:`render_markdown`; nothing else
renders or sanitises Markdown. The output is cleaned with bleach against an explicit allowlist of
tags, attributes and URL schemes, so HTML or script that an author (or an attacker who got hold of
an account) puts in Markdown is shown inert.

Choices, so that a reviewer can check them:

- Markdown extensions are chosen one by one (not ``extra``): tables, abbreviations, definition
  lists, fenced code, sane lists and typographic quotes. ``attr_list`` and ``md_in_html`` are
  left out on purpose: they exist to put attributes and raw HTML into the output.
- Raw HTML in the Markdown is *stripped*, not escaped: an allowed tag (``<sup>``, ``<abbr>``)
  keeps working, any other tag disappears and its text stays. Escaping would show authors'
  stray tags as ``&lt;tag&gt;`` text in a lesson, which helps no learner.
- Elements whose content is code or not meant to be read (``<script>``, ``<style>``,
  ``<iframe>``, ``<svg>`` …) are removed *with* their content, so ``<script>alert(1)</script>``
  leaves nothing behind instead of the text "alert(1)".
- Attributes: only those listed in :data:`ALLOWED_ATTRIBUTES` (no ``style``, no ``on…`` event
  handlers, no ``class``/``id``). URLs: only the schemes in :data:`ALLOWED_PROTOCOLS` and
  relative links (so no ``javascript:``, ``data:``, ``vbscript:``).
"""

import functools
import html as html_module
import re

import bleach
import markdown
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

MARKDOWN_EXTENSIONS = ["tables", "abbr", "def_list", "fenced_code", "sane_lists", "smarty"]
MARKDOWN_EXTENSION_CONFIGS = {
    "smarty": {
        "substitutions": {
            "left-double-quote": "&ldquo;",
            "right-double-quote": "&rdquo;",
            "left-single-quote": "&lsquo;",
            "right-single-quote": "&rsquo;",
        }
    }
}

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "td": ["align"],
    "th": ["align", "scope"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# Removed together with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "applet",
        "embed",
        "frame",
        "frameset",
        "iframe",
        "math",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "plaintext",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "xmp",
    }
)


class _DropWithContentFilter(html5lib_shim.Filter):
    """Drop the elements of :data:`DROP_WITH_CONTENT` and every token inside them."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            name = (token.get("name") or "").lower()
            if name in DROP_WITH_CONTENT:
                if kind == "StartTag":
                    depth += 1
                elif kind == "EndTag":
                    depth = max(depth - 1, 0)
                continue  # EmptyTag (e.g. <embed/>) and the tags themselves: never output
            if depth == 0:
                yield token


def _link_attrs(attrs, new=False):
    """Links to other sites get rel="noopener noreferrer" (they open in the same tab)."""
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "noopener noreferrer"
    return attrs


# One pass: the dangerous elements are "allowed" to the parser only so that it parses their
# content as the browser would (raw text for <script>/<style>); the first filter then drops them
# whole, the second turns bare addresses into links (not inside code). Linkifying inside the
# cleaner, rather than with a separate ``bleach.Linker``, also avoids escaping code twice.
_dropping_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROP_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        _DropWithContentFilter,
        functools.partial(
            LinkifyFilter, callbacks=[_link_attrs], skip_tags={"pre", "code"}, parse_email=False
        ),
    ],
)
# The links come from our callback; clean once more to be sure nothing else slipped through.
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def normalise_newlines(text):
    """``\\r\\n`` and lone ``\\r`` (what a browser's textarea sends, what Windows saves) as ``\\n``,
    so that a revision comparison shows only the lines that really changed."""
    if not isinstance(text, str):
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitised HTML (a ``SafeString``); empty input gives ''."""
    if not text:
        return mark_safe("")
    return _render(str(text))


# A pure function of the text, so the same lesson rendered again (a page view, the search
# index asking for a field several times) costs nothing. Bounded: at most this many texts.
@functools.lru_cache(maxsize=512)
def _render(text: str) -> SafeString:
    html = markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_EXTENSION_CONFIGS,
        output_format="html",
    )
    cleaned = _cleaner.clean(_dropping_cleaner.clean(html))
    return mark_safe(scrolling_tables(cleaned, label=gettext("Table")))  # noqa: S308  (sanitised above)


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL | re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b([^>]*)>", re.IGNORECASE)
_ID = re.compile(r"""\bid=["']([^"']+)["']""", re.IGNORECASE)


def scrolling_tables(html: str, *, label: str = "", id_prefix: str = "tabel") -> str:
    """Put every table of ``html`` in its own focusable region that scrolls sideways (WCAG 1.4.10:
    a wide table must not make the page wider than a phone).

    The region is named by the table's caption (``aria-labelledby``; a caption without an id
    gets one, ``<id_prefix>-<n>``); a table without a caption (Markdown has none) is named by
    ``label``. ``html`` must be trusted or sanitised markup: this only adds the wrapper.
    """
    counter = iter(range(1, 10_000))

    def wrap(match):
        table = match.group(0)
        caption = _CAPTION.search(table)
        if caption is None:
            name = f'aria-label="{escape(label)}"'
        else:
            found = _ID.search(caption.group(1))
            if found:
                caption_id = found.group(1)
            else:
                caption_id = f"{id_prefix}-{next(counter)}"
                table = table.replace(caption.group(0), f'<caption id="{caption_id}"{caption.group(1)}>', 1)
            name = f'aria-labelledby="{escape(caption_id)}"'
        return f'<div class="table-scroll" tabindex="0" role="region" {name}>{table}</div>'

    return _TABLE.sub(wrap, html)


def markdown_to_text(text: str) -> str:
    """The readable text of some Markdown, without markup (for search and snippets)."""
    if not text:
        return ""
    return _to_text(str(text))


@functools.lru_cache(maxsize=512)
def _to_text(text: str) -> str:
    return " ".join(html_module.unescape(strip_tags(render_markdown(text))).split())


__all__ = ["render_markdown", "markdown_to_text", "scrolling_tables", "SafeString"]
