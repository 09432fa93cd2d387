"""Keep the search index of voorzieningen complete.

Wagtail's search index updates on ``post_save``, which for a clusterable snippet fires before
its tags and other child relations are written. After publishing, the entry is indexed once
more, so a search for a new tag finds it.
"""

from wagtail.search import index
from wagtail.signals import published


def reindex_after_publish(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def register_signal_handlers():
    from .models import Voorziening

    published.connect(reindex_after_publish, sender=Voorziening, dispatch_uid="kaart_reindex_voorziening")
