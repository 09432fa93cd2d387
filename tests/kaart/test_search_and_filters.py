"""Search and filters of /sociale-kaart/ combine, keep to the URL, and never fail on bad input."""

import re

import pytest
from django.urls import reverse

from content.kaart.filters import VoorzieningFilterSet
from content.kaart.models import Voorziening
from content.search import clean_search_query as clean_query

from .factories import CategoryFactory, NeighbourhoodFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db

URL = reverse("kaart:kaart_index")


def names(response):
    return set(
        re.findall(
            r'<h3 class="utrecht-heading-3 lt-kaart-item__title"><a [^>]*>([^<]+)</a>',
            response.content.decode(),
        )
    )


def found(**params):
    search = VoorzieningFilterSet(params)
    assert search.warnings == []
    return {entry.name for entry in search.qs}


@pytest.fixture
def kaart_data(db):
    opvoed, sport = CategoryFactory(slug="opvoedondersteuning"), CategoryFactory(slug="sport-en-cultuur")
    oost, seg = NeighbourhoodFactory(slug="oosterheem"), NeighbourhoodFactory(slug="seghwaert")
    VoorzieningFactory(
        name="Opvoedspreekuur",
        category=opvoed,
        whole=True,
        min_age=0,
        max_age=12,
        is_free=True,
        search_synonyms="driftbuien, slapen",
    )
    VoorzieningFactory(
        name="Puberpraat", category=opvoed, wijken=[seg], min_age=11, max_age=16, access_route="aanmelden"
    )
    VoorzieningFactory(
        name="Buurtsport Oosterheem", category=sport, wijken=[oost], min_age=6, max_age=16, is_free=True
    )
    VoorzieningFactory(
        name="Muziekles", category=sport, whole=True, min_age=8, max_age=None, access_route="aanmelden"
    )
    VoorzieningFactory(
        name="Voor iedereen",
        category=sport,
        wijken=[oost, seg],
        min_age=None,
        max_age=None,
        access_route="verwijzing",
    )
    VoorzieningFactory(name="Gestopt aanbod", category=opvoed, whole=True, status="gestopt")
    VoorzieningFactory(name="Concept", category=opvoed, whole=True, publish=False)
    return {"opvoed": opvoed, "sport": sport, "oost": oost, "seg": seg}


def test_without_filters_lists_published_entries_that_are_still_offered(kaart_data):
    assert found() == {"Opvoedspreekuur", "Puberpraat", "Buurtsport Oosterheem", "Muziekles", "Voor iedereen"}


def test_wijk_filter_always_includes_entries_for_the_whole_municipality(kaart_data):
    assert found(wijk="oosterheem") == {
        "Opvoedspreekuur",
        "Buurtsport Oosterheem",
        "Muziekles",
        "Voor iedereen",
    }
    assert found(wijk="seghwaert") == {"Opvoedspreekuur", "Puberpraat", "Muziekles", "Voor iedereen"}


@pytest.mark.parametrize(
    "age, expected",
    [
        (0, {"Opvoedspreekuur", "Voor iedereen"}),
        (6, {"Opvoedspreekuur", "Buurtsport Oosterheem", "Voor iedereen"}),
        (8, {"Opvoedspreekuur", "Buurtsport Oosterheem", "Muziekles", "Voor iedereen"}),
        (12, {"Opvoedspreekuur", "Puberpraat", "Buurtsport Oosterheem", "Muziekles", "Voor iedereen"}),
        (13, {"Puberpraat", "Buurtsport Oosterheem", "Muziekles", "Voor iedereen"}),
        (16, {"Puberpraat", "Buurtsport Oosterheem", "Muziekles", "Voor iedereen"}),
        (17, {"Muziekles", "Voor iedereen"}),
        (99, {"Muziekles", "Voor iedereen"}),
    ],
)
def test_age_counts_when_it_falls_in_the_range_edges_included(kaart_data, age, expected):
    assert found(leeftijd=str(age)) == expected


def test_filters_combine(kaart_data):
    assert found(categorie="sport-en-cultuur", wijk="oosterheem", leeftijd="7") == {
        "Buurtsport Oosterheem",
        "Voor iedereen",
    }
    assert found(categorie="sport-en-cultuur", wijk="oosterheem", leeftijd="7", gratis="1") == {
        "Buurtsport Oosterheem"
    }
    assert found(categorie="sport-en-cultuur", toegang="aanmelden") == {"Muziekles"}
    assert found(categorie="opvoedondersteuning", wijk="oosterheem", leeftijd="14") == set()
    assert found(toegang="verwijzing", wijk="seghwaert", leeftijd="40") == {"Voor iedereen"}


def test_search_term_matches_synonyms_and_combines_with_filters(kaart_data):
    assert found(q="driftbuien") == {"Opvoedspreekuur"}
    assert found(q="driftbuien", categorie="sport-en-cultuur") == set()
    assert found(q="Muziekles", wijk="seghwaert", leeftijd="30") == {"Muziekles"}
    assert found(q="Gestopt") == set()  # stopped entries are not listed, also not by search


def test_list_page_shows_the_filtered_result_and_keeps_it_in_the_url(client, make_user, kaart_data):
    client.force_login(make_user())
    response = client.get(URL, {"categorie": "sport-en-cultuur", "wijk": "oosterheem", "gratis": "1"})
    assert response.status_code == 200
    assert names(response) == {"Buurtsport Oosterheem"}
    html = response.content.decode()
    assert '<option value="oosterheem" selected>' in html
    assert 'id="id_gratis" name="gratis" value="1" checked' in html
    assert "Vrij toegankelijk" in html  # access route shown in the result


