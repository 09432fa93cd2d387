"""The coordinator's work in the admin: a report links to its entry and shows the proposed
change beside it; "apply and mark handled" in one step; open reports and stale entries on the
dashboard; saving an entry records the check unless unticked; the form's choosers."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from content.kaart.models import ChangeReport, Organisation, Voorziening

from .factories import CategoryFactory, NeighbourhoodFactory, OrganisationFactory, VoorzieningFactory
from .test_admin_editing import ADD, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user(role="Coördinator", username="ilse")


@pytest.fixture
def report(make_user):
    reporter = make_user(username="sanne")
    reporter.email = "sanne@zoetermeer.example"
    reporter.save()
    entry = VoorzieningFactory(name="Opvoedspreekuur", phone="079-000 1111", checked_days=800)
    return ChangeReport.objects.create(
        voorziening=entry,
        reason="klopt-niet",
        text="Nieuw nummer sinds deze maand.",
        proposed_field="phone",
        proposed_value="079-000 4321",
        reporter=reporter,
    )


def edit_url(report):
    return reverse("wagtailsnippets_kaart_changereport:edit", args=[report.pk])


def test_a_report_links_to_its_entry_with_the_proposed_change_beside_it(client, coordinator, report):
    client.force_login(coordinator)
    html = client.get(edit_url(report)).content.decode()
    entry_edit = reverse("wagtailsnippets_kaart_voorziening:edit", args=[report.voorziening_id])
    assert f'href="{entry_edit}"' in html and "“Opvoedspreekuur” bewerken" in html
    assert "079-000 1111" in html and "<strong>079-000 4321</strong>" in html
    apply = reverse("sociale-kaart-controle:apply_report", args=[report.pk])
    assert f'formaction="{apply}"' in html and "Toepassen en afhandelen" in html


def test_apply_and_mark_handled_publishes_checks_and_tells_the_reporter_in_one_post(
    client, coordinator, report
):
    client.force_login(coordinator)
    response = client.post(
        reverse("sociale-kaart-controle:apply_report", args=[report.pk]), {"reply": ""}, follow=True
    )
    assert (
        response.redirect_chain[-1][0] == reverse("wagtailsnippets_kaart_changereport:list") + "?status=open"
    )
    assert "is nu “079-000 4321”" in response.content.decode()
    entry = Voorziening.objects.get(pk=report.voorziening_id)
    assert entry.phone == "079-000 4321" and entry.live and not entry.has_unpublished_changes
    assert entry.latest_revision.user == coordinator
    assert entry.last_checked_on == timezone.localdate() and entry.last_checked_by == coordinator
    report.refresh_from_db()
    assert report.status == "verwerkt" and report.handled_by == coordinator
    assert [m.to for m in mail.outbox] == [["sanne@zoetermeer.example"]]
    assert "Telefoon" in mail.outbox[0].body or "telefoon" in mail.outbox[0].body
    # the public page shows the new number
    assert "079-000 4321" in client.get(entry.get_absolute_url()).content.decode()
    # applying again does nothing
    again = client.post(reverse("sociale-kaart-controle:apply_report", args=[report.pk]), follow=True)
    assert "stelt geen nieuwe waarde voor" in again.content.decode()


def test_a_value_that_breaks_the_fields_rule_or_a_pending_draft_is_refused(client, coordinator, report):
    client.force_login(coordinator)
    report.proposed_field, report.proposed_value = "website", "javascript:alert(1)"
    report.save()
    response = client.post(reverse("sociale-kaart-controle:apply_report", args=[report.pk]), follow=True)
    assert response.redirect_chain[-1][0] == edit_url(report)
    assert Voorziening.objects.get(pk=report.voorziening_id).website == ""
    report.refresh_from_db()
    assert report.status == "open" and mail.outbox == []

    report.proposed_field, report.proposed_value = "phone", "079-000 4321"
    report.save()
    draft = Voorziening.objects.get(pk=report.voorziening_id)
    draft.summary = "Concept"
    draft.save_revision(user=coordinator)
    response = client.post(reverse("sociale-kaart-controle:apply_report", args=[report.pk]), follow=True)
    assert "concept dat nog niet gepubliceerd is" in response.content.decode()
    assert Voorziening.objects.get(pk=report.voorziening_id).phone == "079-000 1111"


def test_a_medewerker_cannot_apply_a_report(client, make_user, report):
    client.force_login(make_user())
    response = client.post(reverse("sociale-kaart-controle:apply_report", args=[report.pk]))
    assert response.status_code in (302, 403)
    assert Voorziening.objects.get(pk=report.voorziening_id).phone == "079-000 1111"


def test_a_medewerker_can_propose_one_value_with_the_report(client, make_user):
    entry = VoorzieningFactory(name="Opvoedspreekuur")
    client.force_login(make_user())
    response = client.post(
        reverse("kaart:report_change", args=[entry.slug]),
        {
            "reason": "klopt-niet",
            "text": "Nieuw nummer",
            "proposed_field": "phone",
            "proposed_value": "079-000 9",
        },
    )
    assert response.status_code == 302
    report = ChangeReport.objects.get()
    assert (report.proposed_field, report.proposed_value, report.proposes_a_value) == (
        "phone",
        "079-000 9",
        True,
    )
    response = client.post(
        reverse("kaart:report_change", args=[entry.slug]),
        {"reason": "klopt-niet", "text": "Nieuw nummer", "proposed_field": "phone", "proposed_value": ""},
    )
    assert response.status_code == 400 and "Vul de juiste waarde in" in response.content.decode()


def test_the_dashboard_shows_open_reports_and_stale_entries(client, coordinator, report):
    VoorzieningFactory(name="Recent", checked_days=10)
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Open meldingen over de sociale kaart" in html
    assert f'href="{edit_url(report)}"' in html and "in één stap toe te passen" in html
    assert "Voorzieningen die twaalf maanden niet zijn gecontroleerd" in html
    stale_edit = reverse("wagtailsnippets_kaart_voorziening:edit", args=[report.voorziening_id])
    assert f'href="{stale_edit}"' in html and "Recent</a>" not in html


def test_saving_an_entry_records_the_check_unless_unticked(client, coordinator):
    client.force_login(coordinator)
    response = client.post(ADD, form(checked_today="on"))
    assert response.status_code == 302
    entry = Voorziening.objects.get(slug="moederscafe")
    assert entry.last_checked_on == timezone.localdate() and entry.last_checked_by == coordinator

    other = VoorzieningFactory(name="Ongewijzigd", checked_days=800)
    before = other.last_checked_on
    edit = reverse("wagtailsnippets_kaart_voorziening:edit", args=[other.pk])
    page = client.get(edit).content.decode()
    assert 'name="checked_today"' in page and "checked" in re.search(
        r'<input[^>]*name="checked_today"[^>]*>', page
    ).group(0)
    assert "Laatst gecontroleerd op" in page and ">None<" not in page
    data = form(
        name="Ongewijzigd", slug=other.slug, organisation=other.organisation_id, category=other.category_id
    )
    assert client.post(edit, {**data, "action-publish": "action-publish"}).status_code == 302
    other.refresh_from_db()
    assert other.last_checked_on == before  # unticked: the check stays as it was


def test_the_entry_form_has_radio_categories_checkbox_wijken_a_synced_key_and_an_organisation_chooser(
    client, coordinator
):
    OrganisationFactory(name="Opvoedpunt Zoetermeer")
    OrganisationFactory(name="SportPunt")
    CategoryFactory()
    NeighbourhoodFactory()
    client.force_login(coordinator)
    html = client.get(ADD).content.decode()
    assert re.search(r'<input type="radio" name="category"', html)
    assert re.search(r'<input type="checkbox" name="neighbourhoods"', html)
    assert 'data-w-sync-target-value="#id_slug"' in re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "w-slug" in re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)

    chooser = reverse("wagtailsnippetchoosers_kaart_organisation:choose")
    results = reverse("wagtailsnippetchoosers_kaart_organisation:choose_results")
    modal = client.get(chooser).content.decode()
    assert "Nieuwe organisatie" in modal
    found = client.get(results, {"q": "opvoed"}).content.decode()
    assert "Opvoedpunt Zoetermeer" in found and "SportPunt" not in found
    created = client.post(
        reverse("wagtailsnippetchoosers_kaart_organisation:create"),
        {"name": "Nieuwe aanbieder", "email": "", "phone": "", "website": ""},
    )
    assert created.status_code == 200 and Organisation.objects.filter(name="Nieuwe aanbieder").exists()


def test_module_steps_are_listed_in_the_learners_order_in_the_admin(client, site_tree, make_user):
    from tests.modules.factories import LessonPageFactory, ModulePageFactory

    module = ModulePageFactory(parent=site_tree[1], title="GIZ", slug="giz")
    first = LessonPageFactory(parent=module, title="Eerste les", slug="eerste")
    second = LessonPageFactory(parent=module, title="Tweede les", slug="tweede")
    first.save_revision(user=None)  # edited last: Wagtail's default would list it first
    client.force_login(make_user(role="Coördinator"))
    html = client.get(reverse("wagtailadmin_explore", args=[module.pk])).content.decode()
    assert html.index("Eerste les") < html.index("Tweede les")
    assert second.pk
