"""The team lead's dashboard, member pages and CSV export: who sees what, filters, sorting,
and a fixed number of queries however big the team."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leergang.models import StaffProfile, Team, User
from modules import progress
from modules.models import ModuleCompletion, StepCompletion

from .factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree, make_user):
    index = site_tree[1]
    noord = Team.objects.create(name="JGH Noord", organisation="jgh")
    zuid = Team.objects.create(name="JGH Zuid", organisation="jgh")
    smw = Team.objects.create(name="SMW", organisation="smw")
    lead = make_user(role="Teamleider", team=noord, username="teamleider")
    noord.leads.add(lead)
    zuid.leads.add(lead)
    today = timezone.localdate()
    sanne = make_user(team=noord, username="sanne", start_date=today - datetime.timedelta(days=540))
    yusuf = make_user(team=noord, username="yusuf", start_date=today - datetime.timedelta(days=12))
    lisa = make_user(team=zuid, username="lisa", start_date=today - datetime.timedelta(days=75))
    tim = make_user(team=smw, username="tim", start_date=today - datetime.timedelta(days=50))
    for user, last in [(sanne, "de Vries"), (yusuf, "Bakker"), (lisa, "Hoekstra"), (tim, "Mulder")]:
        user.last_name = last
        user.save()
    first, first_steps = module_with_steps(index, "toegang-zoetermeer", title="De toegang", quiz=False)
    second, second_steps = module_with_steps(index, "giz", title="GIZ")
    LearningPathFactory(
        modules=[first, second],
        organisation_types=["jgh", "smw"],
        applies_from=today - datetime.timedelta(days=90),
    )
    for step in first_steps:
        progress.complete_step(sanne, step)
    progress.complete_step(yusuf, first_steps[0])
    progress.complete_step(lisa, first_steps[0], when=timezone.now() - datetime.timedelta(days=60))
    return {
        "lead": lead,
        "sanne": sanne,
        "yusuf": yusuf,
        "lisa": lisa,
        "tim": tim,
        "modules": (first, second),
        "teams": (noord, zuid, smw),
    }


def test_a_team_lead_sees_only_the_teams_they_lead(client, world):
    client.force_login(world["lead"])
    response = client.get(reverse("team"))
    assert response.status_code == 200
    assert response.context["nav_section"] == "team"
    names = {row.user.username for row in response.context["board"].rows}
    assert names == {"teamleider", "sanne", "yusuf", "lisa"}
    html = response.content.decode()
    assert "Mulder" not in html
    # status cells carry text, not only a colour
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert re.search(
        rf'lt-status--afgerond">Afgerond</span>\s*<br><span class="lt-muted">{today}</span>', html
    )
    assert re.search(r'lt-status--bezig">Bezig</span>\s*<br><span class="lt-muted">1 van 2</span>', html)
    assert "Loopt achter: einddatum verstreken" in html  # Lisa: 75 days in, 1 step done


def test_a_medewerker_gets_403_on_the_dashboard_the_export_and_member_pages(client, world):
    client.force_login(world["sanne"])
    assert client.get(reverse("team")).status_code == 403
    assert client.get(reverse("team_export")).status_code == 403
    assert client.get(reverse("team_member", args=[world["yusuf"].pk])).status_code == 403


def test_a_team_lead_gets_404_for_a_member_of_another_team(client, world):
    client.force_login(world["lead"])
    assert client.get(reverse("team_member", args=[world["tim"].pk])).status_code == 404
    assert client.get(reverse("team_member", args=[999999])).status_code == 404
    response = client.get(reverse("team_member", args=[world["lisa"].pk]))
    assert response.status_code == 200
    assert "GIZ" in response.content.decode()


def test_a_coordinator_sees_every_team(client, world, make_user):
    client.force_login(make_user(role="Coördinator"))
    response = client.get(reverse("team"))
    assert {r.user.username for r in response.context["board"].rows} >= {"sanne", "lisa", "tim"}
    assert client.get(reverse("team_member", args=[world["tim"].pk])).status_code == 200


def test_filters_by_team_module_and_status(client, world):
    client.force_login(world["lead"])
    first, second = world["modules"]
    noord, zuid, _smw = world["teams"]
    board = client.get(reverse("team"), {"team": zuid.pk}).context["board"]
    assert [r.user.username for r in board.rows] == ["lisa"]
    board = client.get(reverse("team"), {"module": first.pk, "status": "afgerond"}).context["board"]
    assert [r.user.username for r in board.rows] == ["sanne"]
    assert [m.pk for m in board.columns] == [first.pk]
    board = client.get(reverse("team"), {"status": "loopt-achter"}).context["board"]
    assert [r.user.username for r in board.rows] == ["lisa"]
    board = client.get(reverse("team"), {"status": "niet-begonnen", "module": second.pk}).context["board"]
    assert {r.user.username for r in board.rows} == {"teamleider", "sanne", "yusuf", "lisa"}


def test_a_team_the_lead_does_not_lead_or_nonsense_filters_are_ignored_with_a_message(client, world):
    client.force_login(world["lead"])
    smw = world["teams"][2]
    response = client.get(
        reverse("team"), {"team": smw.pk, "status": "<script>", "sort": "x", "module": "abc"}
    )
    assert response.status_code == 200
    assert "tim" not in {r.user.username for r in response.context["board"].rows}
    assert "Een filter was niet geldig" in response.content.decode()


def test_sorting(client, world):
    client.force_login(world["lead"])

    def names(sort):
        return [r.user.username for r in client.get(reverse("team"), {"sort": sort}).context["board"].rows]

    # Dutch order: Bakker, Hoekstra, (teamleider: no surname, by first name "Naam…"), de Vries
    assert names("naam") == ["yusuf", "lisa", "teamleider", "sanne"]
    assert names("start")[0] == "yusuf"
    assert names("einddatum")[:2] == ["lisa", "yusuf"]
    assert names("voortgang")[-1] == "sanne"


def test_the_export_is_excel_friendly_csv_with_the_same_data(client, world):
    client.force_login(world["lead"])
    response = client.get(reverse("team_export"), {"team": world["teams"][0].pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Naam", "Gebruikersnaam", "Team", "Functie", "Startdatum"]
    assert rows[0][-6:] == [
        "De toegang: status",
        "De toegang: stappen afgerond",
        "De toegang: afgerond op",
        "GIZ: status",
        "GIZ: stappen afgerond",
        "GIZ: afgerond op",
    ]
    by_user = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_user) == {"teamleider", "sanne", "yusuf"}
    yusuf, sanne = by_user["yusuf"], by_user["sanne"]
    assert [yusuf["De toegang: status"], yusuf["De toegang: stappen afgerond"], yusuf["GIZ: status"]] == [
        "Bezig",
        "1",
        "Niet begonnen",
    ]
    assert sanne["De toegang: status"] == "Afgerond"
    assert sanne["De toegang: afgerond op"] == timezone.localdate().isoformat()
    assert yusuf["Startdatum"] == (timezone.localdate() - datetime.timedelta(days=12)).isoformat()
    assert yusuf["Leerpad afronden vóór"] and yusuf["Leerpad: modules afgerond"] == "0"
    # one date format: every cell that looks like a date is ISO 8601
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", cell)]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) for cell in cells if re.search(r"\d{4}-\d", cell))


def test_names_sort_under_the_surname_without_tussenvoegsel_on_the_page_and_in_the_export(
    client, world, make_user
):
    noord = world["teams"][0]
    for username, first, last in [
        ("ilse", "Ilse", "van Dam"),
        ("kees", "Kees", "van der Berg"),
        ("anna", "Anna", "Ter Horst"),
        ("wim", "Wim", "Visser"),
        ("bram", "Bram", "de Vries"),
        ("emre", "Emre", "Özdemir"),
    ]:
        user = make_user(team=noord, username=username)
        user.first_name, user.last_name = first, last
        user.save()
    for key, first in [("sanne", "Sanne"), ("yusuf", "Yusuf")]:
        world[key].first_name = first
        world[key].save()
    expected = [
        "Yusuf Bakker",
        "Kees van der Berg",
        "Ilse van Dam",
        "Anna Ter Horst",
        "Emre Özdemir",
        "Wim Visser",
        "Bram de Vries",
        "Sanne de Vries",
    ]
    client.force_login(world["lead"])
    html = client.get(reverse("team"), {"team": noord.pk, "sort": "naam"}).content.decode()
    positions = [html.index(f">{name}<") for name in expected]
    assert positions == sorted(positions)
    text = client.get(reverse("team_export"), {"team": noord.pk, "sort": "naam"}).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    in_export = [row[0] for row in rows[1:] if row[0] in expected]
    assert in_export == expected


def test_the_export_neutralises_formulas_in_names(client, world):
    sanne = world["sanne"]
    sanne.first_name, sanne.last_name = "=HYPERLINK(1)", ""
    sanne.save()
    sanne.profile.job_title = "@SUM(A1)"
    sanne.profile.save()
    client.force_login(world["lead"])
    response = client.get(reverse("team_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="teamvoortgang-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    row = next(row for row in rows if row[1] == sanne.username)
    assert row[0] == "'=HYPERLINK(1)" and row[3] == "'@SUM(A1)"


def add_members(team, count, modules):
    """``count`` members with some progress, in bulk."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(username=f"bulk{start + i}", first_name="Bulk", last_name=f"{i:04d}") for i in range(count)]
    )
    today = timezone.localdate()
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=u, team=team, start_date=today - datetime.timedelta(days=i % 120))
            for i, u in enumerate(users)
        ]
    )
    steps = progress.steps_by_module(modules)
    now = timezone.now()
    completions, module_completions = [], []
    for i, user in enumerate(users):
        for module in modules[: i % (len(modules) + 1)]:
            for step in steps[module.pk]:
                completions.append(
                    StepCompletion(
                        user=user, page_id=step.id, module=module, completed_at=now, last_completed_at=now
                    )
                )
            module_completions.append(
                ModuleCompletion(user=user, module=module, completed_at=now, expires_at=now)
            )
    StepCompletion.objects.bulk_create(completions)
    ModuleCompletion.objects.bulk_create(module_completions)


