"""Views for progress, certificates and the team dashboard. Thin: the work is in
``modules.progress`` (reads and writes) and ``modules.dashboard``."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from content import spreadsheet
from leergang import accounts
from leergang.forms import LeftForm
from leergang.models import StaffProfile

from . import dashboard as team_dashboard
from . import hooks as progress_hooks
from . import page_cache, privacy, progress
from .forms import CertificateCheckForm, RegistrationForm
from .models import Certificate, LessonPage

TEAM_PAGE_SIZE = 100


# --- Steps ------------------------------------------------------------------------------------


@require_POST
def mark_step_done(request, page_id):
    """ "Markeer als afgerond" on a lesson: idempotent; back to the next step with a message."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, LessonPage):
        messages.error(request, _("A quiz is completed by passing it, not with this button."))
        return redirect(page.get_url(request) or "/")
    own, module_progress, following = progress.step_state(request.user, page)
    if module_progress is None:
        raise Http404
    needs_again = own is not None and own.refresh_required and not own.redone
    if own is not None and own.done and not needs_again:
        messages.info(request, _("You had already completed “%(title)s”.") % {"title": page.title})
        return redirect((following or module_progress.module).get_url(request))
    completion = progress.complete_step(request.user, page)
    messages.success(request, _("“%(title)s” is completed.") % {"title": page.title})
    if completion.module_completion is not None:
        messages.success(request, _module_finished_message(request, module_progress.module))
    target = following if following is not None else module_progress.module
    return redirect(target.get_url(request))


def _module_finished_message(request, module):
    """What the last step of a module says, as the quiz result does after the last quiz: the
    module is completed, a link to the certificate and one to the next module of the path."""
    finished = progress.module_finished(request.user, module)
    text = format_html(
        "<strong>{}</strong> {}",
        _("Module completed"),
        _("You completed the module “%(module)s”. Your certificate of participation is on My progress.")
        % {"module": module.title},
    )
    if finished is not None and finished.certificate is not None:
        text += format_html(
            ' <a class="utrecht-link" href="{}">{}</a>',
            reverse("certificate_pdf", args=[finished.certificate.code]),
            _("Download your certificate (PDF)"),
        )
    if finished is not None and finished.next_module is not None:
        text += format_html(
            ' {} <a class="utrecht-link" href="{}">{}</a>',
            _("Next module of your learning path:"),
            finished.next_module.get_url(request),
            finished.next_module.title,
        )
    return text


# --- Mijn voortgang ----------------------------------------------------------------------------


@require_GET
def my_progress(request):
    def render_page():
        return render(
            request,
            "modules/progress/my_progress.html",
            {
                "progress": progress.user_progress(request.user),
                "nav_section": "voortgang",
                "own": True,
                "app_sections": progress_hooks.my_progress_sections(request),
            },
        )

    return page_cache.serve_personal(request, render_page)


@require_http_methods(["GET", "POST"])
def registration(request):
    """A person's own register, registration number and re-registration period."""
    profile = StaffProfile.objects.filter(user=request.user).first() or StaffProfile(user=request.user)
    form = RegistrationForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your registration details are saved."))
        return redirect("my_progress")
    return render(request, "modules/progress/registration.html", {"form": form, "nav_section": "voortgang"})


@never_cache
@require_GET
def my_progress_export(request):
    """Everything the platform holds about a person, as JSON (AVG: right of access)."""
    data = privacy.export_person(request.user, now=timezone.now())
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-leergegevens.json"'
    return response


@never_cache
@require_GET
def my_data(request):
    """The same as the JSON export, as a page to read: one table per kind of record."""
    data = privacy.export_person(request.user, now=timezone.now())
    return render(
        request,
        "modules/progress/my_data.html",
        {"sections": privacy.readable_sections(data), "user_data": data["user"], "nav_section": "voortgang"},
    )


@never_cache
@require_GET
def accreditation_csv(request):
    """The accreditation ledger for the register, as CSV (Excel: `;`, UTF-8 with BOM)."""
    data = progress.user_progress(request.user)
    profile = data.profile
    register = profile.get_register_display() if profile and profile.register else ""
    number = profile.registration_number if profile else ""
    certificates = {c.module_completion_id: c.code for c in data.certificates}
    rows = [
        [
            _("Name"),
            _("Register"),
            _("Registration number"),
            _("Re-registration period"),
            _("Module"),
            _("Completed on"),
            _("Hours"),
            _("Verification code"),
            _("Kind of hours"),
        ]
    ]
    name = request.user.get_full_name() or request.user.get_username()
    for cycle in data.cycles:
        period = f"{cycle.start.isoformat()} – {cycle.last_day.isoformat()}"
        for entry in cycle.entries:
            rows.append(
                [
                    name,
                    register,
                    number,
                    period,
                    entry.module_title,
                    entry.earned_on.isoformat(),
                    number_format(entry.hours, decimal_pos=1),
                    certificates.get(entry.module_completion_id, ""),
                    entry.get_kind_display(),
                ]
            )
    return spreadsheet.csv_response("accreditatie.csv", rows)


# --- Certificates ----------------------------------------------------------------------------


def _verify_url(request, certificate):
    return request.build_absolute_uri(reverse("verify_certificate", args=[certificate.code]))


