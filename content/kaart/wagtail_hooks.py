from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_panels import OpenReportsPanel, StaleEntriesPanel
from .admin_views import CHECK_PERMISSION
from .models import ChangeReport
from .permissions import NoAddPermissionPolicy
from .viewsets import ApiTokenViewSet, SocialeKaartViewSetGroup

register_permission_policy(ChangeReport, NoAddPermissionPolicy(ChangeReport), exact_class=True)
register_snippet(SocialeKaartViewSetGroup)


@hooks.register("register_admin_viewset")
def register_api_token_viewset():
    return ApiTokenViewSet()


@hooks.register("register_log_actions")
def register_sociale_kaart_log_actions(actions):
    actions.register_action("kaart.checked", _("Checked"), _("Marked as checked"))
    actions.register_action(
        "kaart.provider_links_revoked", _("Provider links withdrawn"), _("Withdrew the provider links")
    )


@hooks.register("construct_homepage_panels")
def add_sociale_kaart_panels(request, panels):
    """The coordinator's work on the admin dashboard: open reports and entries not checked
    for twelve months."""
    if request.user.has_perm("kaart.change_changereport"):
        panels.append(OpenReportsPanel())
    if request.user.has_perm(CHECK_PERMISSION):
        panels.append(StaleEntriesPanel())
