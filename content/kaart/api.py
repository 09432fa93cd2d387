"""Read-only JSON API of the sociale kaart (Django REST framework), shaped after HSDS 3.0.

``GET /api/sociale-kaart/`` lists services in pages, filtered by the same FilterSet as the page
``/sociale-kaart/``; ``GET /api/sociale-kaart/<key>/`` returns one. Access with a login session
or an API token (``Authorization: Bearer <token>``); anything else gets 401. The contract (fields,
envelope, errors) is docs/api-sociale-kaart.md; the mapping is in :mod:`.serializers`.
"""

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import APIException, AuthenticationFailed, NotFound, ParseError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import BasePagination
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .filters import VoorzieningFilterSet
from .models import ApiToken, Status, Voorziening
from .serializers import ServiceSerializer

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
REFUSED = "Authenticatie vereist: log in of stuur een API-token mee (Authorization: Bearer <token>)."

# --- access ------------------------------------------------------------------------------------


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` with an active :class:`~.models.ApiToken`. A request
    that sends an Authorization header must send a valid token (a login session does not make
    up for a wrong one); without the header, the next class (the login session) decides."""

    keyword = "bearer"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        token = ApiToken.find_active(raw.strip()) if scheme.lower() == self.keyword else None
        if token is None:
            raise AuthenticationFailed(REFUSED)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="sociale-kaart"'


class SessionOrApiToken(BasePermission):
    """A logged-in user or a valid API token."""

    def has_permission(self, request, view):
        return request.auth is not None or request.user.is_authenticated


# --- JSON in, JSON out ---------------------------------------------------------------------------


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 as it is, with ", " and ": " between items (as the API has always written it)."""

    compact = False


class JSONOnly(BaseContentNegotiation):
    """Always JSON, whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def json_error(exc, context):
    """Errors as ``{"error": message, "status": code}``; a refused request gets the message
    that says how to get in (and the ``WWW-Authenticate`` header DRF sets)."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == 401:
        message = REFUSED
    elif isinstance(exc, APIException) and isinstance(exc.detail, str):
        message = str(exc.detail)
    else:
        message = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
    response.data = {"error": message, "status": response.status_code}
    return response


# --- filters and pages -----------------------------------------------------------------------------


class KaartFilterBackend(DjangoFilterBackend):
    """The view's FilterSet. A bad value is ignored and named in ``warnings`` (not refused
    with a 400), so the filter set is kept on the view for the pagination to read."""

    raise_exception = False

    def filter_queryset(self, request, queryset, view):
        view.filterset = self.get_filterset(request, queryset, view)
        return view.filterset.qs


#: A page number or page size: ASCII digits only (no ``①``, ``²`` or Arabic-Indic digits), and
#: not so many that turning them into a number is itself the work (``int`` refuses 4,300 digits).
NUMBER_RE = re.compile(r"[0-9]{1,9}")


def _positive_int(raw, default):
    """The number ``raw`` says (1 or more), ``default`` when it is empty, None when it is no
    such number."""
    raw = (raw or "").strip()
    if not raw:
        return default
    return int(raw) if NUMBER_RE.fullmatch(raw) and int(raw) >= 1 else None


def paginate(request, items, *, default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE):
    """The page ``?page=`` and ``?per_page=`` ask for, or a 400 (a bad number) or 404 (past the
    end) with a Dutch message."""
    number = _positive_int(request.query_params.get("page"), 1)
    if number is None:
        raise ParseError(_("page must be a whole number of 1 or more."))
    size = _positive_int(request.query_params.get("per_page"), default)
    if size is None or size > maximum:
        raise ParseError(_("per_page must be a whole number from 1 to %(max)s.") % {"max": maximum})
    paginator = Paginator(items, size)
    if number > paginator.num_pages:
        raise NotFound(
            _("Page %(number)s does not exist; there are %(pages)s pages.")
            % {"number": number, "pages": paginator.num_pages}
        )
    return paginator.page(number)


def page_envelope(page, contents, **extra):
    """An HSDS page: the totals, ``size`` (the items on this page), then ``extra`` and the items."""
    total_pages = page.paginator.num_pages
    return {
        "total_items": page.paginator.count,
        "total_pages": total_pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number == total_pages,
        "empty": not contents,
        **extra,
        "contents": contents,
    }


class KaartPagination(BasePagination):
    """``?page=`` (from 1) and ``?per_page=`` (1 to 100, default 20), written as an HSDS page:
    totals, ``next``/``previous`` links that keep the search, and the search's ``warnings``."""

    def paginate_queryset(self, queryset, request, view=None):
        self.page = paginate(request, queryset)
        self.request = request
        self.search = getattr(view, "filterset", None)
        return list(self.page)

    def link(self, number):
        extra = {"page": number, "per_page": self.page.paginator.per_page}
        query = self.search.querystring(**extra) if self.search is not None else urlencode(extra)
        return f"{self.request.build_absolute_uri(self.request.path)}?{query}"

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            page_envelope(
                page,
                data,
                next=self.link(page.number + 1) if page.has_next() else None,
                previous=self.link(page.number - 1) if page.has_previous() else None,
                warnings=self.search.warnings if self.search is not None else [],
            )
        )


# --- the views ---------------------------------------------------------------------------------------


def _services():
    return (
        Voorziening.objects.live()
        .select_related("category", "organisation")
        .prefetch_related("locations", "conditions", "neighbourhoods", "tags")
    )


class KaartApiMixin:
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [SessionOrApiToken]
    renderer_classes = [UnicodeJSONRenderer]
    content_negotiation_class = JSONOnly
    serializer_class = ServiceSerializer
    http_method_names = ["get"]

    def get_exception_handler(self):
        return json_error

    @classmethod
    def as_view(cls, **initkwargs):
        """Outside the site's login rule (the API checks access itself, and answers 401 in
        JSON instead of sending to the login page); cached answers vary by who asks."""
        view = super().as_view(**initkwargs)
        return login_not_required(vary_on_headers("Authorization", "Cookie")(view))


class ServiceList(KaartApiMixin, ListAPIView):
    """The services still offered (stopped ones are not listed), filtered and in pages."""

    filter_backends = [KaartFilterBackend]
    filterset_class = VoorzieningFilterSet
    pagination_class = KaartPagination

    def get_queryset(self):
        return _services().exclude(status=Status.STOPPED)


class ServiceDetail(KaartApiMixin, RetrieveAPIView):
    """One service by its key; a stopped one too (``status: defunct``)."""

    def get_queryset(self):
        return _services()

    def get_object(self):
        entry = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if entry is None:
            raise NotFound("Deze voorziening bestaat niet.")
        return entry
