"""Search and filters of the sociale kaart, shared by the list page and the API.

Everything a search needs is in the URL (``?q=&categorie=&wijk=&leeftijd=&toegang=&gratis=1``),
so a search can be shared. Parameters that make no sense are dropped with a message instead of
failing. All filters are plain conditions on one queryset, so they combine freely, and the full
text search (Wagtail's search backend) runs on that filtered queryset: one query for the count
and one for a page, whatever the number of entries.
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _

from content.search import MAX_QUERY_LENGTH, PrefixText, clean_search_query

from .models import AccessRoute, Voorziening

MAX_AGE = 120
TRUE_VALUES = {"1", "ja", "true", "on", "yes"}
FALSE_VALUES = {"0", "nee", "false", "off", "no", ""}

# The URL parameters, in the order they are shown and written.
PARAMS = ["q", "categorie", "wijk", "leeftijd", "toegang", "gratis"]


@dataclass
class KaartSearch:
    """A parsed search of the sociale kaart."""

    q: str = ""
    category: object = None  # Category
    neighbourhood: object = None  # Neighbourhood
    age: int | None = None
    access: str = ""
    free: bool = False
    warnings: list = field(default_factory=list)
    any_word: bool = False  # set by results(): no entry had every word, so any word counted

    @classmethod
    def from_params(cls, params, categories, neighbourhoods):
        """Parse request parameters. ``categories`` and ``neighbourhoods`` are the available
        choices (already fetched for the filter form), so parsing runs no queries."""
        search = cls()
        raw_q = (params.get("q") or "").strip()
        if len(raw_q) > MAX_QUERY_LENGTH:
            search.warnings.append(
                _(
                    "Your search term is longer than %(max)s characters, so it was not used. "
                    "Search with a few words, such as “schulden” or “opvoeden”."
                )
                % {"max": MAX_QUERY_LENGTH}
            )
        else:
            search.q = clean_search_query(raw_q).strip()

        slug = (params.get("categorie") or "").strip()
        if slug:
            search.category = next((c for c in categories if c.slug == slug), None)
            if search.category is None:
                search.warnings.append(
                    _("Unknown category “%(value)s”: this filter was ignored.") % {"value": slug}
                )

        slug = (params.get("wijk") or "").strip()
        if slug:
            search.neighbourhood = next((n for n in neighbourhoods if n.slug == slug), None)
            if search.neighbourhood is None:
                search.warnings.append(
                    _("Unknown wijk “%(value)s”: this filter was ignored.") % {"value": slug}
                )

        raw_age = (params.get("leeftijd") or "").strip()
        if raw_age:
            if raw_age.isdigit() and int(raw_age) <= MAX_AGE:
                search.age = int(raw_age)
            else:
                search.warnings.append(
                    _(
                        "Age “%(value)s” is not a whole number of years between 0 and 120: "
                        "this filter was ignored."
                    )
                    % {"value": raw_age[:20]}
                )

        access = (params.get("toegang") or "").strip()
        if access:
            if access in AccessRoute.values:
                search.access = access
            else:
                search.warnings.append(
                    _("Unknown access route “%(value)s”: this filter was ignored.") % {"value": access[:40]}
                )

        free = (params.get("gratis") or "").strip().lower()
        if free in TRUE_VALUES:
            search.free = True
        elif free not in FALSE_VALUES:
            search.warnings.append(_("“gratis” takes 1 or 0: this filter was ignored."))
        return search

    # --- the query --------------------------------------------------------------------------

    def filter_condition(self):
        """The filters as one Q (full text search excluded)."""
        condition = Q()
        if self.category is not None:
            condition &= Q(category_id=self.category.pk)
        if self.neighbourhood is not None:
            in_wijk = Voorziening.neighbourhoods.through.objects.filter(
                neighbourhood_id=self.neighbourhood.pk
            ).values("voorziening_id")
            condition &= Q(whole_municipality=True) | Q(pk__in=in_wijk)
        if self.age is not None:
            condition &= Q(min_age__isnull=True) | Q(min_age__lte=self.age)
            condition &= Q(max_age__isnull=True) | Q(max_age__gte=self.age)
        if self.access:
            condition &= Q(access_route=self.access)
        if self.free:
            condition &= Q(is_free=True)
        return condition

    def results(self, base=None):
        """The matching entries: a queryset, or search results (best match first) when there is
        a search term. Both support ``count()`` and slicing for pagination.

        The search is forgiving (:mod:`content.search`): every word matches the start of a word
        and common Dutch endings are ignored, so "schuld" finds "Schuldhulpverlening" and
        "mantelzorger" finds "mantelzorg". Entries must have every word; only when none has,
        entries with any of the words are shown (best first) and a warning says so: Dutch
        compounds hide words ("hulp bij schulden" → "Schuldhulpverlening"). That costs one
        count query more, only for a search that found nothing."""
        queryset = (base if base is not None else Voorziening.objects.listed()).filter(
            self.filter_condition()
        )
        if not self.q:
            return queryset.order_by("name", "pk")
        query = PrefixText(self.q)
        if not query.terms:
            return queryset.none()
        found = queryset.search(query)
        if len(query.terms) > 1 and not found.count():
            self.any_word = True
            self.warnings.append(
                _(
                    "No voorziening contains all of your search words; these contain at least "
                    "one of them, best match first."
                )
            )
            return queryset.search(PrefixText(self.q, operator="or"))
        return found

    # --- URLs and descriptions ---------------------------------------------------------------

    def params(self):
        values = {
            "q": self.q,
            "categorie": self.category.slug if self.category else "",
            "wijk": self.neighbourhood.slug if self.neighbourhood else "",
            "leeftijd": "" if self.age is None else str(self.age),
            "toegang": self.access,
            "gratis": "1" if self.free else "",
        }
        return {key: value for key, value in values.items() if value}

    def querystring(self, **extra):
        params = self.params()
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)

    @property
    def is_filtered(self):
        return bool(self.params())

    @property
    def only_search_term(self):
        """Searched with a term and nothing else (no filter to suggest dropping)."""
        return bool(self.q) and list(self.params()) == ["q"]

    @property
    def can_drop_a_filter(self):
        return self.is_filtered and not self.only_search_term

    def without(self, param):
        """A copy without one parameter (for "drop this filter" suggestions)."""
        empty = {
            "q": {"q": ""},
            "categorie": {"category": None},
            "wijk": {"neighbourhood": None},
            "leeftijd": {"age": None},
            "toegang": {"access": ""},
            "gratis": {"free": False},
        }[param]
        return replace(self, warnings=[], any_word=False, **empty)

    def active_filters(self):
        """(parameter, description) for every filter in use, for the page and the suggestions."""
        active = []
        if self.q:
            active.append(("q", _("search term “%(q)s”") % {"q": self.q}))
        if self.category:
            active.append(("categorie", _("category %(name)s") % {"name": self.category.name}))
        if self.neighbourhood:
            active.append(("wijk", _("wijk %(name)s") % {"name": self.neighbourhood.name}))
        if self.age is not None:
            active.append(("leeftijd", _("age %(age)s") % {"age": self.age}))
        if self.access:
            active.append(("toegang", _("access: %(route)s") % {"route": AccessRoute(self.access).label}))
        if self.free:
            active.append(("gratis", _("free of charge")))
        return active

    def suggestions(self, base=None):
        """For an empty result: per filter in use, how many entries there are without it.
        At most one count query per filter (six), only when nothing was found."""
        found = []
        for param, description in self.active_filters():
            other = self.without(param)
            count = other.results(base).count()
            if count:
                found.append({"param": param, "description": description, "count": count, "search": other})
        return found
