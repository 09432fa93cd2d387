"""Markdown in lessons renders through one function, and hostile input comes out inert."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from content.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_to_text, render_markdown

# (payload, text that must not survive in the output, even as plain text)
PAYLOADS = [
    ("<script>alert('xss')</script>", "alert"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example"),
    ("<script>\ndocument.cookie\n</script>\n\nNa het script.", "document.cookie"),
    ("<style>body { display: none }</style>", "display"),
    ("<iframe src='https://evil.example'>inhoud</iframe>", "evil.example"),
    ("<svg onload=alert(1)><circle r='1'/></svg>", "alert"),
    ("<math><mtext><script>alert(1)</script></mtext></math>", "alert"),
    ("<object data='javascript:alert(1)'>x</object>", "javascript"),
    ("<embed src='javascript:alert(1)'>", "javascript"),
    ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", "onerror"),
    ("<template><img src=x onerror=alert(1)></template>", "onerror"),
    ("<textarea><script>alert(1)</script></textarea>", "alert"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<p onclick='alert(1)'>klik</p>", "onclick"),
    ("<a href='#' onmouseover='alert(1)'>link</a>", "onmouseover"),
    ("<details open ontoggle=alert(1)>x</details>", "ontoggle"),
    ("<input autofocus onfocus=alert(1)>", "onfocus"),
    ("<body onload=alert(1)>", "onload"),
    ("[klik](javascript:alert(1))", "javascript"),
    ("[klik](JaVaScRiPt:alert(1))", "javascript"),
    ("[klik]( javascript:alert(1))", "javascript"),
    ("<a href='java&#x09;script:alert(1)'>x</a>", "script:"),
    ("<a href='&#106;avascript:alert(1)'>x</a>", "avascript"),
    ("[klik](vbscript:msgbox(1))", "vbscript"),
    ("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:"),
    ("![plaatje](data:image/svg+xml;base64,PHN2Zz4=)", "data:"),
    ("<a href='data:text/html,<script>alert(1)</script>'>x</a>", "data:"),
    ("<p style='background:url(javascript:alert(1))'>x</p>", "style"),
    ("<div style='position:fixed;top:0'>overlay</div>", "style"),
    ('Alinea\n{: onclick="alert(1)" }', 'onclick="'),
    ("<form action='https://evil.example'><button>Verstuur</button></form>", "evil.example"),
    ("<meta http-equiv='refresh' content='0;url=https://evil.example'>", "evil.example"),
    ("<link rel=stylesheet href='https://evil.example/x.css'>", "evil.example"),
    ("<base href='https://evil.example/'>", "evil.example"),
    ("<!-- <script>alert(1)</script> -->", "alert"),
    ("<scr<script>ipt>alert(1)</script>", "alert"),
    ("<<script>script>alert(1)<</script>/script>", "alert"),
]

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, []):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                url = "".join((value or "").split()).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
                if scheme and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"href {value!r}")

    handle_startendtag = handle_starttag


def assert_inert(html):
    """Parse the output as a browser would: only allowlisted tags, attributes and URL schemes."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, (inspector.problems, html)


@pytest.mark.parametrize(("payload", "gone"), PAYLOADS)
def test_hostile_markdown_renders_inert(payload, gone):
    html = str(render_markdown(payload))
    assert_inert(html)
    assert gone.lower() not in html.lower(), html


def test_script_and_style_content_is_removed_not_shown_as_text():
    html = render_markdown("Voor <script>stealCookies()</script> na. <style>.x{color:red}</style>Einde")
    assert "stealCookies" not in html
    assert "color:red" not in html
    assert "Voor" in html and "na." in html and "Einde" in html


def test_other_unknown_tags_are_stripped_but_their_text_stays():
    html = render_markdown("Een <span class='x'>belangrijk</span> woord en <marquee>oud</marquee>.")
    assert "<span" not in html and "<marquee" not in html
    assert "belangrijk" in html and "oud" in html


def test_text_that_looks_like_html_is_escaped():
    html = render_markdown("Als 5 < 6 en a & b, dan 7 > 3.")
    assert "5 &lt; 6" in html and "a &amp; b" in html and "7 &gt; 3" in html


def test_code_shows_its_characters_once_escaped():
    # What the reader sees in code is exactly what the author typed: escaped once, not twice.
    inline = render_markdown("Typ `a<b && c>d` in het veld.")
    assert "<code>a&lt;b &amp;&amp; c&gt;d</code>" in inline
    block = render_markdown("```\nif x < y && z:\n    zie https://x.nl\n```")
    assert "<pre><code>if x &lt; y &amp;&amp; z:" in block
    assert "<a " not in block  # no links made inside code
    assert "&amp;lt;" not in inline + block and "&amp;amp;" not in inline + block


def test_leerstof_markdown_keeps_its_structure():
    html = render_markdown(
        "## Kop\n\nTekst met **vet**, *schuin* en H<sub>2</sub>O.\n\n"
        "| Partner | Rol |\n|---|---|\n| JGH | regie |\n\n"
        "1. een\n2. twee\n\n[NCJ](https://www.ncj.nl) en mail@example.org\n\n`code`"
    )
    for fragment in ["<h2>Kop</h2>", "<strong>vet</strong>", "<em>schuin</em>", "<sub>2</sub>", "<table>"]:
        assert fragment in html
    assert "<th>Partner</th>" in html and "<td>regie</td>" in html
    assert "<ol>" in html and "<code>code</code>" in html
    assert '<a href="https://www.ncj.nl" rel="noopener noreferrer">NCJ</a>' in html


def test_bare_urls_become_safe_links():
    html = render_markdown("Zie https://www.zoetermeer.nl voor meer.")
    assert '<a href="https://www.zoetermeer.nl" rel="noopener noreferrer">' in html


def test_allowed_links_keep_mailto_tel_and_relative_urls():
    html = render_markdown("[mail](mailto:a@example.org) [bel](tel:0791234567) [les](/modules/giz/)")
    assert 'href="mailto:a@example.org"' in html
    assert 'href="tel:0791234567"' in html
    assert 'href="/modules/giz/"' in html


def test_empty_input_gives_empty_output():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_template_filter_uses_the_same_renderer():
    html = Template("{% load leerstof %}{{ text|markdown }}").render(
        Context({"text": "**vet** <script>alert(1)</script>"})
    )
    assert "<strong>vet</strong>" in html and "alert" not in html and "<script" not in html


def test_markdown_to_text_gives_the_readable_words():
    assert markdown_to_text("## Kop\n\nEen *tekst* met [link](https://x.nl) &amp; meer") == (
        "Kop Een tekst met link & meer"
    )


FRAGMENTS = st.sampled_from(
    [p for p, _ in PAYLOADS]
    + ["tekst", "**vet**", "\n\n", "<", ">", '"', "'", "=", "[a](", ")", "<a ", "href="]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=12))
def test_any_mix_of_text_and_payloads_renders_inert(parts):
    assert_inert(str(render_markdown("".join(parts))))
