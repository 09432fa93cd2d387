"""Text of questions written elsewhere (Moodle's four text formats) as our Markdown.

Every text of a quiz is Markdown that :func:`content.markdown.render_markdown` turns into safe
HTML. Moodle stores a format with every text:

* ``html``: converted with markdownify (paragraphs, line breaks, lists, bold/italic, links and
  tables keep their meaning) after ``<style>``, ``<script>``, comments and Word's conditional
  comments are removed *with* their content. Images, audio, video and embedded objects cannot be
  brought along (the files stay in Moodle): each is left out and named in a warning.
* ``markdown``: kept as it is.
* ``plain``: Markdown's special characters are escaped, so the text reads as written.
* ``moodle`` (Moodle's "auto-format", also the default of a GIFT file): HTML when it contains
  HTML elements, else kept as it is (our own GIFT files are written this way).

No database, no Django models: plain functions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    MarkupResemblesLocatorWarning,
    NavigableString,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)
from django.utils.translation import gettext as _
from markdownify import ATX, SPACES, MarkdownConverter

HTML, MARKDOWN, PLAIN, MOODLE = "html", "markdown", "plain", "moodle"

#: Moodle XML ``format`` attribute values → our names.
XML_FORMATS = {
    "html": HTML,
    "markdown": MARKDOWN,
    "plain_text": PLAIN,
    "plain": PLAIN,
    "moodle_auto_format": MOODLE,
    "moodle": MOODLE,
}

#: Removed with everything inside them: code, styling, document metadata.
DROP_WITH_CONTENT = ("style", "script", "head", "title", "xml", "template", "noscript", "meta", "link")
#: Media that cannot be brought along: left out, named in a warning.
MEDIA = ("img", "audio", "video", "source", "track", "embed", "object", "iframe", "picture", "svg")
_PLUGINFILE = "@@PLUGINFILE@@"
_PLAIN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_HTML_ELEMENT = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class Converted:
    text: str
    media: list[str] = field(default_factory=list)  # one description per left-out reference


class _Converter(MarkdownConverter):
    """markdownify with our choices: ATX headings, "-" bullets, two spaces for a line break."""

    def __init__(self, **options):
        super().__init__(heading_style=ATX, bullets="-", newline_style=SPACES, escape_misc=False, **options)


def _media_labels():
    return {
        "img": _("image “%(name)s”"),
        "picture": _("image “%(name)s”"),
        "svg": _("image “%(name)s”"),
        "audio": _("audio “%(name)s”"),
        "video": _("video “%(name)s”"),
    }


def _media_name(tag: Tag) -> str:
    """How a warning names a media element: its kind, its file name and its alt text."""
    source = tag.get("src") or tag.get("data") or ""
    if not source:
        inner = tag.find("source")
        source = inner.get("src", "") if isinstance(inner, Tag) else ""
    source = str(source).replace(_PLUGINFILE + "/", "").replace(_PLUGINFILE, "").strip()
    alt = " ".join(str(tag.get("alt") or tag.get("title") or "").split())
    label = _media_labels().get(tag.name, _("embedded content “%(name)s”"))
    name = label % {"name": source or tag.name}
    return f"{name} ({alt})" if alt else name


def _is_marker(node) -> bool:
    return isinstance(node, (Declaration, ProcessingInstruction))


def _drop_conditional_sections(soup):
    """Word's downlevel-revealed conditionals ``<![if …]> … <![endif]>``: drop them whole."""
    for marker in list(soup.find_all(string=_is_marker)):
        if marker.parent is None:
            continue
        if str(marker).strip().lower().startswith("if"):
            node = marker.next_sibling
            while node is not None:
                following = node.next_sibling
                is_end = (
                    isinstance(node, (Declaration, ProcessingInstruction))
                    and str(node).strip().lower() == "endif"
                )
                node.extract()
                if is_end:
                    break
                node = following
        marker.extract()


def _drop_comments(soup):
    """Comments go, and so does the tail of a "nested" comment (``<!-- a <!-- b --> c -->``:
    HTML ends the comment at the first ``-->``, leaving `` c -->`` as text)."""
    for comment in list(soup.find_all(string=lambda s: isinstance(s, Comment))):
        following = comment.next_sibling
        comment.extract()
        if isinstance(following, NavigableString) and not isinstance(following, Comment):
            text = str(following)
            if "-->" in text:
                following.replace_with(text.split("-->", 1)[1])


def html_to_markdown(html: str) -> Converted:
    with warnings.catch_warnings():
        # a text that looks like XML or like a file name is still read as the HTML it claims to be
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    _drop_conditional_sections(soup)
    _drop_comments(soup)
    for tag in soup.find_all(DROP_WITH_CONTENT):
        tag.decompose()
    media = []
    for tag in soup.find_all(MEDIA):
        if tag.parent is None or tag.decomposed:
            continue
        media.append(_media_name(tag))
        tag.decompose()
    for link in soup.find_all("a"):
        href = str(link.get("href") or "")
        if href.startswith(_PLUGINFILE):
            media.append(_("the linked file “%(name)s”") % {"name": href.replace(_PLUGINFILE + "/", "")})
            link.unwrap()
    text = _Converter().convert_soup(soup)
    lines = [line if line.endswith("  ") and line.strip() else line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return Converted(_BLANK_LINES.sub("\n\n", text).strip(), media)


def escape_plain(text: str) -> str:
    return _PLAIN_SPECIAL.sub(r"\\\1", text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_ELEMENT.search(text))


def to_markdown(text: str, fmt: str) -> Converted:
    """``text`` in Moodle format ``fmt`` (html / markdown / plain / moodle) as our Markdown."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if fmt == HTML or (fmt == MOODLE and looks_like_html(text)):
        return html_to_markdown(text)
    if fmt == PLAIN:
        return Converted(escape_plain(text).strip())
    return Converted(text.strip())
