"""The retention period (AVG): the learning data of people who left more than
``LEERGANG_RETENTION_MONTHS`` months ago is erased, through the one erasure of an AVG request
(:func:`modules.progress.erase_learning_data`). Run daily by ``manage.py bewaartermijn``.
Certificates stay verifiable (the erasure detaches them from the account); the account stays,
without login: the erasure removes the staff profile, and a bare one comes back holding only
the day the person left and the day their data was erased (so the login stays refused and the
command does not erase them again)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from leergang.models import StaffProfile

from . import status_rules as rules
from .progress import erase_learning_data


@dataclass
class Erased:
    profile: StaffProfile
    counts: dict  # empty on a dry run


def retention_months() -> int:
    return int(getattr(settings, "LEERGANG_RETENTION_MONTHS", 24))


def due_for_erasure(today=None):
    """Staff profiles of people who left on or before ``today`` minus the retention period and
    whose learning data was not erased yet."""
    today = today or timezone.localdate()
    last_day = rules.add_months(today, -retention_months())
    return (
        StaffProfile.objects.filter(left_on__lte=last_day, learning_data_erased_on__isnull=True)
        .select_related("user")
        .order_by("left_on", "pk")
    )


def apply_retention(*, today=None, dry_run=False) -> list[Erased]:
    today = today or timezone.localdate()
    done = []
    for profile in due_for_erasure(today):
        if dry_run:
            done.append(Erased(profile, {}))
            continue
        left_on = profile.left_on
        counts = erase_learning_data(profile.user)
        StaffProfile.objects.update_or_create(
            user=profile.user, defaults={"left_on": left_on, "learning_data_erased_on": today}
        )
        done.append(Erased(profile, counts))
    return done
