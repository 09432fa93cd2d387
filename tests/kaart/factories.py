"""Factories for the sociale kaart: categories, wijken, organisations and voorzieningen.

``VoorzieningFactory()`` is a published entry with a revision, as the editor makes it, checked
30 days ago, for the whole municipality; ``wijken=[...]`` limits it to those wijken,
``publish=False`` leaves it a draft, ``checked_days=None`` never checked. Categories, wijken and
organisations are looked up by their key first, so the defaults are shared within a test.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from content.kaart.models import (
    Category,
    CheckedBy,
    Neighbourhood,
    Organisation,
    Voorziening,
    VoorzieningCondition,
    VoorzieningLocation,
)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = "opvoedondersteuning"
    name = factory.LazyAttribute(lambda category: category.slug.replace("-", " ").title())


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("slug",)

    slug = "oosterheem"
    name = factory.LazyAttribute(lambda wijk: wijk.slug.title())


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Opvoedpunt Test"
    email = "kaart@opvoedpunt.example.nl"


class VoorzieningFactory(DjangoModelFactory):
    class Meta:
        model = Voorziening

    name = factory.Sequence(lambda n: f"Voorziening {n}")
    slug = factory.Sequence(lambda n: f"voorziening-{n}")
    summary = factory.Sequence(lambda n: f"Samenvatting {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    category = factory.SubFactory(CategoryFactory)
    access_route = "vrij"
    whole_municipality = factory.LazyAttribute(
        lambda entry: not entry.wijken if entry.whole is None else entry.whole
    )

    # Not model fields: taken out in _create.
    wijken = ()
    whole = None
    tags = ()
    locations = ()  # (name, street, postcode)
    conditions = ()  # texts
    publish = True
    checked_days = 30

    @classmethod
    def _create(
        cls, model_class, *, wijken, whole, tags, locations, conditions, publish, checked_days, **fields
    ):
        entry = model_class(live=False, **fields)
        if wijken:
            entry.neighbourhoods = list(wijken)
        entry.locations = [
            VoorzieningLocation(name=n, street=s, postcode=p, sort_order=i)
            for i, (n, s, p) in enumerate(locations)
        ]  # in order, as the editor's inline list saves them
        entry.conditions = [VoorzieningCondition(text=text) for text in conditions]
        entry.tags.set(list(tags))
        entry.save()
        revision = entry.save_revision()
        if publish:
            revision.publish()
        checked = (
            None if checked_days is None else timezone.localdate() - datetime.timedelta(days=checked_days)
        )
        model_class.objects.filter(pk=entry.pk).update(
            last_checked_on=checked, last_checked_source=CheckedBy.STAFF if checked else ""
        )
        entry.refresh_from_db()
        return entry


def bulk_voorzieningen(count, *, category_obj=None, org=None, wijk_obj=None, prefix="bulk", index=False):
    """Many published entries at once (no revisions), for query-count tests at scale."""
    category_obj = category_obj or CategoryFactory()
    org = org or OrganisationFactory()
    today = timezone.localdate()
    now = timezone.now()
    entries = Voorziening.objects.bulk_create(
        [
            Voorziening(
                name=f"{prefix.title()} opvoedhulp {i}",
                slug=f"{prefix}-{i}",
                summary="Hulp bij opvoeden voor ouders in de wijk",
                organisation=org,
                category=category_obj,
                access_route="vrij" if i % 2 else "aanmelden",
                is_free=bool(i % 3),
                min_age=i % 10,
                max_age=10 + i % 8,
                whole_municipality=wijk_obj is None or i % 4 == 0,
                live=True,
                first_published_at=now,
                last_published_at=now,
                last_checked_on=today - datetime.timedelta(days=i % 500),
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    if wijk_obj is not None:
        through = Voorziening.neighbourhoods.through
        through.objects.bulk_create(
            [
                through(voorziening_id=e.pk, neighbourhood_id=wijk_obj.pk)
                for e in entries
                if not e.whole_municipality
            ],
            batch_size=500,
        )
    if index:
        from wagtail.search.backends import get_search_backend

        # get_indexed_objects() joins and prefetches what the index reads (organisation,
        # category, tags): a fixed number of queries instead of several per entry.
        get_search_backend().add_bulk(
            Voorziening, list(Voorziening.get_indexed_objects().filter(slug__startswith=f"{prefix}-"))
        )
    return entries
