"""Everything the platform holds about one person: the own-data export (right of access) and
erasure (right to erasure), over all apps.

One entry point erases a person: :func:`erase_person`, called as
``modules.progress.erase_learning_data(user)`` by the admin's "Leerdata wissen" and by any
command (retention). In one transaction it erases modules' records, lets the apps above modules
erase theirs (the ``ERASE_LEARNING_DATA`` hook), then the sociale kaart's
(``content.kaart.privacy``) and the organisation's and frameworks' (``leergang.privacy``), and
writes Wagtail's audit entry of the erasure without the person's name.

What stays, and why:

- the account (username, name, e-mail, roles, team leadership, Wagtail preferences): erasing
  learning data is not deleting the account;
- certificates stay verifiable (a code, module, date, hours), but no longer point to the person
  and no longer hold the name: ``full_name`` is emptied and ``name_hash`` is a keyed hash of the
  normalised name, so the public check page can answer "does this name belong to it?";
- attempts at a step (an app above this one, through the hook) stay for the statistics,
  without the person and dated to the month only; how many attempts the person had used stays
  under a keyed hash of person and step, so a person who stays does not get a fresh set;
- reports on the sociale kaart stay as counts (entry, reason, status, month), without the
  reporter, the text or the reply;
- the editorial record in Wagtail (revisions, page and admin history, reviews, comments): who
  changed and approved leerstof must stay provable (four eyes).

Every relation to the user model is declared in one of the ``COVERAGE`` lists (see
:func:`registry`); the test ``tests/modules/test_privacy.py`` fails on one that is not.
"""

from __future__ import annotations

import json
import unicodedata

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from content.kaart import privacy as kaart_privacy
from leergang import privacy as base_privacy
from leergang.privacy import ANONYMISED, DELETED, KEPT, PersonalData

from . import hooks as progress_hooks
from . import progress_cache
from .models import (
    AccreditationEntry,
    Certificate,
    ModuleChange,
    ModuleCompletion,
    ReminderLog,
    StepCompletion,
)

__all__ = ["ANONYMISED", "DELETED", "KEPT", "PersonalData"]

ERASE_ACTION = "leergang.erase_learning_data"
CERTIFICATE_NAME_SALT = "modules.Certificate.name"

COVERAGE = [
    PersonalData("modules.StepCompletion", "user", "step_completions", DELETED),
    PersonalData("modules.ModuleCompletion", "user", "module_completions", DELETED),
    PersonalData("modules.AccreditationEntry", "user", "accreditation", DELETED),
    PersonalData("modules.Certificate", "user", "certificates", ANONYMISED),
    PersonalData("modules.ReminderLog", "user", "reminders_sent", DELETED),
    PersonalData("modules.ModuleChange", "created_by", "module_changes_marked", ANONYMISED),
]


def registry() -> list[PersonalData]:
    """Every declared relation to the user model, from every app."""
    return [
        *base_privacy.COVERAGE,
        *kaart_privacy.COVERAGE,
        *COVERAGE,
        *progress_hooks.personal_data_coverage(),
    ]


# --- Certificates without the person ---------------------------------------------------------


