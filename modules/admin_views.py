"""Wagtail admin views: erase one person's learning data (``modules.erase_learning_data``, after
confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from leergang.models import User
from leergang.names import user_sort_key
from leergang.people import clean_query, search_people

from . import hooks as progress_hooks
from . import progress
from .forms import EraseConfirmForm
from .models import AccreditationEntry, Certificate, ModuleCompletion, ReminderLog, StepCompletion

ERASE_ACTION = "leergang.erase_learning_data"
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
        counts = progress.erase_learning_data(person)
        log(instance=person, action=ERASE_ACTION, user=request.user, data=counts)
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