@require_GET
def certificate_pdf(request, code):
    """The certificate PDF; only its owner downloads it (anyone else: 404)."""
    from .certificates import render_certificate_pdf

    certificate = get_object_or_404(
        Certificate, code=progress.normalise_certificate_code(code), user=request.user
    )
    pdf = render_certificate_pdf(certificate, _verify_url(request, certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bewijs-van-deelname-{certificate.code}.pdf"'
    return response


@login_not_required
@require_GET
def certificate_check(request):
    """Public: a form for the verification code (``?code=``). A known code goes on to the
    certificate's own check page; an unknown one shows the form again with a message."""
    form = CertificateCheckForm(request.GET or None)
    if form.is_valid():
        code = progress.normalise_certificate_code(form.cleaned_data["code"])
        if Certificate.objects.filter(code=code).exists():
            return redirect("verify_certificate", code=code)
        form.add_error(
            "code",
            _("We do not know a certificate with the code “%(code)s”. Check the code on the certificate.")
            % {"code": form.cleaned_data["code"][:40]},
        )
    return render(request, "modules/progress/certificate_check.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_certificate(request, code):
    """Public: shows what the certificate itself says (name, module, date, accreditation
    hours, refresher or not) and nothing else about the person: no scores, no other modules.
    After the person's data was erased the name is no longer stored: a posted ``naam`` is checked
    against the certificate's keyed hash of it."""
    from .certificates import hours_text

    certificate = (
        Certificate.objects.filter(code=progress.normalise_certificate_code(code))
        .only("code", "full_name", "name_hash", "module_title", "completed_on", "hours", "is_refresher")
        .first()
    )
    if certificate is None:
        return render(request, "modules/progress/certificate_unknown.html", {"code": code[:40]}, status=404)
    name_matches = None
    if request.method == "POST" and not certificate.full_name:
        name_matches = privacy.certificate_has_name(certificate, request.POST.get("naam", "")[:300])
    return render(
        request,
        "modules/progress/certificate_verify.html",
        {"certificate": certificate, "hours": hours_text(certificate), "name_matches": name_matches},
    )


# --- Team dashboard --------------------------------------------------------------------------


@require_GET
def team(request):
    board = team_dashboard.build_dashboard(request.user, request.GET)
    if board is None:
        raise PermissionDenied
    page = Paginator(board.rows, TEAM_PAGE_SIZE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    back = team_dashboard.overview_query(request.GET)
    return render(
        request,
        "modules/progress/team.html",
        {
            "board": board,
            "page_obj": page,
            "table": team_dashboard.table_rows(page.object_list, urlencode({"terug": back}) if back else ""),
            "query": params.urlencode(),
            "sort": board.form.value("sort") or "",
            "nav_section": "team",
            "see_everyone": team_dashboard.can_see_everyone(request.user),
            **_invitations_context(request.user),
        },
    )


def _invitations_context(user):
    """The open invitations on the team page, each with whether ``user`` may resend or withdraw
    it (two queries, however many there are)."""
    own_teams = set(accounts.teams_to_invite_to(user).values_list("pk", flat=True))
    everyone = user.has_perm("leergang.change_invitation")
    return {
        "invitations": [
            (invitation, everyone or invitation.team_id in own_teams)
            for invitation in team_dashboard.pending_invitations(user)
        ],
        "may_invite": bool(own_teams),
    }


@never_cache
@require_GET
def team_export(request):
    board = team_dashboard.build_dashboard(request.user, request.GET)
    if board is None:
        raise PermissionDenied
    filename = f"teamvoortgang-{timezone.localdate().isoformat()}.csv"
    return spreadsheet.csv_response(filename, team_dashboard.export_rows(board))


@require_GET
def team_member(request, user_id):
    """One member's progress, for a lead of their team (or a coordinator). 403 for people who
    lead no team; 404 for a member of a team the lead does not lead."""
    teams = team_dashboard.visible_teams(request.user)
    if teams is None:
        raise PermissionDenied
    profiles = StaffProfile.objects.select_related("user", "team").filter(user_id=user_id)
    if not team_dashboard.can_see_everyone(request.user):
        profiles = profiles.filter(team__in=teams)
    profile = profiles.first()
    if profile is None:
        raise Http404
    member = profile.user
    data = progress.user_progress(member)
    return render(
        request,
        "modules/progress/team_member.html",
        {
            "progress": data,
            "member": member,
            "profile": profile,
            "nav_section": "team",
            "own": False,
            "back_query": team_dashboard.overview_query(QueryDict(request.GET.get("terug", ""))),
            "left_form": LeftForm(initial={"left_on": profile.left_on or timezone.localdate()})
            if _may_mark_left(request.user, profile)
            else None,
        },
    )


def _may_mark_left(user, profile):
    """A lead of the person's team (data: ``Team.leads``), or who may change staff profiles (a
    beheerder); never oneself."""
    if profile.user_id == user.pk:
        return False
    return user.has_perm("leergang.change_staffprofile") or (
        profile.team_id is not None and profile.team.leads.filter(pk=user.pk).exists()
    )


@require_POST
def team_member_left(request, user_id):
    """Mark a member as left (with a date): from that day they cannot log in and are gone from
    the team page; their learning data goes after the retention period (``bewaartermijn``)."""
    profile = get_object_or_404(StaffProfile.objects.select_related("user", "team"), user_id=user_id)
    if not _may_mark_left(request.user, profile):
        raise PermissionDenied
    form = LeftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date as day, month and year."))
        return redirect("team_member", user_id=user_id)
    accounts.mark_left(profile, form.cleaned_data["left_on"])
    messages.success(
        request,
        _("%(name)s is marked as left on %(date)s.")
        % {"name": profile.user, "date": date_format(form.cleaned_data["left_on"], "j F Y")},
    )
    return redirect("team")