@pytest.mark.parametrize("url", [reverse("team"), reverse("team_export")])
def test_dashboard_and_export_run_the_same_number_of_queries_for_5_and_500_members(
    client, world, url, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["lead"])
    noord = world["teams"][0]
    modules = list(world["modules"])
    params = {"team": noord.pk}
    client.get(url, params)  # warm caches (content types, site root paths)
    add_members(noord, 5 - noord.members.count(), modules)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url, params)
    assert response.status_code == 200
    assert noord.members.count() == 5
    add_members(noord, 495, modules)
    with django_assert_num_queries(len(small)):
        response = client.get(url, params)
    lines = response.content.decode().strip().splitlines()
    assert noord.members.count() == 500
    if url == reverse("team"):
        assert len(response.context["board"].rows) == 500
    else:
        assert len(lines) == 501


def test_the_summary_per_team_counts_and_its_counts_filter(client, world):
    client.force_login(world["lead"])
    noord, zuid, _smw = world["teams"]
    response = client.get(reverse("team"))
    summaries = {summary.team.name: summary for summary in response.context["board"].summaries}
    assert set(summaries) == {"JGH Noord", "JGH Zuid"}
    assert summaries["JGH Zuid"].counts() == [
        ("op-schema", 0),
        ("loopt-achter", 1),
        ("opfrissen", 0),
        ("niet-begonnen", 0),
    ]
    noord_counts = dict(summaries["JGH Noord"].counts())
    assert summaries["JGH Noord"].members == 3
    html = response.content.decode()
    assert "Samenvatting per team" in html
    assert f'href="?team={zuid.pk}&amp;status=loopt-achter">1 loopt achter</a>' in html
    for value, count in noord_counts.items():
        board = client.get(reverse("team"), {"team": noord.pk, "status": value}).context["board"]
        assert len(board.rows) == count, value
    assert noord_counts["op-schema"] >= 1 and noord_counts["niet-begonnen"] >= 1
    on_time = client.get(reverse("team"), {"team": noord.pk, "status": "op-schema"}).context["board"]
    assert "yusuf" in {row.user.username for row in on_time.rows}
    not_started = client.get(reverse("team"), {"team": noord.pk, "status": "niet-begonnen"}).context["board"]
    assert "teamleider" in {row.user.username for row in not_started.rows}
    assert {"sanne", "yusuf"}.isdisjoint(row.user.username for row in not_started.rows)


