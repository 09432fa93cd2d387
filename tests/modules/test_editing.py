"""A coordinator edits a lesson in the Wagtail admin through the "Leerstofreview" workflow."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from modules.leerstof_import import import_leerstof
from modules.models import LessonPage

from .factories import write_module

NEW_TEXT = "Door de coördinator herschreven: begin bij wat het gezin zelf al geprobeerd heeft."


def lesson_form(lesson, text):
    return nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": "25",
            "region": lesson.region,
            "learning_goals": lesson.learning_goals,
            "body": streamfield([("markdown", f"{text}\n\n## Bronnen\n\n- Verbeterplan, regels 1–2")]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
        }
    )


@pytest.fixture
def imported(tmp_path, site_tree, roles):
    write_module(
        tmp_path, 1, "giz", "GIZ", lessons=[("wat-is-giz", "Wat GIZ is"), ("gesprek", "Het gesprek")]
    )
    import_leerstof(tmp_path)
    return tmp_path


@pytest.mark.django_db
def test_coordinator_edits_previews_submits_approves_and_the_import_then_skips(imported, make_user, client):
    editor = make_user("Coördinator", username="ilse")
    approver = make_user("Coördinator", username="ahmed")
    learner = make_user("Medewerker", username="sanne")
    lesson = LessonPage.objects.get(slug="wat-is-giz")
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    # Edit and preview.
    client.force_login(editor)
    assert client.get(edit_url).status_code == 200
    data = lesson_form(lesson, NEW_TEXT)
    preview = client.post(f"{edit_url}preview/", data)
    assert preview.status_code == 200 and preview.json()["is_valid"] is True
    preview_html = client.get(f"{edit_url}preview/").content.decode()
    assert NEW_TEXT in preview_html

    # The action menu offers no "Publiceren" to a coordinator, and a publish posted anyway is
    # not lost: the edit is saved and submitted to the review workflow instead of going live.
    assert "action-publish" not in client.get(edit_url).content.decode()
    response = client.post(edit_url, {**data, "action-publish": "Publiceren"}, follow=True)
    assert response.status_code == 200
    assert "Leerstof wordt gepubliceerd na review" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.estimated_minutes != 25
    assert NEW_TEXT in lesson.get_latest_revision_as_object().body.render_as_block()
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(lesson.pk))
    assert state.workflow.name == "Leerstofreview" and state.status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(learner)
    assert NEW_TEXT not in client.get(lesson.url).content.decode()

    # Saving again while the review runs keeps it a draft on the same workflow.
    client.force_login(editor)
    client.post(edit_url, {**data, "action-publish": "Publiceren"})
    assert WorkflowState.objects.filter(object_id=str(lesson.pk)).count() == 1
    lesson.refresh_from_db()
    assert lesson.estimated_minutes != 25

    # Four eyes: neither the coördinator who submitted the change nor a medewerker can approve;
    # another coördinator can, and that publishes.
    task_state = state.current_task_state
    approve_url = f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/"
    assert task_state.task.specific.get_actions(lesson, editor) == []
    for user in (editor, learner):
        client.force_login(user)
        client.post(approve_url, {"comment": ""})
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(approver)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert lesson.title in dashboard  # "Awaiting your review"
    client.force_login(approver)
    response = client.post(approve_url, {"comment": "Akkoord"})
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    lesson.refresh_from_db()
    assert lesson.estimated_minutes == 25

    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert NEW_TEXT in html

    # The source file changes too, but the import leaves the edited lesson alone and says why.
    (imported / "01-giz" / "01-wat-is-giz.md").write_text(
        "---\ntitle: Wat GIZ is\nslug: wat-is-giz\n---\nUit het bestand.\n\n## Bronnen\n\n- x\n",
        encoding="utf-8",
    )
    (imported / "01-giz" / "02-gesprek.md").write_text(
        "---\ntitle: Het gesprek\nslug: gesprek\n---\nOok nieuw.\n\n## Bronnen\n\n- x\n", encoding="utf-8"
    )
    out = StringIO()
    call_command("import_leerstof", "--bron", str(imported), stdout=out)
    report = out.getvalue()
    assert "overgeslagen: in de admin bewerkt — les “Wat GIZ is” (01-giz/01-wat-is-giz.md)" in report
    assert "bijgewerkt — les “Het gesprek” (01-giz/02-gesprek.md)" in report
    assert NEW_TEXT in client.get(lesson.url).content.decode()
    assert "Ook nieuw." in client.get(LessonPage.objects.get(slug="gesprek").url).content.decode()
