"""Every link in every e-mail the platform sends starts with the one configured public address
(``WAGTAILADMIN_BASE_URL``): reminders and the team lead's summary, the review mails of the
"Leerstof review", the sociale kaart's mails (reply to a report, check request) and password
reset. One mail per person per review event."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from content.kaart import services as kaart_services
from content.kaart.models import ChangeReport
from leergang.models import Team
from modules import progress
from modules.models import LessonPage
from modules.setup import sync_site_with_public_address
from tests.kaart.factories import OrganisationFactory, VoorzieningFactory

from .factories import LearningPathFactory, LessonPageFactory, ModulePageFactory, module_with_steps

pytestmark = pytest.mark.django_db

PUBLIC = "https://leergang.zoetermeer.example"
LINK = re.compile(r"""(?:https?://|www\.)[^\s"'<>)]+|href="([^"]*)\"""")


@pytest.fixture
def public_address(settings, site_tree):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    site = sync_site_with_public_address()
    assert (site.hostname, site.port) == ("leergang.zoetermeer.example", 443)
    return PUBLIC


def links_of(message):
    """Every link of a mail, in its text and in its HTML alternative."""
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    found = []
    for body in bodies:
        for match in LINK.finditer(body):
            found.append(match.group(1) if match.group(1) is not None else match.group(0))
    return found


def assert_every_link_is_public(messages):
    assert messages
    for message in messages:
        links = links_of(message)
        assert links, (message.subject, message.body)
        wrong = [link for link in links if not link.startswith(PUBLIC + "/")]
        assert not wrong, (message.subject, wrong)


def with_email(user):
    user.email = f"{user.username}@zoetermeer.example"
    user.save()
    return user


def test_reminders_and_the_team_summary_link_to_the_public_address(public_address, site_tree, make_user):
    today = timezone.localdate()
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    lead = with_email(make_user(role="Teamleider", username="teamleider"))
    team.leads.add(lead)
    with_email(make_user(team=team, username="lisa", start_date=today - datetime.timedelta(days=75)))
    veteran = with_email(
        make_user(team=team, username="sanne", start_date=today - datetime.timedelta(days=900))
    )
    module, steps = module_with_steps(
        site_tree[1], "toegang-zoetermeer", title="De toegang", refresh_months=12
    )
    LearningPathFactory(
        modules=[module], organisation_types=["jgh"], applies_from=today - datetime.timedelta(days=90)
    )
    for step in steps:
        progress.complete_step(veteran, step, score=90, when=timezone.now() - datetime.timedelta(days=425))
    call_command("stuur_herinneringen", verbosity=0)
    assert {message.to[0] for message in mail.outbox} == {
        "teamleider@zoetermeer.example",
        "lisa@zoetermeer.example",
        "sanne@zoetermeer.example",
    }
    assert_every_link_is_public(mail.outbox)


def test_the_review_mails_link_to_the_public_address_one_mail_per_person_and_event(
    public_address, site_tree, make_user
):
    author = with_email(make_user("Coördinator", username="ilse"))
    reviewer = with_email(make_user("Coördinator", username="joris"))
    beheerder = make_user("Beheerder", username="beheer")
    beheerder.is_superuser = True  # as the demo's beheerder is
    with_email(beheerder)
    module = ModulePageFactory(parent=site_tree[1], title="GIZ", slug="giz")
    lesson = LessonPageFactory(parent=module, title="Wat GIZ is", slug="wat-is-giz", text="Oud.")
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [{"type": "markdown", "value": "Nieuw."}]
    revision = draft.save_revision(user=author)
    draft.get_workflow().start(draft, author)
    submitted = list(mail.outbox)
    assert sorted(address for message in submitted for address in message.to) == [
        "beheer@zoetermeer.example",
        "joris@zoetermeer.example",
    ]
    assert_every_link_is_public(submitted)

    mail.outbox.clear()
    state = LessonPage.objects.get(pk=lesson.pk).current_workflow_task_state
    state.task.specific.on_action(state, reviewer, "approve")
    lesson.refresh_from_db()
    assert lesson.live_revision_id == revision.pk
    assert [message.to for message in mail.outbox] == [["ilse@zoetermeer.example"]]
    assert_every_link_is_public(mail.outbox)
    site = Site.objects.get(is_default_site=True)
    assert lesson.get_full_url() == f"{PUBLIC}/modules/giz/wat-is-giz/" and site.port == 443
    assert any(link.endswith("/modules/giz/wat-is-giz/") for link in links_of(mail.outbox[0]))


def test_the_sociale_kaart_mails_link_to_the_public_address(public_address, make_user):
    reporter = with_email(make_user(username="sanne"))
    organisation = OrganisationFactory(name="Opvoedpunt", email="kaart@opvoedpunt.example.nl")
    entry = VoorzieningFactory(name="Opvoedspreekuur", organisation=organisation, checked_days=400)
    report = ChangeReport.objects.create(
        voorziening=entry, reason="klopt-niet", text="Oud nummer", reporter=reporter
    )
    kaart_services.handle_report(report, user=None, status="verwerkt", reply="Aangepast.")
    call_command("vraag_controle", verbosity=0)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "kaart@opvoedpunt.example.nl",
        "sanne@zoetermeer.example",
    ]
    assert_every_link_is_public(mail.outbox)


@pytest.mark.parametrize("url_name", ["password_reset", "wagtailadmin_password_reset"])
def test_password_reset_links_to_the_public_address(client, public_address, make_user, url_name):
    user = with_email(make_user("Coördinator", username="ilse"))
    response = client.post(reverse(url_name), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert_every_link_is_public(mail.outbox)


def test_the_site_record_follows_the_public_address_as_demo_data_sets_it(settings, site_tree):
    site = Site.objects.get(is_default_site=True)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8001"
    sync_site_with_public_address()
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8001"
