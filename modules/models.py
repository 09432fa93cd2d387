"""Pages of the leergang (home, module, lesson) and the records of who completed what."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, PageViewRestriction, Revision
from wagtail.search import index

from leergang import generations
from leergang.models import OrganisationType

from .blocks import LessonStreamBlock

# The leerplan's labels for where the facts of a lesson come from (docs/leerstof-format.md).
REGION_LABELS = {
    "ZM": _("Zoetermeer"),
    "H10": _("Haaglanden region"),
    "NL": _("national"),
    "ELDERS": _("elsewhere in the Netherlands"),
    "ZHZ": _("Zuid-Holland Zuid (another region)"),
    "LR": _("Leiden region (another region)"),
    "PUB": _("public source"),
}


def _lines(text):
    return [line.strip(" -") for line in (text or "").splitlines() if line.strip(" -")]


class ViewRestrictionsFromStructure:
    """A page whose view restrictions (Wagtail checks them before serving every page: two
    queries) are read from the cached site structure: none apply when neither the page nor an
    ancestor carries a restriction or is an alias (whose source's restrictions would apply).
    Otherwise, or while the structure is not cached, Wagtail's own lookup."""

    def get_view_restrictions(self):
        from .progress import cached_site_structure

        structure = cached_site_structure()
        if (
            structure is not None
            and self.path
            and not any(self.path.startswith(guarded) for guarded in structure.guarded_paths)
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(ViewRestrictionsFromStructure, Page):
    """The site root: the modules and, for the person logged in, where they stand."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["modules.ModuleIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """``/modules/<module>/…`` straight to the published module of the cached site structure
        (no queries for the module index and the module); anything else as Wagtail routes."""
        if len(path_components) >= 2:
            from .progress import site_structure

            url_path = f"{self.url_path}{path_components[0]}/{path_components[1]}/"
            module = next((m for m in site_structure().modules if m.url_path == url_path), None)
            if module is not None and module.path.startswith(self.path):
                return module.route(request, path_components[2:])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from .page_cache import serve_personal

        return serve_personal(request, lambda: super(HomePage, self).serve(request, *args, **kwargs))

    def get_modules(self):
        """The published modules in their order (one query)."""
        return ModulePage.objects.live().public().descendant_of(self).order_by("path")

    def get_context(self, request, *args, **kwargs):
        from .progress import user_progress

        context = super().get_context(request, *args, **kwargs)
        # Every published module (those of get_modules), from the cached site structure.
        progress = user_progress(request.user)
        context.update(
            progress=progress,
            module_rows=[(mp.module, mp.status) for mp in progress.modules],
            path=progress.primary_path,
            nav_section="modules",
        )
        return context


def route_to_published_child(parent, request, path_components, children):
    """Wagtail's ``Page.route`` with the child looked up among ``children`` (published pages
    from the cached site structure): the child is read as its specific type in one query, not
    two (the plain page, then its specific row). Anything else routes as Wagtail does."""
    if path_components:
        slug = path_components[0]
        child = next(
            (
                c
                for c in children
                if c.slug == slug and c.depth == parent.depth + 1 and c.path.startswith(parent.path)
            ),
            None,
        )
        model = child.specific_class if child is not None else None
        if model is not None:
            subpage = published_row(model, child.pk)
            if subpage is not None:
                subpage._cached_parent_obj = parent
                return subpage.route(request, path_components[1:])
    return Page.route(parent, request, path_components)


class ModuleIndexPage(ViewRestrictionsFromStructure, Page):
    """``/modules/``: the parent of every module page, so module URLs read /modules/<module>/."""

    def route(self, request, path_components):
        from .progress import site_structure

        return route_to_published_child(self, request, path_components, site_structure().modules)

    parent_page_types = ["modules.HomePage"]
    subpage_types = ["modules.ModulePage"]
    max_count = 1

    class Meta:
        verbose_name = _("module index")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect(self.get_parent().url)


#: A short title has at most this many characters (before it is cut to its first word).
SHORT_TITLE_LENGTH = 15
LEADING_ARTICLES = {"de", "het", "een"}
LINKING_WORDS = LEADING_ARTICLES | {"en", "in", "van", "voor", "met", "op", "bij"}


def short_title(title):
    """The part before a colon or dash, without a leading article, and then as many of its
    words as fit in :data:`SHORT_TITLE_LENGTH` (at least one; no linking word at the end)."""
    head = re.split(r"\s*[:—–]\s*|\s+-\s+", title.strip(), maxsplit=1)[0]
    words = head.split()
    if len(words) > 1 and words[0].lower() in LEADING_ARTICLES:
        words = words[1:]
    if not words:
        return title
    kept = [words[0]]
    for word in words[1:]:
        if len(" ".join([*kept, word])) > SHORT_TITLE_LENGTH:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].lower() in LINKING_WORDS:
        kept.pop()
    return capfirst(" ".join(kept))


class ModulePage(ViewRestrictionsFromStructure, Page):
    """A learning module; its children (lessons and quizzes) are its steps, listed in the admin
    in the learner's order (the page tree's), not newest edited first."""

    admin_default_ordering = "ord"

    intro = models.TextField(_("intro"), blank=True, help_text=_("Markdown."))
    learning_goals = models.TextField(
        _("learning goals"), blank=True, help_text=_("One learning goal per line.")
    )
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=60)
    accreditation_hours = models.DecimalField(
        _("accreditation hours"), max_digits=4, decimal_places=1, default=0
    )
    refresh_months = models.PositiveIntegerField(
        _("refresh after (months)"),
        null=True,
        blank=True,
        help_text=_("After this many months a completed module asks for a refresher. Empty: never."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("learning_goals"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("estimated_minutes"),
                FieldPanel("accreditation_hours"),
                FieldPanel("refresh_months"),
            ],
            heading=_("Planning and accreditation"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("learning_goals"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["modules.ModuleIndexPage"]
    # No subpage_types: a step is any page type whose parent_page_types names this model (the
    # lesson here; apps built on modules add theirs, e.g. a quiz), so modules names none of them.

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def route(self, request, path_components):
        from .progress import site_structure

        children = site_structure().children.get(self.pk, ()) if self.pk else ()
        return route_to_published_child(self, request, path_components, children)

    def get_steps(self):
        """The published steps (lessons and quizzes) in their order, as their specific types.

        One query for the pages plus one per step type, however many steps there are.
        """
        return self.get_step_pages().specific()

    def get_step_pages(self):
        """The published steps as plain pages (title, URL): one query, for navigation."""
        return self.get_children().live().public().order_by("path")

    @property
    def short_title(self):
        """The title cut to a column heading ("GIZ", "Toegang", "Kostenbewust"); the full title
        goes in the heading's ``abbr``."""
        return short_title(self.title)

    @property
    def learning_goal_list(self):
        return _lines(self.learning_goals)

    def get_context(self, request, *args, **kwargs):
        from .progress import module_action, user_progress

        context = super().get_context(request, *args, **kwargs)
        steps = list(self.get_steps())
        module_progress = None
        if self.pk:  # not for the preview of a module that was never saved
            module_progress = user_progress(request.user, modules=[self]).modules[0]
        context.update(
            steps=steps,
            module_progress=module_progress,
            next_step=module_action(module_progress, steps) if module_progress else None,
            nav_section="modules",
        )
        return context


