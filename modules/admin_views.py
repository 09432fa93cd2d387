"""Wagtail admin views: erase one person's learning data (``modules.erase_learning_data``, after
confirmation); take a page offline without the publish permission."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from content.kaart.models import ChangeReport, Favourite
from leergang.models import StaffProfile, User
from leergang.names import user_sort_key
from leergang.people import clean_query, search_people

from . import hooks as progress_hooks
from . import privacy, progress
from .forms import EraseConfirmForm
from .models import AccreditationEntry, Certificate, ModuleCompletion, ReminderLog, StepCompletion

ERASE_ACTION = privacy.ERASE_ACTION
ERASE_PERMISSION = "modules.erase_learning_data"


@permission_required(ERASE_PERMISSION, raise_exception=True)
def erase_search(request):
    query = clean_query(request.GET.get("q"))
    people = []
    if query:
        matches = search_people(User.objects.order_by("last_name", "first_name", "username"), query)[:50]
        people = sorted(matches, key=user_sort_key)  # Dutch order: "de Vries" under V
    return TemplateResponse(
        request,
        "modules/admin/erase_search.html",
        {"query": query, "people": people, "header_title": _("Erase learning data"), "header_icon": "bin"},
    )


@permission_required(ERASE_PERMISSION, raise_exception=True)
def erase_confirm(request, user_id):
    person = get_object_or_404(User, pk=user_id)
    form = EraseConfirmForm(request.POST or None, username=person.get_username())
    if request.method == "POST" and form.is_valid():
        from_apps = progress_hooks.learning_data_counts(person)  # before: what erasing does to them
        progress.erase_learning_data(person, erased_by=request.user)
        details = [_("%(label)s: %(count)s.") % {"label": label, "count": n} for label, n in from_apps]
        messages.success(
            request,
            " ".join([_("The learning data of %(name)s has been erased.") % {"name": person}, *details]),
        )
        return redirect(reverse("modules_erase_search"))
    counts = [
        (_("Completed steps"), StepCompletion.objects.filter(user=person).count()),
        (_("Module completions"), ModuleCompletion.objects.filter(user=person).count()),
        (_("Accreditation entries"), AccreditationEntry.objects.filter(user=person).count()),
        (_("Certificates"), Certificate.objects.filter(user=person).count()),
        (_("Reminders sent"), ReminderLog.objects.filter(user=person).count()),
        (_("Staff profile (deleted)"), StaffProfile.objects.filter(user=person).count()),
        (_("Favourites in the sociale kaart (deleted)"), Favourite.objects.filter(user=person).count()),
        (
            _("Reports on the sociale kaart (kept without the person and the text)"),
            ChangeReport.objects.filter(reporter=person).count(),
        ),
        *progress_hooks.learning_data_counts(person),
    ]
    return TemplateResponse(
        request,
        "modules/admin/erase_confirm.html",
        {
            "person": person,
            "form": form,
            "counts": counts,
            "header_title": _("Erase learning data"),
            "header_icon": "bin",
        },
    )


def may_take_offline(user, page):
    """Taking a live page offline is the safety valve of everyone who may edit it (coördinatoren
    hold no publish permission); the root and the site's home page stay online."""
    if not page.live or page.depth <= 2:
        return False
    perms = page.permissions_for_user(user)
    return perms.can_edit() and not perms.page_locked()


def take_offline(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not may_take_offline(request.user, page):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    live_descendants = page.get_descendants().live()
    if request.method == "POST":
        # A step below an offline module would otherwise still answer at its own URL.
        # The permission is checked above (Wagtail's own check asks for publish_page).
        for descendant in [*live_descendants.specific(), page]:
            UnpublishPageAction(descendant, user=request.user).execute(skip_permission_checks=True)
        messages.success(request, _("“%(title)s” is offline.") % {"title": page.get_admin_display_title()})
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "modules/admin/take_offline.html",
        {
            "page": page,
            "live_descendant_count": live_descendants.count(),
            "cancel_url": edit_url,
            "header_title": _("Take offline"),
            "header_icon": "cross",
        },
    )
