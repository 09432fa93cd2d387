"""Four eyes on leerstof: no route of the admin lets a coördinator make a change live without
another person's approval; approving the "Leerstofreview" publishes; taking a page offline
stays possible ("Offline halen")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from modules.models import LessonPage
from tests.access import NO_PERMISSION, outcome

from .factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db

OLD, NEW = "De oude tekst van de les.", "Nieuwe tekst van de coördinator."


@pytest.fixture
def lesson(site_tree):
    module = ModulePageFactory(parent=site_tree[1], title="GIZ", slug="giz")
    return LessonPageFactory(parent=module, title="Wat GIZ is", slug="wat-is-giz", text=OLD)


@pytest.fixture
def coordinator(make_user):
    return make_user("Coördinator", username="ilse")


def form(lesson, text, **extra):
    return nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": "10",
            "region": lesson.region,
            "learning_goals": lesson.learning_goals,
            "body": streamfield([("markdown", text)]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            **extra,
        }
    )


def live_text(lesson):
    return LessonPage.objects.get(pk=lesson.pk).body.render_as_block()


def review_state(page):
    return WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).first()


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_edit_view_sends_a_posted_publish_to_the_review(client, coordinator, lesson):
    client.force_login(coordinator)
    assert 'name="action-publish"' not in client.get(edit_url(lesson)).content.decode()  # action menu
    response = client.post(edit_url(lesson), form(lesson, NEW, **{"action-publish": "1"}))
    assert response.status_code == 302
    assert OLD in live_text(lesson) and NEW not in live_text(lesson)
    state = review_state(lesson)
    assert state is not None and state.requested_by == coordinator


def test_bulk_publish_is_refused(client, coordinator, lesson):
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [{"type": "markdown", "value": NEW}]
    draft.save_revision(user=coordinator)
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={lesson.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["items"] == [] and len(page.context["items_with_no_access"]) == 1
    client.post(url, {"include_descendants": ""})
    assert NEW not in live_text(lesson)
    assert LessonPage.objects.get(pk=lesson.pk).has_unpublished_changes


def test_the_admin_api_publish_is_refused(client, coordinator, lesson):
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [{"type": "markdown", "value": NEW}]
    draft.save_revision(user=coordinator)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/api/main/pages/{lesson.pk}/action/publish/", content_type="application/json"
    )
    assert response.status_code == 403
    assert NEW not in live_text(lesson)


def test_a_copy_is_not_published(client, coordinator, lesson):
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[lesson.pk]),
        {
            "new_title": "Kopie",
            "new_slug": "kopie",
            "new_parent_page": str(lesson.get_parent().pk),
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = Page.objects.get(slug="kopie")
    assert copy.live is False


def test_reverting_to_a_revision_goes_to_the_review(client, coordinator, lesson):
    first = lesson.latest_revision
    beheerder_edit = LessonPage.objects.get(pk=lesson.pk)
    beheerder_edit.body = [{"type": "markdown", "value": "Tussenversie."}]
    beheerder_edit.save_revision().publish()
    client.force_login(coordinator)
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[lesson.pk, first.pk])
    assert client.get(revert).status_code == 200
    client.post(edit_url(lesson), form(lesson, OLD, revision=str(first.pk), **{"action-publish": "1"}))
    assert "Tussenversie." in live_text(lesson)
    assert review_state(lesson) is not None


def test_scheduled_publishing_goes_to_the_review(client, coordinator, lesson):
    go_live = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    client.force_login(coordinator)
    client.post(edit_url(lesson), form(lesson, NEW, go_live_at=go_live, **{"action-publish": "1"}))
    assert not Revision.page_revisions.filter(
        object_id=str(lesson.pk), approved_go_live_at__isnull=False
    ).exists()
    assert review_state(lesson) is not None
    assert NEW not in live_text(lesson)


def test_wagtails_unpublish_is_refused_but_offline_halen_works(client, coordinator, lesson):
    client.force_login(coordinator)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[lesson.pk]))
    assert LessonPage.objects.get(pk=lesson.pk).live is True

    html = client.get(edit_url(lesson)).content.decode()
    offline_url = reverse("modules_take_offline", args=[lesson.pk])
    assert offline_url in html and "Offline halen" in html
    assert client.get(offline_url).status_code == 200
    response = client.post(offline_url)
    assert response.status_code == 302
    assert LessonPage.objects.get(pk=lesson.pk).live is False
    assert outcome(client, offline_url) == NO_PERMISSION  # already offline


def test_offline_halen_takes_the_steps_of_a_module_along(client, coordinator, lesson):
    module = lesson.get_parent()
    client.force_login(coordinator)
    assert client.post(reverse("modules_take_offline", args=[module.pk])).status_code == 302
    assert not Page.objects.get(pk=module.pk).live and not Page.objects.get(pk=lesson.pk).live
    assert client.get("/modules/giz/wat-is-giz/").status_code == 404


def test_a_medewerker_cannot_take_a_page_offline(client, make_user, lesson):
    client.force_login(make_user("Medewerker"))
    client.post(reverse("modules_take_offline", args=[lesson.pk]))
    assert LessonPage.objects.get(pk=lesson.pk).live is True


def submit(client, user, lesson, text=NEW):
    client.force_login(user)
    client.post(edit_url(lesson), form(lesson, text, **{"action-submit": "1"}))
    state = review_state(lesson)
    assert state is not None
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", state.current_task_state.pk]
    )


def test_approval_by_another_coordinator_publishes_not_by_the_submitter(
    client, make_user, coordinator, lesson
):
    approve_url = submit(client, coordinator, lesson)
    client.post(approve_url, {"comment": ""})  # the submitter
    assert NEW not in live_text(lesson)

    client.force_login(make_user("Coördinator", username="ahmed"))
    assert client.post(approve_url, {"comment": "Akkoord"}).status_code == 302
    assert NEW in live_text(lesson)
    assert review_state(lesson) is None


def test_a_reviewer_who_edits_cannot_approve_their_own_edit(client, make_user, coordinator, lesson):
    submit(client, coordinator, lesson)
    reviewer = make_user("Coördinator", username="ahmed")
    client.force_login(reviewer)
    # Edit and approve in one go from the edit view: the edit is saved, the approval refused.
    response = client.post(
        edit_url(lesson),
        form(
            lesson,
            "Door de reviewer herschreven.",
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert "Door de reviewer herschreven." not in live_text(lesson)
    state = review_state(lesson)
    assert state is not None
    actions = state.current_task_state.task.specific.get_actions(lesson, reviewer)
    assert [name for name, *_ in actions] == ["reject"]

    third = make_user("Coördinator", username="jan")
    client.force_login(third)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", state.current_task_state.pk]
    )
    assert client.post(approve_url, {"comment": ""}).status_code == 302
    assert "Door de reviewer herschreven." in live_text(lesson)


def test_a_beheerder_publishes_directly(client, make_user, lesson):
    client.force_login(make_user("Beheerder"))
    assert 'name="action-publish"' in client.get(edit_url(lesson)).content.decode()
    client.post(edit_url(lesson), form(lesson, NEW, **{"action-publish": "1"}))
    assert NEW in live_text(lesson)