def published_row(model, pk):
    """The published page ``pk`` as ``model``: one query, or none when this process read it
    under the current site generation (saving, publishing, unpublishing, moving or deleting any
    page moves that on: :mod:`modules.signal_handlers`). A copy each time, so what a request sets
    on the page stays in that request."""
    from . import progress_cache

    site_generation, _person = progress_cache.generations()
    return generations.kept_copy(
        f"pages:row:{site_generation}:{pk}", lambda: model.objects.filter(pk=pk, live=True).first()
    )


class LessonPage(ViewRestrictionsFromStructure, Page):
    """One lesson: a StreamField body of the shared blocks."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=20)
    learning_goals = models.TextField(
        _("learning goals"), blank=True, help_text=_("One learning goal per line.")
    )
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where most facts of the lesson come from, as leerplan labels separated by commas: "
            "ZM, H10, NL, ELDERS, ZHZ, LR, PUB."
        ),
    )

    computed_minutes = models.PositiveIntegerField(
        _("computed minutes"),
        null=True,
        blank=True,
        help_text=_(
            "Set by the leerstof import from the content: about 200 words a minute, plus 4 "
            "minutes per casus and 5 per doe-opdracht, rounded up to 5. “Estimated minutes” "
            "differs from it only when the file overrides it."
        ),
    )
    source_notes = models.TextField(
        _("source references"),
        blank=True,
        help_text=_(
            "The full references of the lesson's sources, with file and lines, for coordinators. "
            "Set by the leerstof import; learners see the sources by title, organisation and year."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("computed_minutes", read_only=True),
                FieldPanel("region"),
                FieldPanel("learning_goals"),
            ],
            heading=_("About this lesson"),
        ),
        FieldPanel("body"),
        FieldPanel("source_notes", read_only=True),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("learning_goals"),
    ]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def learning_goal_list(self):
        return _lines(self.learning_goals)

    @property
    def region_labels(self):
        codes = [code.strip().upper() for code in self.region.split(",") if code.strip()]
        return [REGION_LABELS.get(code, code) for code in codes]

    def serve(self, request, *args, **kwargs):
        """Kept whole per person (:mod:`modules.page_cache`), unless the body has live blocks."""
        from .page_cache import serve_personal
        from .templatetags.lesson_body import LIVE_BLOCKS

        render = lambda: super(LessonPage, self).serve(request, *args, **kwargs)  # noqa: E731
        if any(block.get("type") in LIVE_BLOCKS for block in self.body.raw_data):
            return render()
        return serve_personal(request, render)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(step_navigation(self))
        context["nav_section"] = "modules"
        return context


def step_navigation(step):
    """Module, steps, previous and next for a step page, in a fixed number of queries.

    Works for any page type as a step (lessons, quizzes): the steps are plain ``Page`` objects,
    which carry the title and URL. A published step's module and steps come from the cached site
    structure (``modules.progress.site_structure``): no queries then.
    """
    from .progress import site_structure

    structure = site_structure()
    module = structure.module_of(step.pk)
    if module is not None:
        steps = structure.children.get(module.pk, [])
    else:  # not a published step (a preview of a draft)
        module = ModulePage.objects.parent_of(step).first()
        steps = list(module.get_step_pages()) if module else []
    position = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
    previous_step = steps[position - 1] if position else None
    next_step = steps[position + 1] if position is not None and position + 1 < len(steps) else None
    return {
        "module": module,
        "steps": steps,
        "step_number": position + 1 if position is not None else None,
        "previous_step": previous_step,
        "next_step": next_step,
    }


class LeerstofImport(models.Model):
    """Which source file a page was imported from, and which revision the import wrote.

    When the page's latest revision is no longer the imported one, somebody edited the page in
    the admin and ``import_leerstof`` leaves it alone.
    """

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="leerstof_import")
    source_path = models.CharField(_("source file"), max_length=255, unique=True)
    source_hash = models.CharField(_("source hash"), max_length=64)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("leerstof import")
        verbose_name_plural = _("leerstof imports")

    def __str__(self):
        return self.source_path


class StepCompletion(models.Model):
    """One per person and step: a lesson marked done or a quiz passed. Written only by
    :mod:`modules.progress`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    # PROTECT: a completion outlives its page (modules.deletion)
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="+")
    module = models.ForeignKey(ModulePage, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(_("completed at"))
    last_completed_at = models.DateTimeField(
        _("last completed at"),
        help_text=_("Moves on when the step is done again, e.g. for a refresher."),
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("step completion")
        verbose_name_plural = _("step completions")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="unique_step_completion")]
        # A team lead sees the teams they lead (Team.leads, data); these go beyond that.
        permissions = [
            ("view_all_progress", _("Can view the progress of every team")),
            ("erase_learning_data", _("Can erase a person's learning data")),
        ]
        indexes = [models.Index(fields=["user", "module"])]

    def __str__(self):
        return f"{self.user} – {self.page_id}"