def test_results_show_summary_category_access_and_last_checked(client, make_user, kaart_data):
    client.force_login(make_user())
    VoorzieningFactory(name="Oud item", whole=True, checked_days=400, summary="Een oude samenvatting")
    html = client.get(URL, {"q": "Oud"}).content.decode()
    assert "Een oude samenvatting" in html
    assert "Opvoedondersteuning" in html
    assert "Laatst gecontroleerd" in html
    assert "meer dan 12 maanden geleden" in html


def test_nonsense_parameters_are_ignored_with_a_message(client, make_user, kaart_data):
    client.force_login(make_user())
    response = client.get(
        URL,
        {
            "leeftijd": "twaalf",
            "categorie": "bestaat-niet",
            "wijk": "<script>",
            "toegang": "x",
            "gratis": "misschien",
            "page": "-3",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert len(names(response)) == 5  # nothing filtered
    assert "Leeftijd “twaalf”" in html and "genegeerd" in html
    assert "Onbekende categorie “bestaat-niet”" in html
    assert "&lt;script&gt;" in html and "<script>" not in html.split("</header>")[1]
    assert "Pagina “-3” bestaat niet" in html


@pytest.mark.parametrize(
    "q", ['"', "(", "*", "NEAR(a b", "a OR", "'; DROP TABLE", "x" * 500, "AND", "-", "ü ö", "%_"]
)
def test_hostile_search_terms_never_fail(client, make_user, kaart_data, q):
    client.force_login(make_user())
    assert client.get(URL, {"q": q}).status_code == 200


def test_page_beyond_the_last_shows_the_last_page(client, make_user, kaart_data):
    client.force_login(make_user())
    response = client.get(URL, {"page": "99"})
    assert response.status_code == 200
    assert "Pagina 99 bestaat niet" in response.content.decode()


def test_pagination_keeps_the_filters(client, make_user, kaart_data):
    client.force_login(make_user())
    for i in range(25):
        VoorzieningFactory(name=f"Extra {i:02d}", category=kaart_data["sport"], whole=True)
    response = client.get(URL, {"categorie": "sport-en-cultuur"})
    html = response.content.decode()
    assert "categorie=sport-en-cultuur&amp;page=2" in html
    second = client.get(URL, {"categorie": "sport-en-cultuur", "page": "2"})
    assert len(names(response)) == 20 and len(names(second)) == 28 - 20
    assert not names(response) & names(second)


def test_empty_result_suggests_which_filter_to_drop(client, make_user, kaart_data):
    client.force_login(make_user())
    response = client.get(URL, {"categorie": "opvoedondersteuning", "wijk": "oosterheem", "leeftijd": "14"})
    html = response.content.decode()
    assert names(response) == set()
    assert "Probeer een filter weg te laten" in html
    # without the age there is the Opvoedspreekuur (whole municipality); without the wijk, Puberpraat
    assert "zonder leeftijd 14: 1 voorziening" in html
    assert "zonder wijk Oosterheem: 1 voorziening" in html
    assert "?categorie=opvoedondersteuning&amp;wijk=oosterheem" in html


def test_clean_query_keeps_words_and_drops_syntax():
    assert clean_query('"opvoeden" AND (slapen*)') == "opvoeden AND slapen"
    assert clean_query("  ") == ""
    assert clean_query("cliënt-ondersteuning") == "cliënt-ondersteuning"
    assert clean_query("a" * 1000) == "a" * 200


def test_querystring_round_trip(kaart_data):
    params = {
        "q": "sport",
        "categorie": "sport-en-cultuur",
        "wijk": "seghwaert",
        "leeftijd": "9",
        "toegang": "vrij",
        "gratis": "1",
    }
    search = VoorzieningFilterSet(params)
    from urllib.parse import parse_qsl

    again = VoorzieningFilterSet(dict(parse_qsl(search.querystring())))
    assert again.params() == params


def test_stopped_and_draft_entries_have_no_public_page_in_the_list_but_stopped_has_a_detail(
    client, make_user, kaart_data
):
    client.force_login(make_user())
    stopped = Voorziening.objects.get(name="Gestopt aanbod")
    draft = Voorziening.objects.get(name="Concept")
    assert (
        "Deze voorziening is gestopt"
        in client.get(reverse("kaart:voorziening_detail", args=[stopped.slug])).content.decode()
    )
    assert client.get(reverse("kaart:voorziening_detail", args=[draft.slug])).status_code == 404


def test_a_new_tag_is_searchable_after_publishing(db):
    entry = VoorzieningFactory(name="Buurtsport", tags=["zwemmen"])
    entry = Voorziening.objects.get(pk=entry.pk)
    entry.tags.set(["schaken"])
    entry.save_revision().publish()
    assert found(q="schaken") == {"Buurtsport"}
    assert found(q="zwemmen") == set()


def test_the_category_and_wijk_lists_are_written_as_django_writes_a_select():
    """The filter's lists are written without a template per option (they are drawn on every
    search), yet read the same: every option in order, the chosen one selected, names escaped."""
    from django import forms

    CategoryFactory(slug="a-b", name="Geld & <schulden>")
    CategoryFactory(slug="z", name="Zorg")
    NeighbourhoodFactory(slug="w", name='Wijk "Oost"')
    for data in ({}, {"categorie": "z", "wijk": "w"}):
        filters = VoorzieningFilterSet(data)
        for name in ("categorie", "wijk"):
            field, bound = filters.form.fields[name], filters.form[name]
            django_select = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
            expected = django_select.render(bound.html_name, bound.value(), attrs={"id": bound.auto_id})
            assert bound.as_widget() == expected
    html = VoorzieningFilterSet({"categorie": "z"}).form["categorie"].as_widget()
    assert '<option value="z" selected>Zorg</option>' in html
    assert "Geld &amp; &lt;schulden&gt;" in html
