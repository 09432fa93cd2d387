"""The sociale kaart's part of a person's data: the own-data export and erasure (called by
``modules.progress.erase_learning_data``, the one entry point; see ``leergang.privacy``)."""

from __future__ import annotations

from django.db.models.functions import TruncMonth

from leergang.privacy import ANONYMISED, DELETED, PersonalData, rows

from .models import ApiToken, ChangeReport, Favourite, ProviderCheckRequest, Voorziening

ERASED_TEXT = "[gewist]"  # what an erased report's text says (the column may not be empty in forms)

COVERAGE = [
    PersonalData("kaart.ChangeReport", "reporter", "sociale_kaart_reports", ANONYMISED),
    PersonalData("kaart.ChangeReport", "handled_by", "sociale_kaart_reports_handled", ANONYMISED),
    PersonalData("kaart.Favourite", "user", "sociale_kaart_favourites", DELETED),
    PersonalData("kaart.Voorziening", "last_checked_by", "sociale_kaart_checked", ANONYMISED),
    PersonalData("kaart.Voorziening", "locked_by", "sociale_kaart_locked", ANONYMISED),
    PersonalData("kaart.ProviderCheckRequest", "sent_by", "sociale_kaart_check_requests", ANONYMISED),
    PersonalData("kaart.ApiToken", "created_by", "sociale_kaart_api_tokens", ANONYMISED),
]


def export_data(user) -> dict[str, list[dict]]:
    reports = ChangeReport.objects.filter(reporter=user)
    return {
        "sociale_kaart_reports": rows(
            reports,
            "voorziening_id",
            "proposed_name",
            "reason",
            "text",
            "status",
            "reply",
            "created_at",
            "handled_at",
        ),
        "sociale_kaart_reports_handled": rows(
            ChangeReport.objects.filter(handled_by=user), "voorziening_id", "status", "handled_at"
        ),
        "sociale_kaart_favourites": rows(
            Favourite.objects.filter(user=user), "voorziening_id", "voorziening__name", "created_at"
        ),
        "sociale_kaart_checked": rows(
            Voorziening.objects.filter(last_checked_by=user), "name", "last_checked_on"
        ),
        "sociale_kaart_locked": rows(Voorziening.objects.filter(locked_by=user), "name", "locked_at"),
        "sociale_kaart_check_requests": rows(
            ProviderCheckRequest.objects.filter(sent_by=user), "organisation_id", "sent_on"
        ),
        "sociale_kaart_api_tokens": rows(ApiToken.objects.filter(created_by=user), "name", "created_at"),
    }


def erase_data(user) -> dict[str, int]:
    """Reports the person made stay as counts (which entry, why, status, the month) without the
    reporter, the text or the reply (which may name them); favourites go; where the person acted
    as staff (handled, checked, locked, sent, created) the rows stay without them."""
    return {
        "sociale_kaart_reports": ChangeReport.objects.filter(reporter=user).update(
            reporter=None,
            reporter_name="",
            reporter_email="",
            text=ERASED_TEXT,
            reply="",
            created_at=TruncMonth("created_at"),
            handled_at=TruncMonth("handled_at"),
        ),
        "sociale_kaart_favourites": Favourite.objects.filter(user=user).delete()[0],
        "sociale_kaart_reports_handled": ChangeReport.objects.filter(handled_by=user).update(handled_by=None),
        "sociale_kaart_checked": Voorziening.objects.filter(last_checked_by=user).update(
            last_checked_by=None
        ),
        "sociale_kaart_locked": Voorziening.objects.filter(locked_by=user).update(
            locked_by=None, locked=False, locked_at=None
        ),
        "sociale_kaart_check_requests": ProviderCheckRequest.objects.filter(sent_by=user).update(
            sent_by=None
        ),
        "sociale_kaart_api_tokens": ApiToken.objects.filter(created_by=user).update(created_by=None),
    }
