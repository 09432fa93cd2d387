"""Wagtail admin views: the analysis of oefengesprekken, next to the Quizanalyse."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from modules.models import ModulePage

from .analysis import analyse_scenario
from .models import ScenarioPage

ANALYSIS_PERMISSION = "practice.analyse_scenarios"


class ScenarioAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ANALYSIS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("practice_admin:index"), "label": _("Oefengesprekanalyse")}
        ]


class ScenarioIndexView(ScenarioAdminMixin, TemplateView):
    template_name = "practice/admin/index.html"
    page_title = gettext_lazy("Oefengesprekanalyse")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scenarios = list(
            ScenarioPage.objects.order_by("path").annotate(
                run_count=Count("runs", distinct=True),
                finished=Count("runs", filter=Q(runs__finished_at__isnull=False), distinct=True),
                people=Count("runs__user", distinct=True),
            )
        )
        modules = {m.path: m for m in ModulePage.objects.all()}
        for scenario in scenarios:
            scenario.module = modules.get(scenario.path[: -scenario.steplen])
        context["scenarios"] = scenarios
        return context


class ScenarioAnalysisView(ScenarioAdminMixin, TemplateView):
    template_name = "practice/admin/analysis.html"
    page_title = gettext_lazy("Oefengesprekanalyse")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.scenario = get_object_or_404(ScenarioPage, pk=kwargs["page_id"])

    def get_page_subtitle(self):
        return self.scenario.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        module = ModulePage.objects.parent_of(self.scenario).first()
        goals = module.learning_goal_list if module else []
        context.update(scenario=self.scenario, module=module, analysis=analyse_scenario(self.scenario, goals))
        return context
