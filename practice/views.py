"""Taking an oefengesprek (served by its page, no JavaScript needed), and casusbesprekingen:
the team lead's list and form, the attendee's answer from Mijn voortgang."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from content.kaart.blocks import VoorzieningenBlock
from leergang.models import Team
from leergang.names import user_sort_key
from modules.models import step_navigation

from . import services
from .forms import CaseDiscussionForm
from .models import Attendance, CaseDiscussion, ScenarioRun

RECORD_PERMISSION = "practice.record_case_discussions"
STALE_MESSAGE = gettext_lazy(
    "This form belonged to an earlier point in the conversation, so nothing was changed. "
    "You are back where you are now."
)


# --- Taking an oefengesprek -------------------------------------------------------------------


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _goal_rows(page, score, module):
    goals = module.learning_goal_list if module else []
    rows = []
    for goal, total in score.per_goal.items():
        label = goals[goal - 1] if 0 < goal <= len(goals) else _("Learning goal %(n)s") % {"n": goal}
        rows.append({"number": goal, "label": label, "total": total, "well": total > 0})
    return rows


def _voorzieningen_html(node):
    """The sociale kaart's own block with the live entries the node's choices refer to."""
    ids = [c.voorziening_id for c in node.choices if c.voorziening_id]
    if not ids:
        return ""
    from content.kaart.models import Voorziening

    entries = {v.pk: v for v in Voorziening.objects.filter(pk__in=ids)}
    value = {
        "intro": "",
        "category_slug": "",
        "limit": len(ids),
        "items": [entries[i] for i in ids if i in entries],
    }
    return VoorzieningenBlock().render(value)


def _run_view(run, page, module):
    steps = list(run.steps.all())
    return {
        "run": run,
        "steps": steps,
        "goals": _goal_rows(page, services.run_score(run), module),
        "ending": page.scenario.ending(run.ending_key) if run.finished else None,
    }


def _context(page, request):
    context = page.get_context(request)
    context.update(step_navigation(page))
    context["nav_section"] = "modules"
    module = context.get("module")
    if page.pk is None or getattr(request, "is_preview", False):
        context["preview"] = True
        return context
    # The steps of every run in one query (the finished runs are listed with their scores).
    runs = list(
        ScenarioRun.objects.filter(user=request.user, scenario=page)
        .order_by("-number")
        .prefetch_related("steps")
    )
    latest = runs[0] if runs else None
    context["runs"] = [_run_view(r, page, module) for r in runs if r.finished]
    shown = _int(request.GET.get("run"))
    if shown is not None:
        context["shown"] = next((r for r in context["runs"] if r["run"].number == shown), None)
    if latest is not None and latest.active:
        node = page.scenario.node(latest.current_node)
        steps = list(latest.steps.all())
        context.update(
            active=latest,
            node=node,
            step_number=len(steps),
            last_step=steps[-1] if steps else None,
            voorzieningen=_voorzieningen_html(node) if node else "",
        )
    elif latest is not None:
        context["result"] = context["runs"][0]
    context["latest"] = latest
    return context


def serve_scenario(page, request):
    if request.method == "POST":
        return _post(page, request)
    return TemplateResponse(request, page.template, _context(page, request))


def _post(page, request):
    action = request.POST.get("actie")
    url = page.get_url(request)
    if action == "begin":
        services.start_run(request.user, page)
    elif action == "opnieuw":
        services.start_run(request.user, page, restart_of=_int(request.POST.get("run")) or 0)
    elif action == "kies":
        _choose(page, request)
    return redirect(url + "#gesprek")


def _choose(page, request):
    run = services.active_run(request.user, page)
    posted_run = _int(request.POST.get("run"))
    choice = _int(request.POST.get("keuze"))
    if run is None or posted_run != run.pk:
        messages.warning(request, STALE_MESSAGE)
        return
    if choice is None:
        messages.error(request, _("Choose one of the options before you go on."))
        return
    outcome, run = services.choose(
        run,
        node_key=request.POST.get("knoop", ""),
        step_number=_int(request.POST.get("stap")) if request.POST.get("stap") else -1,
        choice_index=choice,
    )
    if outcome is services.Outcome.STALE:
        messages.warning(request, STALE_MESSAGE)
    elif outcome is services.Outcome.INVALID:
        messages.error(request, _("Choose one of the options before you go on."))
    elif outcome is services.Outcome.FINISHED:
        messages.success(request, _("You finished the conversation. This step is completed."))


# --- Casusbesprekingen ------------------------------------------------------------------------


def allowed_teams(user):
    """The teams ``user`` records casusbesprekingen for: every team with the permission (a
    coordinator, a beheerder), else the teams they lead."""
    if user.has_perm(RECORD_PERMISSION):
        return Team.objects.order_by("name")
    return Team.objects.filter(leads=user).order_by("name")


def _teams_or_403(user):
    teams = allowed_teams(user)
    if not teams.exists():
        raise PermissionDenied
    return teams


@require_http_methods(["GET"])
def discussion_list(request):
    teams = _teams_or_403(request.user)
    discussions = (
        CaseDiscussion.objects.filter(team__in=teams)
        .select_related("team", "module", "scenario")
        .prefetch_related("attendances__user")
    )
    rows = []
    for discussion in discussions:
        attendances = sorted(discussion.attendances.all(), key=lambda a: user_sort_key(a.user))
        rows.append(
            {
                "discussion": discussion,
                "attendances": attendances,
                "hours": services.discussion_hours(discussion),
            }
        )
    return render(
        request,
        "practice/discussion_list.html",
        {"rows": rows, "nav_section": "casusbesprekingen", "teams": list(teams)},
    )


@require_http_methods(["GET", "POST"])
def discussion_edit(request, pk=None):
    teams = _teams_or_403(request.user)
    discussion = None
    if pk is not None:
        discussion = get_object_or_404(CaseDiscussion, pk=pk)
        if not teams.filter(pk=discussion.team_id).exists():
            raise PermissionDenied
    form = CaseDiscussionForm(request.POST or None, instance=discussion, teams=teams)
    if request.method == "POST" and form.is_valid():
        services.save_discussion(form.instance, form.cleaned_data["attendees"], by=request.user)
        messages.success(
            request, _("The case discussion is saved. The attendees can confirm it on My progress.")
        )
        return redirect("practice:discussions")
    return render(
        request,
        "practice/discussion_form.html",
        {"form": form, "discussion": discussion, "nav_section": "casusbesprekingen"},
    )


@require_POST
def answer_attendance(request, pk):
    """One click on Mijn voortgang: confirm or decline one's own attendance."""
    attendance = get_object_or_404(Attendance.objects.select_related("discussion"), pk=pk, user=request.user)
    answer = request.POST.get("antwoord")
    if answer not in ("bevestigen", "afmelden"):
        raise Http404
    services.answer_attendance(attendance, confirmed=answer == "bevestigen")
    if answer == "bevestigen":
        messages.success(
            request,
            _("Your attendance is confirmed: %(hours)s hours of reflection are in your accreditation.")
            % {"hours": floatformat(services.discussion_hours(attendance.discussion), -1)},
        )
    else:
        messages.info(request, _("Noted: you did not attend this case discussion."))
    return redirect(reverse("my_progress") + "#casusbesprekingen")


def my_progress_section(request):
    """The casusbesprekingen on the person's Mijn voortgang (``modules.hooks.MY_PROGRESS_SECTIONS``)."""
    attendances = list(
        Attendance.objects.filter(user=request.user)
        .select_related("discussion__team", "discussion__module", "discussion__scenario")
        .order_by("-discussion__held_on", "-pk")
    )
    if not attendances:
        return ""
    rows = [{"attendance": a, "hours": services.discussion_hours(a.discussion)} for a in attendances]
    return render_to_string("practice/my_progress_section.html", {"rows": rows}, request=request)
