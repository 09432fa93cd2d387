"""Pages of the sociale kaart for medewerkers, and the public check page for providers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import EmptyPage
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content.search import SearchPaginator
from leergang.views import csrf_failure_page

from . import services
from .filters import FEW_RESULTS, VoorzieningFilterSet
from .forms import ChangeReportForm, NewVoorzieningForm, ProviderProposalForm
from .models import ChangeReport, Organisation, Voorziening, stale_cutoff
from .references import pages_showing
from .signing import InvalidProviderLink, check_not_revoked, read_provider_token

PER_PAGE = 20


def _page_number(request, warnings):
    raw = request.GET.get("page", "1").strip() or "1"
    if raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) >= 1:  # not "①" or "²"
        return int(raw)
    warnings.append(_("Page “%(value)s” does not exist: showing the first page.") % {"value": raw[:20]})
    return 1


def _mark_favourites(request, entries):
    ids = services.favourite_ids(request.user, [entry.pk for entry in entries])
    for entry in entries:
        entry.is_favourite = entry.pk in ids
    return entries


@require_GET
def kaart_index(request):
    """Search and filter the sociale kaart. Runs the same number of queries for any data size."""
    search = VoorzieningFilterSet(
        request.GET, queryset=Voorziening.objects.listed().select_related("category", "organisation")
    )
    results = search.qs
    warnings = search.warnings
    # A search's page query also counts its results; a page past the last one counts them apart.
    paginator = SearchPaginator(results, PER_PAGE)
    number = _page_number(request, warnings)
    try:
        page = paginator.page(number)
    except EmptyPage:
        warnings.append(_("Page %(number)s does not exist: showing the last page.") % {"number": number})
        page = paginator.page(paginator.num_pages)
    entries = _mark_favourites(request, list(page.object_list))
    prefetch_related_objects(entries, "neighbourhoods")  # the wijken on the cards: one query
    context = {
        "nav_section": "sociale-kaart",
        "search": search,
        "search_query": search.search_term,  # the header's search box searches the kaart here
        "form": search.form,
        "warnings": warnings,
        "page": page,
        "entries": entries,
        "total": paginator.count,
        "stale_cutoff": stale_cutoff(),
        "suggestions": (
            search.suggestions(paginator.count)
            if paginator.count < FEW_RESULTS and search.can_drop_a_filter
            else []
        ),
        "previous_query": search.querystring(page=page.previous_page_number()) if page.has_previous() else "",
        "next_query": search.querystring(page=page.next_page_number()) if page.has_next() else "",
    }
    return render(request, "kaart/kaart_index.html", context)


def _detail_context(request, voorziening, **extra):
    context = {
        "nav_section": "sociale-kaart",
        "voorziening": voorziening,
        "lessons": pages_showing(voorziening),
        "is_favourite": bool(services.favourite_ids(request.user, [voorziening.pk])),
        "is_stale": voorziening.is_stale(),
        "report_form": ChangeReportForm(),
        "next_url": request.get_full_path(),
    }
    context.update(extra)
    return context


def _get_visible(slug):
    voorziening = get_object_or_404(
        Voorziening.objects.live()
        .select_related("category", "organisation", "last_checked_by")
        .prefetch_related("locations", "conditions", "neighbourhoods", "tags"),
        slug=slug,
    )
    return voorziening


@require_GET
def voorziening_detail(request, slug):
    voorziening = _get_visible(slug)
    return render(request, "kaart/voorziening_detail.html", _detail_context(request, voorziening))


@require_http_methods(["GET", "POST"])
def report_change(request, slug):
    """ "Meld een wijziging": a reason and a text, for the coordinators' queue."""
    voorziening = _get_visible(slug)
    form = ChangeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_change(
            voorziening=voorziening,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            reporter=request.user,
            form_token=form.cleaned_data["form_token"],
            proposed_field=form.cleaned_data["proposed_field"],
            proposed_value=form.cleaned_data["proposed_value"],
        )
        messages.success(
            request,
            _(
                "Thank you. The coordinator will look at your report; "
                "you will find the answer under “My reports”."
            ),
        )
        return redirect(voorziening.get_absolute_url())
    if request.method == "POST":
        messages.error(request, _("Your report was not sent yet: please check the fields below."))
    return render(
        request,
        "kaart/report_form.html",
        {"nav_section": "sociale-kaart", "voorziening": voorziening, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def report_new(request):
    """ "Meld een nieuwe voorziening": a report without an entry."""
    form = NewVoorzieningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_change(
            reason=ChangeReport.Reason.NEW,
            text=form.cleaned_data["text"],
            proposed_name=form.cleaned_data["proposed_name"],
            reporter=request.user,
            form_token=form.cleaned_data["form_token"],
        )
        messages.success(request, _("Thank you. The coordinator will look at the voorziening you reported."))
        return redirect("kaart:kaart_index")
    if request.method == "POST":
        messages.error(request, _("Your report was not sent yet: please check the fields below."))
    return render(
        request,
        "kaart/report_new.html",
        {"nav_section": "sociale-kaart", "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def my_reports(request):
    reports = ChangeReport.objects.filter(reporter=request.user).select_related("voorziening")[:200]
    return render(request, "kaart/my_reports.html", {"nav_section": "sociale-kaart", "reports": reports})


@require_POST
def set_favourite(request, slug):
    voorziening = _get_visible(slug)
    favourite = request.POST.get("favourite") == "1"
    services.set_favourite(request.user, voorziening, favourite)
    if favourite:
        messages.success(request, _("“%(name)s” is on your favourites.") % {"name": voorziening.name})
    else:
        messages.success(
            request, _("“%(name)s” was removed from your favourites.") % {"name": voorziening.name}
        )
    # A path on this site only: not another host, and not a word that ``redirect`` would read
    # as the name of a view ("0", "logout").
    next_url = request.POST.get("next", "")
    if not (
        next_url.startswith("/")
        and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
    ):
        next_url = voorziening.get_absolute_url()
    return HttpResponseRedirect(next_url)


@require_GET
def favourites(request):
    entries = list(
        Voorziening.objects.live()
        .filter(favourites__user=request.user)
        .select_related("category", "organisation")
        .order_by("name")
    )
    for entry in entries:
        entry.is_favourite = True
    return render(
        request,
        "kaart/favourites.html",
        {"nav_section": "sociale-kaart", "entries": entries, "stale_cutoff": stale_cutoff()},
    )


# --- providers (public, with a signed link) ---------------------------------------------------


def _provider_refused(request, reason, token=None, status=403):
    """The providers' own "not possible" page: formal, without the staff site's navigation,
    saying what to do instead. ``reason``: invalid, expired, not-yours or not-found."""
    return render(
        request,
        "kaart/provider_refused.html",
        {"reason": reason, "token": token, "contact_email": settings.SOCIALE_KAART_CONTACT_EMAIL},
        status=status,
    )


def _provider_organisation(request, token):
    try:
        organisation_id, issued = read_provider_token(token)
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise InvalidProviderLink()
        check_not_revoked(issued, organisation)
    except InvalidProviderLink as error:
        return None, _provider_refused(request, error.reason)
    return organisation, None


def _provider_page(request, token, organisation, forms=None, status=200):
    entries = list(
        organisation.voorzieningen.listed()
        .select_related("category")
        .prefetch_related("locations", "conditions", "neighbourhoods")
        .order_by("name")
    )
    forms = forms or {}
    for entry in entries:
        entry.proposal_form = forms.get(entry.pk) or ProviderProposalForm(prefix=f"v{entry.pk}")
    return render(
        request,
        "kaart/provider_check.html",
        {
            "organisation": organisation,
            "entries": entries,
            "token": token,
            "today": timezone.localdate(),
            "contact_email": settings.SOCIALE_KAART_CONTACT_EMAIL,
        },
        status=status,
    )


def provider_csrf_failure(request, reason=""):
    """A provider's form that could not be checked: their own formal page, in "u"."""
    context = {"reason": reason, "contact_email": settings.SOCIALE_KAART_CONTACT_EMAIL}
    return render(request, "kaart/provider_csrf.html", context, status=403)


@csrf_failure_page(provider_csrf_failure)
@login_not_required
@require_GET
def provider_check(request, token):
    organisation, refused = _provider_organisation(request, token)
    if refused:
        return refused
    return _provider_page(request, token, organisation)


def _provider_entry(request, token, organisation, slug):
    """(entry, None) when the entry is listed and this organisation's; otherwise (None, the
    refusal page for providers)."""
    voorziening = Voorziening.objects.listed().filter(slug=slug).first()
    if voorziening is None:
        return None, _provider_refused(request, "not-found", token, status=404)
    if voorziening.organisation_id != organisation.pk:
        return None, _provider_refused(request, "not-yours", token)
    return voorziening, None


@csrf_failure_page(provider_csrf_failure)
@login_not_required
@require_http_methods(["GET", "POST"])
def provider_confirm(request, token, slug):
    organisation, refused = _provider_organisation(request, token)
    if refused:
        return refused
    voorziening, refused = _provider_entry(request, token, organisation, slug)
    if refused:
        return refused
    if request.method == "GET":  # e.g. a link copied from the address bar: show the page
        return redirect("kaart:provider_check", token=token)
    services.confirm_by_provider(organisation, voorziening)
    messages.success(
        request, _("Thank you: “%(name)s” is marked as checked today.") % {"name": voorziening.name}
    )
    return redirect("kaart:provider_check", token=token)


@csrf_failure_page(provider_csrf_failure)
@login_not_required
@require_http_methods(["GET", "POST"])
def provider_propose(request, token, slug):
    organisation, refused = _provider_organisation(request, token)
    if refused:
        return refused
    voorziening, refused = _provider_entry(request, token, organisation, slug)
    if refused:
        return refused
    if request.method == "GET":
        return redirect("kaart:provider_check", token=token)
    form = ProviderProposalForm(request.POST, prefix=f"v{voorziening.pk}")
    if not form.is_valid():
        messages.error(request, _("Your proposal was not sent yet: please check the fields below."))
        return _provider_page(request, token, organisation, forms={voorziening.pk: form}, status=400)
    services.report_change(
        voorziening=voorziening,
        reason=ChangeReport.Reason.PROVIDER,
        text=form.cleaned_data["text"],
        reporter_name=form.cleaned_data["name"],
        reporter_email=form.cleaned_data["email"],
        form_token=form.cleaned_data["form_token"],
    )
    messages.success(
        request,
        _("Thank you: your proposal for “%(name)s” has been sent to the coordinator.")
        % {"name": voorziening.name},
    )
    return redirect("kaart:provider_check", token=token)
