from django.contrib import messages
from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from . import admin_views
from .models import ModulePage
from .viewsets import LeergangViewSetGroup

register_snippet(LeergangViewSetGroup)


@hooks.register("register_admin_urls")
def register_erase_urls():
    return [
        path("leerdata-wissen/", admin_views.erase_search, name="modules_erase_search"),
        path("leerdata-wissen/<int:user_id>/", admin_views.erase_confirm, name="modules_erase_confirm"),
    ]


@hooks.register("register_permissions")
def register_modules_permissions():
    """Shown in the group editor (the models they live on have no admin screens of their own)."""
    return Permission.objects.filter(
        content_type__app_label="modules",
        codename__in=["view_all_progress", "erase_learning_data", "publish_without_review"],
    )


class EraseMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.ERASE_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_erase_menu_item():
    return EraseMenuItem(
        _("Erase learning data"), reverse("modules_erase_search"), icon_name="bin", order=900
    )


@hooks.register("register_user_listing_buttons")
def erase_button_in_user_listing(user, request_user):
    if request_user.has_perm(admin_views.ERASE_PERMISSION):
        yield Button(
            _("Erase learning data"),
            url=reverse("modules_erase_confirm", args=[user.pk]),
            icon_name="bin",
            priority=90,
        )


@hooks.register("register_page_header_buttons")
def mark_module_changed_button(page, user, view_name, next_url=None):
    if page.specific_class is ModulePage and user.has_perm("modules.add_modulechange"):
        yield Button(
            _("Mark as substantially changed"),
            url=reverse("wagtailsnippets_modules_modulechange:add") + f"?module={page.pk}",
            icon_name="warning",
            priority=80,
        )


@hooks.register("register_log_actions")
def register_erase_log_action(actions):
    actions.register_action(admin_views.ERASE_ACTION, _("Erase learning data"), _("Learning data erased"))


# Leerstof review: a coordinator's change reaches learners only through the "Leerstof review"
# workflow. Coordinators keep the publish permission because approving the workflow's task is
# what publishes; the direct "Publiceren" action needs modules.publish_without_review (beheerders).
def _may_publish_directly(user):
    return user.has_perm("modules.publish_without_review")


@hooks.register("construct_page_action_menu")
def hide_direct_publish_for_coordinators(menu_items, request, context):
    if not _may_publish_directly(request.user):
        menu_items[:] = [item for item in menu_items if getattr(item, "name", "") != "action-publish"]


def _route_direct_publish_to_review(request, page):
    """Turn a "publish" without publish_without_review into "submit for review", so the edit is
    kept, not lost.

    The action menu does not offer "Publiceren" to coordinators, but an old form, a keyboard
    shortcut or a hand-made request may still post it. Wagtail would publish (coordinators hold
    the publish permission so that approving the review task publishes); instead the page is
    saved and submitted to the workflow, or saved as a draft when a review is already running.
    """
    if request.method != "POST" or "action-publish" not in request.POST:
        return
    if _may_publish_directly(request.user):
        return
    data = request.POST.copy()
    del data["action-publish"]
    in_review = page is not None and page.pk and page.workflow_in_progress
    if not in_review:
        data["action-submit"] = "action-submit"
    request.POST = data
    messages.info(
        request,
        _(
            "Leerstof is published after review: your change has been saved for the "
            "workflow “Leerstof review”."
        ),
    )


@hooks.register("before_edit_page")
def review_instead_of_publish_on_edit(request, page):
    _route_direct_publish_to_review(request, page)


@hooks.register("before_create_page")
def review_instead_of_publish_on_create(request, parent_page, page_class):
    _route_direct_publish_to_review(request, None)
