from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _provider_prefix():
    """Where every page for providers starts: the provider page without its token."""
    return reverse("kaart:provider_check", args=["-"]).removesuffix("-/")


@login_not_required
def csrf_failure(request, reason=""):
    """A form that could not be checked (a page left open too long, a new login meanwhile):
    the site's own page in Dutch, explaining how to send it again, instead of Django's bare one."""
    if request.path.startswith(_provider_prefix()):
        # Providers (outside the organisation) get their own formal page, as everywhere else.
        context = {"reason": reason, "contact_email": getattr(settings, "SOCIALE_KAART_CONTACT_EMAIL", "")}
        return render(request, "kaart/provider_csrf.html", context, status=403)
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


@login_not_required
def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login after too many wrong passwords (site, admin, /_util/login/):
    refused, even with the right password, until the cool-off ends or a beheerder unlocks."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
