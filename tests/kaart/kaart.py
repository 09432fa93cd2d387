"""Helpers for building sociale kaart data in tests (imported by the test modules)."""

import datetime
import itertools

from django.utils import timezone

from content.kaart.models import (
    Category,
    CheckedBy,
    Neighbourhood,
    Organisation,
    Voorziening,
    VoorzieningCondition,
    VoorzieningLocation,
)

_counter = itertools.count(1)


def category(slug="opvoedondersteuning", name=None):
    return Category.objects.get_or_create(
        slug=slug, defaults={"name": name or slug.replace("-", " ").title()}
    )[0]


def wijk(slug="oosterheem", name=None):
    return Neighbourhood.objects.get_or_create(slug=slug, defaults={"name": name or slug.title()})[0]


def organisation(name="Opvoedpunt Test", email="kaart@opvoedpunt.example.nl"):
    return Organisation.objects.get_or_create(name=name, defaults={"email": email})[0]


def voorziening(
    *,
    wijken=None,
    whole=None,
    checked_days=30,
    publish=True,
    tags=(),
    locations=(),
    conditions=(),
    **fields,
):
    """A published entry (with a revision), as the editor would make it."""
    n = next(_counter)
    fields.setdefault("name", f"Voorziening {n}")
    fields.setdefault("slug", f"voorziening-{n}")
    fields.setdefault("summary", f"Samenvatting {n}")
    fields.setdefault("organisation", organisation())
    fields.setdefault("category", category())
    fields.setdefault("access_route", "vrij")
    entry = Voorziening(live=False, whole_municipality=whole if whole is not None else not wijken, **fields)
    if wijken:
        entry.neighbourhoods = list(wijken)
    entry.locations = [VoorzieningLocation(name=n, street=s, postcode=p) for n, s, p in locations]
    entry.conditions = [VoorzieningCondition(text=text) for text in conditions]
    entry.tags.set(list(tags))
    entry.save()
    revision = entry.save_revision()
    if publish:
        revision.publish()
    checked = None if checked_days is None else timezone.localdate() - datetime.timedelta(days=checked_days)
    Voorziening.objects.filter(pk=entry.pk).update(
        last_checked_on=checked, last_checked_source=CheckedBy.STAFF if checked else ""
    )
    entry.refresh_from_db()
    return entry


def bulk_voorzieningen(count, *, category_obj=None, org=None, wijk_obj=None, prefix="bulk", index=False):
    """Many published entries at once (no revisions), for query-count tests at scale."""
    category_obj = category_obj or category()
    org = org or organisation()
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
