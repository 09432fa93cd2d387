"""Hooks: the oefengesprekken and casusbesprekingen in modules' learning progress
(``modules.hooks``: a person's data to export and erase, the demo, a section on Mijn voortgang),
and the admin: the "Oefengesprekanalyse" menu item next to the Quizanalyse, its URLs and a
button on oefengesprek pages."""

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db.models.functions import TruncMonth
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from leergang.privacy import ANONYMISED, DELETED, PersonalData, rows
from modules import hooks as progress_hooks

from . import admin_urls
from .admin_views import ANALYSIS_PERMISSION
from .demo import build_demo_practice, take_scenario_for_demo
from .models import Attendance, CaseDiscussion, RunStep, ScenarioPage, ScenarioRun
from .views import my_progress_section


@hooks.register(progress_hooks.PERSONAL_DATA)
def practice_personal_data():
    return [
        PersonalData("practice.ScenarioRun", "user", "scenario_runs", ANONYMISED),
        PersonalData("practice.Attendance", "user", "case_discussion_attendances", DELETED),
        PersonalData("practice.CaseDiscussion", "recorded_by", "case_discussions_recorded", ANONYMISED),
    ]


@hooks.register(progress_hooks.EXPORT_LEARNING_DATA)
def export_practice_data(user):
    """Every stored column of the person's runs, their steps, their attendances and the
    casusbesprekingen they recorded."""
    return {
        "scenario_runs": list(ScenarioRun.objects.filter(user=user).order_by("pk").values()),
        "scenario_run_steps": list(RunStep.objects.filter(run__user=user).order_by("pk").values()),
        "case_discussion_attendances": list(Attendance.objects.filter(user=user).order_by("pk").values()),
        "case_discussions_recorded": rows(
            CaseDiscussion.objects.filter(recorded_by=user), "team_id", "held_on", "topic", "recorded_at"
        ),
    }


@hooks.register(progress_hooks.COUNT_LEARNING_DATA)
def count_practice_data(user):
    return [
        (
            gettext("Oefengesprek runs (kept without the person)"),
            ScenarioRun.objects.filter(user=user).count(),
        ),
        (gettext("Case discussion attendances (deleted)"), Attendance.objects.filter(user=user).count()),
    ]


@hooks.register(progress_hooks.ERASE_LEARNING_DATA)
def erase_practice_data(user):
    """Runs stay for the analysis but no longer point to the person and are dated to the month
    only (as quiz attempts are); attendances are deleted (their reflection hours go with
    modules' accreditation entries); casusbesprekingen they recorded stay without them."""
    runs = ScenarioRun.objects.filter(user=user)
    RunStep.objects.filter(run__in=runs).update(chosen_at=TruncMonth("chosen_at"))
    return {
        "scenario_runs_anonymised": runs.update(
            user=None,
            started_at=TruncMonth("started_at"),
            finished_at=TruncMonth("finished_at"),
            abandoned_at=TruncMonth("abandoned_at"),
        ),
        "case_discussion_attendances": Attendance.objects.filter(user=user).delete()[0],
        "case_discussions_recorded": CaseDiscussion.objects.filter(recorded_by=user).update(recorded_by=None),
    }


hooks.register(progress_hooks.TAKE_DEMO_STEP, take_scenario_for_demo)
hooks.register(progress_hooks.MY_PROGRESS_SECTIONS, my_progress_section)


@hooks.register(progress_hooks.BUILD_DEMO_DATA)
def import_demo_practice(*, verbosity, stdout, stderr):
    """The oefengesprekken of the leerstof (after the quizzes) and two casusbesprekingen."""
    call_command("import_oefengesprekken", verbosity=verbosity, stdout=stdout, stderr=stderr)
    build_demo_practice()


@hooks.register("register_admin_urls")
def register_practice_admin_urls():
    return [path("oefengesprekken/", include(admin_urls, namespace="practice_admin"))]


@hooks.register("register_permissions")
def register_practice_permissions():
    """Shown in the group editor (runs and casusbesprekingen have no admin screen of their own)."""
    return Permission.objects.filter(
        content_type__app_label="practice", codename__in=["analyse_scenarios", "record_case_discussions"]
    )


class ScenarioAnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ANALYSIS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_scenario_analysis_menu_item():
    return ScenarioAnalysisMenuItem(
        _("Oefengesprekanalyse"),
        reverse("practice_admin:index"),
        name="oefengesprekanalyse",
        icon_name="help",
        order=251,
    )


class _AnalysisButton(PageMenuItem):
    def is_shown(self, user):
        return user.has_perm(ANALYSIS_PERMISSION)


def _buttons(page, priority):
    if page is not None and page.specific_class is ScenarioPage:
        yield _AnalysisButton(
            _("Oefengesprekanalyse"),
            url=reverse("practice_admin:analysis", args=[page.pk]),
            icon_name="list-ul",
            priority=priority,
            page=page,
        )


@hooks.register("register_page_header_buttons")
def scenario_page_header_buttons(page, user, view_name, next_url=None):
    yield from _buttons(page, 66)


@hooks.register("register_page_listing_more_buttons")
def scenario_page_listing_buttons(page, user, next_url=None):
    yield from _buttons(page, 45)
