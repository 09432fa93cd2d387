"""Every write of the sociale kaart outside the Wagtail editor goes through these functions:
favourites, change reports and their handling, checks by coordinators and by providers, and
the requests that ask providers to check their entries. Each is atomic and safe to repeat.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from leergang.mail import mail_kind

from .models import (
    ChangeReport,
    CheckedBy,
    Favourite,
    ProviderCheckRequest,
    Voorziening,
)
from .signing import link_lifetime, make_provider_token


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- favourites ------------------------------------------------------------------------------


@transaction.atomic
def set_favourite(user, voorziening, favourite):
    """Put a voorziening on (``favourite=True``) or off a person's list. Idempotent: the form
    says which state it wants, so a repeated POST changes nothing."""
    if favourite:
        try:
            with transaction.atomic():
                Favourite.objects.get_or_create(user=user, voorziening=voorziening)
        except IntegrityError:  # a parallel request created it first
            pass
    else:
        Favourite.objects.filter(user=user, voorziening=voorziening).delete()
    return favourite


def favourite_ids(user, voorziening_ids=None):
    """The ids of a person's favourites (limited to ``voorziening_ids`` when given): one query."""
    if not user.is_authenticated:
        return set()
    queryset = Favourite.objects.filter(user=user)
    if voorziening_ids is not None:
        queryset = queryset.filter(voorziening_id__in=list(voorziening_ids))
    return set(queryset.values_list("voorziening_id", flat=True))


# --- reported changes ------------------------------------------------------------------------


def one_line(text):
    """An e-mail subject: one line whatever the names in it hold (a line break is refused by
    the mail library as header injection)."""
    return " ".join(text.split())


def report_change(
    *,
    reason,
    text,
    voorziening=None,
    reporter=None,
    reporter_name="",
    reporter_email="",
    proposed_name="",
    proposed_field="",
    proposed_value="",
    form_token=None,
):
    """Store a reported change (or a proposed new voorziening) for the coordinators. A form's
    ``form_token`` stores it once, however often (or however parallel) the form is sent."""
    fields = {
        "voorziening": voorziening,
        "reason": reason,
        "text": text.strip(),
        "proposed_field": proposed_field if voorziening is not None and proposed_value.strip() else "",
        "proposed_value": proposed_value.strip() if voorziening is not None and proposed_field else "",
        "reporter": reporter,
        "reporter_name": reporter_name.strip(),
        "reporter_email": reporter_email.strip(),
        "proposed_name": proposed_name.strip(),
    }
    if not form_token:
        return ChangeReport.objects.create(**fields)
    try:
        with transaction.atomic():
            return ChangeReport.objects.create(form_token=form_token, **fields)
    except IntegrityError:  # this form was stored already (by a parallel request, say)
        return ChangeReport.objects.get(form_token=form_token)


@transaction.atomic
def handle_report(report, *, user, status, reply):
    """A coordinator's decision on a report. The reporter gets an e-mail when the status or the
    reply changes (and sees both under "Mijn meldingen"). Returns True when an e-mail was sent.
    Rejecting needs a reply (``ValidationError`` otherwise): the reporter must learn why."""
    reply = (reply or "").strip()
    if status == ChangeReport.State.REJECTED and not reply:
        raise ValidationError({"reply": ChangeReport.reply_required_message()})
    previous = ChangeReport.objects.select_for_update().get(pk=report.pk)
    changed = previous.status != status or previous.reply.strip() != reply
    report.status = status
    report.reply = reply
    if status == ChangeReport.State.OPEN:
        report.handled_by, report.handled_at = None, None
    elif changed or report.handled_at is None:
        report.handled_by, report.handled_at = user, timezone.now()
    report.save(update_fields=["status", "reply", "handled_by", "handled_at"])
    address = report.reply_address
    if not (changed and address and (status != ChangeReport.State.OPEN or reply)):
        return False
    context = {"report": report, "my_reports_url": absolute_url(reverse("kaart:my_reports"))}
    with mail_kind("report_reply"):
        send_mail(
            subject=one_line(render_to_string("kaart/email/report_reply_subject.txt", context)),
            message=render_to_string("kaart/email/report_reply.txt", context),
            from_email=None,
            recipient_list=[address],
        )
    return True


class CannotApply(Exception):
    """The proposed value cannot be applied in one step; the message says why, in Dutch."""


@transaction.atomic
def apply_report(report, *, user, reply=""):
    """Apply a report's proposed value to its entry, publish it, record the entry as checked
    today and mark the report handled (the reporter gets the reply) — one step for the
    coordinator. Refused (:class:`CannotApply`) when there is nothing to apply, the value breaks
    a rule of the field, or the entry has an unpublished draft (publishing would take it live)."""
    if report.status != ChangeReport.State.OPEN or not report.proposes_a_value:
        raise CannotApply(_("This report proposes no new value to apply."))
    voorziening = Voorziening.objects.select_for_update().get(pk=report.voorziening_id)
    if voorziening.has_unpublished_changes or not voorziening.live:
        raise CannotApply(
            _("“%(name)s” has a draft that is not published: open it and apply the change there.")
            % {"name": voorziening.name}
        )
    model_field = Voorziening._meta.get_field(report.proposed_field)
    try:
        value = model_field.clean(report.proposed_value.strip(), voorziening)
    except ValidationError as error:
        raise CannotApply(" ".join(error.messages)) from None
    setattr(voorziening, report.proposed_field, value)
    voorziening.save_revision(user=user, log_action=True).publish(user=user)
    mark_checked(voorziening, user=user)
    reply = (reply or "").strip() or _("Thank you: we have changed the %(field)s of “%(name)s”.") % {
        "field": report.get_proposed_field_display().lower(),
        "name": voorziening.name,
    }
    handle_report(report, user=user, status=ChangeReport.State.DONE, reply=reply)
    return voorziening


