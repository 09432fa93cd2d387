"""Coordinators' screens in the Wagtail admin: coverage per wijk, entries not checked recently
(with one-click "checked today"), asking a provider to check, and CSV import/export."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content import spreadsheet

from . import services
from .forms import CsvImportForm
from .models import Category, ChangeReport, Neighbourhood, Organisation, Voorziening, stale_cutoff
from .resources import export_rows, import_csv

CHECK_PERMISSION = "kaart.check_voorziening"  # coverage, not checked recently, check requests
IMPORT_PERMISSION = "kaart.import_voorziening"  # CSV import and export


class KaartAdminMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    permission_required = CHECK_PERMISSION
    raise_exception = True

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class CoverageView(KaartAdminMixin, TemplateView):
    """How many active entries each wijk has per category: gaps show as empty cells."""

    template_name = "kaart/admin/coverage.html"
    page_title = gettext_lazy("Coverage per wijk")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = list(Category.objects.all())
        neighbourhoods = list(Neighbourhood.objects.all())
        active = Voorziening.objects.active()
        local = defaultdict(int)
        for item in (
            Voorziening.neighbourhoods.through.objects.filter(
                voorziening__in=active.filter(whole_municipality=False)
            )
            .values(wijk=F("neighbourhood_id"), category=F("voorziening__category_id"))
            .annotate(n=Count("voorziening_id", distinct=True))
        ):
            local[item["wijk"], item["category"]] = item["n"]
        whole = dict(
            active.filter(whole_municipality=True)
            .values_list("category_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        rows = []
        for wijk in neighbourhoods:
            cells = []
            for category in categories:
                own, shared = local[wijk.pk, category.pk], whole.get(category.pk, 0)
                cells.append({"own": own, "whole": shared, "total": own + shared, "category": category})
            rows.append({"wijk": wijk, "cells": cells, "gaps": sum(1 for cell in cells if not cell["total"])})
        context.update(
            {
                "categories": categories,
                "rows": rows,
                "whole_row": [whole.get(category.pk, 0) for category in categories],
                "kaart_url": reverse("kaart:kaart_index"),
            }
        )
        return context


class StaleView(KaartAdminMixin, TemplateView):
    """Published entries not checked for twelve months, oldest first."""

    template_name = "kaart/admin/stale.html"
    page_title = gettext_lazy("Not checked recently")
    header_icon = "time"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = (
            Voorziening.objects.listed()
            .stale()
            .select_related("organisation", "category")
            .order_by(F("last_checked_on").asc(nulls_first=True), "name")
        )
        page = Paginator(queryset, self.per_page).get_page(self.request.GET.get("p"))
        context.update({"page": page, "entries": page.object_list, "cutoff": stale_cutoff()})
        return context

    def post(self, request):
        """Ask every provider with out-of-date entries to check them (as `vraag_controle`)."""
        outcome = services.send_due_check_requests()
        sent = [email for email, _names, was_sent in outcome.requests if was_sent]
        if sent:
            messages.success(request, _("Check requests sent to: %(emails)s.") % {"emails": ", ".join(sent)})
        else:
            messages.info(
                request,
                _(
                    "No check requests to send: every provider was asked today already "
                    "or has no e-mail address."
                ),
            )
        if outcome.without_email:
            messages.warning(
                request,
                _("No e-mail address, so not asked: %(organisations)s. Call them, or add an address.")
                % {"organisations": "; ".join(outcome.without_email_lines())},
            )
        return redirect("sociale-kaart-controle:index")


def _safe_next(request, fallback):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return fallback


class MarkCheckedView(KaartAdminMixin, TemplateView):
    """ "Vandaag gecontroleerd": GET asks for confirmation (for links), POST records it."""

    template_name = "kaart/admin/mark_checked.html"
    page_title = gettext_lazy("Checked today")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["voorziening"] = self.voorziening
        context["next"] = _safe_next(self.request, reverse("sociale-kaart-controle:index"))
        return context

    def dispatch(self, request, *args, **kwargs):
        self.voorziening = get_object_or_404(Voorziening, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        services.mark_checked(self.voorziening, user=request.user)
        messages.success(
            request,
            _("“%(name)s” is marked as checked today (%(date)s).")
            % {"name": self.voorziening.name, "date": date_format(timezone.localdate(), "j F Y")},
        )
        return redirect(_safe_next(request, reverse("sociale-kaart-controle:index")))


class ApplyReportView(PermissionRequiredMixin, View):
    """ "Toepassen en afhandelen" on a report that proposes a new value for one detail: the
    value goes live, the entry counts as checked today, the report is handled and the reporter
    told (:func:`content.kaart.services.apply_report`). POST only, from the report's edit view;
    back to the open reports."""

    permission_required = (CHECK_PERMISSION, "kaart.publish_voorziening", "kaart.change_changereport")
    raise_exception = True
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(ChangeReport.objects.select_related("voorziening"), pk=pk)
        try:
            voorziening = services.apply_report(
                report, user=request.user, reply=request.POST.get("reply", "")
            )
        except services.CannotApply as refusal:
            messages.error(request, str(refusal))
            return redirect("wagtailsnippets_kaart_changereport:edit", pk)
        messages.success(
            request,
            _("%(field)s of “%(name)s” is now “%(value)s”; the report is handled and the reporter told.")
            % {
                "field": report.get_proposed_field_display(),
                "name": voorziening.name,
                "value": getattr(voorziening, report.proposed_field),
            },
        )
        return redirect(reverse("wagtailsnippets_kaart_changereport:list") + "?status=open")


class CheckRequestView(KaartAdminMixin, TemplateView):
    """Send one provider its personal link."""

    template_name = "kaart/admin/check_request.html"
    page_title = gettext_lazy("Ask the provider to check")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "organisation": self.organisation,
                "entries": self.organisation.voorzieningen.listed().order_by("name"),
                "next": _safe_next(self.request, reverse("sociale-kaart-controle:index")),
            }
        )
        return context

    def post(self, request, pk):
        if not self.organisation.email:
            messages.error(request, _("This organisation has no e-mail address for check requests."))
        elif services.send_check_request(self.organisation, user=request.user):
            messages.success(
                request, _("The link has been sent to %(email)s.") % {"email": self.organisation.email}
            )
        else:
            messages.info(request, _("This organisation was already asked today; nothing was sent."))
        return redirect(_safe_next(request, reverse("sociale-kaart-controle:index")))


class RevokeProviderLinksView(KaartAdminMixin, TemplateView):
    """Withdraw every provider link of one organisation sent so far (sent to a wrong address,
    forwarded, a contact who left). A new check request sends a new, working link."""

    template_name = "kaart/admin/revoke_links.html"
    page_title = gettext_lazy("Withdraw the provider links")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "organisation": self.organisation,
                "next": _safe_next(self.request, reverse("sociale-kaart-controle:index")),
            }
        )
        return context

    def post(self, request, pk):
        services.revoke_provider_links(self.organisation, user=request.user)
        messages.success(
            request,
            _("Every link sent to %(name)s so far no longer works.") % {"name": self.organisation.name},
        )
        return redirect(_safe_next(request, reverse("sociale-kaart-controle:index")))


class ImportView(KaartAdminMixin, FormView):
    template_name = "kaart/admin/import.html"
    page_title = gettext_lazy("Import and export")
    header_icon = "upload"
    form_class = CsvImportForm
    permission_required = IMPORT_PERMISSION

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = import_csv(upload.read(), dry_run=form.cleaned_data["dry_run"], user=self.request.user)
        if result.ok and not result.dry_run:
            messages.success(self.request, result.summary())
        return self.render_to_response(self.get_context_data(form=form, result=result))


class ExportView(PermissionRequiredMixin, View):
    permission_required = IMPORT_PERMISSION
    raise_exception = True

    def get(self, request):
        # the one export format, as export_sociale_kaart writes it
        return spreadsheet.csv_response(
            f"sociale-kaart-{timezone.localdate().isoformat()}.csv", export_rows()
        )
