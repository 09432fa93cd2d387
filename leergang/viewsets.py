from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import StaffProfile, Team


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_export = ["name", "organisation"]
    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("leads")]


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    list_display = ["user", "team", "job_title", "start_date"]
    list_filter = ["team", "register"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    list_export = ["user", "team", "job_title", "start_date", "register", "registration_number"]
    panels = [
        FieldPanel("user"),
        FieldPanel("team"),
        FieldPanel("job_title"),
        FieldPanel("start_date"),
        FieldPanel("register"),
        FieldPanel("registration_number"),
        FieldPanel("register_cycle_start"),
    ]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (TeamViewSet, StaffProfileViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"
