"""The HSDS 3.0 API of the sociale kaart under ``/api/hsds/``, on the paths of HSDS's OpenAPI
description (``hsds/schema/openapi.json``): ``/`` (meta), ``/services``, ``/organizations``,
``/taxonomies``, ``/taxonomy_terms`` and ``/service_at_locations``, each with ``/{id}``.

Access as :mod:`.api` (a login session or an API token). Lists are HSDS pages; a parameter the
endpoint does not know, or a value it cannot use, is named in ``warnings`` (never silence); a
bad ``page``/``per_page`` gives a 400 with a Dutch message. The objects are made by
:mod:`.serializers` and validate against the compiled HSDS schemas. The contract is
docs/api-sociale-kaart.md.
"""

import json
import uuid
from functools import cache
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from . import serializers as hsds
from .api import MAX_PER_PAGE, KaartApiMixin, page_envelope, paginate
from .filters import FALSE_VALUES, TRUE_VALUES, HsdsServiceFilterSet
from .models import Category, Organisation, Status, Voorziening, VoorzieningLocation, VoorzieningTag

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds" / "schema"
PAGING = frozenset({"page", "per_page", "format"})
#: ``?minimal=true`` is meant to give every service in one call.
MINIMAL_PER_PAGE = 1000


# --- querysets ---------------------------------------------------------------------------------


def services():
    """Published services with everything a full service needs, in a fixed number of queries."""
    return (
        Voorziening.objects.live()
        .select_related("category", "organisation")
        .prefetch_related("locations", "conditions", "neighbourhoods", "tags")
    )


def listed_services():
    return services().exclude(status=Status.STOPPED)


def published_organisations():
    """Organisations with at least one published service (the others are not public yet)."""
    return Organisation.objects.filter(pk__in=Voorziening.objects.live().values("organisation_id")).order_by(
        "name", "pk"
    )


def used_tags():
    tags = VoorzieningTag.tag_model().objects
    return tags.filter(
        pk__in=VoorzieningTag.objects.filter(content_object__live=True).values("tag_id")
    ).order_by("name", "pk")


def as_uuid(raw):
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


# --- parameters ----------------------------------------------------------------------------------


class Query:
    """The request's query parameters as an endpoint reads them, with the warnings they give."""

    def __init__(self, request, known):
        self.params = request.query_params
        self.warnings = [
            _("Unknown parameter “%(name)s”: it was ignored.") % {"name": name[:40]}
            for name in self.params
            if name not in known and name not in PAGING
        ]
        fmt = self.params.get("format", "").strip().lower()
        if fmt not in ("", "json"):
            self.warnings.append(
                _("format “%(value)s” is not offered: the answer is JSON.") % {"value": fmt[:20]}
            )

    def flag(self, name):
        """A yes/no parameter (true/false, 1/0, ja/nee); a value that is neither gives a warning."""
        raw = self.params.get(name)
        if raw is None:
            return False
        value = raw.strip().lower()
        if value in TRUE_VALUES:
            return True
        if value not in FALSE_VALUES:
            self.warnings.append(
                _("“%(name)s” takes true or false, not “%(value)s”: it was ignored.")
                % {"name": name, "value": raw[:20]}
            )
        return False

    def text(self, name):
        return self.params.get(name, "").strip()


# --- the views -------------------------------------------------------------------------------------


class HsdsView(KaartApiMixin, APIView):
    """The access, JSON and errors of the sociale kaart API."""


class HsdsList(HsdsView):
    """A list endpoint: :meth:`items` (with the warnings they give), each :meth:`item_json`, in pages."""

    known = frozenset()
    default_per_page = None

    def get(self, request, *args, **kwargs):
        query = Query(request, self.known)
        items = self.items(request, query)
        size = self.default_per_page
        page = paginate(
            request, items, **({"default": size, "maximum": max(size, MAX_PER_PAGE)} if size else {})
        )
        contents = [self.item_json(item, request, query) for item in page.object_list]
        return Response(page_envelope(page, contents, warnings=query.warnings))


class HsdsDetail(HsdsView):
    """One object by its id; an unknown id is a 404 with a Dutch message."""

    not_found = ""

    def get(self, request, id):
        found = self.find(request, as_uuid(id), id)
        if found is None:
            raise NotFound(self.not_found)
        return Response(found)


