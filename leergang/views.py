import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import server_error as django_server_error

from . import accounts
from .forms import AcceptInvitationForm, InvitationForm
from .middleware import database_answers, database_unavailable_response, is_outage
from .models import Invitation


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitoring).

    The query reads a table of the app, not just ``SELECT 1``: an SQLite file that is gone
    is silently recreated empty, and only a query on a real table notices."""
    if not database_answers():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure_page(page):
    """Decorator for a view whose visitors need their own page when a form cannot be checked:
    ``page(request, reason)`` answers instead of the site's page (the sociale kaart's provider
    pages use it: providers are outside the organisation and get a formal page)."""

    def decorate(view):
        view.csrf_failure_page = page
        return view

    return decorate


@login_not_required
def csrf_failure(request, reason=""):
    """A form that could not be checked (a page left open too long, a new login meanwhile):
    the site's own page in Dutch, explaining how to send it again, instead of Django's bare one."""
    match = getattr(request, "resolver_match", None)
    page = getattr(match.func, "csrf_failure_page", None) if match else None
    if page is not None:
        return page(request, reason)
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


@login_not_required
def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login after too many wrong passwords (site, admin, /_util/login/):
    refused, even with the right password, until the cool-off ends or a beheerder unlocks."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def server_error(request, template_name="500.html"):
    """``handler500``: a database outage gets the Dutch 503 page, everything else Django's 500."""
    if is_outage(sys.exc_info()[1]):
        return database_unavailable_response()
    return django_server_error(request, template_name)


# --- Invitations -------------------------------------------------------------------------------


@login_not_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """The link of an invitation e-mail: choose a password, then straight to the onboarding
    path. A link that was used, withdrawn, replaced or has expired gets a Dutch page saying so."""
    invitation = Invitation.objects.by_token(token)
    if invitation is None or not invitation.is_pending():
        status = invitation.status() if invitation else None
        return render(
            request,
            "leergang/accounts/invitation_invalid.html",
            {"status": status, "statuses": Invitation.Status},
            status=404 if invitation is None else 410,
        )
    user = accounts.account_for(invitation)
    form = AcceptInvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.accept(invitation, user, form.cleaned_data["new_password1"])
        auth_login(request, user, backend="leergang.auth.PasswordBackend")
        messages.success(request, _("Welcome, %(name)s. Your password is set.") % {"name": user.first_name})
        return redirect(reverse("wagtail_serve", args=[""]))
    return render(
        request,
        "leergang/accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "username": user.get_username()},
    )


def _inviting_teams(request):
    teams = accounts.teams_to_invite_to(request.user)
    if not teams.exists():
        raise PermissionDenied
    return teams


@require_http_methods(["GET", "POST"])
def invite_colleague(request):
    """``/team/uitnodigen/``: a team lead invites a colleague to one of the teams they lead."""
    teams = _inviting_teams(request)
    form = InvitationForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        invitation = form.save(commit=False)
        accounts.invite(
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            team=invitation.team,
            job_title=invitation.job_title,
            start_date=invitation.start_date,
            invited_by=request.user,
        )
        messages.success(
            request,
            _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
        )
        return redirect("team")
    return render(request, "leergang/accounts/invite.html", {"form": form, "nav_section": "team"})


def _managed_invitation(request, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    if not accounts.may_manage(request.user, invitation):
        raise Http404
    return invitation


@require_POST
def resend_invitation(request, invitation_id):
    invitation = _managed_invitation(request, invitation_id)
    if invitation.accepted_at or invitation.revoked_at:
        messages.error(request, _("This invitation was already used or withdrawn."))
    else:
        accounts.send_invitation(invitation)  # a new link; the old one stops working
        messages.success(
            request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect("team")


@require_POST
def withdraw_invitation(request, invitation_id):
    invitation = _managed_invitation(request, invitation_id)
    accounts.revoke(invitation)
    messages.success(
        request, _("The invitation to %(name)s has been withdrawn.") % {"name": invitation.full_name}
    )
    return redirect("team")
