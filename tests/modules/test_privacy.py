"""AVG: every relation to the user is covered by the own-data export and by erasure, and
erasing a person with one of everything leaves no row that names or points to them (except the
ones the registry keeps, with their reason), while the export held every row that did."""

import datetime
import json

import pytest
import wagtail_factories
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.models import EditingSession, FormState
from wagtail.log_actions import log
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageSubscription,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail.users.models import UserProfile

from content.kaart.models import ApiToken, ChangeReport, Favourite, ProviderCheckRequest, Voorziening
from leergang.models import Invitation, OrganisationLogin, ProfessionalRegister, StaffProfile
from modules import privacy, progress
from modules.models import Certificate, ModuleChange, ReminderLog
from practice.models import Attendance, RunStep, ScenarioRun
from quizzes.models import ExtraAttempt, PracticeRun, QuizAttempt
from tests.kaart.factories import VoorzieningFactory
from tests.leergang.factories import TeamFactory
from tests.modules.factories import module_with_steps
from tests.practice.factories import CaseDiscussionFactory, ScenarioPageFactory
from tests.quizzes.factories import RIGHT, WRONG, take

FULL_NAME = "Quirinus Zwaneveld"
EMAIL = "q.zwaneveld@voorbeeld.example"
USERNAME = "qzwaneveld"


