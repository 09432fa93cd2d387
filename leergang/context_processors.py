from .roles import is_coordinator, is_team_lead


def navigation(request):
    """What the header needs to decide which links to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_show_team": False, "nav_show_admin": False}
    return {
        "nav_show_team": is_team_lead(user) or is_coordinator(user),
        "nav_show_admin": is_coordinator(user),
    }
