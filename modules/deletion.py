"""Learner records outlive the pages they refer to.

Every record of what a person did at a page (step and module completions here, quiz attempts
and extra attempts in the apps above) refers to it with ``on_delete=PROTECT``, so no route
(the admin's delete, its bulk delete, the shell) deletes them along with a page. The admin's
routes ask first, through Django's own deletion collector, and refuse with a message that
points to taking the page offline instead.
"""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from wagtail.models import Page


def protected_records(pages):
    """The records that keep ``pages`` (and their descendants) from being deleted."""
    page_ids = set()
    for page in pages:
        page_ids.update(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
    if not page_ids:
        return []
    collector = Collector(using=router.db_for_write(Page))
    try:  # the base pages: the collector follows them to their specific rows and what refers to those
        collector.collect(Page.objects.filter(pk__in=page_ids))
    except (ProtectedError, RestrictedError) as error:
        return list(getattr(error, "protected_objects", None) or error.restricted_objects)
    return []