def test_the_module_columns_have_short_headings_with_the_full_title(client, world):
    client.force_login(world["lead"])
    html = client.get(reverse("team")).content.decode()
    assert '<abbr title="De toegang">Toegang</abbr>' in html and '<abbr title="GIZ">GIZ</abbr>' in html


def test_back_to_the_team_overview_keeps_the_filters_and_nothing_else(client, world):
    client.force_login(world["lead"])
    zuid = world["teams"][1]
    params = {"team": zuid.pk, "status": "loopt-achter", "sort": "start"}
    html = client.get(reverse("team"), params).content.decode()
    member_url = reverse("team_member", args=[world["lisa"].pk])
    link = re.search(rf'href="({re.escape(member_url)}[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    back = re.search(r'href="([^"]*)">Terug naar het teamoverzicht', response.content.decode()).group(1)
    assert back == reverse("team") + f"?team={zuid.pk}&amp;status=loopt-achter&amp;sort=start"
    board = client.get(back.replace("&amp;", "&")).context["board"]
    assert [row.user.username for row in board.rows] == ["lisa"]

    # only the overview's own parameters come back, on /team/ itself
    evil = f"{member_url}?terug=" + "next%3Dhttps%3A%2F%2Fevil.example%26team%3D1%26x%3D%22%3E%3Cscript%3E"
    html = client.get(evil).content.decode()
    back = re.search(r'href="([^"]*)">Terug naar het teamoverzicht', html).group(1)
    assert back == reverse("team") + "?team=1"
    assert "<script>" not in html and "evil.example" not in html
    plain = client.get(member_url).content.decode()
    assert f'href="{reverse("team")}">Terug naar het teamoverzicht' in plain


def test_the_summary_runs_the_same_number_of_queries_for_5_and_500_members(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["lead"])
    noord = world["teams"][0]
    modules = list(world["modules"])
    client.get(reverse("team"))  # warm caches
    add_members(noord, 5 - noord.members.count(), modules)
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("team"), {"status": "loopt-achter"})
    before = {summary.team.name: summary.members for summary in response.context["board"].summaries}
    add_members(noord, 495, modules)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("team"), {"status": "loopt-achter"})
    after = {summary.team.name: summary.members for summary in response.context["board"].summaries}
    assert after == {**before, "JGH Noord": 500}
