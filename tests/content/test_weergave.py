"""Tappable phone numbers and tables that scroll in their own region (issue 11 WCAG 1.4.10, issue
16 tel: links), rendered as a template would."""

import pytest
from django.template import Context, Template

from content.markdown import markdown_to_text, render_markdown


def render(source, **context):
    return Template("{% load weergave %}" + source).render(Context(context))


def test_a_phone_field_becomes_a_tel_link():
    html = render("{{ phone|tel }}", phone="079-000 1400")
    assert html == '<a class="utrecht-link lt-tel" href="tel:0790001400">079-000 1400</a>'


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("06 1234 5678", "tel:0612345678"),
        ("+31 (0)79 000 1499", "tel:+31790001499"),
        ("0800-2000", "tel:08002000"),
        ("0900 123 4567", "tel:09001234567"),
    ],
)
def test_the_ways_people_write_numbers_dial(written, href):
    assert f'href="{href}"' in render("{{ phone|tel }}", phone=written)


def test_numbers_in_a_sentence_become_links_and_the_rest_stays_escaped():
    note = "Bij <spoed>: direct lijn 079-000 1499, of de coördinator: 079-000 2299. Dossier 12345."
    html = render("{{ note|tel }}", note=note)
    assert html.count('class="utrecht-link lt-tel"') == 2
    assert 'href="tel:0790001499">079-000 1499</a>' in html
    assert "&lt;spoed&gt;" in html and "<spoed>" not in html
    assert "Dossier 12345." in html  # not a phone number


def test_no_number_no_link():
    assert render("{{ phone|tel }}", phone="") == ""
    assert "<a" not in render("{{ text|tel }}", text="Bel het wijkteam.")


def test_a_template_table_scrolls_in_a_region_named_by_its_caption():
    html = render(
        "{% scrolltable %}<table><caption>Jouw pogingen</caption><tr><td>1</td></tr></table>"
        "{% endscrolltable %}"
    )
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" aria-labelledby="tabel-')
    caption_id = html.split('aria-labelledby="')[1].split('"')[0]
    assert f'<caption id="{caption_id}">Jouw pogingen</caption>' in html


def test_a_caption_with_an_id_keeps_it_and_two_tables_get_two_names():
    html = render(
        '{% scrolltable %}<table><caption id="eigen">A</caption></table>{% endscrolltable %}'
        "{% scrolltable %}<table><caption>B</caption></table>{% endscrolltable %}"
        "{% scrolltable %}<table><caption>C</caption></table>{% endscrolltable %}"
    )
    assert 'aria-labelledby="eigen"' in html
    ids = [part.split('"')[0] for part in html.split('aria-labelledby="')[1:]]
    assert len(set(ids)) == 3


def test_a_markdown_table_scrolls_in_a_named_region():
    html = str(render_markdown("| Partner | Rol |\n|---|---|\n| JGH | casusregie |"))
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" aria-label="Tabel"><table>')
    assert html.endswith("</table></div>")
    text = markdown_to_text("| Partner | Rol |\n|---|---|\n| JGH | casusregie |")
    assert text == "Partner Rol JGH casusregie"


def test_markdown_without_tables_is_unchanged():
    assert "table-scroll" not in str(render_markdown("Een alinea met **vet**."))
