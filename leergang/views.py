import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from .middleware import DATABASE_OUTAGE, database_unavailable_response
from .models import User


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitoring).

    The query reads a table of the app, not just ``SELECT 1``: an SQLite file that is gone
    is silently recreated empty, and only a query on a real table notices."""
    try:
        User.objects.order_by().values_list("pk", flat=True).first()
    except DatabaseError:
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
    if isinstance(sys.exc_info()[1], DATABASE_OUTAGE):
        return database_unavailable_response()
    return django_server_error(request, template_name)
