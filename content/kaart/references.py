"""Which pages show a voorziening, from Wagtail's reference index (kaart names no page type).

A page shows an entry when a voorzieningen block in it picks the entry by hand (the snippet
chooser's reference) or shows the entry's category (``VoorzieningenBlock.extract_references``).
Wagtail keeps the index current whenever a page is saved or published; after loading content
that bypassed that (fixtures, raw SQL), run ``manage.py rebuild_references_index``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex


def pages_showing(voorziening):
    """Live, public pages that show the entry or its category, in the order of the page tree.

    One query (the index look-up is a subquery), plus Wagtail's view-restriction look-up.
    """
    references = ReferenceIndex.get_references_to(voorziening) | ReferenceIndex.get_references_to(
        voorziening.category
    )
    page_ids = (
        references.filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )
    return list(Page.objects.live().public().filter(pk__in=page_ids).order_by("path"))
