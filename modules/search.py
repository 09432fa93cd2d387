"""``/zoeken/?q=``: Wagtail search over the published modules and lessons."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from wagtail.models import Page

from content.markdown import markdown_to_text
from content.search import MAX_QUERY_LENGTH, PrefixText, clean_search_query

from .models import LessonPage, ModulePage

RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 40


@require_GET
def search(request):
    """Results with title, module and a snippet; paginated with ``?pagina=``."""
    typed = " ".join(request.GET.get("q", "").split())
    query = typed[:MAX_QUERY_LENGTH]
    terms = clean_search_query(query)
    context = {
        "search_query": query,
        "shortened_to": MAX_QUERY_LENGTH if len(typed) > MAX_QUERY_LENGTH else None,
        "results": [],
        "page_obj": None,
    }
    if terms:
        found = _search(Page.objects.live().public().type(ModulePage, LessonPage), terms)
        page_obj = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
        context["page_obj"] = page_obj
        context["results"] = _results(list(page_obj.object_list), query)
    return render(request, "modules/search.html", context)


def _search(pages, terms):
    """The same forgiving search as the sociale kaart: words match as prefixes, Dutch endings
    are ignored ("schuld" finds "schuldhulp"). All words must match; when no page has them all,
    pages with any of them (best first)."""
    query = PrefixText(terms)
    if not query.terms:
        return pages.none()
    found = pages.search(query)
    if len(query.terms) > 1 and not found.count():
        return pages.search(PrefixText(terms, operator="or"))
    return found


def _results(pages, query):
    """Title, URL, module and snippet for one page of results, in a fixed number of queries."""
    if not pages:
        return []
    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    modules = {module.path: module for module in ModulePage.objects.filter(path__in=parent_paths)}
    terms = [term for term in re.split(r"\W+", query.lower()) if len(term) > 1]
    results = []
    for page in pages:
        page = specific.get(page.pk, page)
        if isinstance(page, LessonPage):
            text = " ".join(page.body.stream_block.get_searchable_content(page.body))
            module = modules.get(page.path[: -Page.steplen])
        else:
            text = markdown_to_text(getattr(page, "intro", ""))
            module = None
        results.append({"page": page, "module": module, "snippet": snippet(text, terms)})
    return results


def snippet(text, terms, size=SNIPPET_WORDS):
    """About ``size`` words of ``text`` around the first word starting with a search term,
    with the matching words in ``<mark>`` (everything else escaped)."""
    words = text.split()
    if not words:
        return ""
    first = next(
        (
            i
            for i, word in enumerate(words)
            if any(word.lower().strip("“”‘’\"'(.,:;").startswith(t) for t in terms)
        ),
        0,
    )
    start = max(0, first - size // 3)
    chosen = words[start : start + size]
    out = []
    for word in chosen:
        bare = word.lower().strip("“”‘’\"'(.,:;)")
        if terms and any(bare.startswith(t) for t in terms):
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(escape(word))
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(words) else ""
    return mark_safe(prefix + " ".join(out) + suffix)  # noqa: S308  (every word escaped above)
