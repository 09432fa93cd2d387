"""The demo sociale kaart (built once for this module, see ``demo_sociale_kaart`` in
tests/conftest.py): complete, idempotent, every page answers, the search finds what a tester
expects."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from content.kaart.models import Category, ChangeReport, Neighbourhood, Voorziening

from .test_forgiving_search import names_in_order

pytestmark = pytest.mark.django_db

LEERSTOF_SLUGS = {
    "opvoedondersteuning",
    "jeugdgezondheidszorg",
    "kansrijke-start",
    "schoolmaatschappelijk-werk",
    "onderwijs-en-verzuim",
    "jongerenwerk",
    "welzijn",
    "schuldhulp",
    "sport-en-cultuur",
    "mantelzorg",
    "ggz-preventie",
    "clientondersteuning",
    "scheiding",
}


def test_demo_sociale_kaart_is_complete_and_idempotent(demo_sociale_kaart):
    assert set(Category.objects.values_list("slug", flat=True)) == LEERSTOF_SLUGS
    assert Neighbourhood.objects.count() >= 11
    entries = Voorziening.objects.live()
    assert entries.count() >= 40
    assert entries.stale().count() >= 3
    assert entries.filter(status="tijdelijk-gesloten").exists()
    assert (
        entries.filter(whole_municipality=True).exists() and entries.filter(whole_municipality=False).exists()
    )
    assert set(entries.values_list("category__slug", flat=True)) == LEERSTOF_SLUGS
    assert ChangeReport.objects.filter(status="open").count() >= 3
    assert (
        entries.filter(min_age__lte=4, max_age__gte=4).exists() and entries.filter(min_age__gte=12).exists()
    )
    phones = set(entries.exclude(phone="").values_list("phone", flat=True))
    assert all(phone.startswith("079-000") for phone in phones)
    counts = (Voorziening.objects.count(), ChangeReport.objects.count())
    call_command("demo_sociale_kaart", verbosity=0)
    assert (Voorziening.objects.count(), ChangeReport.objects.count()) == counts


def test_the_demo_shows_the_same_entries_per_category_and_wijk(demo_sociale_kaart):
    live = Voorziening.objects.live()
    assert (live.count(), live.filter(whole_municipality=True).count(), live.stale().count()) == (56, 32, 12)
    assert dict(live.values_list("category__slug").annotate(n=Count("id")).order_by()) == {
        "clientondersteuning": 2,
        "ggz-preventie": 3,
        "jeugdgezondheidszorg": 6,
        "jongerenwerk": 5,
        "kansrijke-start": 4,
        "mantelzorg": 3,
        "onderwijs-en-verzuim": 4,
        "opvoedondersteuning": 6,
        "scheiding": 3,
        "schoolmaatschappelijk-werk": 2,
        "schuldhulp": 4,
        "sport-en-cultuur": 7,
        "welzijn": 7,
    }
    per_wijk = Voorziening.neighbourhoods.through.objects.filter(voorziening__live=True)
    assert dict(per_wijk.values_list("neighbourhood__slug").annotate(n=Count("id")).order_by()) == {
        "buytenwegh": 9,
        "centrum": 2,
        "de-leyens": 8,
        "dorp": 3,
        "driemanspolder": 6,
        "meerzicht": 5,
        "noordhove": 8,
        "oosterheem": 7,
        "palenstein": 4,
        "rokkeveen": 3,
        "seghwaert": 6,
    }
    assert dict(live.values_list("status").annotate(n=Count("id")).order_by()) == {
        "actief": 54,
        "tijdelijk-gesloten": 2,
    }
    checked = live.exclude(last_checked_on=None)
    assert checked.count() == checked.filter(last_checked_by__username="coordinator").count() == 55
    assert {entry.latest_revision.user.username for entry in live} == {"coordinator"}


def test_every_sociale_kaart_page_of_the_demo_answers(client, demo_sociale_kaart):
    from leergang.models import User

    client.force_login(User.objects.get(username="medewerker"))
    for entry in Voorziening.objects.live():
        assert client.get(entry.get_absolute_url()).status_code == 200, entry.slug
    for url in [
        reverse("kaart:kaart_index"),
        reverse("kaart:kaart_index") + "?leeftijd=14&wijk=oosterheem",
        reverse("kaart:favourites"),
        reverse("kaart:my_reports"),
        reverse("kaart:report_new"),
        reverse("kaart:api_services"),
    ]:
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="coordinator"))
    for url in [
        reverse("wagtailsnippets_kaart_voorziening:list"),
        reverse("wagtailsnippets_kaart_changereport:list"),
        reverse("wagtailsnippets_kaart_organisation:list"),
        reverse("wagtailsnippets_kaart_category:list"),
        reverse("wagtailsnippets_kaart_neighbourhood:list"),
        reverse("sociale-kaart-dekking:index"),
        reverse("sociale-kaart-controle:index"),
        reverse("sociale-kaart-import:index"),
        reverse("wagtailsnippets_kaart_voorziening:edit", args=[Voorziening.objects.first().pk]),
        reverse("wagtailsnippets_kaart_voorziening:inspect", args=[Voorziening.objects.first().pk]),
        reverse("wagtailsnippets_kaart_voorziening:history", args=[Voorziening.objects.first().pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_demo_has_local_aanbod_so_the_wijk_filter_and_the_coverage_report_show_something(
    client, demo_sociale_kaart
):
    import re

    from leergang.models import User

    listed = Voorziening.objects.listed()
    assert listed.filter(whole_municipality=False).count() >= 20
    assert listed.filter(whole_municipality=True).count() <= listed.count() * 0.6
    in_palenstein = listed.filter(whole_municipality=False, neighbourhoods__slug="palenstein")
    local_slugs = set(in_palenstein.values_list("slug", flat=True))
    assert local_slugs >= {"buurthuis-de-vonk", "huiswerkklas-palenstein"}

    client.force_login(User.objects.get(username="medewerker"))

    def found(params):
        html = client.get(reverse("kaart:kaart_index"), params).content.decode()
        return int(re.search(r"(\d+) voorzieningen gevonden", html).group(1)), html

    everything, _html = found({})
    palenstein, html = found({"wijk": "palenstein"})
    assert palenstein <= everything - 15  # clearly fewer
    assert found({"wijk": "palenstein", "categorie": "welzijn"})[1].count("Buurthuis De Vonk") >= 1
    assert "Wijkcentrum Noordhove" not in found({"wijk": "palenstein", "categorie": "welzijn"})[1]
    # wijken differ from each other
    assert found({"wijk": "rokkeveen"})[0] != found({"wijk": "oosterheem"})[0]

    client.force_login(User.objects.get(username="coordinator"))
    rows = client.get(reverse("sociale-kaart-dekking:index")).context["rows"]
    gaps = {
        (row["wijk"].slug, cell["category"].slug)
        for row in rows
        for cell in row["cells"]
        if not cell["total"]
    }
    assert ("rokkeveen", "jongerenwerk") in gaps
    assert ("oosterheem", "jongerenwerk") not in gaps


def test_the_demo_finds_what_the_tester_expected(client, demo_sociale_kaart):
    from leergang.models import User

    client.force_login(User.objects.get(username="medewerker"))
    url = reverse("kaart:kaart_index")
    assert "Schuldhulpverlening gemeente" in names_in_order(client.get(url, {"q": "schuld"}))
    mantelzorg = set(names_in_order(client.get(url, {"q": "mantelzorg"})))
    assert len(mantelzorg) >= 3
    assert set(names_in_order(client.get(url, {"q": "mantelzorger"}))) == mantelzorg
    assert "Opvoedspreekuur" in names_in_order(client.get(url, {"q": "opvoed"}))


def _cards(response):
    """name -> the text of its card on the kaart's result page."""
    html = response.content.decode()
    cards = re.findall(r'<li class="lt-card lt-kaart-item">(.*?)</li>', html, flags=re.S)
    return {re.search(r'lt-kaart-item__title"><a [^>]*>([^<]+)</a>', card).group(1): card for card in cards}