def relations_to_the_user():
    """(model label, field name) of every relation to the user model declared on a model
    (fields a page type inherits from ``wagtailcore.Page`` are Page's)."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                not (getattr(field, "concrete", False) and field.is_relation)
                or field.related_model is not user_model
            ):
                continue
            if field.model is model and (field.many_to_one or field.one_to_one or field.many_to_many):
                found.add((model._meta.label, field.name))
    return found


def test_every_relation_to_the_user_is_covered_by_export_and_erasure(db):
    declared = {(entry.model, entry.field): entry for entry in privacy.registry()}
    missing = relations_to_the_user() - set(declared)
    assert not missing, (
        f"not covered by export and erasure (declare them in a COVERAGE list): {sorted(missing)}"
    )
    stale = set(declared) - relations_to_the_user()
    assert not stale, f"declared but no relation to the user: {sorted(stale)}"
    keys = [entry.export for entry in declared.values()]
    assert len(keys) == len(set(keys)), "every relation has its own export key"
    for entry in declared.values():
        assert entry.erasure in (privacy.DELETED, privacy.ANONYMISED, privacy.KEPT), entry
        assert entry.erasure != privacy.KEPT or entry.note, f"{entry}: say why it is kept"


def test_a_new_relation_to_the_user_without_a_declaration_is_found(db):
    """The walk above sees a relation a model declares (the check cannot pass vacuously)."""
    assert ("modules.Certificate", "user") in relations_to_the_user()
    assert ("kaart.Favourite", "user") in relations_to_the_user()
    assert ("wagtailcore.Page", "owner") in relations_to_the_user()
    assert ("modules.ModulePage", "owner") not in relations_to_the_user()  # inherited from Page


# --- one of everything -------------------------------------------------------------------------


def _one_of_everything(person, coordinator, other, module, steps):
    lessons, quiz = steps[:-1], steps[-1]
    now = timezone.now()
    # learning: two attempts (the first fails), the module completed with a certificate
    for lesson in lessons:
        progress.complete_step(person, lesson)
    take(person, quiz, WRONG)
    take(person, quiz, RIGHT)
    PracticeRun.objects.create(user=person, quiz=quiz, score=75, question_count=4, answers=[])
    ReminderLog.objects.create(user=person, kind="refresh_due", key="giz", sent_on=now.date())
    ModuleChange.objects.create(module=module, summary="Nieuwe werkwijze.", created_by=person)
    extra = ExtraAttempt.objects.create(
        user=person, quiz=quiz, count=1, reason=f"{FULL_NAME} was ziek op 3 maart", granted_by=coordinator
    )
    log(instance=extra, action="wagtail.create", user=coordinator)  # as the snippet does
    ExtraAttempt.objects.create(user=other, quiz=quiz, count=1, reason="Gevraagd.", granted_by=person)
    # the sociale kaart
    entry = VoorzieningFactory(name="Buurtgezinscoach Palenstein")
    ChangeReport.objects.create(
        voorziening=entry,
        reason="klopt-niet",
        text=f"Het telefoonnummer klopt niet, groet {FULL_NAME}",
        reporter=person,
        reply="Beste Quirinus, het is aangepast.",
        status="verwerkt",
        handled_by=coordinator,
        handled_at=now,
    )
    ChangeReport.objects.create(
        voorziening=entry, reason="dubbel", text="Dubbel.", reporter=other, handled_by=person
    )
    Favourite.objects.create(user=person, voorziening=entry)
    Voorziening.objects.filter(pk=entry.pk).update(last_checked_by=person, locked=True, locked_by=person)
    ProviderCheckRequest.objects.create(
        organisation=entry.organisation, email="info@aanbieder.example", sent_on=now.date(), sent_by=person
    )
    token = ApiToken(name="Koppeling", created_by=person)
    token.set_new_key()
    token.save()
    # the organisation and the frameworks
    TeamFactory(name="Team Oost").leads.add(person)
    UserProfile.get_for_user(person)
    APIToken.objects.create(user=person, name="Mijn token", key_hash="0" * 64, prefix="abc")
    lesson = lessons[0]
    page_type = ContentType.objects.get_for_model(Page)
    PageSubscription.objects.create(user=person, page=lesson, comment_notifications=True)
    EditingSession.objects.create(
        user=person, content_type=page_type, object_id=str(lesson.pk), last_seen_at=now
    )
    FormState.objects.create(
        user=person, content_type=page_type, object_id=str(lesson.pk), data={}, last_updated_at=now
    )
    UploadedFile.objects.create(
        for_content_type=page_type, file=SimpleUploadedFile("upload.txt", b"x"), uploaded_by_user=person
    )
    Page.objects.filter(pk=lesson.pk).update(owner=person, locked=True, locked_by=person)
    wagtail_factories.ImageFactory(uploaded_by_user=person)
    wagtail_factories.DocumentFactory(uploaded_by_user=person)
    revision = lesson.save_revision(user=person, log_action=True)  # a revision and a page log entry
    log(instance=entry, action="wagtail.edit", user=person)  # a model log entry by the person
    workflow = Workflow.objects.create(name="Toets-review")
    task = Task.objects.create(name="Toets-taak")
    state = WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=page_type,
        object_id=str(lesson.pk),
        workflow=workflow,
        status="approved",
        requested_by=person,
    )
    TaskState.objects.create(
        workflow_state=state,
        revision=revision,
        task=task,
        status="approved",
        finished_by=person,
        finished_at=now,
    )
    comment = Comment.objects.create(
        page=lesson, user=person, text="Klopt dit?", contentpath="title", resolved_by=person, resolved_at=now
    )
    CommentReply.objects.create(comment=comment, user=person, text="Ja.")
    # signing in: the organisation account, an authenticator app, recovery codes
    OrganisationLogin.objects.create(user=person, password_allowed=True)
    Invitation.objects.create(
        email=EMAIL,
        first_name="Quirinus",
        start_date=now.date(),
        user=person,
        token_hash="a" * 64,
        expires_at=now,
        invited_by=coordinator,
    )
    Invitation.objects.create(
        email="nieuw@voorbeeld.example",
        first_name="Nieuw",
        start_date=now.date(),
        token_hash="b" * 64,
        expires_at=now,
        invited_by=person,
    )
    TOTPDevice.objects.create(user=person, name="Telefoon", confirmed=True)
    StaticDevice.objects.create(user=person, name="Herstelcodes", confirmed=True)
    # practice: a run of an oefengesprek, a casusbespreking recorded and attended
    scenario = ScenarioPageFactory(parent=module)
    run = ScenarioRun.objects.create(user=person, scenario=scenario, number=1, started_at=now)
    RunStep.objects.create(
        run=run,
        position=1,
        node_key="start",
        choice_index=0,
        choice_text="Vragen",
        next_key="eind",
        chosen_at=now,
    )
    discussion = CaseDiscussionFactory(team=TeamFactory(name="Team Zuid"), recorded_by=person)
    Attendance.objects.create(discussion=discussion, user=person)
    for model, extra_fields in (
        (AccessLog, {}),
        (AccessFailureLog, {"locked_out": False}),
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
    ):
        model.objects.create(
            username=USERNAME,
            ip_address="10.0.0.7",
            user_agent="Firefox",
            http_accept="*/*",
            path_info="/accounts/login/",
            attempt_time=now,
            **extra_fields,
        )


def _rows_of(entry, person):
    model = apps.get_model(entry.model)
    return set(model.objects.filter(**{entry.field: person}).values_list("pk", flat=True))


def _export_ids(value):
    items = [value] if isinstance(value, dict) else (value or [])
    return {item["id"] for item in items}


def _text_columns(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
    ]


def _rows_naming(person_texts, skip):
    """(model label, pk, column) of every row whose text names the person."""
    found = []
    for model in apps.get_models():
        columns = _text_columns(model)
        if not columns:
            continue
        for pk, *values in model._base_manager.values_list("pk", *columns):
            if (model._meta.label, pk) in skip:
                continue
            for column, value in zip(columns, values, strict=True):
                text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                if any(name in (text or "").casefold() for name in person_texts):
                    found.append((model._meta.label, pk, column))
    return found


@pytest.fixture
def everything(site_tree, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory(name="Team West")
    person = make_user(
        username=USERNAME,
        team=team,
        job_title="Toegangsmedewerker",
        start_date=datetime.date(2026, 2, 1),
        register=ProfessionalRegister.SKJ,
        registration_number="SKJ-123456",
    )
    person.first_name, person.last_name, person.email = "Quirinus", "Zwaneveld", EMAIL
    person.save()
    coordinator = make_user("Coördinator", username="coordinator-test")
    other = make_user(username="collega-test")
    module, steps = module_with_steps(site_tree[1], "giz")
    _one_of_everything(person, coordinator, other, module, steps)
    return person, coordinator, steps


def test_erasing_a_person_with_one_of_everything_leaves_nothing_that_names_or_points_to_them(
    client, everything
):
    person, coordinator, steps = everything
    registry = privacy.registry()
    before = {entry: _rows_of(entry, person) for entry in registry}
    empty = [entry for entry, rows in before.items() if not rows]
    assert not empty, f"the person has no row for these (build one above): {empty}"

    naming = {
        label
        for label, _pk, _column in _rows_naming([FULL_NAME.casefold(), EMAIL.casefold(), USERNAME], set())
    }
    assert {"kaart.ChangeReport", "quizzes.ExtraAttempt", "modules.Certificate", "axes.AccessLog"} <= naming

    client.force_login(person)
    export = json.loads(client.get(reverse("my_progress_export")).content)
    for entry, rows in before.items():
        assert rows <= _export_ids(export[entry.export]), f"{entry.model}.{entry.field} not in the export"
    assert export["user"]["email"] == EMAIL
    assert export["extra_attempts"][0]["reason"].endswith("ziek op 3 maart")
    assert export["sociale_kaart_reports"][0]["text"].startswith("Het telefoonnummer")
    assert [f["voorziening__name"] for f in export["sociale_kaart_favourites"]] == [
        "Buurtgezinscoach Palenstein"
    ]
    assert export["profile"]["registration_number"] == "SKJ-123456"
    assert export["login_history"][0]["ip_address"] == "10.0.0.7"
    client.logout()

    counts = progress.erase_learning_data(person, erased_by=coordinator)
    assert counts["sociale_kaart_reports"] == 1 and counts["extra_attempts"] == 1

    kept = set()
    for entry in registry:
        after = _rows_of(entry, person)
        if entry.erasure == privacy.KEPT:
            kept |= {(entry.model, pk) for pk in after}
        else:
            assert not after, f"{entry.model}.{entry.field} still points to the person after erasure"
    kept.add((get_user_model()._meta.label, person.pk))  # the account stays
    assert _rows_naming([FULL_NAME.casefold(), EMAIL.casefold(), USERNAME], skip=kept) == []
    # the erasure is in Wagtail's audit log, without the name
    entry = ModelLogEntry.objects.get(action=privacy.ERASE_ACTION)
    assert entry.label == f"#{person.pk}" and entry.user_id == coordinator.pk
    assert entry.data["certificates"] == 1


def test_after_erasure_the_counts_stay_without_the_person_and_dated_to_the_month(everything):
    person, _coordinator, steps = everything
    quiz = steps[-1]
    progress.erase_learning_data(person)
    attempts = list(QuizAttempt.objects.filter(quiz=quiz).order_by("attempt_number"))
    assert [(a.user_id, a.attempt_number, a.passed) for a in attempts] == [(None, 1, False), (None, 2, True)]
    # the first of the month (the local month, stored as midnight UTC)
    local = [a.submitted_at.astimezone(datetime.UTC) for a in attempts]
    assert [(t.day, t.hour, t.minute) for t in local] == [(1, 0, 0)] * 2
    assert all(a.started_at == a.submitted_at for a in attempts)
    report = ChangeReport.objects.get(reason="klopt-niet")
    assert (report.reporter_id, report.reply, report.voorziening.name) == (
        None,
        "",
        "Buurtgezinscoach Palenstein",
    )
    assert report.text == "[gewist]" and report.status == "verwerkt"
    assert not StaffProfile.objects.filter(user=person).exists()
    person.refresh_from_db()  # the account stays


def test_a_certificate_stays_verifiable_and_checks_a_name_after_erasure(client, everything):
    person, _coordinator, _steps = everything
    certificate = Certificate.objects.get(user=person)
    progress.erase_learning_data(person)
    certificate.refresh_from_db()
    assert (certificate.user_id, certificate.full_name) == (None, "")
    assert certificate.name_hash and FULL_NAME.casefold() not in certificate.name_hash

    url = reverse("verify_certificate", args=[certificate.code])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "is echt" in html and "Klopt de naam op het certificaat?" in html
    assert "Quirinus" not in html
    right = client.post(url, {"naam": "  quirinus   ZWANEVELD "}).content.decode()
    assert "Ja: dat is de naam op dit certificaat." in right
    wrong = client.post(url, {"naam": "Quirijn Zwaneveld"}).content.decode()
    assert "Nee: dat is niet de naam op dit certificaat." in wrong


def test_a_certificate_with_its_name_shows_it_and_offers_no_name_check(client, everything):
    person, _coordinator, _steps = everything
    certificate = Certificate.objects.get(user=person)
    html = client.get(reverse("verify_certificate", args=[certificate.code])).content.decode()
    assert FULL_NAME in html and "Klopt de naam" not in html


def test_a_person_who_stays_does_not_get_a_fresh_set_of_attempts(client, site_tree, make_user):
    from tests.quizzes.factories import QuizPageFactory, module_with_lessons

    module = module_with_lessons(site_tree[1])
    quiz = QuizPageFactory(parent=module, max_attempts=2)
    person = make_user(username="blijft")
    take(person, quiz, WRONG)
    take(person, quiz, WRONG)
    progress.erase_learning_data(person)
    assert not QuizAttempt.objects.filter(user=person).exists()

    client.force_login(person)
    html = client.get(quiz.url).content.decode()
    assert 'name="token"' not in html  # no form: both attempts were used before the erasure
    ExtraAttempt.objects.create(user=person, quiz=quiz, count=1, reason="Nog een kans.")
    attempt = take(person, quiz, RIGHT)
    assert attempt.attempt_number == 3 and attempt.passed
    progress.erase_learning_data(person)  # a second erasure remembers the third attempt
    from quizzes.services import next_attempt_number

    assert next_attempt_number(person, quiz) == 4


def test_the_readable_page_shows_everything_in_dutch(client, everything):
    person, _coordinator, _steps = everything
    client.force_login(person)
    response = client.get(reverse("my_data"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Alles wat we over je bewaren",
        "Je meldingen over de sociale kaart",
        "Het telefoonnummer klopt niet",
        "Favorieten in de sociale kaart",
        "Buurtgezinscoach Palenstein",
        "Extra pogingen",
        "was ziek op 3 maart",
        "SKJ-123456",
        "Afgeronde stappen",
        "Certificaten",
        EMAIL,
    ):
        assert text in html, text
    assert "no-store" in response["Cache-Control"]
