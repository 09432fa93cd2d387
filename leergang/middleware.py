import logging
import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


def is_admin_path(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login unless its view says otherwise (``login_not_required``).

    The Wagtail admin has its own login page and permission checks, so it is left to them.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_admin_path(request) or request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy for the learner site (not the Wagtail admin, which has
    its own needs): no inline script, nothing from other hosts but video embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "frame-src " + " ".join(settings.LEERGANG_EMBED_HOSTS),
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'self'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        if not is_admin_path(request):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


DATABASE_OUTAGE = (OperationalError, InterfaceError)


def database_answers():
    """Whether the database answers a query on a table of the app. Not just ``SELECT 1``: an
    SQLite file that is gone is silently recreated empty, and only a real table notices."""
    from .models import User

    try:
        User.objects.order_by().values_list("pk", flat=True).first()
    except DatabaseError:
        return False
    return True


def is_outage(exception):
    """A database error is an outage when the database no longer answers; an error in one
    query (SQLite's full-text syntax, say) while it still does is a bug, a 500 like any other."""
    return isinstance(exception, DATABASE_OUTAGE) and not database_answers()


def database_unavailable_response():
    """The Dutch 503 page; rendered without the request, so it asks the database nothing."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "120"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage (the server down, the connection lost) is a 503 with a Dutch page
    that says to try again, not the generic 500. The error is still logged. Outages outside a
    view (a session read by a middleware) reach ``leergang.views.server_error``, which answers
    the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            logger.error("database unavailable at %s", request.path, exc_info=exception)
            return database_unavailable_response()
        return None


class PrivateResponsesMiddleware:
    """Everything a logged-in person is shown is theirs (progress, exports, certificates, quiz
    pages, the team pages): ``Cache-Control: private, no-store``, so no shared cache and no
    browser history keeps a copy after logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 503 and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


SEEN_KEY = "leergang_seen"
REFRESH_SECONDS = 300


def mark_session_seen(sender, request, user, **kwargs):
    """``user_logged_in``: the idle clock starts at login."""
    request.session[SEEN_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Idle timeout: a session lives ``SESSION_COOKIE_AGE`` after the last request, saved (so
    its expiry moved on) at most every five minutes instead of on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and response.status_code != 503:
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= REFRESH_SECONDS:
                session[SEEN_KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response
