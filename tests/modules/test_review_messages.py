"""After a review decision in the edit view, the reviewer reads what it did ("goedgekeurd en
gepubliceerd"), not Wagtail's "Pagina '…' is gewijzigd" of a plain save (issue 16)."""

import html

import pytest
from django.utils.html import strip_tags

from modules.models import LessonPage

from .test_four_eyes import NEW, coordinator, edit_url, form, lesson, live_text, review_state  # noqa: F401

pytestmark = pytest.mark.django_db


def decide(client, reviewer, lesson, action):  # noqa: F811
    """The reviewer opens the submitted change and decides from the action menu, editing nothing
    (the form posts what the submitted revision holds)."""
    client.force_login(reviewer)
    data = form(lesson, NEW, **{"action-workflow-action": "1", "workflow-action-name": action})
    submitted = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    data["body-0-id"] = submitted.body[0].id
    response = client.post(edit_url(lesson), data, follow=True)
    assert response.status_code == 200
    return said(response)


def said(response):
    """The messages shown, as text (Wagtail renders its admin messages as HTML)."""
    return [html.unescape(strip_tags(str(message))).strip() for message in response.context["messages"]]


def submit(client, user, lesson):  # noqa: F811
    client.force_login(user)
    client.post(edit_url(lesson), form(lesson, NEW, **{"action-submit": "1"}))
    assert review_state(lesson) is not None


def test_approving_in_the_edit_view_says_approved_and_published(client, make_user, coordinator, lesson):  # noqa: F811
    submit(client, coordinator, lesson)
    shown = decide(client, make_user("Coördinator", username="ahmed"), lesson, "approve")
    assert NEW in live_text(lesson)
    assert "Pagina ‘Wat GIZ is’ is goedgekeurd en gepubliceerd." in shown
    assert not any("is gewijzigd" in text for text in shown)


def test_requesting_changes_says_so(client, make_user, coordinator, lesson):  # noqa: F811
    submit(client, coordinator, lesson)
    shown = decide(client, make_user("Coördinator", username="ahmed"), lesson, "reject")
    assert "Voor pagina ‘Wat GIZ is’ zijn wijzigingen gevraagd." in shown
    assert not any("is gewijzigd" in text for text in shown)
    assert NEW not in live_text(lesson)


def test_a_plain_save_still_says_saved(client, coordinator, lesson):  # noqa: F811
    client.force_login(coordinator)
    response = client.post(edit_url(lesson), form(lesson, NEW), follow=True)
    assert "Pagina 'Wat GIZ is' is gewijzigd." in said(response)
