"""Search and filters of the sociale kaart: one django-filter ``FilterSet`` for the list page
and the API, and the same filter definitions in the admin listing.

Everything a search needs is in the URL (``?q=&categorie=&wijk=&leeftijd=&toegang=&gratis=1``),
so a search can be shared. A parameter that makes no sense is dropped with a message (the
form's error for that field) instead of failing or silently finding nothing. All filters are
plain conditions on one queryset, so they combine freely, and the full text search (Wagtail's
search backend) runs last, on that filtered queryset: one query for the count and one for a
page, whatever the number of entries.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import fields as filter_fields
from wagtail.admin.filters import WagtailFilterSet

from content.search import MAX_QUERY_LENGTH, PrefixText, clean_search_query

from .models import (
    ADULT_AGE,
    AccessRoute,
    Category,
    Neighbourhood,
    Serves,
    Voorziening,
    VoorzieningTag,
    stale_cutoff,
)
from .serializers import TAXONOMIES, tag_term_id

MAX_AGE = 120
#: Fewer results than this and the page says which filter to loosen, and what that would give.
FEW_RESULTS = 3
TRUE_VALUES = {"1", "ja", "true", "on", "yes"}
FALSE_VALUES = {"0", "nee", "false", "off", "no", ""}

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"


# --- form fields: one message per bad value ---------------------------------------------------


class IgnoredValueMixin:
    """A bad value gives one message, ``ignored_message``, naming the value (cut to
    ``shown_length`` characters) and saying the filter was ignored; the filter set then leaves
    the filter out. Values are stripped first."""

    ignored_message = ""
    shown_length = None

    def __init__(self, *args, ignored_message=None, **kwargs):
        if ignored_message is not None:
            self.ignored_message = ignored_message
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            raise ValidationError(
                self.ignored_message, code="ignored", params=self.message_params(value)
            ) from None

    def message_params(self, value):
        shown = value.strip() if isinstance(value, str) else str(value)
        return {"value": shown[: self.shown_length] if self.shown_length else shown}

    def as_param(self, value):
        """``value`` (a cleaned one) as it is written in the URL; '' for none."""
        value = self.prepare_value(value)
        return "" if value is None else str(value)


class SearchTermField(IgnoredValueMixin, forms.CharField):
    """What was typed, made safe (:func:`content.search.clean_search_query`); a term over the
    one maximum length is not used."""

    ignored_message = gettext_lazy(
        "Your search term is longer than %(max)s characters, so it was not used. "
        "Search with a few words, such as “schulden” or “opvoeden”."
    )

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_QUERY_LENGTH, **kwargs)

    def clean(self, value):
        return clean_search_query(super().clean(value)).strip()

    def message_params(self, value):
        return {"max": MAX_QUERY_LENGTH}


class ObjectChoiceField(IgnoredValueMixin, filter_fields.ModelChoiceField):
    pass


class AgeField(IgnoredValueMixin, forms.IntegerField):
    """Whole years, written with digits only (no sign, no decimals), 0 to 120."""

    ignored_message = gettext_lazy(
        "Age “%(value)s” is not a whole number of years between 0 and 120: this filter was ignored."
    )
    shown_length = 20

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_AGE, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isdecimal():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AccessRouteField(IgnoredValueMixin, filter_fields.ChoiceField):
    ignored_message = gettext_lazy("Unknown access route “%(value)s”: this filter was ignored.")
    shown_length = 40


class FlagInput(forms.CheckboxInput):
    """A checkbox that sends ``1`` and hands the field the value as sent (a plain checkbox
    widget turns any value into True, so "gratis=misschien" would count as yes). Its template
    writes the ``class``, ``id`` and ``name`` only."""

    template_name = "kaart/widgets/flag.html"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


def _attributes(attrs):
    """``attrs`` as Django's ``attrs.html`` writes them: in their order, True as a bare name,
    False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class OptionSelect(forms.Select):
    """A select whose options are written in Python rather than with Django's included template
    per option: the category and wijk lists are drawn on every search, and thirty-odd template
    includes cost more than the rest of the form. The HTML is the same as Django's."""

    template_name = "kaart/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], _attributes(option["attrs"]), option["label"])
                for _group, options, _index in context["widget"]["optgroups"]
                for option in options
            ),
        )
        context["widget"]["attrs_html"] = _attributes(context["widget"]["attrs"])
        return context