class ModuleCompletion(models.Model):
    """Written when the last step of a module completes; survives later edits of the module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(_("completed at"))
    expires_at = models.DateTimeField(_("refresh due at"), null=True, blank=True)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "completed_at"], name="unique_module_completion"
            )
        ]
        indexes = [models.Index(fields=["user", "module", "-completed_at"])]

    def __str__(self):
        return f"{self.user} – {self.module_id} ({self.completed_at:%Y-%m-%d})"


# ---------------------------------------------------------------------------------------------
# Learning paths, protocol changes, accreditation, certificates and reminders.
# Everything below is written only by modules.progress / modules.reminders, except the two
# snippets (LearningPath, ModuleChange) that coordinators edit in the admin.
# ---------------------------------------------------------------------------------------------


class LearningPathForm(WagtailAdminModelForm):
    """Organisation types are stored as a JSON list and chosen with checkboxes."""

    organisation_types = forms.MultipleChoiceField(
        label=capfirst(_("organisation types")),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("No teams and no organisation types: the path is for everyone."),
    )


class LearningPath(ClusterableModel):
    """An ordered set of modules to finish within N days of a person's start date, for some
    teams or organisation types (e.g. "Inwerkprogramma toegang" for new staff)."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    due_days = models.PositiveIntegerField(
        _("finish within (days after the start date)"),
        null=True,
        blank=True,
        default=60,
        help_text=_("Empty: no due date."),
    )
    applies_from = models.DateField(
        _("for staff who started on or after"),
        null=True,
        blank=True,
        help_text=_("Staff who started earlier follow the modules at their own pace. Empty: everyone."),
    )
    teams = ParentalManyToManyField(
        "leergang.Team", verbose_name=_("teams"), blank=True, related_name="learning_paths"
    )
    organisation_types = models.JSONField(
        _("organisation types"),
        default=list,
        blank=True,
        help_text=_("No teams and no organisation types: the path is for everyone."),
    )

    base_form_class = LearningPathForm
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("due_days"),
        FieldPanel("applies_from"),
        MultiFieldPanel(
            [FieldPanel("teams", widget=forms.CheckboxSelectMultiple), FieldPanel("organisation_types")],
            heading=_("For whom"),
        ),
        InlinePanel("items", heading=_("Modules in order"), label=_("module"), min_num=1),
    ]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["title"]

    def __str__(self):
        return self.title


