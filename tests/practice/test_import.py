"""Oefengesprekken as leerstof files: the real files follow the rules, the import is idempotent
and leaves a page edited in the admin alone, and a broken file names its problem."""

import pytest

from modules.leerstof_import import LeerstofError
from modules.models import ModulePage
from practice.leerstof_import import LEERSTOF_DIR, import_scenarios, parse_scenario, read_scenarios
from practice.models import ScenarioPage
from tests.kaart.factories import VoorzieningFactory
from tests.modules.factories import leerplan_modules

GOALS = {"giz": 5, "kostenbewust-handelen": 5, "voorliggende-voorzieningen": 5}


def test_the_real_files_have_six_decision_nodes_two_endings_and_sources():
    sources = read_scenarios(goal_counts=GOALS)
    assert {s.module for s in sources} == set(GOALS)
    for source in sources:
        nodes = [b for b in source.stream if b["type"] == "node"]
        endings = [b for b in source.stream if b["type"] == "ending"]
        assert len(nodes) >= 6 and len(endings) >= 2, source.path
        assert any(e["value"]["good"] for e in endings), source.path
        for block in nodes:
            for choice in block["value"]["choices"]:
                assert choice["value"]["goal"] and choice["value"]["feedback"], (
                    source.path,
                    block["value"]["key"],
                )
        assert ".txt" not in source.sources and ".txt" in source.source_notes  # no seed file for learners
        assert "Zoetermeer" in source.intro  # which municipality the rules are from


def test_the_drill_offers_sociale_kaart_entries():
    drill = next(s for s in read_scenarios(goal_counts=GOALS) if s.module == "voorliggende-voorzieningen")
    assert len({key for _line, key in drill.voorzieningen}) >= 10


def write(tmp_path, body, name="test.md"):
    text = (
        "---\ntitle: Test\nslug: oefengesprek-test\nmodule: giz\n"
        "bronnen:\n  - NCJ, Wat is GIZ: ncj.nl/giz\n---\nIntro.\n\n" + body
    )
    (tmp_path / name).write_text(text, encoding="utf-8")
    return text


GOOD = """:::knoop start Begin
Situatie.
--- keuze einde | doel 1 | +1
Goed.
--- feedback
Waarom goed.
--- keuze slecht | doel 1 | −1
Fout.
--- feedback
Waarom fout.
:::

:::einde einde goed Klaar
Gelukt.
:::

:::einde slecht slecht Mis
Niet gelukt.
:::
"""


def test_a_dead_end_in_a_file_names_the_node(tmp_path):
    text = write(tmp_path, GOOD.replace("--- keuze slecht", "--- keuze nergens"))
    with pytest.raises(LeerstofError) as error:
        parse_scenario(text, "test.md")
    assert "Knoop “Begin” (start): keuze 2 leidt nergens heen" in str(error.value)
    assert "Einde “Mis” (slecht) is vanaf het begin niet bereikbaar." in str(error.value)


def test_a_broken_line_names_the_line(tmp_path):
    text = write(tmp_path, GOOD.replace("| +1", "| heel goed"))
    with pytest.raises(LeerstofError) as error:
        parse_scenario(text, "test.md")
    assert "test.md, regel 12" in str(error.value) and "heel goed" in str(error.value)


@pytest.mark.django_db
def test_the_import_is_idempotent_and_skips_a_page_edited_in_the_admin(site_tree):
    _home, index = site_tree
    leerplan_modules(index, only=set(GOALS))
    ModulePage.objects.filter(slug__in=GOALS).update(learning_goals="een\ntwee\ndrie\nvier\nvijf")
    drill = next(s for s in read_scenarios(goal_counts=GOALS) if s.module == "voorliggende-voorzieningen")
    for key in {key for _line, key in drill.voorzieningen}:
        VoorzieningFactory(slug=key, name=key.replace("-", " ").capitalize())
    first = import_scenarios()
    assert [line.status for line in first] == ["nieuw"] * 3
    giz = ScenarioPage.objects.get(slug="oefengesprek-specialistische-hulp")
    module = ModulePage.objects.get(slug="giz")
    assert giz.get_parent().pk == module.pk
    assert [line.status for line in import_scenarios()] == ["ongewijzigd"] * 3
    # a coordinator edits the page: the import leaves it alone
    giz.title = "Aangepast in de admin"
    giz.save_revision()
    statuses = {line.path: line.status for line in import_scenarios()}
    assert statuses["oefengesprekken/giz-specialistische-hulp.md"] == "overgeslagen"
    assert ScenarioPage.objects.count() == 3


@pytest.mark.django_db
def test_an_unknown_voorziening_stops_the_import(site_tree):
    _home, index = site_tree
    leerplan_modules(index, only=set(GOALS))
    ModulePage.objects.filter(slug__in=GOALS).update(learning_goals="een\ntwee\ndrie\nvier\nvijf")
    with pytest.raises(LeerstofError) as error:
        import_scenarios()
    assert "staat niet in de sociale kaart" in str(error.value)
    assert not ScenarioPage.objects.exists()


def test_the_folder_is_the_one_documented():
    assert LEERSTOF_DIR.name == "leerstof" and LEERSTOF_DIR.parent.name == "practice"
