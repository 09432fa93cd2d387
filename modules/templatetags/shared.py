"""``{% shared "name" value … %}…{% endshared %}``: a fragment that is the same for everyone,
rendered once per site generation and kept in the process (:data:`leergang.cache.kept`, not
in the shared cache: it is small and quick to draw again).

For the navigation around a step (breadcrumbs, the step list, previous and next): drawn from the
published site structure and the page's title, which move the site generation on when they
change (:mod:`modules.signal_handlers`). The key is the name, the values given (what else the
fragment depends on: the page, a label), the site generation, the language and the host (page
URLs are relative to the request's site). What is inside must not depend on the person: no
user, no progress, no CSRF token. Previews are always rendered (a draft is not the published
page).

Django's own ``{% cache %}`` keeps fragments in a cache backend for a time; this one keys them on
the generation instead, so a change shows at once and nothing needs a timeout.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from leergang import generations
from leergang.cache import kept

from .. import progress_cache

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        site_generation, _person = progress_cache.generations()
        values = ":".join(str(value.resolve(context)) for value in self.values)
        key = (
            f"pages:shared:{self.name.resolve(context)}:{values}:{site_generation}:"
            f"{get_language()}:{request.get_host()}"
        )
        html = kept.peek(key)
        if html is None:
            html = self.nodelist.render(context)
            generations.remember(key, str(html))
        return mark_safe(html)  # noqa: S308 (rendered by the template engine, which escaped it)


@register.tag
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a fragment name and the values it varies on")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    name, *values = (parser.compile_filter(bit) for bit in bits[1:])
    return SharedNode(name, values, nodelist)
