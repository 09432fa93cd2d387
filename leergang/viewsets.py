from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet, SnippetViewSetGroup

from content.spreadsheet import CsvExportMixin

from . import accounts, admin_views
from .forms import InvitationAdminForm
from .models import Invitation, OrganisationLogin, StaffProfile, Team
from .people import search_people


class PersonRowIndexView(CsvExportMixin, IndexView):
    """A snippet listing of rows that belong to a person (a ``user`` field): its search finds
    them as :func:`~leergang.people.search_people` finds the person; the viewset's
    ``search_fields`` add fields of the row itself."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_people(queryset, self.search_query, prefix="user__", also=self.search_fields or ())


class StaffIndexView(PersonRowIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(admin_views.IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(_("Import staff"), url=reverse("medewerkers-import:index"), icon_name="upload")
            )
        return buttons


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
    list_display = ["user", "team", "job_title", "start_date", "left_on"]
    list_filter = ["team", "register"]
    index_view_class = StaffIndexView
    search_fields = ["job_title"]  # and the person's name, user name and e-mail address
    list_export = ["user", "team", "job_title", "start_date", "left_on", "register", "registration_number"]
    panels = [
        FieldPanel("user"),
        FieldPanel("team"),
        FieldPanel("job_title"),
        FieldPanel("start_date"),
        FieldPanel("register"),
        FieldPanel("registration_number"),
        FieldPanel("register_cycle_start"),
        FieldRowPanel([FieldPanel("left_on"), FieldPanel("learning_data_erased_on", read_only=True)]),
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


class InvitationCreateView(CreateView):
    """Saving sends the e-mail with a fresh one-time link (only its hash is stored)."""

    def save_instance(self):
        instance = self.form.instance
        instance.invited_by = self.request.user
        instance.new_token()  # replaced by the link the e-mail carries
        instance = super().save_instance()
        accounts.send_invitation(instance)
        return instance


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_view_class = InvitationCreateView
    list_display = ["__str__", "team", "start_date", "get_status_display", "expires_at"]
    list_filter = ["team"]
    search_fields = ["first_name", "last_name", "email"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldPanel("email"),
            FieldPanel("team"),
            FieldPanel("job_title"),
            FieldPanel("start_date"),
            FieldPanel("role"),
        ],
        base_form_class=InvitationAdminForm,
    )


class StaffImportViewSet(ViewSet):
    name = "medewerkers-import"
    icon = "upload"
    menu_label = _("Import staff")

    def get_urlpatterns(self):
        return [path("", admin_views.StaffImportView.as_view(), name="index")]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: request.user.has_perm(admin_views.IMPORT_PERMISSION)
        return item


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (
        TeamViewSet,
        StaffProfileViewSet,
        InvitationViewSet,
        StaffImportViewSet,
        OrganisationLoginViewSet,
        AuthenticatorAppViewSet,
    )
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"
