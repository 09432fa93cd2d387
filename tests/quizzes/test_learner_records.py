"""Learner records outlive the pages they refer to: no foreign key from a learner's record to a
page cascades, and deleting a quiz, lesson or module that learners did is refused in the admin
(one page or in bulk) with a Dutch message that points to taking it offline."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from wagtail.models import Page

from modules.models import (
    AccreditationEntry,
    Certificate,
    LearningPathModule,
    LeerstofImport,
    LessonPage,
    ModuleChange,
    ModuleCompletion,
    StepCompletion,
)
from modules.progress import complete_step
from quizzes.models import ExtraAttempt, QuestionResponse, QuizAttempt

from .factories import RIGHT
from .test_taking import submit

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"leergang", "kaart", "modules", "quizzes"}
# Models that describe the leerstof, not what a learner did: they may go with their page.
LEERSTOF_CONFIGURATION = {LeerstofImport, LearningPathModule, ModuleChange}
REFUSAL = "Zet de pagina offline in plaats van hem te verwijderen."


def test_no_learner_record_cascades_from_a_page():
    checked = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model in LEERSTOF_CONFIGURATION:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if field.remote_field.parent_link or not issubclass(field.related_model, Page):
                continue
            checked.append(f"{model.__name__}.{field.name}")
            assert field.remote_field.on_delete in (models.PROTECT, models.SET_NULL), checked[-1]
    assert {"StepCompletion.page", "ModuleCompletion.module", "QuizAttempt.quiz", "ExtraAttempt.quiz"} <= set(
        checked
    )


@pytest.fixture
def done(learner_client, module, quiz, medewerker, coordinator):
    module.accreditation_hours = Decimal("1.5")
    module.save_revision().publish()
    complete_step(medewerker, LessonPage.objects.child_of(module).get())
    submit(learner_client, quiz, RIGHT)
    ExtraAttempt.objects.create(user=medewerker, quiz=quiz, count=1, reason="Ziek", granted_by=coordinator)
    return counts()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            StepCompletion,
            ModuleCompletion,
            Certificate,
            AccreditationEntry,
            QuizAttempt,
            QuestionResponse,
            ExtraAttempt,
        )
    }


@pytest.fixture
def beheerder_client(client, make_user):
    client.force_login(make_user("Beheerder", username="bea"))
    return client


def test_the_records_were_made(done):
    assert all(done.values()), done


@pytest.mark.parametrize("which", ["quiz", "lesson", "module"])
def test_deleting_a_done_page_in_the_admin_is_refused_and_keeps_every_record(
    which, done, beheerder_client, module, quiz
):
    page = {"quiz": quiz, "lesson": LessonPage.objects.child_of(module).get(), "module": module}[which]
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    response = beheerder_client.post(url, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert Page.objects.filter(pk=page.pk).exists()
    assert counts() == done


def test_bulk_deleting_done_pages_is_refused_and_keeps_every_record(done, beheerder_client, module, quiz):
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={quiz.pk}&id={module.pk}"
    )
    response = beheerder_client.post(url, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert Page.objects.filter(pk__in=[quiz.pk, module.pk]).count() == 2
    assert counts() == done


def test_no_other_route_deletes_the_records_silently(done, quiz):
    with pytest.raises(ProtectedError):
        Page.objects.get(pk=quiz.pk).delete()
    assert counts() == done


def test_a_page_nobody_did_is_still_deleted(beheerder_client, module, quiz):
    response = beheerder_client.post(reverse("wagtailadmin_pages:delete", args=[quiz.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=quiz.pk).exists()
