"""Every CSV download of the platform goes through ``content.spreadsheet`` and guards formulas.

The downloads are found, not listed by hand: every admin view with Wagtail's spreadsheet export
(the project's listings and Wagtail's own reports) from the URL configuration, and every other
view that answers with :func:`content.spreadsheet.csv_response` from the source. With data that
holds values a spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR at the start), no cell
of any of them starts with such a character unguarded; the database keeps what was typed.
"""

import ast
import csv
import inspect
import io
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log
from wagtail.models import Workflow

from content import spreadsheet
from content.kaart.models import ChangeReport, Voorziening
from modules import progress
from modules.models import ModuleChange
from quizzes.models import ExtraAttempt
from tests.kaart.factories import OrganisationFactory, VoorzieningFactory
from tests.leergang.factories import TeamFactory, UserFactory
from tests.modules.factories import module_with_steps
from tests.quizzes.factories import QuizPageFactory, option, single, take

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("leergang", "content", "modules", "quizzes")
HOSTILE = '=HYPERLINK("https://example.com","klik")'
OTHERS = ["@SUM(A1)", "+31 6 1234", "-1+1", "\tTAB", "\rCR"]


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def wagtail_exports():
    """The path of every view with a CSV export (``list_export``), once per view."""
    found = {}
    for path, pattern in _walk(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        fields = pattern.callback.view_initkwargs.get("list_export", view_class.list_export)
        if fields and not path.endswith("results/"):
            found["/" + path] = view_class
    return found


def _source_files():
    for app in APPS:
        for file in (ROOT / app).rglob("*.py"):
            if "migrations" not in file.parts:
                yield file


def _calls_csv_response(function):
    for call in ast.walk(function):
        if isinstance(call, ast.Call):
            func = call.func
            if getattr(func, "attr", None) == "csv_response" or getattr(func, "id", None) == "csv_response":
                return True
    return False


def csv_response_callers():
    """``module.function`` or ``module.Class.method`` of everything in the source that calls
    ``csv_response``."""
    callers = set()
    for file in _source_files():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        module = ".".join(file.relative_to(ROOT).with_suffix("").parts)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and _calls_csv_response(node):
                callers.add(f"{module}.{node.name}")
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and _calls_csv_response(item):
                        callers.add(f"{module}.{node.name}.{item.name}")
    return callers


def function_downloads():
    """The path pattern of every URL whose view is one of :func:`csv_response_callers`."""
    callers = csv_response_callers()
    found = {}
    for path, pattern in _walk(get_resolver()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None:
            prefix = f"{view_class.__module__}.{view_class.__qualname__}."
            hit = [caller for caller in callers if caller.startswith(prefix)]
        else:
            view = inspect.unwrap(pattern.callback)
            hit = [caller for caller in callers if caller == f"{view.__module__}.{view.__name__}"]
        if hit:
            found["/" + path] = hit[0]
    return found, callers


def test_no_code_but_the_helper_writes_csv():
    writers = []
    for file in _source_files():
        if file == ROOT / "content" / "spreadsheet.py":
            continue
        text = file.read_text(encoding="utf-8")
        for marker in ("csv.writer", "csv.DictWriter", "text/csv"):
            if marker in text:
                writers.append(f"{file.relative_to(ROOT)}: {marker}")
    assert writers == []


def test_every_wagtail_export_writes_with_the_helper():
    exports = wagtail_exports()
    # the project's listings and Wagtail's own reports are all found
    assert {
        "/admin/reports/site-history/",
        "/admin/reports/locked/",
        "/admin/snippets/kaart/voorziening/",
    } <= set(exports)
    for path, view_class in exports.items():
        assert view_class.write_csv_response is spreadsheet.CsvExportMixin.write_csv_response, path


def test_every_view_that_answers_with_a_csv_has_a_url():
    found, callers = function_downloads()
    views = callers - {"content.spreadsheet.CsvExportMixin.write_csv_response"}
    assert set(found.values()) == views
    assert {
        "/mijn-voortgang/accreditatie.csv",
        "/team/export.csv",
        "/admin/sociale-kaart-import/export.csv",
        "/admin/quizzes/<int:page_id>/analyse.csv",
    } <= set(found)


@pytest.fixture
def hostile_data(site_tree, roles):
    """A superuser who also learns, in a team, and everything with values that start a formula."""
    user = UserFactory(first_name=HOSTILE, last_name="", is_superuser=True, is_staff=True, profile__team=None)
    team = TeamFactory(name=OTHERS[0])
    user.profile.team, user.profile.job_title = team, OTHERS[1]
    user.profile.save()
    module, steps = module_with_steps(slug="formule", title=HOSTILE)
    for step in steps:
        progress.complete_step(user, step, score=90)
    quiz = QuizPageFactory(
        parent=module,
        title=OTHERS[0],
        slug="formule-quiz",
        questions=[single("f1", HOSTILE, [option(OTHERS[1], True, "a"), option(OTHERS[2], key="b")])],
    )
    take(UserFactory(), quiz, {"f1": ["a"]})
    ModuleChange.objects.create(module=module, summary=HOSTILE, created_by=user)
    ExtraAttempt.objects.create(user=user, quiz=quiz, count=1, reason=HOSTILE, granted_by=user)
    entry = VoorzieningFactory(
        name=HOSTILE, slug="formule", whole=True, organisation=OrganisationFactory(name=OTHERS[0])
    )
    entry.summary, entry.contact_person, entry.opening_hours = OTHERS[3], OTHERS[2], OTHERS[4]
    entry.save()
    ChangeReport.objects.create(voorziening=entry, reason="anders", text=HOSTILE, reporter=user)
    # Wagtail's reports: a locked, published page in a workflow, with history
    module.save_revision(user=user)
    log(instance=module, action="wagtail.edit", user=user)
    Workflow.objects.filter(active=True).first().start(module, user)
    module.locked, module.locked_by, module.locked_at = True, user, timezone.now()
    module.save()
    return {"user": user, "quiz": quiz, "entry": entry}


def _url(path, data):
    return path.replace("<int:page_id>", str(data["quiz"].pk))


def _assert_guarded(path, response):
    assert response.status_code == 200, path
    assert response["Content-Type"] == spreadsheet.CONTENT_TYPE, path
    text = response.content.decode("utf-8").removeprefix(spreadsheet.BOM)
    cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
    unguarded = [cell for cell in cells if cell[:1] in spreadsheet.FORMULA_START]
    assert unguarded == [], path
    guarded = [cell for cell in cells if cell[:1] == "'" and cell[1:2] in spreadsheet.FORMULA_START]
    assert guarded, f"{path}: the download shows none of the values that start a formula"


def test_no_csv_download_has_a_cell_a_spreadsheet_would_run(client, hostile_data):
    client.force_login(hostile_data["user"])
    found, _callers = function_downloads()
    downloads = [f"{path}?export=csv" for path in wagtail_exports()] + [_url(p, hostile_data) for p in found]
    assert len(downloads) >= 16
    for url in downloads:
        _assert_guarded(url, client.get(url))
    # stored as typed: only the download is neutralised
    assert Voorziening.objects.get(pk=hostile_data["entry"].pk).name == HOSTILE
