"""Progress on the lesson page ("Markeer als afgerond") and step links; the home and module
pages get their progress from their ``get_context``."""

from django import template

from .. import progress

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return request, user if user is not None and user.is_authenticated else None


@register.inclusion_tag("modules/progress/_lesson_actions.html", takes_context=True)
def lesson_actions(context, page=None):
    """The "Markeer als afgerond" form of a lesson, or what the person already did."""
    request, user = _user(context)
    page = page or context.get("page")
    if user is None or page is None:
        return {"show": False}
    own, module_progress, following = progress.step_state(user, page)
    return {
        "show": module_progress is not None,
        "request": request,
        "page": page,
        "own": own,
        "module_progress": module_progress,
        "following": following,
        "needs_again": own is not None and own.refresh_required and not own.redone,
    }


@register.simple_tag(takes_context=True)
def step_url(context, page):
    request = context.get("request")
    return page.get_url(request) if request is not None else page.url
