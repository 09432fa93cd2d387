"""/zoeken/?q=: search over the published modules and lessons."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from modules.leerstof_import import import_leerstof

from .factories import LessonPageFactory, ModulePageFactory


def results(html):
    """(title, module line) of every result on the page."""
    items = re.findall(r'<li class="lt-search-result">(.*?)</li>', html, flags=re.S)
    return [
        (
            re.search(r'<a class="utrecht-link" href="[^"]+">(.*?)</a>', item)[1],
            re.search(r'lt-meta">(.*?)</p>', item)[1],
        )
        for item in items
    ]


@pytest.fixture
def leerstof(site_tree):
    import_leerstof()


@pytest.fixture
def learner(client, make_user):
    client.force_login(make_user())
    return client


@pytest.mark.django_db
def test_searching_giz_finds_the_giz_lessons(leerstof, learner):
    html = learner.get(reverse("search") + "?q=GIZ").content.decode()
    found = results(html)
    giz_lessons = [title for title, module in found if "GIZ — Gezamenlijk Inschatten Zorgbehoeften" in module]
    assert "Wat GIZ is en waarom Zoetermeer ervoor kiest" in giz_lessons
    assert len(giz_lessons) >= 3
    assert "<mark>GIZ</mark>" in html
    assert re.search(r"\d+ resultaten voor “GIZ”", html)


@pytest.mark.django_db
def test_a_word_from_one_lesson_finds_that_lesson(leerstof, learner):
    html = learner.get(reverse("search") + "?q=Huber").content.decode()
    titles = [title for title, _ in results(html)]
    assert "Gezondheid als veerkracht" in titles


@pytest.mark.django_db
def test_a_word_in_a_single_lesson_finds_only_that_lesson(site_tree, learner):
    _, index = site_tree
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test")
    LessonPageFactory(
        parent=module, title="Over schuldhulp", slug="a", text="De kredietbank helpt bij schulden."
    )
    LessonPageFactory(parent=module, title="Over school", slug="b", text="Leerplicht en verzuim.")
    html = learner.get(reverse("search") + "?q=kredietbank").content.decode()
    assert results(html) == [("Over schuldhulp", "Les in de module Testmodule")]
    assert "<mark>kredietbank</mark>" in html


@pytest.mark.django_db
def test_unpublished_lessons_are_not_found(site_tree, learner):
    _, index = site_tree
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test")
    LessonPageFactory(
        parent=module, title="Concept", slug="c", text="Een geheim woord: zeppelinvaart.", live=False
    )
    html = learner.get(reverse("search") + "?q=zeppelinvaart").content.decode()
    assert results(html) == []
    assert "Geen modules of lessen gevonden voor “zeppelinvaart”" in html


@pytest.mark.django_db
def test_empty_query_asks_for_a_word(site_tree, learner):
    html = learner.get(reverse("search") + "?q=+").content.decode()
    assert "Typ een woord om in de modules en lessen te zoeken" in html
    assert "lt-search-result" not in html


@pytest.mark.django_db
def test_results_are_paginated_and_keep_the_query(site_tree, learner):
    _, index = site_tree
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test")
    for n in range(13):
        LessonPageFactory(
            parent=module, title=f"Les {n}", slug=f"les-{n}", text="Over de wijkcoach in Zoetermeer."
        )
    first = learner.get(reverse("search") + "?q=wijkcoach").content.decode()
    assert len(results(first)) == 10
    assert "13 resultaten" in first and "Pagina 1 van 2" in first
    assert 'href="?q=wijkcoach&amp;pagina=2"' in first
    second = learner.get(reverse("search") + "?q=wijkcoach&pagina=2").content.decode()
    assert len(results(second)) == 3 and 'start="11"' in second
    assert learner.get(reverse("search") + "?q=wijkcoach&pagina=999").status_code == 200
    assert learner.get(reverse("search") + "?q=wijkcoach&pagina=abc").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ['"', '"kredietbank', 'kredietbank"', 'a"b', "kredietbank*", "(kredietbank", "NOT kredietbank OR", "'"],
)
def test_search_syntax_in_the_query_is_just_text(site_tree, learner, query):
    # Quotes, brackets and operators people type are not database search syntax: no error page.
    _, index = site_tree
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test")
    LessonPageFactory(
        parent=module, title="Over schuldhulp", slug="a", text="De kredietbank helpt bij schulden."
    )
    response = learner.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    if "kredietbank" in query and "NOT" not in query:
        assert results(response.content.decode()) == [("Over schuldhulp", "Les in de module Testmodule")]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["kredietbank", "krediet", "Kredietbanken", "schuld"])
def test_search_is_forgiving_like_the_sociale_kaart(site_tree, learner, query):
    # The start of a word or another Dutch word form finds the lesson, as on the sociale kaart.
    _, index = site_tree
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test")
    LessonPageFactory(
        parent=module, title="Over schuldhulp", slug="a", text="De kredietbank helpt bij schuldhulpverlening."
    )
    LessonPageFactory(parent=module, title="Over school", slug="b", text="Leerplicht en verzuim.")
    html = learner.get(reverse("search"), {"q": query}).content.decode()
    assert results(html) == [("Over schuldhulp", "Les in de module Testmodule")]


@pytest.mark.django_db
def test_a_too_long_query_is_shortened_with_a_message(site_tree, learner):
    html = learner.get(reverse("search"), {"q": "kredietbank " * 30}).content.decode()
    assert "ingekort tot 200 tekens" in html


@pytest.mark.django_db
def test_the_query_is_shown_escaped(site_tree, learner):
    html = learner.get(reverse("search"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_search_needs_a_login(site_tree, client):
    response = client.get(reverse("search") + "?q=GIZ")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_search_runs_a_fixed_number_of_queries(site_tree, learner):
    _, index = site_tree

    def count():
        with CaptureQueriesContext(connection) as context:
            assert learner.get(reverse("search") + "?q=wijkcoach").status_code == 200
        return len(context)

    # Both sizes have a module and lessons among the results: one query per page type.
    module = ModulePageFactory(parent=index, title="Testmodule", slug="test", intro="Met de wijkcoach.")
    for n in range(3):
        LessonPageFactory(parent=module, title=f"Les {n}", slug=f"les-{n}", text="Over de wijkcoach.")
    learner.get(reverse("search") + "?q=wijkcoach")
    small = count()
    for m in range(3):
        other = ModulePageFactory(parent=index, title=f"Module {m}", slug=f"m-{m}", intro="Met de wijkcoach.")
        for n in range(8):
            LessonPageFactory(parent=other, title=f"Les {m}.{n}", slug=f"les-{n}", text="Over de wijkcoach.")
    learner.get(reverse("search") + "?q=wijkcoach")  # warm again: new pages move the site generation on
    assert count() == small