class LearningPathModule(Orderable):
    """One module of a learning path, with the day by which it is advised to be done."""

    path = ParentalKey(
        LearningPath, verbose_name=_("learning path"), on_delete=models.CASCADE, related_name="items"
    )
    module = models.ForeignKey(
        ModulePage, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    advised_day = models.PositiveIntegerField(
        _("advised: done by day"),
        null=True,
        blank=True,
        help_text=_("Advice for staff and team lead; the path itself has one due date."),
    )

    panels = [PageChooserPanel("module", "modules.ModulePage"), FieldPanel("advised_day")]

    class Meta(Orderable.Meta):
        verbose_name = _("module of a learning path")
        verbose_name_plural = _("modules of a learning path")
        constraints = [models.UniqueConstraint(fields=["path", "module"], name="unique_learning_path_module")]

    def __str__(self):
        return f"{self.path} – {self.module_id}"


class ModuleChange(models.Model):
    """A coordinator's mark that a module changed substantially ("ingrijpend gewijzigd"):
    everyone who completed it before ``changed_on`` needs a refresher."""

    module = models.ForeignKey(
        ModulePage, verbose_name=_("module"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_on = models.DateField(_("changed on"), default=timezone.localdate)
    summary = models.TextField(
        _("what changed"), help_text=_("Shown to everyone who has to refresh the module.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    panels = [
        PageChooserPanel("module", "modules.ModulePage"),
        FieldPanel("changed_on"),
        FieldPanel("summary"),
    ]

    class Meta:
        verbose_name = _("substantial module change")
        verbose_name_plural = _("substantial module changes")
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.module} ({self.changed_on:%d-%m-%Y})"


class AccreditationEntry(models.Model):
    """Accreditation hours a person earned by completing a module (first completion only: a
    refresher earns no new hours), or reflection hours an app above this one records for them
    (a casusbespreking they confirmed, with its own ``source_key``). Kept when the module is
    deleted."""

    class Kind(models.TextChoices):
        E_LEARNING = "e_learning", _("e-learning")
        REFLECTION = "reflection", _("reflection")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accreditation_entries"
    )
    module = models.ForeignKey(
        ModulePage, verbose_name=_("module"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    module_title = models.CharField(_("module"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    earned_on = models.DateField(_("earned on"))
    module_completion = models.OneToOneField(
        ModuleCompletion,
        on_delete=models.SET_NULL,
        null=True,
        related_name="accreditation_entry",
    )
    kind = models.CharField(_("kind of hours"), max_length=20, choices=Kind.choices, default=Kind.E_LEARNING)
    source_key = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("For hours that do not come from a module: what they were recorded for."),
    )

    class Meta:
        verbose_name = _("accreditation entry")
        verbose_name_plural = _("accreditation entries")
        ordering = ["earned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_accreditation_per_module"),
            models.UniqueConstraint(
                fields=["user", "source_key"],
                condition=~models.Q(source_key=""),
                name="unique_accreditation_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.module_title} ({self.hours})"


class Certificate(models.Model):
    """A "bewijs van deelname" for one module completion. Name, module and hours are copied at
    issue time, so the certificate says what was true then."""

    # Nullable: erasing a person's learning data keeps the certificate verifiable, without them
    # (``full_name`` emptied, ``name_hash`` a keyed hash of it: modules.privacy).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    module = models.ForeignKey(ModulePage, on_delete=models.SET_NULL, null=True, related_name="+")
    module_completion = models.OneToOneField(
        ModuleCompletion, on_delete=models.SET_NULL, null=True, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    full_name = models.CharField(_("name"), max_length=300, blank=True)
    name_hash = models.CharField(_("name (keyed hash)"), max_length=64, blank=True, editable=False)
    module_title = models.CharField(_("module"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("accreditation hours"), max_digits=4, decimal_places=1, default=0)
    is_refresher = models.BooleanField(_("refresher"), default=False)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-completed_on", "-pk"]

    def __str__(self):
        return f"{self.full_name or self.code} – {self.module_title} ({self.completed_on:%d-%m-%Y})"


class ReminderLog(models.Model):
    """One row per reminder sent, so running ``stuur_herinneringen`` again sends nothing new."""

    class Kind(models.TextChoices):
        PATH_OVERDUE = "path_overdue", _("Learning path overdue")
        REFRESH_DUE = "refresh_due", _("Refresher due")
        TEAM_SUMMARY = "team_summary", _("Team lead summary")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=100)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="unique_reminder")]

    def __str__(self):
        return f"{self.user} – {self.kind} {self.key}"


class PeerReviewTask(AbstractGroupApprovalTask):
    """Four eyes on leerstof: members of the chosen groups approve, but not their own change.

    The colleague who submitted a change to the "Leerstofreview" workflow sees no approve or
    reject action on it and does not find it among the pages awaiting their review; another
    coördinator (or a beheerder) does. A beheerder may also publish directly.
    """

    def _is_requester(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk and not user.is_superuser

    def _edited_during_review(self, obj, user):
        """Did ``user`` save a revision of ``obj`` since the change was submitted? Then what
        goes live is (partly) their own work, and someone else must approve it."""
        state = getattr(obj, "current_workflow_state", None)
        if state is None or user.is_superuser:
            return False
        return obj.revisions.filter(user=user, created_at__gte=state.created_at).exists()

    def _may_approve(self, obj, user):
        return not (self._is_requester(obj, user) or self._edited_during_review(obj, user))

    def get_actions(self, obj, user):
        if self._is_requester(obj, user):
            return []
        actions = super().get_actions(obj, user)
        if self._edited_during_review(obj, user):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        # The edit view saves a reviewer's edits before it runs the action: approving one's own
        # edits would publish them with nobody else's approval.
        if action_name == "approve" and user is not None:
            obj = task_state.workflow_state.content_object
            if not self._may_approve(obj, user):
                raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except the person who submitted the change")

    class Meta:
        verbose_name = _("Peer review task")
        verbose_name_plural = _("Peer review tasks")
