"""The body of a lesson, rendered once per published revision and kept in Django's cache.

The key names the page, its live revision and a digest of the body as stored (so a body saved
without a new revision is rendered afresh too) and the language: publishing a change makes a
new key, and the page shows the change at once; so a process keeps the bodies it read
(:data:`leergang.cache.kept`). Blocks that show live data (the sociale kaart's
voorzieningen) are rendered on every request; every other block (Markdown, rich text, casus,
callout, image, video) comes from the cache. A preview is never cached.
"""

import hashlib
import json

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.translation import get_language

from leergang.cache import kept

register = template.Library()

#: Blocks whose output depends on more than the revision: rendered on every request.
LIVE_BLOCKS = frozenset({"voorzieningen"})
TIMEOUT = 60 * 60 * 24 * 7


def body_cache_key(page, request=None):
    """The cache key of ``page``'s rendered body, or None when it must not be cached."""
    if getattr(request, "is_preview", False) or not page.pk or not page.live_revision_id:
        return None
    raw = json.dumps(list(page.body.raw_data), sort_keys=True, default=str).encode()
    digest = hashlib.blake2b(raw, digest_size=12).hexdigest()
    return f"lesson-body:{page.pk}:{page.live_revision_id}:{digest}:{get_language()}"


def _render(block, context):
    return conditional_escape(block.render_as_block(context={**context, "block_id": block.id}))


@register.simple_tag(takes_context=True)
def lesson_body(context, page):
    """``{% lesson_body page %}``: the blocks of the body, as ``include_block`` renders them."""
    key = body_cache_key(page, context.get("request"))
    fragments = kept.get(key) if key else None
    if fragments is None:
        # What is cached is rendered without the person's context: it is shared by everyone.
        fragments = [
            None if block.block_type in LIVE_BLOCKS else _render(block, {"page": page}) for block in page.body
        ]
        if key:
            kept.set(key, fragments, TIMEOUT)
    if any(fragment is None for fragment in fragments):
        flat = context.flatten()
        fragments = [
            _render(page.body[index], flat) if fragment is None else fragment
            for index, fragment in enumerate(fragments)
        ]
    # Each fragment is safe HTML (escaped by _render; SafeString stays so through the cache).
    return format_html_join("", "{}", ((fragment,) for fragment in fragments))
