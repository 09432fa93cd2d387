from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from content.spreadsheet import CsvExportMixin

from .models import OrganisationLogin, StaffProfile, Team
from .people import search_people


class PersonRowIndexView(CsvExportMixin, IndexView):
    """A snippet listing of rows that belong to a person (a ``user`` field): its search finds
    them as :func:`~leergang.people.search_people` finds the person; the viewset's
    ``search_fields`` add fields of the row itself."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_people(queryset, self.search_query, prefix="user__", also=self.search_fields or ())


class TeamIndexView(CsvExportMixin, IndexView):
    pass


class TeamViewSet(SnippetViewSet):
    model = Team
    index_view_class = TeamIndexView
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
    index_view_class = PersonRowIndexView
    search_fields = ["job_title"]  # and the person's name, user name and e-mail address
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


class OrganisationLoginViewSet(SnippetViewSet):
    """Who signs in with the organisation's account; a beheerder may allow a password too."""

    model = OrganisationLogin
    icon = "key"
    menu_label = _("Organisation accounts")
    list_display = ["user", "password_allowed", "first_sign_in", "last_sign_in"]
    list_filter = ["password_allowed"]
    index_view_class = PersonRowIndexView
    panels = [FieldPanel("user"), FieldPanel("password_allowed")]


class RemoveOnlyPolicy(ModelPermissionPolicy):
    """Authenticator apps in the admin can only be removed (by a beheerder, when someone lost
    their phone); setting one up is the person's own page (leergang.twofactor)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class AuthenticatorAppIndexView(PersonRowIndexView):
    """django-otp's fields have no Dutch names: the columns get ours."""

    labels = {
        "user": _("user"),
        "confirmed": _("app set up"),
        "created_at": _("set up on"),
        "last_used_at": _("app last used"),
    }

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            column.label = self.labels.get(column.name, column.label)
        return columns


class AuthenticatorAppViewSet(SnippetViewSet):
    """Who set up two-step verification; removing an app makes its owner set up a new one."""

    model = TOTPDevice
    icon = "key"
    menu_label = _("Authenticator apps")
    list_display = ["user", "confirmed", "created_at", "last_used_at"]
    index_view_class = AuthenticatorAppIndexView
    panels = [FieldPanel("name")]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (TeamViewSet, StaffProfileViewSet, OrganisationLoginViewSet, AuthenticatorAppViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"
