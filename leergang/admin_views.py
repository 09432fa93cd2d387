"""Wagtail admin view: logins locked by django-axes, and unlocking them (``axes.delete_accessattempt``)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

UNLOCK_PERMISSION = "axes.delete_accessattempt"


@permission_required(UNLOCK_PERMISSION, raise_exception=True)
def locked_logins(request):
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
        "-attempt_time"
    )
    return TemplateResponse(
        request,
        "leergang/admin/locked_logins.html",
        {"attempts": attempts, "header_title": _("Locked logins"), "header_icon": "lock"},
    )


@require_POST
@permission_required(UNLOCK_PERMISSION, raise_exception=True)
def unlock_login(request, attempt_id):
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    attempt.delete()
    messages.success(
        request, _("%(who)s can log in again.") % {"who": attempt.username or attempt.ip_address}
    )
    return redirect("leergang_locked_logins")
