"""The lesson block shows live entries from the sociale kaart; entries show the lessons that show them
(Wagtail's reference index)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction, ReferenceIndex

from content.kaart.blocks import VoorzieningenBlock
from content.kaart.references import pages_showing
from modules.blocks import LessonStreamBlock

from .factories import CategoryFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db


def render(value):
    block = VoorzieningenBlock()
    return block.render(block.to_python(value))


@pytest.fixture
def lesson(site_tree):
    from modules.models import LessonPage, ModulePage

    _home, index = site_tree
    module = index.add_child(instance=ModulePage(title="Voorliggende voorzieningen", slug="voorliggend"))

    def make(slug, body, parent=module):
        page = parent.add_child(instance=LessonPage(title=slug.title(), slug=slug, body=body, live=False))
        page.save_revision().publish()  # as an editor does, and as the leerstof importer does
        page.refresh_from_db()
        return page

    return make


def shows(category_slug="", items=()):
    return {
        "type": "voorzieningen",
        "value": {"intro": "", "category_slug": category_slug, "limit": 6, "items": list(items)},
    }


def test_block_shows_published_active_entries_of_the_category_with_details():
    scheiding = CategoryFactory(slug="scheiding")
    VoorzieningFactory(
        name="Oudergroep", category=scheiding, summary="Drie avonden", access_route="aanmelden"
    )
    VoorzieningFactory(name="Gesloten groep", category=scheiding, status="tijdelijk-gesloten")
    VoorzieningFactory(name="Gestopte groep", category=scheiding, status="gestopt")
    VoorzieningFactory(name="Concept groep", category=scheiding, publish=False)
    VoorzieningFactory(name="Andere categorie")
    html = render(
        {"intro": "Wat de kaart **nu** toont:", "category_slug": "scheiding", "limit": 6, "items": []}
    )
    assert (
        "Oudergroep" in html and "Drie avonden" in html and "Aanmelden" in html and "gecontroleerd op" in html
    )
    assert "/sociale-kaart/voorziening-" in html and "<strong>nu</strong>" in html
    for hidden in ["Gesloten groep", "Gestopte groep", "Concept groep", "Andere categorie"]:
        assert hidden not in html
    assert reverse("kaart:kaart_index") + "?categorie=scheiding" in html


def test_hand_picked_entries_come_first_then_the_category_up_to_the_limit():
    picked = VoorzieningFactory(name="Zelf gekozen", category=CategoryFactory(slug="welzijn"))
    stopped = VoorzieningFactory(name="Gekozen maar gestopt", status="gestopt")
    for name in ["A-groep", "B-groep", "C-groep"]:
        VoorzieningFactory(name=name, category=CategoryFactory(slug="scheiding"))
    value = VoorzieningenBlock().to_python(
        {"intro": "", "category_slug": "scheiding", "limit": 2, "items": [picked.pk, stopped.pk]}
    )
    names = [entry.name for entry in VoorzieningenBlock.entries(value)]
    assert names == ["Zelf gekozen", "A-groep", "B-groep"]


def test_empty_block_says_so():
    html = render({"intro": "", "category_slug": "bestaat-niet", "limit": 6, "items": []})
    assert "geen actieve voorzieningen" in html


def test_block_renders_in_a_constant_number_of_queries():
    scheiding = CategoryFactory(slug="scheiding")
    value = {"intro": "", "category_slug": "scheiding", "limit": 50, "items": []}
    VoorzieningFactory(category=scheiding)
    with CaptureQueriesContext(connection) as few:
        render(value)
    for _ in range(30):
        VoorzieningFactory(category=scheiding)
    with CaptureQueriesContext(connection) as many:
        html = render(value)
    assert len(many) == len(few) and html.count("<li") == 31


def test_leerstof_importer_shape_is_accepted():
    """The importer writes intro, category_slug and limit only."""
    stream = LessonStreamBlock().to_python(
        [{"type": "voorzieningen", "value": {"intro": "Tekst", "category_slug": "scheiding", "limit": 6}}]
    )
    assert list(stream[0].value["items"]) == []
    assert "Tekst" in stream.render_as_block()


def test_lesson_page_shows_the_block_and_the_entry_shows_the_lesson(client, make_user, lesson):
    scheiding = CategoryFactory(slug="scheiding")
    groep = VoorzieningFactory(name="Oudergroep Twee huizen", category=scheiding)
    gekozen = VoorzieningFactory(name="Geldcafé", category=CategoryFactory(slug="schuldhulp"))
    niets = VoorzieningFactory(name="Niet getoond", category=CategoryFactory(slug="welzijn"))
    by_category = lesson("scheiden", [shows("scheiding")])
    by_hand = lesson("geld", [{"type": "markdown", "value": "Over geld."}, shows(items=[gekozen.pk])])
    both = lesson("alles", [shows("schuldhulp", items=[groep.pk])])
    lesson("tekst", [{"type": "markdown", "value": "Over de Oudergroep Twee huizen en het Geldcafé."}])

    client.force_login(make_user())
    assert "Oudergroep Twee huizen" in client.get(by_category.url).content.decode()
    assert [p.pk for p in pages_showing(groep)] == [by_category.pk, both.pk]  # tree order
    assert [p.pk for p in pages_showing(gekozen)] == [by_hand.pk, both.pk]
    assert pages_showing(niets) == []  # a name in the text is no reference
    detail = client.get(groep.get_absolute_url()).content.decode()
    assert by_category.url in detail and "Scheiden" in detail and both.url in detail
    assert "Nog geen les noemt deze voorziening" in client.get(niets.get_absolute_url()).content.decode()


def test_only_live_public_pages_are_listed(lesson, site_tree):
    from modules.models import ModulePage

    entry = VoorzieningFactory(category=CategoryFactory(slug="scheiding"))
    shown = lesson("zichtbaar", [shows("scheiding")])
    lesson("concept", [shows("scheiding")]).unpublish()
    private_module = site_tree[1].add_child(instance=ModulePage(title="Besloten", slug="besloten"))
    private = lesson("besloten-les", [shows(items=[entry.pk])], parent=private_module)
    PageViewRestriction.objects.create(page=private_module, restriction_type="password", password="x")
    assert ReferenceIndex.get_references_to(entry).filter(object_id=str(private.pk)).exists()
    assert [p.pk for p in pages_showing(entry)] == [shown.pk]


def test_a_republished_lesson_updates_what_the_entry_lists(lesson):
    entry = VoorzieningFactory(category=CategoryFactory(slug="scheiding"))
    page = lesson("scheiden", [shows("scheiding")])
    assert [p.pk for p in pages_showing(entry)] == [page.pk]
    page.body = [{"type": "markdown", "value": "Geen kaart meer."}]
    page.save_revision().publish()
    assert pages_showing(entry) == []
    page.body = [shows(items=[entry.pk])]
    page.save_revision().publish()
    assert [p.pk for p in pages_showing(entry)] == [page.pk]


def test_the_block_references_its_entries_and_category():
    scheiding = CategoryFactory(slug="scheiding")
    entry = VoorzieningFactory(category=CategoryFactory(slug="welzijn"))
    block = VoorzieningenBlock()
    value = block.to_python({"intro": "", "category_slug": "scheiding", "limit": 6, "items": [entry.pk]})
    references = [(model.__name__, pk, path) for model, pk, path, _content in block.extract_references(value)]
    assert references == [
        ("Voorziening", str(entry.pk), "items.item"),
        ("Category", str(scheiding.pk), "category_slug"),
    ]
    unknown = block.to_python({"intro": "", "category_slug": "bestaat-niet", "limit": 6, "items": []})
    assert list(block.extract_references(unknown)) == []


def test_detail_page_runs_a_fixed_number_of_queries(client, make_user, lesson, django_assert_num_queries):
    entry = VoorzieningFactory(
        name="Oudergroep",
        category=CategoryFactory(slug="scheiding"),
        tags=["a"],
        locations=[("", "Dorpsstraat 1", "2712 AB")],
        conditions=["x"],
    )
    lesson("een", [shows("scheiding")])
    client.force_login(make_user())
    client.get(entry.get_absolute_url())  # warm the site root paths cache
    with CaptureQueriesContext(connection) as first:
        client.get(entry.get_absolute_url())
    expected = len(first)  # now: the next request empties the query log it reads
    for i in range(5):
        lesson(f"les-{i}", [shows("scheiding") if i % 2 else shows(items=[entry.pk])])
    client.get(entry.get_absolute_url())  # warm again: new lessons move the site generation on
    with django_assert_num_queries(expected):
        html = client.get(entry.get_absolute_url()).content.decode()
    assert html.count("/modules/voorliggend/") == 6


def test_the_category_is_chosen_from_the_sociale_kaarts_categories():
    from django.core.exceptions import ValidationError

    CategoryFactory(slug="scheiding")
    CategoryFactory(slug="welzijn")
    field = VoorzieningenBlock().child_blocks["category_slug"]
    choices = [value for value, _label in field.field.choices]
    assert "scheiding" in choices and "welzijn" in choices
    assert field.clean("welzijn") == "welzijn"
    with pytest.raises(ValidationError):
        field.clean("bestaat-niet")  # a typo in a slug no longer shows an empty list to learners


def test_an_image_needs_alt_text_and_a_caption():
    from content.blocks import ImageBlock

    children = ImageBlock().child_blocks
    assert children["alt_text"].required and children["caption"].required
