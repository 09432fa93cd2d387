"""Report a change → the coordinators' queue → handled, reporter told; stale report; checked today."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from content.kaart.models import ChangeReport, Voorziening
from tests.assertions import assert_sent_to_admin_login, assert_sent_to_the_dashboard

from .factories import CategoryFactory, NeighbourhoodFactory, OrganisationFactory, VoorzieningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(db):
    return VoorzieningFactory(name="Oudergroep scheiding", whole=True, checked_days=800)


@pytest.fixture
def medewerker(make_user):
    user = make_user(username="sanne")
    user.email = "sanne@zoetermeer.example"
    user.save()
    return user


def test_medewerker_reports_a_change_and_the_coordinator_handles_it(client, make_user, medewerker, entry):
    client.force_login(medewerker)
    detail = client.get(entry.get_absolute_url()).content.decode()
    assert "Meld een wijziging" in detail and "Bestaat niet meer" in detail
    response = client.post(
        reverse("kaart:report_change", args=[entry.slug]),
        {"reason": "klopt-niet", "text": "Het nummer werkt niet meer."},
        follow=True,
    )
    assert "De coördinator bekijkt je melding" in response.content.decode()
    report = ChangeReport.objects.get()
    assert (report.voorziening, report.reporter, report.status) == (entry, medewerker, "open")

    coordinator = make_user(role="Coördinator")
    client.force_login(coordinator)
    queue = client.get(reverse("wagtailsnippets_kaart_changereport:list") + "?status=open").content.decode()
    assert "Oudergroep scheiding" in queue
    response = client.post(
        reverse("wagtailsnippets_kaart_changereport:edit", args=[report.pk]),
        {"status": "verwerkt", "reply": "Dank je, het nieuwe nummer staat erin."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == "verwerkt" and report.handled_by == coordinator and report.handled_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@zoetermeer.example"]
    assert "Oudergroep scheiding" in message.subject
    assert "Dank je, het nieuwe nummer staat erin." in message.body and "Verwerkt" in message.body

    # the reporter sees the answer on "Mijn meldingen"
    client.force_login(medewerker)
    mine = client.get(reverse("kaart:my_reports")).content.decode()
    assert "Dank je, het nieuwe nummer staat erin." in mine and "Verwerkt" in mine

    # saving again without changes sends nothing new
    client.force_login(coordinator)
    client.post(
        reverse("wagtailsnippets_kaart_changereport:edit", args=[report.pk]),
        {"status": "verwerkt", "reply": "Dank je, het nieuwe nummer staat erin."},
    )
    assert len(mail.outbox) == 1


def test_a_report_with_errors_keeps_its_text(client, medewerker, entry):
    client.force_login(medewerker)
    response = client.post(
        reverse("kaart:report_change", args=[entry.slug]), {"text": "Mijn uitleg blijft staan"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn uitleg blijft staan" in html
    assert "Dit is een verplicht veld" in html
    assert not ChangeReport.objects.exists()


def test_report_a_new_voorziening_without_an_entry(client, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("kaart:report_new"), {"proposed_name": "Moederscafé", "text": ""})
    assert response.status_code == 400 and "Moederscafé" in response.content.decode()
    client.post(
        reverse("kaart:report_new"), {"proposed_name": "Moederscafé", "text": "Elke vrijdag, gratis."}
    )
    report = ChangeReport.objects.get()
    assert report.voorziening is None and report.reason == "nieuw" and report.proposed_name == "Moederscafé"


def test_others_reports_are_not_shown_on_my_reports(client, make_user, medewerker, entry):
    other = make_user()
    ChangeReport.objects.create(
        voorziening=entry, reason="dubbel", text="Geheim van een ander", reporter=other
    )
    client.force_login(medewerker)
    assert "Geheim van een ander" not in client.get(reverse("kaart:my_reports")).content.decode()


def test_reports_cannot_be_added_in_the_admin(client, make_user):
    client.force_login(make_user(role="Coördinator"))
    assert_sent_to_the_dashboard(client.get(reverse("wagtailsnippets_kaart_changereport:add")))


def test_medewerkers_cannot_reach_the_coordinator_screens(client, make_user, entry):
    client.force_login(make_user(role="Medewerker"))
    for url in [
        reverse("sociale-kaart-controle:index"),
        reverse("sociale-kaart-dekking:index"),
        reverse("sociale-kaart-import:index"),
        reverse("sociale-kaart-controle:mark_checked", args=[entry.pk]),
    ]:
        assert_sent_to_admin_login(client.get(url), url)
    url = reverse("sociale-kaart-controle:mark_checked", args=[entry.pk])
    assert_sent_to_admin_login(client.post(url), url)
    entry.refresh_from_db()
    assert entry.is_stale()


def test_stale_report_lists_entries_older_than_twelve_months(client, make_user, entry):
    today = timezone.localdate()
    VoorzieningFactory(
        name="Net op tijd", whole=True, checked_days=(today - today.replace(year=today.year - 1)).days
    )
    VoorzieningFactory(name="Nooit gecontroleerd", whole=True, checked_days=None)
    VoorzieningFactory(name="Recent", whole=True, checked_days=10)
    VoorzieningFactory(name="Oud maar gestopt", whole=True, checked_days=900, status="gestopt")
    client.force_login(make_user(role="Coördinator"))
    html = client.get(reverse("sociale-kaart-controle:index")).content.decode()
    assert "Oudergroep scheiding" in html and "Nooit gecontroleerd" in html
    assert "Net op tijd" not in html and "Recent" not in html and "Oud maar gestopt" not in html
    assert html.index("Nooit gecontroleerd") < html.index("Oudergroep scheiding")  # never checked first


def test_checked_today_sets_date_and_user_without_making_a_draft(client, make_user, entry):
    coordinator = make_user(role="Coördinator")
    revisions = entry.revisions.count()
    client.force_login(coordinator)
    response = client.post(
        reverse("sociale-kaart-controle:mark_checked", args=[entry.pk]),
        {"next": reverse("wagtailadmin_home")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    entry.refresh_from_db()
    assert entry.last_checked_on == timezone.localdate() and entry.last_checked_by == coordinator
    assert not entry.is_stale()
    assert entry.revisions.count() == revisions and not entry.has_unpublished_changes
    assert ModelLogEntry.objects.filter(action="kaart.checked", object_id=str(entry.pk)).exists()
    assert entry not in client.get(reverse("sociale-kaart-controle:index")).context["entries"]


def test_checked_today_keeps_a_pending_draft_and_survives_its_publication(client, make_user, entry):
    coordinator = make_user(role="Coördinator")
    draft = Voorziening.objects.get(pk=entry.pk)
    draft.summary = "Nieuwe samenvatting in concept"
    revision = draft.save_revision(user=coordinator)
    client.force_login(coordinator)
    client.post(reverse("sociale-kaart-controle:mark_checked", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.has_unpublished_changes and entry.summary != "Nieuwe samenvatting in concept"
    revision.refresh_from_db()
    revision.publish(user=coordinator)  # the draft was made before the check
    entry.refresh_from_db()
    assert entry.summary == "Nieuwe samenvatting in concept"
    assert entry.last_checked_on == timezone.localdate()  # the older draft did not undo the check


def test_get_on_checked_today_only_asks_for_confirmation(client, make_user, entry):
    client.force_login(make_user(role="Coördinator"))
    response = client.get(reverse("sociale-kaart-controle:mark_checked", args=[entry.pk]))
    assert response.status_code == 200 and "Vandaag gecontroleerd" in response.content.decode()
    entry.refresh_from_db()
    assert entry.is_stale()


def test_detail_page_warns_when_the_last_check_is_older_than_twelve_months(client, medewerker, entry):
    client.force_login(medewerker)
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "meer dan 12 maanden geleden" in html
    fresh = VoorzieningFactory(whole=True, checked_days=364)
    assert "meer dan 12 maanden geleden" not in client.get(fresh.get_absolute_url()).content.decode()


def test_coverage_report_counts_active_entries_per_wijk_and_category(client, make_user):
    opvoed, sport = CategoryFactory(slug="opvoedondersteuning"), CategoryFactory(slug="sport-en-cultuur")
    oost, seg = NeighbourhoodFactory(slug="oosterheem"), NeighbourhoodFactory(slug="seghwaert")
    VoorzieningFactory(category=opvoed, wijken=[oost])
    VoorzieningFactory(category=opvoed, wijken=[oost, seg])
    VoorzieningFactory(category=opvoed, whole=True)
    VoorzieningFactory(category=opvoed, wijken=[seg], status="tijdelijk-gesloten")  # not active: not counted
    VoorzieningFactory(category=sport, wijken=[oost], publish=False)  # draft: not counted
    client.force_login(make_user(role="Coördinator"))
    response = client.get(reverse("sociale-kaart-dekking:index"))
    rows = {row["wijk"].slug: row for row in response.context["rows"]}
    cells = {cell["category"].slug: cell for cell in rows["oosterheem"]["cells"]}
    assert (cells["opvoedondersteuning"]["own"], cells["opvoedondersteuning"]["whole"]) == (2, 1)
    assert cells["sport-en-cultuur"]["total"] == 0
    seg_cells = {cell["category"].slug: cell for cell in rows["seghwaert"]["cells"]}
    assert (seg_cells["opvoedondersteuning"]["own"], seg_cells["opvoedondersteuning"]["whole"]) == (1, 1)
    assert "2 + 1" in response.content.decode() and "gat" in response.content.decode()


def test_admin_listing_filters_and_search_combine(client, make_user):
    oost = NeighbourhoodFactory(slug="oosterheem")
    VoorzieningFactory(name="Oude groep ouders", wijken=[oost], checked_days=900)
    VoorzieningFactory(name="Nieuwe groep ouders", wijken=[oost], checked_days=5)
    client.force_login(make_user(role="Coördinator"))
    response = client.get(
        reverse("wagtailsnippets_kaart_voorziening:list"),
        {"q": "ouders", "checked": "stale", "wijk": oost.pk, "ordering": "-last_checked_on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oude groep ouders" in html and "Nieuwe groep ouders" not in html
    assert "verouderd" in html


def test_admin_listing_runs_a_fixed_number_of_queries(client, make_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(role="Coördinator"))
    for i in range(3):
        VoorzieningFactory(
            organisation=OrganisationFactory(name=f"Org {i}", email=""),
            category=CategoryFactory(slug=f"cat-{i}"),
        )
    client.get(reverse("wagtailsnippets_kaart_voorziening:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtailsnippets_kaart_voorziening:list"))
    for i in range(30):
        VoorzieningFactory(
            organisation=OrganisationFactory(name=f"Org x{i}", email=""),
            category=CategoryFactory(slug=f"cat-x{i}"),
        )
    with django_assert_num_queries(len(few)):
        client.get(reverse("wagtailsnippets_kaart_voorziening:list"))


def test_reply_e_mail_addresses_the_reporter_by_first_name(client, make_user, medewerker, entry):
    medewerker.first_name, medewerker.last_name = "Sanne", "de Wit"
    medewerker.save()
    report = ChangeReport.objects.create(
        voorziening=entry, reason="klopt-niet", text="X", reporter=medewerker
    )
    client.force_login(make_user(role="Coördinator"))
    client.post(
        reverse("wagtailsnippets_kaart_changereport:edit", args=[report.pk]),
        {"status": "verwerkt", "reply": "Aangepast, dank je."},
    )
    assert mail.outbox[0].body.startswith("Beste Sanne,\n")


@pytest.mark.parametrize(
    "first, last, expected",
    [("", "", "Beste sanne,"), ("", "de Wit", "Beste de Wit,")],
)
def test_reply_e_mail_falls_back_to_full_name_or_username(medewerker, entry, first, last, expected):
    from content.kaart import services

    medewerker.first_name, medewerker.last_name = first, last
    medewerker.save()
    report = ChangeReport.objects.create(voorziening=entry, reason="dubbel", text="X", reporter=medewerker)
    services.handle_report(report, user=None, status="verwerkt", reply="Samengevoegd.")
    assert mail.outbox[0].body.splitlines()[0] == expected


def test_reply_e_mail_to_a_provider_uses_the_name_it_gave(entry):
    from content.kaart import services

    report = ChangeReport.objects.create(
        voorziening=entry,
        reason="aanbieder",
        text="Nieuw nummer",
        reporter_name="Els de Vries",
        reporter_email="els@opvoedpunt.example.nl",
    )
    services.handle_report(report, user=None, status="verwerkt", reply="Het nummer is aangepast.")
    assert mail.outbox[0].body.splitlines()[0] == "Beste Els de Vries,"


def test_rejecting_a_report_requires_a_reply_and_loses_nothing(client, make_user, medewerker, entry):
    report = ChangeReport.objects.create(
        voorziening=entry, reason="bestaat-niet-meer", text="Gestopt?", reporter=medewerker
    )
    client.force_login(make_user(role="Coördinator"))
    url = reverse("wagtailsnippets_kaart_changereport:edit", args=[report.pk])
    response = client.post(url, {"status": "afgewezen", "reply": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf een antwoord als je een melding afwijst" in html
    assert "Verplicht als je de melding afwijst" in html
    assert '<option value="afgewezen" selected>' in html  # the chosen status stays on the form
    report.refresh_from_db()
    assert report.status == "open" and report.handled_at is None
    assert mail.outbox == []

    response = client.post(url, {"status": "afgewezen", "reply": "Navraag: het loopt nog gewoon door."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "afgewezen"
    assert len(mail.outbox) == 1 and "Navraag: het loopt nog gewoon door." in mail.outbox[0].body
    assert "Afgewezen" in mail.outbox[0].body


def test_handle_report_refuses_a_rejection_without_reply(medewerker, entry):
    from django.core.exceptions import ValidationError

    from content.kaart import services

    report = ChangeReport.objects.create(voorziening=entry, reason="dubbel", text="X", reporter=medewerker)
    with pytest.raises(ValidationError):
        services.handle_report(report, user=None, status="afgewezen", reply="")
    report.refresh_from_db()
    assert report.status == "open" and mail.outbox == []
