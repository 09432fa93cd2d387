"""Who gets which answer from a guarded URL: the four roles, and people given one permission.

``outcome`` names what a person sees: a status code, or for the Wagtail admin the two
redirects it answers with instead of a 403 (to its login page without ``access_admin``, to its
dashboard with "no permission" for a screen the person may not use).
"""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

ROLES = ["Medewerker", "Teamleider", "Coördinator", "Beheerder"]

ADMIN_LOGIN = "admin login"  # no access to the admin at all
NO_PERMISSION = "no permission"  # in the admin, but not for this screen


def outcome(client, url):
    response = client.get(url)
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login") + "?next="):
            return ADMIN_LOGIN
        if location == reverse("wagtailadmin_home"):
            return NO_PERMISSION
        return f"302 to {location}"
    return response.status_code


def role_user(make_user, role, team):
    """A person with ``role``; a Teamleider leads ``team`` (leading is data, not the group)."""
    user = make_user(role, team=team)
    if role == "Teamleider":
        team.leads.add(user)
    return user


def permission(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def give(user, *names):
    """Give ``user`` these permissions directly (not through a group)."""
    user.user_permissions.add(*[permission(name) for name in names])


def take_from_role(role, name):
    Group.objects.get(name=role).permissions.remove(permission(name))