def test_a_family_search_finds_the_help_for_the_parents_of_a_fourteen_year_old(client, demo_sociale_kaart):
    from leergang.models import User

    client.force_login(User.objects.get(username="medewerker"))
    response = client.get(
        reverse("kaart:kaart_index"), {"q": "schulden", "wijk": "palenstein", "leeftijd": "14"}
    )
    cards = _cards(response)
    assert {"Schuldhulpverlening gemeente", "Hulp bij thuisadministratie", "Voedselhulp"} <= set(cards)
    for name in ("Schuldhulpverlening gemeente", "Hulp bij thuisadministratie"):
        assert "voor ouders/gezin" in cards[name]
        assert "vanaf 18 jaar" in cards[name]
        assert "Heel Zoetermeer" in cards[name]
    # Help for a child of another age is still left out.
    assert "Startpakket voor de baby" not in cards
    baby = _cards(client.get(reverse("kaart:kaart_index"), {"q": "schulden", "leeftijd": "0"}))
    assert "Startpakket voor de baby" in baby


def test_the_header_search_on_the_kaart_searches_the_kaart(client, demo_sociale_kaart):
    from leergang.models import User

    client.force_login(User.objects.get(username="medewerker"))
    html = client.get(reverse("kaart:kaart_index"), {"q": "schuld"}).content.decode()
    header = re.search(r'<form class="lt-search"[^>]*>', html).group(0)
    assert f'action="{reverse("kaart:kaart_index")}"' in header
    assert 'id="site-search" name="q" value="schuld"' in html
    assert "Zoek in de sociale kaart" in html


def test_a_short_result_says_which_filter_to_loosen_and_what_it_gives(client, demo_sociale_kaart):
    from leergang.models import User

    client.force_login(User.objects.get(username="medewerker"))
    url = reverse("kaart:kaart_index")
    response = client.get(url, {"wijk": "palenstein", "categorie": "jongerenwerk"})
    assert 0 < response.context["total"] < 3
    suggestions = {s["param"]: s["count"] for s in response.context["suggestions"]}
    assert set(suggestions) == {"wijk", "categorie"}
    html = response.content.decode()
    assert "Er zijn maar weinig voorzieningen gevonden" in html
    without_wijk = client.get(url, {"categorie": "jongerenwerk"}).context["total"]
    assert suggestions["wijk"] == without_wijk > response.context["total"]
    assert f"zonder wijk Palenstein: {without_wijk} voorzieningen" in html
    # Three or more: no suggestions.
    assert client.get(url, {"categorie": "jongerenwerk"}).context["suggestions"] == []
