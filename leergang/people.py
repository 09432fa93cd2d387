"""Finding a person: one search by name, user name or e-mail address, used wherever somebody
looks a person up (erasing learning data, granting extra attempts, the organisation's
listings in the admin).

Every word typed must occur in one of those fields, so "sanne vries" finds Sanne de Vries.
"""

from __future__ import annotations

from django.db.models import Q

PERSON_FIELDS = ("username", "first_name", "last_name", "email")
MAX_QUERY_LENGTH = 100


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search_people(queryset, query: str | None, *, prefix: str = "", also=()):
    """``queryset`` narrowed to the people matching ``query``. ``prefix`` leads from the rows of
    ``queryset`` to the person (``"user__"`` for a row with a ``user``); ``also`` names further
    fields a word may occur in (e.g. a job title)."""
    fields = [prefix + name for name in PERSON_FIELDS] + list(also)
    for word in clean_query(query).split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
