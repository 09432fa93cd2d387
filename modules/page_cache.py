"""A person's own pages (home, a lesson, Mijn voortgang), kept whole in the process while
nothing they show has changed: asked again, such a page is the stored HTML with a fresh CSRF
token, not a new render.

The key carries everything the page is drawn from: the page (its path and host), the person,
the site generation (published content, paths, teams), the menu's access generation (roles),
the person's generation (their account, profile and progress), the language and the day (what
is due again depends on the date). A change to any of them makes a new key, so a kept page is
never stale; older keys are simply no longer asked for and drop out of the memory
(:data:`leergang.cache.pages`, least recently used first, in this process only: the pages
hold names and progress, which stay out of the shared cache).

Not kept: anything but a plain GET, previews, a page with a query string or with messages to
show (they are shown once, by a render), an answer other than 200 or one that sets a cookie.
A page whose content can change without moving these generations does not call
:func:`serve_personal` (a lesson with live blocks of the sociale kaart: ``LessonPage.serve``).
"""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from leergang import generations
from leergang.cache import pages
from leergang.menu import ACCESS_GENERATION

from . import progress_cache

#: Where a rendered page had its CSRF token(s) ({% csrf_token %}); a kept page gets the token
#: of the request that asks for it.
_CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HOLE = "\x00csrf\x00"


def _has_messages(request) -> bool:
    return len(get_messages(request)) > 0  # counting does not mark them as shown


def page_key(request) -> str | None:
    """The key of the page ``request`` asks for, or None when it must be rendered."""
    user = getattr(request, "user", None)
    if (
        request.method != "GET"
        or request.META.get("QUERY_STRING")
        or getattr(request, "is_preview", False)
        or user is None
        or not user.is_authenticated
        or _has_messages(request)
    ):
        return None
    site, access, person = generations.current(
        progress_cache.SITE_GENERATION, ACCESS_GENERATION, generations.person_key(user.pk)
    )
    day = timezone.localdate().isoformat()
    language = translation.get_language()
    page = f"{request.get_host()}{request.path}"
    return f"pages:html:{page}:{user.pk}:{site}:{access}:{person}:{language}:{day}"


def serve_personal(request, render) -> HttpResponse:
    """The page as ``render()`` (a view's answer) draws it, from the kept copy when there is one."""
    key = page_key(request)
    if key is None:
        return render()
    found = pages.peek(key)
    if found is not None:
        content_type, html = found
        if _CSRF_HOLE in html:
            html = html.replace(_CSRF_HOLE, get_token(request))
        return HttpResponse(html, content_type=content_type)
    response = render()
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200 and not response.cookies and not _has_messages(request):
        html = _CSRF_INPUT.sub(rf"\g<1>{_CSRF_HOLE}\g<2>", response.content.decode(response.charset))
        generations.remember(key, (response["Content-Type"], html), into=pages)
    return response
