"""Wagtail admin views: logins locked by django-axes, and unlocking them
(``axes.delete_accessattempt``); importing staff from a spreadsheet (``leergang.add_user``)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import StaffImportForm
from .staff_import import COLUMNS, import_file

UNLOCK_PERMISSION = "axes.delete_accessattempt"


@permission_required(UNLOCK_PERMISSION, raise_exception=True)
def locked_logins(request):
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
        "-attempt_time"
    )
    return TemplateResponse(
        request,
        "leergang/admin/locked_logins.html",
        {"attempts": attempts, "header_title": _("Locked logins"), "header_icon": "lock"},
    )


@require_POST
@permission_required(UNLOCK_PERMISSION, raise_exception=True)
def unlock_login(request, attempt_id):
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    attempt.delete()
    messages.success(
        request, _("%(who)s can log in again.") % {"who": attempt.username or attempt.ip_address}
    )
    return redirect("leergang_locked_logins")


IMPORT_PERMISSION = "leergang.add_user"


class StaffImportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """ "Medewerkers importeren": a CSV or XLSX file of staff, dry run first (the default)."""

    template_name = "leergang/admin/staff_import.html"
    page_title = gettext_lazy("Import staff")
    header_icon = "upload"
    form_class = StaffImportForm
    permission_required = IMPORT_PERMISSION
    raise_exception = True

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        result = import_file(
            upload.read(),
            upload.name,
            dry_run=form.cleaned_data["dry_run"],
            invite=form.cleaned_data["invite"],
            user=self.request.user,
        )
        if result.ok and not result.dry_run:
            messages.success(self.request, result.summary())
        return self.render_to_response(self.get_context_data(form=form, result=result))
