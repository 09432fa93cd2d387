"""Progress on the page templates, each through one ``{% include %}`` of
``modules/includes/*.html`` so the page templates stay someone else's."""

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


@register.inclusion_tag("modules/progress/_home_progress.html", takes_context=True)
def home_progress(context):
    """ "Verder waar je gebleven was", the learning path with its due date, refreshers due."""
    request, user = _user(context)
    if user is None:
        return {"show": False}
    data = progress.user_progress(user)
    path = data.primary_path
    by_id = data.by_module_id
    path_modules = [by_id[item.module_id] for item in path.items] if path else []
    return {"show": True, "request": request, "progress": data, "path": path, "path_modules": path_modules}


@register.inclusion_tag("modules/progress/_module_progress.html", takes_context=True)
def module_progress(context, page=None):
    """A module page's own status for the person, with what changed when a refresher is due."""
    request, user = _user(context)
    page = page or context.get("page")
    if user is None or page is None:
        return {"show": False}
    data = progress.user_progress(user, modules=[page])
    return {"show": bool(data.modules), "request": request, "mp": data.modules[0] if data.modules else None}


@register.simple_tag(takes_context=True)
def step_url(context, page):
    request = context.get("request")
    return page.get_url(request) if request is not None else page.url
