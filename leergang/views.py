from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
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
