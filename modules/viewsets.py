"""Admin screens (snippets) for learning paths and substantial module changes."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet, SnippetViewSetGroup

from content.spreadsheet import CsvExportMixin

from .models import LearningPath, ModuleChange, ModulePage


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    menu_label = _("Learning paths")
    list_display = ["title", "due_days", "applies_from"]
    search_fields = ["title", "description"]


class ModuleChangeCreateView(CreateView):
    """Remembers who marked the change; ``?module=<id>`` (from the page header button) fills in
    the module."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        module_id = self.request.GET.get("module", "")
        if module_id.isdigit():
            module = ModulePage.objects.filter(pk=module_id).first()
            if module is not None:
                instance.module = module
        return instance

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ModuleChangeIndexView(CsvExportMixin, IndexView):
    pass


class ModuleChangeViewSet(SnippetViewSet):
    model = ModuleChange
    add_view_class = ModuleChangeCreateView
    index_view_class = ModuleChangeIndexView
    icon = "warning"
    menu_label = _("Substantial changes")
    list_display = ["module", "changed_on", "summary", "created_by"]
    list_filter = ["module", "changed_on"]
    search_fields = ["summary"]
    list_export = ["module", "changed_on", "summary", "created_by", "created_at"]
    export_filename = "ingrijpende-wijzigingen"


class LeergangViewSetGroup(SnippetViewSetGroup):
    items = (LearningPathViewSet, ModuleChangeViewSet)
    menu_icon = "list-ol"
    menu_label = _("Learning paths and changes")
    menu_name = "learning-paths"
