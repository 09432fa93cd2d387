"""Search in the sociale kaart forgives partial words and Dutch word forms, on every database,
best match first; an empty result says what to try next."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from content.search import PrefixText, prefix_terms, stem

from .factories import CategoryFactory, NeighbourhoodFactory, OrganisationFactory, VoorzieningFactory

URL = reverse("kaart:kaart_index")


def names_in_order(response):
    return re.findall(
        r'<h3 class="utrecht-heading-3 lt-kaart-item__title"><a [^>]*>([^<]+)</a>',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    "word, expected",
    [
        ("mantelzorger", "mantelzorg"),
        ("mantelzorgers", "mantelzorg"),
        ("opvoeding", "opvoed"),
        ("opvoeden", "opvoed"),
        ("schulden", "schuld"),
        ("schuld", "schuld"),
        ("Ouders", "ouder"),  # -ers would leave too little
        ("moeder", "moeder"),  # -er would leave "moed"
        ("jongeren", "jonger"),
        ("gezondheid", "gezond"),
        ("kind", "kind"),
    ],
)
def test_stem_strips_one_common_dutch_ending(word, expected):
    assert stem(word) == expected


def test_prefix_terms_drop_common_words_and_duplicates_but_never_everything():
    assert prefix_terms("hulp bij de schulden, schuld") == ["hulp", "schuld"]
    assert prefix_terms("baby's") == ["baby"]
    assert prefix_terms("de") == ["de"]  # nothing else left: keep it
    assert prefix_terms("cliënt-ondersteuning") == ["cliënt", "ondersteun"]


@given(st.text(max_size=300))
def test_prefix_terms_never_fail_and_only_give_words(text):
    for term in prefix_terms(text):
        assert term and all(ch.isalnum() for ch in term)
    assert PrefixText(text).terms == prefix_terms(text)


@pytest.fixture
def kaart_data(db):
    geld, mantelzorg, opvoed = (
        CategoryFactory(slug="schuldhulp", name="Schuldhulp en geldzaken"),
        CategoryFactory(slug="mantelzorg", name="Mantelzorg en respijt"),
        CategoryFactory(slug="opvoedondersteuning", name="Opvoedondersteuning"),
    )
    seg = NeighbourhoodFactory(slug="seghwaert")
    org = OrganisationFactory(name="Stichting Welzijn Test", email="kaart@welzijn.example.nl")
    VoorzieningFactory(
        name="Schuldhulpverlening gemeente",
        organisation=org,
        category=geld,
        whole=True,
        summary="De gemeente helpt bij problematische schulden.",
        search_synonyms="schulden, geldzorgen, deurwaarder",
    )
    VoorzieningFactory(
        name="Buurthuis De Vonk",
        organisation=org,
        category=CategoryFactory(slug="welzijn", name="Welzijn"),
        wijken=[seg],
        summary="Ontmoeting in de wijk.",
        description="Een lange beschrijving van alles wat er in het buurthuis gebeurt: koffie, taal, "
        "spelletjes, een moestuin en soms een avond over geld en schuld.",
    )
    VoorzieningFactory(
        name="Mantelzorgconsulent", organisation=org, category=mantelzorg, whole=True, summary="Steun."
    )
    VoorzieningFactory(
        name="JMZ-club",
        organisation=org,
        category=mantelzorg,
        wijken=[seg],
        summary="Voor jonge mantelzorgers van 8 tot 18.",
        min_age=8,
        max_age=18,
    )
    VoorzieningFactory(
        name="Logeeropvang", organisation=org, category=mantelzorg, whole=True, summary="Kinderen logeren."
    )
    VoorzieningFactory(
        name="Opvoedspreekuur", category=opvoed, whole=True, summary="Vragen over opvoeding en slapen."
    )
    VoorzieningFactory(name="Cursus positief opvoeden", category=opvoed, whole=True, summary="Acht avonden.")


def test_part_of_a_word_finds_the_entry_best_match_first(client, make_user, kaart_data):
    client.force_login(make_user())
    response = client.get(URL, {"q": "schuld"})
    found = names_in_order(response)
    assert found == ["Schuldhulpverlening gemeente", "Buurthuis De Vonk"]
    assert "2 voorzieningen gevonden" in response.content.decode()


@pytest.mark.parametrize("q", ["mantelzorg", "mantelzorger", "mantelzorgers", "Mantelzorg"])
def test_word_forms_find_the_same_entries(client, make_user, kaart_data, q):
    client.force_login(make_user())
    assert set(names_in_order(client.get(URL, {"q": q}))) == {
        "Mantelzorgconsulent",
        "JMZ-club",
        "Logeeropvang",
    }


def test_start_of_a_word_finds_every_form(client, make_user, kaart_data):
    client.force_login(make_user())
    expected = {"Opvoedspreekuur", "Cursus positief opvoeden"}
    for q in ["opvoed", "opvoeding", "opvoeden"]:
        assert set(names_in_order(client.get(URL, {"q": q}))) == expected, q


def test_forgiving_search_still_combines_with_the_filters(client, make_user, kaart_data):
    client.force_login(make_user())
    NeighbourhoodFactory(slug="oosterheem")
    everyone = {"Mantelzorgconsulent", "JMZ-club", "Logeeropvang"}
    assert set(names_in_order(client.get(URL, {"q": "mantelzorger", "leeftijd": "10"}))) == everyone
    assert set(names_in_order(client.get(URL, {"q": "mantelzorger", "leeftijd": "30"}))) == everyone - {
        "JMZ-club"
    }
    assert set(names_in_order(client.get(URL, {"q": "mantelzorger", "wijk": "oosterheem"}))) == everyone - {
        "JMZ-club"
    }
    assert set(names_in_order(client.get(URL, {"q": "mantelzorger", "wijk": "seghwaert"}))) == everyone


def test_all_words_must_match_unless_no_entry_has_them_all(client, make_user, kaart_data):
    client.force_login(make_user())
    # both words in one entry: only that one
    assert names_in_order(client.get(URL, {"q": "opvoeding slapen"})) == ["Opvoedspreekuur"]
    # no entry has both words: the entries with either, and a message that says so
    response = client.get(URL, {"q": "deurwaarder logeren"})
    assert set(names_in_order(response)) == {"Schuldhulpverlening gemeente", "Logeeropvang"}
    assert "Geen voorziening bevat al je zoekwoorden" in response.content.decode()


def test_a_search_word_without_results_gets_its_own_message(client, make_user, kaart_data):
    client.force_login(make_user())
    html = client.get(URL, {"q": "paardrijden"}).content.decode()
    assert "Geen voorzieningen gevonden voor “paardrijden”." in html
    assert "probeer een korter woord" in html
    assert "Niets voldoet aan al deze filters" not in html
    assert "Probeer een filter weg te laten" not in html  # there is no filter to drop


def test_a_search_word_with_filters_without_results_suggests_dropping_one(client, make_user, kaart_data):
    client.force_login(make_user())
    html = client.get(URL, {"q": "schuld", "categorie": "mantelzorg"}).content.decode()
    assert "Geen voorzieningen gevonden voor “schuld” met deze filters." in html
    assert "laat een filter weg" in html
    assert "zonder categorie Mantelzorg en respijt: 2 voorzieningen" in html
    assert "Niets voldoet aan al deze filters" not in html


def test_filters_without_a_search_word_keep_the_filter_message(client, make_user, kaart_data):
    client.force_login(make_user())
    html = client.get(URL, {"categorie": "mantelzorg", "toegang": "aanmelden"}).content.decode()
    assert "Niets voldoet aan al deze filters." in html and "Geen voorzieningen gevonden voor" not in html


def test_a_search_term_over_200_characters_is_refused_with_a_message_and_the_filters_stay(
    client, make_user, kaart_data
):
    client.force_login(make_user())
    response = client.get(URL, {"q": "schuld " * 40, "categorie": "mantelzorg", "leeftijd": "10"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je zoekterm is langer dan 200 tekens en is daarom niet gebruikt" in html
    # the other filters still apply, and the ignored term is not shown as if it were searched
    assert set(names_in_order(response)) == {"JMZ-club", "Logeeropvang", "Mantelzorgconsulent"}
    assert '<option value="mantelzorg" selected>' in html
    assert 'value="10"' in html
    assert "zoekwoord “schuld" not in html


def test_a_search_term_of_exactly_200_characters_is_used(client, make_user, kaart_data):
    client.force_login(make_user())
    q = ("schuld " * 40)[:200]
    html = client.get(URL, {"q": q}).content.decode()
    assert "langer dan 200 tekens" not in html
    assert "Schuldhulpverlening gemeente" in html


def test_the_api_searches_the_same_way_and_names_an_overlong_term(client, make_user, kaart_data):
    client.force_login(make_user())
    data = client.get(reverse("kaart:api_services"), {"q": "mantelzorger"}).json()
    assert {service["name"] for service in data["contents"]} == {
        "Mantelzorgconsulent",
        "JMZ-club",
        "Logeeropvang",
    }
    data = client.get(reverse("kaart:api_services"), {"q": "x" * 201}).json()
    assert data["total_items"] == 7 and "langer dan 200 tekens" in data["warnings"][0]
