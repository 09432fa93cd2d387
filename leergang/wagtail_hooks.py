from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views
from .viewsets import OrganisationViewSetGroup, RemoveOnlyPolicy, TOTPDevice

register_permission_policy(TOTPDevice, RemoveOnlyPolicy(TOTPDevice))  # before the viewsets use it
register_snippet(OrganisationViewSetGroup)


@hooks.register("register_admin_urls")
def register_locked_login_urls():
    return [
        path("inlogblokkades/", admin_views.locked_logins, name="leergang_locked_logins"),
        path(
            "inlogblokkades/<int:attempt_id>/ontgrendelen/",
            admin_views.unlock_login,
            name="leergang_unlock_login",
        ),
    ]


class LockedLoginsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_locked_logins_menu_item():
    return LockedLoginsMenuItem(
        _("Locked logins"), reverse("leergang_locked_logins"), icon_name="lock", order=910
    )