def normalise_name(name: str) -> str:
    """The form of a name that is hashed: no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def certificate_name_hash(name: str, secret=None) -> str:
    return salted_hmac(
        CERTIFICATE_NAME_SALT, normalise_name(name), secret=secret, algorithm="sha256"
    ).hexdigest()


def certificate_has_name(certificate, name: str) -> bool:
    """Whether ``name`` is the name on ``certificate`` (also after erasure, by its hash; the
    current secret key and its fallbacks are tried)."""
    if not normalise_name(name):
        return False
    if certificate.full_name:
        return normalise_name(certificate.full_name) == normalise_name(name)
    if not certificate.name_hash:
        return False
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(certificate_name_hash(name, s), certificate.name_hash) for s in secrets)


def _anonymise_certificates(user) -> int:
    certificates = list(Certificate.objects.filter(user=user))
    for certificate in certificates:
        certificate.name_hash = certificate_name_hash(certificate.full_name)
        certificate.full_name = ""
        certificate.user = None
        certificate.module_completion = None
    Certificate.objects.bulk_update(certificates, ["name_hash", "full_name", "user", "module_completion"])
    return len(certificates)


# --- Export ----------------------------------------------------------------------------------


def _fields(obj, names):
    return {name: getattr(obj, name) for name in names}


def _own_export(user) -> dict:
    return {
        "step_completions": [
            {
                "id": c.pk,
                "page_id": c.page_id,
                "page_title": c.page.title,
                "module_id": c.module_id,
                "module_title": c.module.title,
                "completed_at": c.completed_at,
                "last_completed_at": c.last_completed_at,
                "score": c.score,
            }
            for c in StepCompletion.objects.filter(user=user).select_related("page", "module").order_by("pk")
        ],
        "module_completions": [
            {
                "id": mc.pk,
                "module_id": mc.module_id,
                "module_title": mc.module.title,
                "completed_at": mc.completed_at,
                "refresh_due_at": mc.expires_at,
            }
            for mc in ModuleCompletion.objects.filter(user=user)
            .select_related("module")
            .order_by("completed_at")
        ],
        "accreditation": [
            _fields(e, ["id", "module_id", "module_title", "hours", "earned_on"])
            for e in AccreditationEntry.objects.filter(user=user).order_by("earned_on", "pk")
        ],
        "certificates": [
            _fields(
                c,
                [
                    "id",
                    "code",
                    "full_name",
                    "module_title",
                    "completed_on",
                    "hours",
                    "is_refresher",
                    "issued_at",
                ],
            )
            for c in Certificate.objects.filter(user=user).order_by("completed_on", "pk")
        ],
        "reminders_sent": [
            _fields(r, ["id", "kind", "key", "sent_on"])
            for r in ReminderLog.objects.filter(user=user).order_by("pk")
        ],
        "module_changes_marked": base_privacy.rows(
            ModuleChange.objects.filter(created_by=user), "module_id", "changed_on", "summary"
        ),
    }


def export_person(user, *, now) -> dict:
    """Everything the platform holds about ``user``, as one JSON-serialisable dict: the account,
    then one list of rows (each with its ``id``) per kind of record."""
    data = {
        "exported_at": now,
        "user": _fields(
            user, ["id", "username", "first_name", "last_name", "email", "date_joined", "last_login"]
        ),
    }
    data.update(base_privacy.export_data(user))
    data.update(kaart_privacy.export_data(user))
    data.update(_own_export(user))
    for key, value in progress_hooks.learning_data_to_export(user).items():
        data.setdefault(key, value)  # what an app adds never replaces what is already there
    return data


# --- Erasure ---------------------------------------------------------------------------------


def erase_person(user, *, erased_by=None) -> dict[str, int]:
    """Erase everything personal about ``user`` (see the module's docstring for what stays);
    all or nothing. Writes the audit entry of the erasure (by ``erased_by``, None for a
    command), titled without the person's name. Returns counts by kind."""
    with transaction.atomic():
        counts = {
            "certificates": _anonymise_certificates(user),
            "accreditation_entries": AccreditationEntry.objects.filter(user=user).delete()[0],
            "module_completions": ModuleCompletion.objects.filter(user=user).delete()[0],
            "step_completions": StepCompletion.objects.filter(user=user).delete()[0],
            "reminders": ReminderLog.objects.filter(user=user).delete()[0],
            "module_changes_marked": ModuleChange.objects.filter(created_by=user).update(created_by=None),
        }
        counts.update(progress_hooks.erase_learning_data(user))
        counts.update(kaart_privacy.erase_data(user))
        counts.update(base_privacy.erase_data(user))
        log(instance=user, action=ERASE_ACTION, user=erased_by, data=counts, title=f"#{user.pk}")
        progress_cache.person_changed(user.pk)
    return counts


# --- The readable page -------------------------------------------------------------------------

SECTION_TITLES = {
    "profile": _("Staff profile"),
    "team_leadership": _("Teams you lead"),
    "account_preferences": _("Preferences in the admin"),
    "step_completions": _("Completed steps"),
    "module_completions": _("Module completions"),
    "accreditation": _("Accreditation entries"),
    "certificates": _("Certificates"),
    "reminders_sent": _("Reminders sent"),
    "quiz_responses": _("Answers to quiz questions"),
    "sociale_kaart_reports": _("Your reports on the sociale kaart"),
    "sociale_kaart_reports_handled": _("Reports you handled"),
    "sociale_kaart_favourites": _("Favourites in the sociale kaart"),
    "login_history": _("Logins"),
    "login_failures": _("Failed logins"),
    "login_lockouts": _("Login lockouts"),
}
COLUMN_LABELS = {
    "id": _("number"),
    "page_title": _("step"),
    "module_title": _("module"),
    "refresh_due_at": _("refresh due at"),
    "team": _("team"),
    "voorziening__name": _("voorziening"),
}


def _label_of(model, column):
    name = column[:-3] if column.endswith("_id") else column
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    if model is not None:
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and name in (field.name, field.attname):
                return field.verbose_name
    return name.replace("_", " ")


def _cell(value):
    if isinstance(value, (list, dict)):
        text = json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
        return text if len(text) <= 200 else text[:199] + "…"
    return value


def readable_sections(data) -> list[dict]:
    """The export as tables: {"key", "title", "columns", "rows"} for every non-empty kind of
    record, in the order of the export."""
    from django.apps import apps
    from django.utils.text import capfirst

    models = {entry.export: apps.get_model(entry.model) for entry in registry()}
    sections = []
    for key, value in data.items():
        if key in ("exported_at", "user") or not value:
            continue
        items = [value] if isinstance(value, dict) else list(value)
        model = models.get(key)
        title = SECTION_TITLES.get(key) or (capfirst(model._meta.verbose_name_plural) if model else key)
        columns = list(items[0].keys())
        sections.append(
            {
                "key": key,
                "title": title,
                "columns": [capfirst(_label_of(model, c)) for c in columns],
                "rows": [[_cell(item.get(c)) for c in columns] for item in items],
            }
        )
    return sections