class Meta(HsdsView):
    """``/``: the HSDS version, the profile and the OpenAPI description of this API."""

    def get(self, request):
        return Response(
            {
                "version": hsds.HSDS_VERSION,
                "profile": request.build_absolute_uri(reverse("kaart:hsds_profile")),
                "openapi_url": request.build_absolute_uri(reverse("kaart:hsds_openapi")),
            }
        )


class Profile(HsdsView):
    """Our profile: the ``x_`` fields HSDS lacks (its extending guide allows them)."""

    def get(self, request):
        return Response(
            {
                "name": "leergang-toegang-zoetermeer",
                "title": _("Sociale kaart Zoetermeer"),
                "hsds_version": hsds.HSDS_VERSION,
                "description": _(
                    "HSDS 3.0 with a few fields of our own, prefixed x_: access without referral, "
                    "the wijken of Zoetermeer, free of charge, the key and page on the site."
                ),
                "documentation": "docs/api-sociale-kaart.md",
                "service": {
                    "type": "object",
                    "properties": hsds.PROFILE_FIELDS,
                    "required": sorted(hsds.PROFILE_FIELDS),
                },
                "query_parameters": {
                    "q": "search",
                    "categorie": "category key",
                    "wijk": "wijk key",
                    "leeftijd": "age in years",
                    "toegang": "vrij, verwijzing or aanmelden",
                    "gratis": "1: only free of charge",
                },
            }
        )


@cache
def openapi_document():
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


class OpenApi(HsdsView):
    """HSDS's OpenAPI description, which this API follows."""

    def get(self, request):
        return Response(openapi_document())


# --- services ------------------------------------------------------------------------------------------

HSDS_FILTERS = frozenset({"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"})
KAART_FILTERS = frozenset({"q", "categorie", "wijk", "leeftijd", "toegang", "gratis"})


def filtered_services(request, query):
    filterset = HsdsServiceFilterSet(request.query_params, queryset=listed_services(), request=request)
    found = filterset.qs
    query.warnings += filterset.warnings
    return found


class ServiceList(HsdsList):
    known = HSDS_FILTERS | KAART_FILTERS | {"minimal", "full"}

    def items(self, request, query):
        self.minimal, self.full = query.flag("minimal"), query.flag("full")
        if self.minimal:
            self.default_per_page = MINIMAL_PER_PAGE
        return filtered_services(request, query)

    def item_json(self, entry, request, query):
        if self.minimal:
            return hsds.service_minimal_json(entry)
        return hsds.service_json(entry, request) if self.full else hsds.service_list_json(entry, request)


class ServiceDetail(HsdsDetail):
    """A service by its HSDS id (or its key, ``x_key``); a stopped one too (``status: defunct``)."""

    def find(self, request, pk, raw):
        lookup = {"hsds_id": pk} if pk else {"slug": raw}
        entry = services().filter(**lookup).first()
        self.not_found = _("This voorziening does not exist.")
        return hsds.service_json(entry, request) if entry else None


# --- organisations --------------------------------------------------------------------------------


def _organisations_with_services():
    return published_organisations().prefetch_related(
        Prefetch("voorzieningen", queryset=listed_services().order_by("name", "pk"), to_attr="listed")
    )


class OrganizationList(HsdsList):
    known = frozenset({"search", "full", "full_service"})

    def items(self, request, query):
        self.full, self.full_service = query.flag("full"), query.flag("full_service")
        found = _organisations_with_services() if self.full_service else published_organisations()
        if term := query.text("search"):
            found = found.filter(name__icontains=term[:200])
        return found

    def item_json(self, org, request, query):
        if self.full_service:
            services = [hsds.service_json(entry, request) for entry in org.listed]
            return hsds.organization_json(org, full=True, services=services)
        return hsds.organization_json(org, full=self.full)


class OrganizationDetail(HsdsDetail):
    """An organisation with its phones and services (``?full_service=true``: fully nested)."""

    def find(self, request, pk, raw):
        self.not_found = _("This organisation does not exist.")
        org = _organisations_with_services().filter(hsds_id=pk).first() if pk else None
        if org is None:
            return None
        full = Query(request, {"full_service"}).flag("full_service")
        make = hsds.service_json if full else hsds.service_list_json
        return hsds.organization_json(org, full=True, services=[make(entry, request) for entry in org.listed])


# --- taxonomies and their terms ------------------------------------------------------------------


