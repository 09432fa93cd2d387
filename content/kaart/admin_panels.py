"""Panels of the sociale kaart on the Wagtail admin dashboard (``construct_homepage_panels``)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import ChangeReport, Voorziening

#: How many reports or entries a panel lists (the count and a link show the rest).
SHOWN = 5


class OpenReportsPanel(Component):
    """The open reports, newest first, each linking to where it is handled."""

    name = "sociale_kaart_open_reports"
    order = 90
    template_name = "kaart/admin/home_open_reports.html"

    def get_context_data(self, parent_context):
        open_reports = ChangeReport.objects.filter(status=ChangeReport.State.OPEN)
        return {
            "count": open_reports.count(),
            "reports": list(
                open_reports.select_related("voorziening").order_by("-created_at", "-pk")[:SHOWN]
            ),
            "list_url": reverse("wagtailsnippets_kaart_changereport:list") + "?status=open",
        }


class StaleEntriesPanel(Component):
    """Published entries whose last check is more than twelve months ago, oldest first."""

    name = "sociale_kaart_stale_entries"
    order = 95
    template_name = "kaart/admin/home_stale_entries.html"

    def get_context_data(self, parent_context):
        stale = Voorziening.objects.listed().stale()
        return {
            "count": stale.count(),
            "entries": list(stale.order_by("last_checked_on", "name")[:SHOWN]),
            "list_url": reverse("sociale-kaart-controle:index"),
        }
