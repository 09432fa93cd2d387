"""Practice: the oefengesprek (a step of a module), the runs through it, and casusbesprekingen.

Runs are written only by :mod:`practice.services`; each step of a run keeps a snapshot of the
node and the choice as shown, so editing the scenario later never changes a past run, and the
analysis can still show it. Runs and attendances are learner records: they ``PROTECT`` the page
they refer to (``modules.deletion``) and are exported and erased through ``modules.hooks``.
"""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modules.models import ViewRestrictionsFromStructure

from .blocks import ScenarioStreamBlock, scenario_from_stream


class ScenarioPage(ViewRestrictionsFromStructure, Page):
    """An oefengesprek: a branching conversation to practise, as a step of a module."""

    intro = models.TextField(_("intro"), blank=True, help_text=_("Markdown."))
    nodes = StreamField(ScenarioStreamBlock(), verbose_name=_("nodes and endings"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=15)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Markdown, shown to learners: title, organisation and year.")
    )
    source_notes = models.TextField(
        _("source references"),
        blank=True,
        help_text=_("The full references with file and lines, for coordinators. Set by the import."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("sources")], heading=_("About this conversation")
        ),
        FieldPanel("nodes"),
        FieldPanel("source_notes", read_only=True),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []
    template = "practice/scenario_page.html"

    class Meta:
        verbose_name = _("oefengesprek")
        verbose_name_plural = _("oefengesprekken")

    @cached_property
    def scenario(self):
        return scenario_from_stream(self.nodes)

    def serve(self, request, *args, **kwargs):
        from .views import serve_scenario

        return serve_scenario(self, request)


class ScenarioRun(models.Model):
    """One attempt at an oefengesprek, from the first node to an ending (or abandoned by a
    restart). ``current_node`` is where the person is now."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="scenario_runs"
    )
    scenario = models.ForeignKey(ScenarioPage, on_delete=models.PROTECT, related_name="runs")
    number = models.PositiveIntegerField(_("run number"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("abandoned at"), null=True, blank=True)
    current_node = models.CharField(_("current node"), max_length=60, blank=True)
    ending_key = models.CharField(_("ending"), max_length=60, blank=True)
    ending_title = models.CharField(_("ending"), max_length=200, blank=True)
    ending_good = models.BooleanField(_("good ending"), null=True)
    goal_scores = models.JSONField(_("score per learning goal"), default=dict, blank=True)

    class Meta:
        verbose_name = _("oefengesprek run")
        verbose_name_plural = _("oefengesprek runs")
        constraints = [
            models.UniqueConstraint(fields=["user", "scenario", "number"], name="unique_scenario_run_number")
        ]
        permissions = [("analyse_scenarios", _("Can view the analysis of oefengesprekken"))]

    def __str__(self):
        return f"{self.user_id} – {self.scenario_id} #{self.number}"

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def active(self):
        return self.finished_at is None and self.abandoned_at is None


class RunStep(models.Model):
    """One choice made in a run, with the node and the choice as they were shown."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("step"))
    node_key = models.CharField(_("node"), max_length=60)
    node_title = models.CharField(_("node title"), max_length=200, blank=True)
    choice_index = models.PositiveSmallIntegerField(_("choice"))
    choice_text = models.CharField(_("choice text"), max_length=500)
    feedback = models.TextField(_("feedback"), blank=True)
    goal = models.PositiveSmallIntegerField(_("learning goal"), null=True, blank=True)
    weight = models.SmallIntegerField(_("weight"), default=0)
    next_key = models.CharField(_("next"), max_length=60)
    chosen_at = models.DateTimeField(_("chosen at"))

    class Meta:
        verbose_name = _("step of a run")
        verbose_name_plural = _("steps of a run")
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="unique_run_step")]

    def __str__(self):
        return f"{self.run_id}.{self.position}: {self.node_key} → {self.choice_index}"


# --- Casusbesprekingen ------------------------------------------------------------------------


class CaseDiscussion(models.Model):
    """A casusbespreking or intervisie a team held. Attendees confirm their own attendance; a
    confirmed attendance puts the hours in their accreditation ledger as reflection hours."""

    class Kind(models.TextChoices):
        CASUSBESPREKING = "casusbespreking", _("case discussion")
        INTERVISIE = "intervisie", _("intervision")

    team = models.ForeignKey(
        "leergang.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CASUSBESPREKING)
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    topic = models.CharField(_("topic"), max_length=300)
    module = models.ForeignKey(
        "modules.ModulePage",
        verbose_name=_("builds on module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scenario = models.ForeignKey(
        ScenarioPage,
        verbose_name=_("builds on oefengesprek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    facilitator = models.CharField(_("facilitator"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")
        ordering = ["-held_on", "-pk"]
        # A team lead records them for the teams they lead (Team.leads, data); this goes beyond.
        permissions = [("record_case_discussions", _("Can record case discussions for every team"))]

    def __str__(self):
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"

    @property
    def source_key(self):
        """The key of its hours in the accreditation ledger."""
        return f"casusbespreking:{self.pk}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("not answered yet")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("not attended")

    discussion = models.ForeignKey(CaseDiscussion, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["discussion", "user"], name="unique_attendance")]

    def __str__(self):
        return f"{self.discussion_id} – {self.user_id}: {self.status}"