class TaxonomyList(HsdsList):
    known = frozenset({"search"})

    def items(self, request, query):
        found = [hsds.taxonomy_json(key) for key in hsds.TAXONOMIES]
        term = query.text("search").casefold()
        return [taxonomy for taxonomy in found if term in taxonomy["name"].casefold()]

    def item_json(self, taxonomy, request, query):
        return taxonomy


class TaxonomyDetail(HsdsDetail):
    def find(self, request, pk, raw):
        self.not_found = _("This taxonomy does not exist.")
        keys = [key for key, value in hsds.TAXONOMIES.items() if value == pk]
        return hsds.taxonomy_json(keys[0]) if keys else None


def all_terms():
    return [hsds.category_term_json(category) for category in Category.objects.order_by("name", "pk")] + [
        hsds.tag_term_json(tag) for tag in used_tags()
    ]


class TaxonomyTermList(HsdsList):
    known = frozenset({"search", "taxonomy_id", "top_only", "parent_id"})

    def items(self, request, query):
        terms = all_terms()
        if raw := query.text("taxonomy_id"):
            wanted = as_uuid(raw)
            if wanted is None:
                query.warnings.append(
                    _("“%(value)s” is not an HSDS id (a UUID): this filter was ignored.")
                    % {"value": raw[:40]}
                )
            else:
                terms = [term for term in terms if term["taxonomy_id"] == str(wanted)]
        if term := query.text("search").casefold():
            terms = [t for t in terms if term in t["name"].casefold() or term in t["code"].casefold()]
        query.flag("top_only")  # every term is a top term: the taxonomies are flat
        if query.text("parent_id"):
            terms = []  # flat taxonomies: no term has a parent
        return terms

    def item_json(self, term, request, query):
        return term


class TaxonomyTermDetail(HsdsDetail):
    def find(self, request, pk, raw):
        self.not_found = _("This taxonomy term does not exist.")
        if pk is None:
            return None
        category = Category.objects.filter(hsds_id=pk).first()
        if category is not None:
            return hsds.category_term_json(category)
        tags = [tag for tag in used_tags() if hsds.tag_term_id(tag) == str(pk)]
        return hsds.tag_term_json(tags[0]) if tags else None


# --- services at locations -----------------------------------------------------------------------------


def _at_locations(entries):
    return [(entry, location) for entry in entries for location in entry.locations.all()]


def _locations_of(found):
    """The locations of the services ``found`` (a queryset, ordered by name): as a queryset in
    the same order, so the database gives only the page asked for, each location with its
    service and what a service needs (a fixed number of queries for any page)."""
    return (
        VoorzieningLocation.objects.filter(voorziening__in=found.order_by().values("pk"))
        .select_related("voorziening__category", "voorziening__organisation")
        .prefetch_related(
            "voorziening__locations",
            "voorziening__conditions",
            "voorziening__neighbourhoods",
            "voorziening__tags",
        )
        .order_by("voorziening__name", "voorziening__pk", "sort_order", "pk")
    )


def service_at_location_json(entry, location, request, *, full):
    data = hsds.service_at_location_base(entry, location)
    if full:
        service = hsds.service_json(entry, request)
        service.pop("service_at_locations")
        data["service"] = service
    else:
        data["service"] = hsds.service_list_json(entry, request)
    return data


class ServiceAtLocationList(HsdsList):
    known = HSDS_FILTERS | KAART_FILTERS | {"full", "postcode", "proximity"}

    def items(self, request, query):
        self.full = query.flag("full")
        for name in ("postcode", "proximity"):
            if query.text(name):
                query.warnings.append(
                    _("“%(name)s” is not offered (the sociale kaart has no coordinates): it was ignored.")
                    % {"name": name}
                )
        found = filtered_services(request, query)
        if isinstance(found, QuerySet):  # no search term: by name, paged in the database
            return _locations_of(found)
        return _at_locations(found)  # search results, best match first

    def item_json(self, item, request, query):
        entry, location = (item.voorziening, item) if isinstance(item, VoorzieningLocation) else item
        return service_at_location_json(entry, location, request, full=self.full)


class ServiceAtLocationDetail(HsdsDetail):
    def find(self, request, pk, raw):
        self.not_found = _("This service at a location does not exist.")
        if pk is None:
            return None
        for entry, location in _at_locations(services()):
            if hsds.service_at_location_id(entry, location) == str(pk):
                return service_at_location_json(entry, location, request, full=True)
        return None
