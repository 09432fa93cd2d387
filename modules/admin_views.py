"""Wagtail admin views: erase one person's learning data (``modules.erase_learning_data``, after
confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from leergang.models import User
from leergang.names import user_sort_key

from . import progress
from .forms import EraseConfirmForm
from .models import AccreditationEntry, Certificate, ModuleCompletion, ReminderLog, StepCompletion

ERASE_ACTION = "leergang.erase_learning_data"
ERASE_PERMISSION = "modules.erase_learning_data"


@permission_required(ERASE_PERMISSION, raise_exception=True)
def erase_search(request):
    query = request.GET.get("q", "").strip()[:100]
    people = []
    if query:
        matches = User.objects.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        ).order_by("last_name", "first_name", "username")[:50]
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
        counts = progress.erase_learning_data(person)
        log(instance=person, action=ERASE_ACTION, user=request.user, data=counts)
        messages.success(
            request,
            _("The learning data of %(name)s has been erased; %(attempts)s quiz attempts were anonymised.")
            % {"name": person, "attempts": counts["quiz_attempts_anonymised"]},
        )
        return redirect(reverse("modules_erase_search"))
    QuizAttempt = progress.quiz_attempt_model()
    counts = [
        (_("Completed steps"), StepCompletion.objects.filter(user=person).count()),
        (_("Module completions"), ModuleCompletion.objects.filter(user=person).count()),
        (_("Accreditation entries"), AccreditationEntry.objects.filter(user=person).count()),
        (_("Certificates"), Certificate.objects.filter(user=person).count()),
        (_("Reminders sent"), ReminderLog.objects.filter(user=person).count()),
    ]
    if QuizAttempt is not None:
        counts.append(
            (_("Quiz attempts (kept without the person)"), QuizAttempt.objects.filter(user=person).count())
        )
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
