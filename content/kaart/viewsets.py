"""The sociale kaart in the Wagtail admin: snippets, the queue of reported changes, reports."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.slug import SlugInput
from wagtail.log_actions import log
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from content.spreadsheet import CsvExportMixin

from . import admin_views, services
from .filters import VoorzieningAdminFilterSet
from .forms import VoorzieningAdminForm
from .models import ApiToken, Category, ChangeReport, Neighbourhood, Organisation, Voorziening

# --- voorzieningen ---------------------------------------------------------------------------


class VoorzieningIndexView(CsvExportMixin, IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(admin_views.IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Import / export CSV"), url=reverse("sociale-kaart-import:index"), icon_name="upload"
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(admin_views.CHECK_PERMISSION):
            buttons.append(
                ListingMenuItem(
                    _("Checked today"),
                    url=reverse("sociale-kaart-controle:mark_checked", args=[instance.pk])
                    + "?next="
                    + self.request.get_full_path(),
                    icon_name="tick",
                    priority=15,
                )
            )
            buttons.append(
                ListingMenuItem(
                    _("View on the site"), url=instance.get_absolute_url(), icon_name="view", priority=16
                )
            )
        return buttons


class RecordsTheCheckMixin:
    """Saving an entry with "checked today" ticked (the default for coordinators) records the
    check, outside the revision (:func:`content.kaart.services.mark_checked`)."""

    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("checked_today") and self.request.user.has_perm(
            admin_views.CHECK_PERMISSION
        ):
            services.mark_checked(instance, user=self.request.user)
        return instance


class VoorzieningCreateView(RecordsTheCheckMixin, CreateView):
    pass


class VoorzieningEditView(RecordsTheCheckMixin, EditView):
    pass


class LastCheckedColumn(DateColumn):
    """The date, with a warning word when it is older than twelve months (not by colour alone)."""

    cell_template_name = "kaart/admin/last_checked_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["stale"] = instance.is_stale()
        return context


def publication_status(instance):
    if not instance.live:
        return _("draft")
    return _("live + draft") if instance.has_unpublished_changes else _("live")


class PublicationStatusColumn(StatusTagColumn):
    """Live or draft, read from the row itself. (Wagtail's own status column also asks the
    database, once per row, whether a revision is scheduled.)"""

    def __init__(self, **kwargs):
        super().__init__(
            "publication_status",
            label=_("Publication"),
            accessor=publication_status,
            primary=lambda instance: instance.live,
            sort_key="live",
            **kwargs,
        )


class VoorzieningViewSet(SnippetViewSet):
    model = Voorziening
    icon = "site"
    menu_label = _("Voorzieningen")
    menu_name = "voorzieningen"
    index_view_class = VoorzieningIndexView
    add_view_class = VoorzieningCreateView
    edit_view_class = VoorzieningEditView
    list_display = [
        "name",
        Column("organisation", label=_("Organisation")),
        Column("category", label=_("Category")),
        Column("status", label=_("Service status"), accessor="get_status_display"),
        Column("access_route", label=_("Access"), accessor="get_access_route_display"),
        LastCheckedColumn("last_checked_on", label=_("Last checked"), sort_key="last_checked_on"),
        PublicationStatusColumn(),
    ]
    list_per_page = 50
    filterset_class = VoorzieningAdminFilterSet
    ordering = ["name"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # A plain listing; the import format is the "Import / export CSV" download.
    list_export = [
        "name",
        "slug",
        "organisation",
        "category",
        "get_status_display",
        "get_access_route_display",
        "last_checked_on",
        "status_string",
    ]
    export_headings = {
        "get_status_display": _("Service status"),
        "get_access_route_display": _("Access"),
        "status_string": _("Publication"),
    }
    export_filename = "voorzieningen"

    def get_queryset(self, request):
        return Voorziening.objects.select_related("organisation", "category")

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    TitleFieldPanel("name", placeholder=False),
                    FieldPanel("slug", widget=SlugInput),
                    FieldPanel("organisation"),
                    FieldPanel("category", widget=forms.RadioSelect),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("tags"),
                    FieldPanel("search_synonyms"),
                ],
                heading=_("Content"),
            ),
            ObjectList(
                [
                    FieldPanel("serves", widget=forms.RadioSelect),
                    FieldPanel("audience"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")], heading=_("Age")),
                    MultiFieldPanel(
                        [
                            FieldPanel("whole_municipality"),
                            FieldPanel("neighbourhoods", widget=forms.CheckboxSelectMultiple),
                        ],
                        heading=_("Service area"),
                    ),
                    InlinePanel("locations", heading=_("Locations"), label=_("location")),
                    FieldPanel("languages"),
                ],
                heading=_("For whom and where"),
            ),
            ObjectList(
                [
                    FieldPanel("access_route"),
                    InlinePanel("conditions", heading=_("Conditions"), label=_("condition")),
                    FieldPanel("application_url"),
                    FieldPanel("application_steps"),
                    FieldRowPanel([FieldPanel("cost"), FieldPanel("is_free")], heading=_("Cost")),
                    FieldPanel("waiting_time"),
                    MultiFieldPanel(
                        [
                            FieldPanel("phone"),
                            FieldPanel("email"),
                            FieldPanel("contact_person"),
                            FieldPanel("website"),
                            FieldPanel("opening_hours"),
                        ],
                        heading=_("Contact"),
                    ),
                    FieldPanel("professional_note"),
                ],
                heading=_("Access and contact"),
            ),
            ObjectList(
                [
                    FieldPanel("status"),
                    FieldPanel("source_url"),
                    FieldPanel("checked_today", heading=_("Checked")),
                ],
                heading=_("Status and source"),
            ),
        ],
        base_form_class=VoorzieningAdminForm,
    )


class OrganisationIndexView(CsvExportMixin, IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(admin_views.CHECK_PERMISSION) and instance.email:
            buttons.append(
                ListingMenuItem(
                    _("Ask to check its entries"),
                    url=reverse("sociale-kaart-controle:check_request", args=[instance.pk]),
                    icon_name="mail",
                    priority=15,
                )
            )
        if self.request.user.has_perm(admin_views.CHECK_PERMISSION):
            buttons.append(
                ListingMenuItem(
                    _("Withdraw provider links"),
                    url=reverse("sociale-kaart-controle:revoke_links", args=[instance.pk]),
                    icon_name="warning",
                    priority=16,
                )
            )
        return buttons


class OrganisationChooserViewSet(SnippetChooserViewSet):
    """The organisation chooser of the voorziening form: searchable, with a "new organisation"
    tab, so a coordinator adding an entry for a new provider stays on the form."""

    form_fields = ["name", "email", "phone", "website"]
    create_action_label = _("New organisation")
    creation_tab_label = _("New organisation")


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = OrganisationChooserViewSet
    icon = "home"
    menu_label = _("Organisations")
    menu_name = "organisaties"
    index_view_class = OrganisationIndexView
    list_display = ["name", "email", "website"]
    list_export = ["name", "email", "phone", "website"]
    export_filename = "organisaties"
    # searched through the model's search index (name, e-mail): a field list here would make the
    # SQLite backend look for a column "name" in its full-text table
    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    menu_name = "categorieen"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class NeighbourhoodViewSet(SnippetViewSet):
    model = Neighbourhood
    icon = "globe"
    menu_label = _("Wijken")
    menu_name = "wijken"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


# --- the queue of reported changes --------------------------------------------------------------


class ChangeReportEditView(EditView):
    """Saving a report goes through :func:`content.kaart.services.handle_report`, which tells the
    reporter (e-mail) when the status or the reply changed."""

    def save_instance(self):
        instance = self.form.instance  # the form has applied the new status and reply
        services.handle_report(instance, user=self.request.user, status=instance.status, reply=instance.reply)
        log(instance=instance, action="wagtail.edit", user=self.request.user)
        return instance


class ChangeReportIndexView(CsvExportMixin, IndexView):
    pass


class ChangeReportFilterSet(WagtailFilterSet):
    class Meta:
        model = ChangeReport
        fields = ["status", "reason"]


class ChangeReportViewSet(SnippetViewSet):
    model = ChangeReport
    icon = "warning"
    menu_label = _("Reported changes")
    menu_name = "meldingen"
    edit_view_class = ChangeReportEditView
    index_view_class = ChangeReportIndexView
    list_display = [
        "__str__",
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("reporter", label=_("Reported by"), accessor="reporter_display"),
        DateColumn("created_at", label=_("Reported on"), sort_key="created_at"),
    ]
    filterset_class = ChangeReportFilterSet
    search_fields = ["text", "proposed_name", "voorziening__name", "reporter_name"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = [
        "voorziening",
        "proposed_name",
        "get_reason_display",
        "text",
        "get_status_display",
        "reply",
        "reporter_display",
        "created_at",
        "handled_at",
    ]
    export_headings = {
        "get_reason_display": _("Reason"),
        "get_status_display": _("Status"),
        "reporter_display": _("Reported by"),
    }
    export_filename = "meldingen-sociale-kaart"
    panels = [
        HelpPanel(template="kaart/admin/report_proposal_panel.html", heading=_("The voorziening")),
        MultiFieldPanel(
            [
                FieldPanel("voorziening", read_only=True),
                FieldPanel("proposed_name", read_only=True),
                FieldPanel("reason", read_only=True),
                FieldPanel("text", read_only=True),
                FieldPanel("proposed_field", read_only=True),
                FieldPanel("proposed_value", read_only=True),
                FieldPanel("reporter", read_only=True),
                FieldPanel("reporter_name", read_only=True),
                FieldPanel("reporter_email", read_only=True),
                FieldPanel("created_at", read_only=True),
            ],
            heading=_("The report"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel(
                    "reply",
                    help_text=_(
                        "Sent by e-mail and shown to the reporter under “Mijn meldingen”. "
                        "Required when you reject the report."
                    ),
                ),
            ],
            heading=_("Handling"),
        ),
    ]

    def get_queryset(self, request):
        return ChangeReport.objects.select_related("voorziening", "reporter")


# --- reports and import (plain admin views) ----------------------------------------------------


class KaartMenuItem(MenuItem):
    permission_required = None

    def is_shown(self, request):
        return request.user.has_perm(self.permission_required)


class KaartAdminViewSet(ViewSet):
    menu_item_class = KaartMenuItem
    permission_required = admin_views.CHECK_PERMISSION  # the one its views require

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.permission_required = self.permission_required
        return item


class CoverageViewSet(KaartAdminViewSet):
    name = "sociale-kaart-dekking"
    icon = "table"
    menu_label = _("Coverage per wijk")

    def get_urlpatterns(self):
        return [path("", admin_views.CoverageView.as_view(), name="index")]


class CheckViewSet(KaartAdminViewSet):
    name = "sociale-kaart-controle"
    icon = "time"
    menu_label = _("Not checked recently")

    def get_urlpatterns(self):
        return [
            path("", admin_views.StaleView.as_view(), name="index"),
            path("gecontroleerd/<int:pk>/", admin_views.MarkCheckedView.as_view(), name="mark_checked"),
            path("controleverzoek/<int:pk>/", admin_views.CheckRequestView.as_view(), name="check_request"),
            path(
                "links-intrekken/<int:pk>/",
                admin_views.RevokeProviderLinksView.as_view(),
                name="revoke_links",
            ),
            path("melding/<int:pk>/toepassen/", admin_views.ApplyReportView.as_view(), name="apply_report"),
        ]


class ImportExportViewSet(KaartAdminViewSet):
    name = "sociale-kaart-import"
    permission_required = admin_views.IMPORT_PERMISSION
    icon = "upload"
    menu_label = _("Import and export")

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportView.as_view(), name="index"),
            path("export.csv", admin_views.ExportView.as_view(), name="export"),
        ]


class SocialeKaartViewSetGroup(SnippetViewSetGroup):
    items = (
        VoorzieningViewSet,
        ChangeReportViewSet,
        OrganisationViewSet,
        CategoryViewSet,
        NeighbourhoodViewSet,
        CoverageViewSet,
        CheckViewSet,
        ImportExportViewSet,
    )
    menu_icon = "site"
    menu_label = _("Sociale kaart")
    menu_name = "sociale-kaart"
    menu_order = 250


# --- API tokens (only beheerders hold the kaart.*_apitoken permissions) ---------------------------


class ApiTokenCreateView(ModelViewSet.add_view_class):
    def save_instance(self):
        self.raw_key = self.form.instance.set_new_key()
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_message(self, instance):
        return _("Token “%(name)s” made. Copy it now, it is shown only once: %(key)s") % {
            "name": instance.name,
            "key": self.raw_key,
        }


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("API tokens")
    name = "api-tokens"
    add_to_settings_menu = True
    add_view_class = ApiTokenCreateView
    form_fields = ["name", "active"]
    list_display = ["name", "prefix", "active", "created_by", DateColumn("created_at", label=_("created at"))]
    copy_view_enabled = False