# --- checks ----------------------------------------------------------------------------------


def mark_checked(voorziening, *, user=None, source=CheckedBy.STAFF, today=None):
    """Record that an entry was checked today. Writes only the check fields of the live row, so
    no draft is made and a pending draft stays as it is (revisions never carry these fields)."""
    today = today or timezone.localdate()
    Voorziening.objects.filter(pk=voorziening.pk).update(
        last_checked_on=today, last_checked_by=user, last_checked_source=source
    )
    voorziening.last_checked_on, voorziening.last_checked_by, voorziening.last_checked_source = (
        today,
        user,
        source,
    )
    log(instance=voorziening, action="kaart.checked", user=user, data={"source": source})
    return voorziening


def confirm_by_provider(organisation, voorziening, today=None):
    """A provider confirms that an entry is still right; only its own entries."""
    if voorziening.organisation_id != organisation.pk:
        raise PermissionDenied("Deze voorziening hoort niet bij deze organisatie.")
    return mark_checked(voorziening, user=None, source=CheckedBy.PROVIDER, today=today)


def entries_due_for_check(today=None):
    """Published entries still on offer whose last check is older than twelve months."""
    return Voorziening.objects.listed().stale(today)


@transaction.atomic
def send_check_request(organisation, *, user=None, today=None, entries=None):
    """E-mail one organisation its personal link. At most once per organisation a day: returns
    False (and sends nothing) when it was already asked today or has no e-mail address."""
    return bool(
        _send_check_requests(
            [organisation],
            organisation.email,
            user=user,
            today=today,
            entries_by_org={organisation.pk: entries},
        )
    )


@dataclass
class DueCheckRequests:
    """What :func:`send_due_check_requests` did."""

    #: ``(email, [organisation names], sent)`` per address
    requests: list = field(default_factory=list)
    #: ``(organisation, [entries])`` for organisations without an e-mail address: nobody can
    #: be mailed, so the coordinator has to call them
    without_email: list = field(default_factory=list)

    def without_email_lines(self):
        """'Taalhuis Zoetermeer (079-000 2500): Taalcafé' per organisation without an address."""
        lines = []
        for organisation, entries in self.without_email:
            name = f"{organisation.name} ({organisation.phone})" if organisation.phone else organisation.name
            lines.append(f"{name}: {', '.join(entry.name for entry in entries)}")
        return lines


def send_due_check_requests(today=None, dry_run=False):
    """Ask every organisation with entries not checked for twelve months to check them: one
    e-mail per address (organisations sharing an address get one e-mail with a link each).
    Idempotent per day. Organisations without an e-mail address are not skipped silently:
    they are returned in ``without_email``. Returns a :class:`DueCheckRequests`."""
    today = today or timezone.localdate()
    due = entries_due_for_check(today).select_related("organisation").order_by("organisation__name", "name")
    entries_by_org = defaultdict(list)
    organisations = {}
    for entry in due:
        entries_by_org[entry.organisation_id].append(entry)
        organisations[entry.organisation_id] = entry.organisation
    asked_today = set(
        ProviderCheckRequest.objects.filter(sent_on=today, organisation_id__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    result = DueCheckRequests()
    by_email = defaultdict(list)
    for org in organisations.values():
        if not org.email:
            result.without_email.append((org, entries_by_org[org.pk]))
        elif org.pk not in asked_today:
            by_email[org.email.lower()].append(org)
    for email, orgs in sorted(by_email.items()):
        sent = False
        if not dry_run:
            with transaction.atomic():
                sent = bool(_send_check_requests(orgs, email, today=today, entries_by_org=entries_by_org))
        result.requests.append((email, [org.name for org in orgs], sent))
    return result


def _send_check_requests(organisations, email, *, user=None, today=None, entries_by_org=None):
    """Record and send one e-mail to ``email`` for these organisations; skips organisations
    already asked today. Must run inside a transaction: a failed e-mail leaves no record."""
    today = today or timezone.localdate()
    if not email:
        return 0
    sections = []
    for org in organisations:
        entries = (entries_by_org or {}).get(org.pk)
        if entries is None:
            entries = list(org.voorzieningen.listed().order_by("name"))
        try:
            with transaction.atomic():
                ProviderCheckRequest.objects.create(
                    organisation=org, email=email, sent_on=today, sent_by=user, entry_count=len(entries)
                )
        except IntegrityError:
            continue  # already asked today
        link = absolute_url(reverse("kaart:provider_check", args=[make_provider_token(org)]))
        sections.append({"organisation": org, "entries": entries, "link": link})
    if not sections:
        return 0
    context = {"sections": sections, "days": link_lifetime().days}
    with mail_kind("provider_check_request"):
        send_mail(
            subject=one_line(render_to_string("kaart/email/check_request_subject.txt", context)),
            message=render_to_string("kaart/email/check_request.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return len(sections)


def revoke_provider_links(organisation, *, user):
    """Every provider link of ``organisation`` issued until now stops working (logged)."""
    organisation.provider_links_revoked_at = timezone.now()
    organisation.save(update_fields=["provider_links_revoked_at"])
    log(instance=organisation, action="kaart.provider_links_revoked", user=user)
