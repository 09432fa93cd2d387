"""Small inputs that once gave a 5xx: each is invalid input now, answered with a clear Dutch
message or an ordinary 4xx, never a server error. On SQLite and on PostgreSQL (which, unlike
SQLite, refuses a value longer than its column)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from content.kaart.models import ChangeReport, Organisation, Voorziening
from content.kaart.resources import import_csv
from content.kaart.signing import make_provider_token

pytestmark = pytest.mark.django_db

HUGE = "9" * 25  # beyond every integer column


def signed_in(username):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def a_voorziening():
    return Voorziening.objects.listed().select_related("organisation").order_by("pk").first()


GETS = [
    ("medewerker", "/sociale-kaart/?leeftijd=²"),
    ("medewerker", "/sociale-kaart/?leeftijd=" + HUGE),
    ("medewerker", "/sociale-kaart/?page=①"),
    ("medewerker", "/sociale-kaart/?page=²"),
    ("medewerker", "/sociale-kaart/?page=" + HUGE),
    ("medewerker", "/sociale-kaart/?categorie=" + HUGE + "&wijk=" + HUGE),
    ("medewerker", "/sociale-kaart/?q=%00"),
    ("medewerker", '/zoeken/?q="'),
    ("medewerker", "/zoeken/?q=" + "a" * 5000),
    ("medewerker", "/zoeken/?pagina=①"),
    ("coordinator", '/admin/snippets/kaart/voorziening/?q="'),
    ("coordinator", '/admin/snippets/kaart/voorziening/?q=a"b'),
    ("coordinator", '/admin/snippets/kaart/organisation/?q="'),
    ("coordinator", '/admin/snippets/kaart/changereport/?q="'),
    ("coordinator", '/admin/pages/search/?q="'),
    ("beheerder", '/admin/users/?q="'),
    ("coordinator", f"/admin/pages/{HUGE}/"),
    ("coordinator", f"/admin/pages/{HUGE}/edit/"),
    ("coordinator", f"/admin/snippets/kaart/voorziening/edit/{HUGE}/"),
    ("teamleider", f"/team/lid/{HUGE}/"),
    ("teamleider", f"/team/kennistoename/{HUGE}/"),
    ("teamleider", "/team/?team=" + HUGE),
    ("teamleider", "/team/?team=①"),
    ("teamleider", "/team/?pagina=①"),
    ("teamleider", "/team/export.csv?team=" + HUGE),
    ("medewerker", "/certificaat/" + "x" * 5000 + "/"),
    ("medewerker", "/mijn-voortgang/certificaat/" + "x" * 5000 + ".pdf"),
    ("medewerker", "/sociale-kaart/" + "a" * 3000 + "/"),
    ("medewerker", "/modules/" + "a" * 3000 + "/"),
    (None, "/accounts/reset/" + "a" * 3000 + "/set-password/"),
    (None, "/sociale-kaart/aanbieder/" + "a" * 3000 + "/"),
]


@pytest.mark.parametrize(("username", "url"), GETS, ids=[f"{i:02d}" for i in range(len(GETS))])
def test_odd_addresses_are_answered_without_a_server_error(demo, username, url):
    response = signed_in(username).get(url)
    assert response.status_code < 500, (url[:80], response.status_code)


def test_unicode_digits_in_the_age_and_page_are_refused_in_dutch(demo):
    client = signed_in("medewerker")
    html = client.get("/sociale-kaart/?leeftijd=²").content.decode()
    assert "is geen geheel aantal jaren" in html
    response = client.get("/sociale-kaart/?page=①")
    assert response.status_code == 200
    assert "bestaat niet" in response.content.decode()


def test_an_id_beyond_the_database_is_a_plain_not_found(demo):
    assert signed_in("teamleider").get(f"/team/lid/{HUGE}/").status_code == 404
    assert signed_in("medewerker").post(f"/voortgang/stap/{HUGE}/afgerond/").status_code == 404


def test_a_quote_in_an_admin_search_finds_what_the_word_finds(demo):
    name = a_voorziening().name.split()[0]
    client = signed_in("coordinator")
    quoted = client.get(reverse("wagtailsnippets_kaart_voorziening:list"), {"q": f'{name}"'})
    assert quoted.status_code == 200
    assert a_voorziening().name in quoted.content.decode()
    assert client.get(reverse("wagtailsnippets_kaart_voorziening:list"), {"q": '"'}).status_code == 200


@pytest.mark.parametrize("next_url", ["0", "logout", "//evil.example.com/", "https://evil.example.com/"])
def test_the_favourite_form_returns_to_the_entry_when_next_is_not_a_path_here(demo, next_url):
    voorziening = a_voorziening()
    response = signed_in("medewerker").post(
        reverse("kaart:set_favourite", args=[voorziening.slug]), {"favourite": "1", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == voorziening.get_absolute_url()


def test_the_favourite_form_returns_to_a_path_on_this_site(demo):
    voorziening = a_voorziening()
    response = signed_in("medewerker").post(
        reverse("kaart:set_favourite", args=[voorziening.slug]),
        {"favourite": "1", "next": "/sociale-kaart/?q=x"},
    )
    assert response["Location"] == "/sociale-kaart/?q=x"


def test_an_overlong_e_mail_in_a_provider_proposal_is_refused_in_dutch(demo):
    voorziening = a_voorziening()
    token = make_provider_token(voorziening.organisation)
    before = ChangeReport.objects.count()
    response = Client().post(
        reverse("kaart:provider_propose", args=[token, voorziening.slug]),
        {
            f"v{voorziening.pk}-text": "Nieuw telefoonnummer",
            f"v{voorziening.pk}-name": "A. Aanbieder",
            f"v{voorziening.pk}-email": "a" * 250 + "@example.nl",
        },
    )
    assert response.status_code == 400
    assert "254 tekens" in response.content.decode()
    assert ChangeReport.objects.count() == before


def test_overlong_and_multi_line_values_in_an_import_are_named_and_nothing_is_saved(demo):
    from content.kaart.resources import export_rows

    rows = export_rows(Voorziening.objects.filter(pk=a_voorziening().pk))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    samples = {
        "website": "https://example.nl/" + "a" * 300,
        "aanmeldlink": "https://example.nl/" + "a" * 300,
        "email": "a" * 250 + "@example.nl",
        "organisatie_email": "b" * 250 + "@example.nl",
        "naam": "Twee\nregels",
        "locaties": "Kantoor | " + "Straat " * 40 + "1 | 2711 AB | Zoetermeer",
        "telefoon": "0" * 60,
        "contactpersoon": "c" * 200,
    }
    for column, value in samples.items():
        changed = {**row, column: value}
        text = ";".join(header) + "\r\n" + ";".join(f'"{changed[c]}"' for c in header) + "\r\n"
        before = list(Voorziening.objects.order_by("pk").values_list("name", "website", "email"))
        result = import_csv(text)
        assert result.errors, column
        assert any(error.column == column for error in result.errors), (column, result.errors)
        assert list(Voorziening.objects.order_by("pk").values_list("name", "website", "email")) == before


def test_a_name_with_a_line_break_is_refused_on_the_model(demo):
    from django.core.exceptions import ValidationError

    voorziening = a_voorziening()
    voorziening.name = "Twee\nregels"
    with pytest.raises(ValidationError) as refused:
        voorziening.full_clean()
    assert "op één regel" in str(refused.value)
    organisation = Organisation(name="Een\r\norganisatie")
    with pytest.raises(ValidationError):
        organisation.full_clean()


def test_replying_to_a_report_on_an_entry_with_a_line_break_in_its_name_still_works(demo, mailoutbox):
    from content.kaart import services

    voorziening = a_voorziening()
    Voorziening.objects.filter(pk=voorziening.pk).update(name="Oude\nnaam")  # stored before the rule
    reporter = get_user_model().objects.get(username="medewerker")
    report = services.report_change(
        voorziening=voorziening, reason="klopt-niet", text="Klopt niet", reporter=reporter
    )
    report.refresh_from_db()
    coordinator = get_user_model().objects.get(username="coordinator")
    assert services.handle_report(
        report, user=coordinator, status=ChangeReport.State.DONE, reply="Aangepast."
    )
    assert "\n" not in mailoutbox[-1].subject


def test_a_change_report_sent_twice_is_stored_once(demo):
    voorziening = a_voorziening()
    client = signed_in("medewerker")
    url = reverse("kaart:report_change", args=[voorziening.slug])
    form = client.get(url).context["form"]
    token = form["form_token"].value()
    assert len(token) == 32
    data = {"reason": "klopt-niet", "text": "Het telefoonnummer is veranderd.", "form_token": token}
    before = ChangeReport.objects.count()
    for _ in range(3):
        assert client.post(url, data).status_code == 302
    assert ChangeReport.objects.count() == before + 1
    other_form = client.get(url).context["form"]["form_token"].value()
    assert other_form != token  # a new form is a new report
    client.post(url, {**data, "form_token": other_form})
    assert ChangeReport.objects.count() == before + 2


def test_a_request_over_the_upload_limit_gets_the_dutch_400_page(demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = signed_in("medewerker").post(reverse("kaart:report_new"), {"text": "x" * 20_000})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()