class YesNoField(IgnoredValueMixin, forms.Field):
    """Yes (1, ja, true, on, yes) or no (0, nee, false, off, no, nothing)."""

    widget = FlagInput

    def to_python(self, value):
        value = (value or "").strip().lower()
        if value in TRUE_VALUES:
            return True
        if value in FALSE_VALUES:
            return False
        raise ValidationError("", code="invalid")

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "1" if value else ""
        return value


# --- filters, shared by the page, the API and the admin -----------------------------------------


class SearchFilter(django_filters.CharFilter):
    """The search term; the filter set runs the search itself, last (see its ``filter_search``)."""

    field_class = SearchTermField


class ObjectChoiceFilter(django_filters.ModelChoiceFilter):
    """One object out of a queryset. The page and the API name it by slug (``to_field_name``),
    the admin by key."""

    field_class = ObjectChoiceField


class CategoryFilter(ObjectChoiceFilter):
    """Entries of one category."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "category")
        kwargs.setdefault("queryset", Category.objects.all())
        kwargs.setdefault(
            "ignored_message", gettext_lazy("Unknown category “%(value)s”: this filter was ignored.")
        )
        super().__init__(*args, **kwargs)


class WijkFilter(ObjectChoiceFilter):
    """Entries for one wijk; entries for the whole municipality always count."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Neighbourhood.objects.all())
        kwargs.setdefault(
            "ignored_message", gettext_lazy("Unknown wijk “%(value)s”: this filter was ignored.")
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        in_wijk = Voorziening.neighbourhoods.through.objects.filter(neighbourhood_id=value.pk).values(
            "voorziening_id"
        )
        return qs.filter(Q(whole_municipality=True) | Q(pk__in=in_wijk))


class AgeFilter(django_filters.Filter):
    """The age of the child: it lies within the entry's age range, edges included, and an empty
    limit is open. Help for the parents or household of that child counts too when its range is
    that of adults (from 18: the parents themselves, so a child of any age); see
    :class:`~content.kaart.models.Serves`."""

    field_class = AgeField

    def filter(self, qs, value):
        if value is None:
            return qs
        in_range = (Q(min_age__isnull=True) | Q(min_age__lte=value)) & (
            Q(max_age__isnull=True) | Q(max_age__gte=value)
        )
        for_the_parents = Q(serves=Serves.HOUSEHOLD, min_age__gte=ADULT_AGE)
        return qs.filter(in_range | for_the_parents)


class FreeFilter(django_filters.Filter):
    """Only free entries when set; unset means no filter (not "only paid ones")."""

    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("ignored_message", gettext_lazy("“gratis” takes 1 or 0: this filter was ignored."))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(is_free=True) if value else qs


class AccessRouteFilter(django_filters.ChoiceFilter):
    """Entries with one access route (vrij, verwijzing, aanmelden)."""

    field_class = AccessRouteField


class LastCheckedFilter(django_filters.ChoiceFilter):
    """Checked more than twelve months ago (or never), or within the last twelve months."""

    CHOICES = [
        ("stale", gettext_lazy("More than 12 months ago or never")),
        ("recent", gettext_lazy("In the last 12 months")),
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", self.CHOICES)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        stale = Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=stale_cutoff())
        return qs.filter(stale) if value == "stale" else qs.exclude(stale)


# --- the search of the page and the API -----------------------------------------------------------


class VoorzieningFilterForm(forms.Form):
    """The search form. After checking, it shows the search as it was run: bad values were
    ignored, so their fields show empty, and the search term shows as it was searched."""

    use_required_attribute = False

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        shown = QueryDict(mutable=True)
        shown.update(self.params())
        self.data = shown

    def params(self):
        """The values used, as URL parameters in the order of the fields; empty ones left out."""
        params = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name, field in self.fields.items():
            if name in cleaned and (value := field.as_param(cleaned[name])):
                params[name] = value
        return params


class VoorzieningFilterSet(django_filters.FilterSet):
    """Search and filters of the sociale kaart (``/sociale-kaart/`` and the API)."""

    q = SearchFilter(
        label=gettext_lazy("Search term"),
        method="filter_search",
        widget=forms.SearchInput(attrs={"class": TEXTBOX}),
    )
    categorie = CategoryFilter(
        label=gettext_lazy("Category"),
        to_field_name="slug",
        empty_label=gettext_lazy("All categories"),
        widget=OptionSelect(attrs={"class": SELECT}),
    )
    wijk = WijkFilter(
        label=gettext_lazy("Wijk"),
        to_field_name="slug",
        empty_label=gettext_lazy("All wijken"),
        help_text=gettext_lazy("Services for the whole of Zoetermeer are always included."),
        widget=OptionSelect(attrs={"class": SELECT, "aria-describedby": "id_wijk-help"}),
    )
    leeftijd = AgeFilter(
        label=gettext_lazy("Age of the child (years)"),
        widget=forms.NumberInput(attrs={"class": f"{TEXTBOX} lt-input-short", "inputmode": "numeric"}),
    )
    toegang = AccessRouteFilter(
        label=gettext_lazy("Access"),
        field_name="access_route",
        choices=AccessRoute.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
    )
    gratis = FreeFilter(
        label=gettext_lazy("Only free of charge"),
        widget=FlagInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    class Meta:
        model = Voorziening
        fields = []
        form = VoorzieningFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Voorziening.objects.listed()
        # No parameters is a search too: everything, by name.
        super().__init__(data if data is not None else {}, queryset, **kwargs)
        self.notes = []  # said by the search while filtering (the "any word" fallback)

    def filter_queryset(self, queryset):
        """Every filter, then the full text search: it turns the queryset into search results
        (best match first), so it must come last. Without a search term: by name."""
        values = dict(self.form.cleaned_data)
        q = values.pop("q", "")
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        if not q:
            return queryset.order_by("name", "pk")
        return self.filters["q"].filter(queryset, q)

    def filter_search(self, queryset, name, value):
        """Forgiving search (:mod:`content.search`): every word matches the start of a word and
        common Dutch endings are ignored, so "schuld" finds "Schuldhulpverlening" and
        "mantelzorger" finds "mantelzorg". Entries must have every word; only when none has,
        entries with any of the words are shown (best first) and a note says so: Dutch
        compounds hide words ("hulp bij schulden" → "Schuldhulpverlening"). That costs one
        count query more, only for a search that found nothing."""
        query = PrefixText(value)
        if not query.terms:
            return queryset.none()
        found = queryset.search(query)
        if len(query.terms) > 1 and not found.count():
            self.notes.append(
                _(
                    "No voorziening contains all of your search words; these contain at least "
                    "one of them, best match first."
                )
            )
            return queryset.search(PrefixText(value, operator="or"))
        return found

    # --- what the page and the API say about the search ---------------------------------------

    @property
    def warnings(self):
        """A message per ignored parameter, then what the search said."""
        self.qs  # noqa: B018  (filtering adds the search's notes)
        return [message for errors in self.form.errors.values() for message in errors] + self.notes

    @property
    def search_term(self):
        return self.params().get("q", "")

    def params(self):
        """The parameters used (bad ones ignored), as they are written in the URL."""
        self.errors  # noqa: B018  (checks the form)
        return self.form.params()

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
        return list(self.params()) == ["q"]

    @property
    def can_drop_a_filter(self):
        return self.is_filtered and not self.only_search_term

    def without(self, param):
        """The same search without one parameter (for "drop this filter" suggestions)."""
        params = {key: value for key, value in self.params().items() if key != param}
        return type(self)(params, queryset=self.queryset, request=self.request)

    def active_filters(self):
        """(parameter, description) for every filter in use, for the page and the suggestions."""
        params = self.params()
        values = self.form.cleaned_data
        described = {
            "q": lambda q: _("search term “%(q)s”") % {"q": q},
            "categorie": lambda category: _("category %(name)s") % {"name": category.name},
            "wijk": lambda wijk: _("wijk %(name)s") % {"name": wijk.name},
            "leeftijd": lambda age: _("age %(age)s") % {"age": age},
            "toegang": lambda route: _("access: %(route)s") % {"route": AccessRoute(route).label},
            "gratis": lambda free: _("free of charge"),
        }
        return [(param, described[param](values[param])) for param in params]

    def suggestions(self, found=0):
        """For a short result (``found`` entries): per filter in use, how many entries there are
        without it, where that is more. At most one count query per filter (six), only asked for
        when few were found (:data:`FEW_RESULTS`)."""
        better = []
        for param, description in self.active_filters():
            other = self.without(param)
            count = other.qs.count()
            if count > found:
                better.append({"param": param, "description": description, "count": count, "search": other})
        return better


# --- the HSDS API ---------------------------------------------------------------------------------


class HsdsIdField(IgnoredValueMixin, forms.UUIDField):
    ignored_message = gettext_lazy("“%(value)s” is not an HSDS id (a UUID): this filter was ignored.")
    shown_length = 40


class ModifiedAfterField(IgnoredValueMixin, forms.DateTimeField):
    ignored_message = gettext_lazy(
        "“%(value)s” is not a date and time such as 2026-01-31T09:00:00+01:00: this filter was ignored."
    )
    shown_length = 40

    def prepare_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class HsdsIdFilter(django_filters.Filter):
    field_class = HsdsIdField


class ModifiedAfterFilter(django_filters.Filter):
    field_class = ModifiedAfterField


class HsdsServiceFilterSet(VoorzieningFilterSet):
    """The filters of the sociale kaart plus HSDS's query parameters (``search`` is ``q``).
    Every condition is ``pk in (…)``, so the full text search can still run last."""

    search = SearchFilter(method="filter_search")
    taxonomy_term_id = HsdsIdFilter(method="filter_taxonomy_term")
    taxonomy_id = HsdsIdFilter(method="filter_taxonomy")
    organization_id = HsdsIdFilter(method="filter_organization")
    modified_after = ModifiedAfterFilter(method="filter_modified_after")

    def filter_queryset(self, queryset):
        cleaned = self.form.cleaned_data
        term = cleaned.pop("search", "")
        if term and not cleaned.get("q"):
            cleaned["q"] = term
        return super().filter_queryset(queryset)

    @staticmethod
    def _with(queryset, ids):
        return queryset.filter(pk__in=ids)

    def filter_taxonomy_term(self, queryset, name, value):
        used = VoorzieningTag.tag_model().objects.filter(pk__in=VoorzieningTag.objects.values("tag_id"))
        tags = [tag.pk for tag in used if tag_term_id(tag) == str(value)]
        tagged = VoorzieningTag.objects.filter(tag_id__in=tags).values("content_object_id")
        in_category = Voorziening.objects.filter(category__hsds_id=value).values("pk")
        return queryset.filter(Q(pk__in=in_category) | Q(pk__in=tagged))

    def filter_taxonomy(self, queryset, name, value):
        if value == TAXONOMIES["categorie"]:
            return queryset  # every service has a category
        if value == TAXONOMIES["tag"]:
            return self._with(queryset, VoorzieningTag.objects.values("content_object_id"))
        return queryset.none()

    def filter_organization(self, queryset, name, value):
        return self._with(queryset, Voorziening.objects.filter(organisation__hsds_id=value).values("pk"))

    def filter_modified_after(self, queryset, name, value):
        return self._with(queryset, Voorziening.objects.filter(last_published_at__gte=value).values("pk"))


# --- the admin listing -------------------------------------------------------------------------


class VoorzieningAdminFilterSet(WagtailFilterSet):
    """The admin listing's filters: the category and wijk filters of the page and the API (by
    key, as the admin's choosers name objects), and what coordinators need besides. Every one is
    a plain condition on the queryset, so they combine with the admin search."""

    category = CategoryFilter(label=gettext_lazy("Category"))
    wijk = WijkFilter(label=gettext_lazy("Wijk"))
    checked = LastCheckedFilter(label=gettext_lazy("Last checked"))

    class Meta:
        model = Voorziening
        fields = ["category", "organisation", "status", "access_route", "is_free", "live", "wijk", "checked"]
