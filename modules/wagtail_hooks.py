import html

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.widgets.button import Button
from wagtail.models import TaskState
from wagtail.snippets.models import register_snippet

from . import admin_views, deletion
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
        codename__in=["view_all_progress", "erase_learning_data"],
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


# Leerstofreview: coördinatoren hold no publish_page (leergang.roles), so Wagtail offers them
# no "Publiceren" and refuses a publish on every route; approving the review publishes
# (modules.workflows). Two conveniences remain here: a publish posted anyway (an old form, a
# keyboard shortcut) is submitted for review instead of being saved as a silent draft, and
# "Offline halen" keeps taking a page offline possible without the publish permission.
def _route_direct_publish_to_review(request, page, may_publish):
    if request.method != "POST" or "action-publish" not in request.POST or may_publish:
        return
    data = request.POST.copy()
    del data["action-publish"]
    if not (page is not None and page.workflow_in_progress):  # else: a draft on the running review
        data["action-submit"] = "action-submit"
    request.POST = data
    messages.info(
        request,
        _(
            "Leerstof is published after review: your change has been saved for the "
            "workflow “Leerstofreview”."
        ),
    )


@hooks.register("before_edit_page")
def review_instead_of_publish_on_edit(request, page):
    _route_direct_publish_to_review(request, page, page.permissions_for_user(request.user).can_publish())


# After an approval (or a request for changes) from the edit view, Wagtail says "Pagina '…' is
# gewijzigd", as after any save; the reviewer should read what their decision did.
REVIEW_DECISION = "leergang_review_decision"


@hooks.register("before_edit_page")
def remember_a_review_decision(request, page):
    if request.method == "POST" and "action-workflow-action" in request.POST:
        setattr(request, REVIEW_DECISION, page.current_workflow_task_state)


@hooks.register("after_edit_page")
def say_what_a_review_decision_did(request, page):
    task_state = getattr(request, REVIEW_DECISION, None)
    if task_state is None:
        return
    task_state.refresh_from_db()
    title = page.get_admin_display_title()
    page.refresh_from_db()
    if task_state.status == TaskState.STATUS_REJECTED:
        text = _("Changes to page ‘%(title)s’ have been requested.")
    elif task_state.status != TaskState.STATUS_APPROVED:
        return  # the decision was refused (e.g. a reviewer approving their own edit)
    elif page.live and not page.has_unpublished_changes and not page.workflow_in_progress:
        text = _("Page ‘%(title)s’ has been approved and published.")
    else:
        text = _("Page ‘%(title)s’ has been approved.")
    saved = gettext("Page '%(page_title)s' has been updated.") % {"page_title": title}
    for message in messages.get_messages(request):  # consumes them; all but Wagtail's go back
        # Wagtail's admin messages are HTML (the text, escaped, and its buttons)
        said = html.unescape(strip_tags(str(message.message))).strip()
        new = text % {"title": title} if said == saved else message.message
        messages.add_message(request, message.level, new, extra_tags=message.extra_tags)


@hooks.register("before_create_page")
def review_instead_of_publish_on_create(request, parent_page, page_class):
    perms = parent_page.permissions_for_user(request.user)
    _route_direct_publish_to_review(request, None, perms.can_publish_subpage())


@hooks.register("register_admin_urls")
def register_take_offline_url():
    return [path("pages/<int:page_id>/offline-halen/", admin_views.take_offline, name="modules_take_offline")]


@hooks.register("register_page_header_buttons")
def take_offline_button(page, user, view_name, next_url=None):
    if admin_views.may_take_offline(user, page):
        yield Button(
            _("Take offline"),
            url=reverse("modules_take_offline", args=[page.pk]),
            icon_name="cross",
            priority=70,
        )


def _refuse_deleting_learner_records(request, pages):
    if not deletion.protected_records(pages):
        return None
    for page in pages:
        if deletion.protected_records([page]):
            messages.error(
                request,
                _(
                    "Learners have records for “%(title)s” or one of its subpages (completions, "
                    "attempts, certificates). Take the page offline instead of deleting it."
                )
                % {"title": page.get_admin_display_title()},
            )
    return redirect(request.META.get("HTTP_REFERER") or reverse("wagtailadmin_explore", args=[pages[0].pk]))


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_learner_records(request, page):
    return _refuse_deleting_learner_records(request, [page])


class DeletePagesKeepingLearnerRecords(DeleteBulkAction):
    """Wagtail's bulk delete of pages, refusing pages with learner records with the message of
    the single delete (Wagtail itself would answer "no access", its references being protected)."""

    def prepare_action(self, objects, objects_without_access):
        response = _refuse_deleting_learner_records(self.request, list(objects)) if objects else None
        return response or super().prepare_action(objects, objects_without_access)


# After (so instead of) Wagtail's own delete for pages.
hooks.register("register_bulk_action", DeletePagesKeepingLearnerRecords, order=100)
