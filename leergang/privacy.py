"""A person's data in the organisation and in the frameworks the platform runs on (Django,
Wagtail, django-axes): what the own-data export shows of it and what erasure does with it.

The one entry point for erasing a person is ``modules.progress.erase_learning_data``; it calls
:func:`erase_data` here, the sociale kaart's and the apps' above it, in one transaction.

Every relation from a model to the user model is declared once, as a :class:`PersonalData`, by
the app that takes care of it (here for leergang and the frameworks; ``content.kaart.privacy``;
``modules.privacy``; the apps above modules through the ``PERSONAL_DATA`` hook). A test walks
every model and fails on a relation that is not declared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.users.models import UserProfile

from .models import StaffProfile, Team

DELETED = "deleted"  # the rows are deleted
ANONYMISED = "anonymised"  # the rows stay, no longer pointing to (or naming) the person
KEPT = "kept"  # the rows stay with the account: the account itself, or the editorial record


@dataclass(frozen=True)
class PersonalData:
    """How one relation to the user model is covered.

    ``model``: "app_label.ModelName"; ``field``: the relation's name; ``export``: the key of
    the own-data export whose rows (dicts with the row's ``id``) are these rows; ``erasure``:
    DELETED, ANONYMISED or KEPT; ``note``: why, for KEPT."""

    model: str
    field: str
    export: str
    erasure: str
    note: str = ""


EDITORIAL = (
    "The editorial record (who wrote, submitted, approved and published what): four eyes must stay provable."
)
ACCOUNT = "Belongs to the account, which stays; removed with the account."

COVERAGE = [
    PersonalData("leergang.StaffProfile", "user", "profile", DELETED),
    PersonalData("leergang.Team", "leads", "team_leadership", KEPT, ACCOUNT),
    PersonalData("wagtailusers.UserProfile", "user", "account_preferences", KEPT, ACCOUNT),
    PersonalData("wagtailcore.APIToken", "user", "wagtail_api_tokens", DELETED),
    PersonalData("wagtailcore.PageSubscription", "user", "page_subscriptions", DELETED),
    PersonalData("wagtailadmin.EditingSession", "user", "editing_sessions", DELETED),
    PersonalData("wagtailadmin.FormState", "user", "saved_form_states", DELETED),
    PersonalData("wagtailcore.UploadedFile", "uploaded_by_user", "uploads_in_progress", DELETED),
    PersonalData("wagtailcore.Page", "locked_by", "pages_locked", ANONYMISED),
    PersonalData("wagtailcore.Page", "owner", "pages_owned", ANONYMISED),
    PersonalData("wagtailimages.Image", "uploaded_by_user", "images_uploaded", ANONYMISED),
    PersonalData("wagtaildocs.Document", "uploaded_by_user", "documents_uploaded", ANONYMISED),
    PersonalData("wagtailcore.Revision", "user", "revisions", KEPT, EDITORIAL),
    PersonalData("wagtailcore.PageLogEntry", "user", "page_history", KEPT, EDITORIAL),
    PersonalData("wagtailcore.ModelLogEntry", "user", "admin_history", KEPT, EDITORIAL),
    PersonalData("wagtailcore.WorkflowState", "requested_by", "reviews_requested", KEPT, EDITORIAL),
    PersonalData("wagtailcore.TaskState", "finished_by", "reviews_finished", KEPT, EDITORIAL),
    PersonalData("wagtailcore.Comment", "user", "comments", KEPT, EDITORIAL),
    PersonalData("wagtailcore.Comment", "resolved_by", "comments_resolved", KEPT, EDITORIAL),
    PersonalData("wagtailcore.CommentReply", "user", "comment_replies", KEPT, EDITORIAL),
    PersonalData("leergang.OrganisationLogin", "user", "organisation_login", DELETED),
    PersonalData("leergang.Invitation", "user", "invitations", DELETED),
    PersonalData("leergang.Invitation", "invited_by", "invitations_sent", ANONYMISED),
    PersonalData("otp_totp.TOTPDevice", "user", "two_factor_apps", DELETED),
    PersonalData("otp_static.StaticDevice", "user", "two_factor_recovery_codes", DELETED),
]


def rows(queryset, *fields) -> list[dict]:
    """Rows for the export: ``id`` first, then ``fields`` (every concrete column without)."""
    names = fields or [f.attname for f in queryset.model._meta.concrete_fields if f.attname != "id"]
    return list(queryset.order_by("pk").values("id", *names))


def _login_records(user):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    return {
        "login_history": rows(
            AccessLog.objects.filter(username=username),
            "attempt_time",
            "logout_time",
            "ip_address",
            "user_agent",
            "path_info",
        ),
        "login_failures": rows(
            AccessFailureLog.objects.filter(username=username),
            "attempt_time",
            "ip_address",
            "user_agent",
            "path_info",
            "locked_out",
        ),
        "login_lockouts": rows(
            AccessAttempt.objects.filter(username=username),
            "attempt_time",
            "ip_address",
            "user_agent",
            "path_info",
            "failures_since_start",
        ),
    }


def export_data(user) -> dict[str, list[dict] | dict | None]:
    """The organisation's and the frameworks' part of the own-data export."""
    profile = StaffProfile.objects.select_related("team").filter(user=user).first()
    profile_data = None
    if profile is not None:
        profile_data = {
            "id": profile.pk,
            "team": profile.team.name if profile.team else None,
            "job_title": profile.job_title,
            "start_date": profile.start_date,
            "register": profile.register,
            "registration_number": profile.registration_number,
            "register_cycle_start": profile.register_cycle_start,
        }
    revisions = Revision.objects.filter(user=user)
    return {
        "profile": profile_data,
        "team_leadership": rows(Team.objects.filter(leads=user), "name", "organisation"),
        "account_preferences": rows(
            UserProfile.objects.filter(user=user), "preferred_language", "current_time_zone", "theme"
        ),
        "wagtail_api_tokens": rows(APIToken.objects.filter(user=user), "name", "prefix", "created"),
        "page_subscriptions": rows(
            PageSubscription.objects.filter(user=user), "page_id", "comment_notifications"
        ),
        "editing_sessions": rows(EditingSession.objects.filter(user=user), "content_type_id", "object_id"),
        "saved_form_states": rows(FormState.objects.filter(user=user), "content_type_id", "object_id"),
        "uploads_in_progress": rows(UploadedFile.objects.filter(uploaded_by_user=user), "file"),
        "pages_locked": rows(Page.objects.filter(locked_by=user), "title", "locked_at"),
        "pages_owned": rows(Page.objects.filter(owner=user), "title", "first_published_at"),
        "images_uploaded": rows(
            get_image_model().objects.filter(uploaded_by_user=user), "title", "created_at"
        ),
        "documents_uploaded": rows(
            get_document_model().objects.filter(uploaded_by_user=user), "title", "created_at"
        ),
        "revisions": rows(revisions, "content_type_id", "object_id", "object_str", "created_at"),
        "page_history": rows(
            PageLogEntry.objects.filter(user=user), "page_id", "label", "action", "timestamp"
        ),
        "admin_history": rows(
            ModelLogEntry.objects.filter(user=user),
            "content_type_id",
            "object_id",
            "label",
            "action",
            "timestamp",
        ),
        "reviews_requested": rows(
            WorkflowState.objects.filter(requested_by=user),
            "content_type_id",
            "object_id",
            "status",
            "created_at",
        ),
        "reviews_finished": rows(
            TaskState.objects.filter(finished_by=user), "status", "finished_at", "comment"
        ),
        "comments": rows(Comment.objects.filter(user=user), "page_id", "text", "created_at"),
        "comments_resolved": rows(Comment.objects.filter(resolved_by=user), "page_id", "resolved_at"),
        "comment_replies": rows(CommentReply.objects.filter(user=user), "comment_id", "text", "created_at"),
        **_login_records(user),
        **_sign_in_records(user),
    }


def _invitations_of(user):
    """Invitations to the person: linked to the account, or (not accepted yet) to their address."""
    from .models import Invitation

    to_them = Q(user=user)
    if user.email:
        to_them |= Q(email__iexact=user.email)
    return Invitation.objects.filter(to_them)


def _sign_in_records(user):
    """How the person signs in: the organisation account, their authenticator apps and recovery
    code sets (never a secret: no keys, no codes)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import Invitation, OrganisationLogin

    return {
        "organisation_login": rows(
            OrganisationLogin.objects.filter(user=user), "password_allowed", "first_sign_in", "last_sign_in"
        ),
        "invitations": rows(
            _invitations_of(user), "email", "first_name", "last_name", "team_id", "start_date", "created_at"
        ),
        "invitations_sent": rows(Invitation.objects.filter(invited_by=user), "email", "created_at"),
        "two_factor_apps": rows(TOTPDevice.objects.filter(user=user), "name", "confirmed"),
        "two_factor_recovery_codes": rows(StaticDevice.objects.filter(user=user), "name", "confirmed"),
    }


def anonymise_log_titles(user, extra_objects=()) -> int:
    """Audit entries whose title names the person (the person's own account, records about them
    given in ``extra_objects`` as (model, ids), or any entry titled with their full name or
    e-mail address) get a neutral title."""
    from django.contrib.contenttypes.models import ContentType

    neutral = f"#{user.pk}"
    about = Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    for model, ids in extra_objects:
        if ids:
            about |= Q(
                content_type=ContentType.objects.get_for_model(model), object_id__in=[str(i) for i in ids]
            )
    names = [n for n in (user.get_full_name().strip(), user.email.strip()) if (" " in n or "@" in n)]
    for name in names:
        about |= Q(label__icontains=name)
    changed = ModelLogEntry.objects.filter(about).exclude(label=neutral).update(label=neutral)
    if names:
        by_name = Q()
        for name in names:
            by_name |= Q(label__icontains=name)
        changed += PageLogEntry.objects.filter(by_name).update(label=neutral)
    return changed


def erase_data(user, *, log_objects=()) -> dict[str, int]:
    """Erase the organisation's and the frameworks' data about ``user`` (the account, its roles
    and team leadership stay; the editorial record stays, see ``COVERAGE``). ``log_objects``:
    (model, ids) of records about the person (deleted by the caller) whose audit titles name them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    logins = sum(
        model.objects.filter(username=username).delete()[0]
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import Invitation, OrganisationLogin

    return {
        "profile": StaffProfile.objects.filter(user=user).delete()[0],
        "invitations": _invitations_of(user).delete()[0],
        "invitations_sent": Invitation.objects.filter(invited_by=user).update(invited_by=None),
        "organisation_login": OrganisationLogin.objects.filter(user=user).delete()[0],
        "two_factor_apps": TOTPDevice.objects.filter(user=user).delete()[0],
        "two_factor_recovery_codes": StaticDevice.objects.filter(user=user).delete()[0],
        "login_records": logins,
        "wagtail_api_tokens": APIToken.objects.filter(user=user).delete()[0],
        "page_subscriptions": PageSubscription.objects.filter(user=user).delete()[0],
        "editing_sessions": EditingSession.objects.filter(user=user).delete()[0],
        "saved_form_states": FormState.objects.filter(user=user).delete()[0],
        "uploads_in_progress": UploadedFile.objects.filter(uploaded_by_user=user).delete()[0],
        "pages_unlocked": Page.objects.filter(locked_by=user).update(
            locked_by=None, locked=False, locked_at=None
        ),
        "pages_owned": Page.objects.filter(owner=user).update(owner=None),
        "images_uploaded": get_image_model()
        .objects.filter(uploaded_by_user=user)
        .update(uploaded_by_user=None),
        "documents_uploaded": get_document_model()
        .objects.filter(uploaded_by_user=user)
        .update(uploaded_by_user=None),
        "audit_titles": anonymise_log_titles(user, log_objects),
    }
