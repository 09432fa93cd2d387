"""import_leerstof: the Markdown source files become modules and lessons, idempotently."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page

from content.markdown import markdown_to_text
from modules.leerstof_import import (
    LEERSTOF_DIR,
    LeerstofError,
    import_leerstof,
    parse_body,
    parse_front_matter,
    read_leerstof,
)
from modules.models import LeerstofImport, LessonPage, ModulePage, StepCompletion
from modules.study_time import accreditation_hours, lesson_minutes

from .factories import write_lesson, write_module


def run_import(*args, **kwargs):
    out = StringIO()
    call_command("import_leerstof", *args, stdout=out, **kwargs)
    return out.getvalue()


def lesson_words(lesson):
    return len(" ".join(lesson.body.stream_block.get_searchable_content(lesson.body)).split())


# ----------------------------------------------------------------------------- the parser


def test_front_matter_reads_values_lists_and_colons_in_values():
    meta, body, body_line = parse_front_matter(
        "---\ntitle: De toegang: wie doet wat\nminutes: 20\nlearning_goals:\n  - een\n  - twee: drie\n"
        "---\nDe tekst.\n",
        "x.md",
    )
    assert meta == {
        "title": "De toegang: wie doet wat",
        "minutes": "20",
        "learning_goals": ["een", "twee: drie"],
    }
    assert body.strip() == "De tekst."
    assert body_line == 8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n---\n", "regel 1"),
        ("---\ntitle: x\n", "niet afgesloten"),
        ("---\ntitle: x\ntitle: y\n---\n", "regel 3: 'title' staat twee keer"),
        ("---\nTitel zonder sleutel\n---\n", "regel 2"),
    ],
)
def test_front_matter_errors_name_the_file_and_line(text, message):
    with pytest.raises(LeerstofError, match=re.escape(message)) as error:
        parse_front_matter(text, "01-giz/01-les.md")
    assert "01-giz/01-les.md" in str(error.value)


def test_body_becomes_markdown_callout_casus_and_voorzieningen_blocks():
    blocks = parse_body(
        "Opening.\n\n## Kern\n\n:::let-op Pas op\nNiet doen.\n:::\n\n"
        ":::casus Een vader\nDe situatie.\n--- vraag\nWat doe je?\n--- uitwerking\nJe luistert.\n:::\n\n"
        ":::voorzieningen welzijn\nAanbod in de wijk.\n:::\n\n"
        ":::tip\nZonder titel.\n:::\n\n## Bronnen\n\n- bron\n",
        "a.md",
    )
    assert [b["type"] for b in blocks] == [
        "markdown",
        "callout",
        "casus",
        "voorzieningen",
        "callout",
        "markdown",
    ]
    assert blocks[0]["value"] == "Opening.\n\n## Kern"
    assert blocks[1]["value"] == {"kind": "let-op", "title": "Pas op", "text": "Niet doen."}
    assert blocks[2]["value"] == {
        "title": "Een vader",
        "situation": "De situatie.",
        "question": "Wat doe je?",
        "answer": "Je luistert.",
    }
    assert blocks[3]["value"] == {"intro": "Aanbod in de wijk.", "category_slug": "welzijn", "limit": 6}
    assert blocks[4]["value"]["title"] == ""
    assert blocks[5]["value"] == "## Bronnen\n\n- bron"
    # Parsing the same file again gives the same block ids (no churn in the revisions).
    again = parse_body("Opening.\n\n## Kern\n\n:::let-op Pas op\nNiet doen.\n:::\n", "a.md")
    assert [b["id"] for b in again] == [b["id"] for b in blocks[:2]]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (":::waarschuwing\ntekst\n:::\n", "regel 5: onbekend blok ':::waarschuwing'"),
        ("tekst\n:::tip\nnooit dicht\n", "regel 6: ':::tip' wordt niet afgesloten"),
        (":::casus Titel\nsituatie\n--- uitwerking\nantwoord\n:::\n", "komt vóór '--- vraag'"),
        (":::casus Titel\nsituatie\n--- vraag\nvraag\n:::\n", "mist '--- uitwerking' met tekst"),
        (":::casus\nsituatie\n:::\n", "mist een titel"),
        (":::voorzieningen\n:::\n", "mist de categorie"),
        (":::tip\n:::let-op\n:::\n", "nieuw blok binnen"),
        ("tekst\n:::\n", "sluit een blok dat niet geopend is"),
    ],
)
def test_body_errors_are_clear_and_point_at_the_line(body, message):
    with pytest.raises(LeerstofError, match=re.escape(message)):
        parse_body(body, "01-giz/01-les.md", first_line=5)


def test_real_leerstof_parses_into_six_modules_and_22_lessons_ending_with_sources():
    modules = read_leerstof(LEERSTOF_DIR)
    assert [m.slug for m in modules] == [
        "toegang-zoetermeer",
        "giz",
        "positieve-gezondheid",
        "beter-samenspel",
        "kostenbewust-handelen",
        "voorliggende-voorzieningen",
    ]
    assert sum(len(m.lessons) for m in modules) == 22
    for module in modules:
        assert len(module.lessons) >= 3, module.slug
        for lesson in module.lessons:
            last = lesson.body[-1]
            assert last["type"] == "markdown", lesson.path
            assert last["value"].lstrip().startswith("## Bronnen") or "\n## Bronnen" in last["value"]
            headings = re.findall(r"^## (.+)$", last["value"], flags=re.M)
            assert headings[-1].strip() == "Bronnen", lesson.path


# ----------------------------------------------------------------------------- importing


@pytest.fixture
def real_leerstof(site_tree):
    return import_leerstof()


@pytest.mark.django_db
def test_import_of_the_real_leerstof_builds_the_leerplan(real_leerstof):
    home, index = Page.objects.get(slug="home"), Page.objects.get(slug="modules")
    modules = list(ModulePage.objects.child_of(index).live().order_by("path"))
    assert [m.title for m in modules][:2] == [
        "De toegang in Zoetermeer: wie doet wat",
        "GIZ — Gezamenlijk Inschatten Zorgbehoeften",
    ]
    assert len(modules) == 6
    lessons = LessonPage.objects.live().descendant_of(home)
    assert lessons.count() == 22
    assert all(m.get_children().live().count() >= 3 for m in modules)
    words = sum(lesson_words(lesson) for lesson in lessons)
    assert words >= 8000, words
    giz = ModulePage.objects.get(slug="giz")
    giz_steps = [page.specific for page in giz.get_children().live()]
    assert giz.estimated_minutes == sum(step.estimated_minutes for step in giz_steps)  # the sum of its steps
    assert giz.accreditation_hours == accreditation_hours(giz.estimated_minutes) and giz.refresh_months == 24
    assert len(giz.learning_goal_list) >= 3 and giz.audience
    for lesson in lessons:
        last_block = list(lesson.body)[-1]
        assert last_block.block_type == "markdown"
        html = str(last_block.render())
        assert re.findall(r"<h2>(.*?)</h2>", html)[-1] == "Bronnen", lesson.title
        assert "<li>" in html.split("<h2>Bronnen</h2>")[-1]
    assert real_leerstof.count("nieuw") == 28


@pytest.mark.django_db
def test_second_import_reports_everything_unchanged_and_keeps_page_ids(real_leerstof):
    ids = dict(LeerstofImport.objects.values_list("source_path", "page_id"))
    revisions = dict(LeerstofImport.objects.values_list("source_path", "revision_id"))
    output = run_import("-v", "2")
    assert output.count("ongewijzigd — ") == 28
    assert "0 nieuw, 0 bijgewerkt, 28 ongewijzigd, 0 overgeslagen" in output
    assert dict(LeerstofImport.objects.values_list("source_path", "page_id")) == ids
    assert dict(LeerstofImport.objects.values_list("source_path", "revision_id")) == revisions


@pytest.fixture
def small_leerstof(tmp_path, site_tree):
    write_module(
        tmp_path, 1, "eerste", "Eerste module", lessons=[("a", "Les A"), ("b", "Les B"), ("c", "Les C")]
    )
    write_module(tmp_path, 2, "tweede", "Tweede module", lessons=[("d", "Les D")])
    import_leerstof(tmp_path)
    return tmp_path


@pytest.mark.django_db
def test_imported_pages_are_published_with_all_fields(small_leerstof):
    module = ModulePage.objects.get(slug="eerste")
    assert module.live and module.url == "/modules/eerste/"
    assert module.learning_goal_list == ["het eerste doel", "het tweede doel"]
    assert module.intro == "Intro van Eerste module."
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    assert [lesson.title for lesson in lessons] == ["Les A", "Les B", "Les C"]
    lesson = lessons[0]
    assert lesson.live and lesson.estimated_minutes == 15 and lesson.region == "ZM, LR"
    assert [block.block_type for block in lesson.body] == ["markdown", "callout", "casus", "markdown"]
    assert lesson.live_revision_id == lesson.latest_revision_id


@pytest.mark.django_db
def test_changed_source_updates_the_page_in_place_and_progress_survives(small_leerstof, make_user):
    lesson = LessonPage.objects.get(slug="a")
    learner = make_user()
    StepCompletion.objects.create(
        user=learner,
        page=lesson,
        module=lesson.get_parent().specific,
        completed_at=timezone.now(),
        last_completed_at=timezone.now(),
    )
    write_lesson(
        small_leerstof / "01-eerste", 1, "a", "Les A, herschreven", body="Nieuwe tekst.\n\n## Bronnen\n\n- x"
    )
    output = run_import("--bron", str(small_leerstof))
    assert "bijgewerkt — les “Les A, herschreven” (01-eerste/01-a.md)" in output
    lesson.refresh_from_db()
    assert lesson.title == "Les A, herschreven"
    assert "Nieuwe tekst." in str(lesson.body[0].render())
    assert LessonPage.objects.get(slug="a").pk == lesson.pk
    assert StepCompletion.objects.filter(user=learner, page=lesson).exists()


@pytest.mark.django_db
def test_lesson_edited_in_the_admin_is_skipped_with_the_reason(small_leerstof, make_user):
    lesson = LessonPage.objects.get(slug="b")
    lesson.body = [{"type": "markdown", "value": "Door de coördinator geschreven."}]
    lesson.save_revision(user=make_user("Coördinator"))  # a draft is an edit too
    write_lesson(small_leerstof / "01-eerste", 2, "b", "Les B", body="Uit het bestand.\n\n## Bronnen\n\n- x")
    output = run_import("--bron", str(small_leerstof))
    assert "overgeslagen: in de admin bewerkt — les “Les B” (01-eerste/02-b.md)" in output
    lesson.refresh_from_db()
    assert "Door de coördinator geschreven." in str(lesson.get_latest_revision_as_object().body[0].render())


@pytest.mark.django_db
def test_overschrijven_takes_the_file_again_for_an_edited_lesson(small_leerstof, make_user):
    lesson = LessonPage.objects.get(slug="b")
    lesson.body = [{"type": "markdown", "value": "Door de coördinator geschreven."}]
    lesson.save_revision(user=make_user("Coördinator")).publish()
    output = run_import("--bron", str(small_leerstof), "--overschrijven", "01-eerste/02-b.md")
    assert "bijgewerkt — les “Les B” (01-eerste/02-b.md)" in output
    lesson.refresh_from_db()
    assert "Uitleg over Les B." in str(lesson.body.render_as_block())
    assert "ongewijzigd — les “Les B”" in run_import("--bron", str(small_leerstof), "-v", "2")
    with pytest.raises(CommandError, match="onbekend bronbestand"):
        run_import("--bron", str(small_leerstof), "--overschrijven", "99-x/01-y.md")


@pytest.mark.django_db
def test_new_lesson_is_placed_after_its_predecessor_before_pages_added_in_the_admin(small_leerstof):
    module = ModulePage.objects.get(slug="tweede")
    extra = LessonPage(title="Extra uit de admin", slug="extra", body=[])
    module.add_child(instance=extra)
    write_lesson(small_leerstof / "02-tweede", 2, "e", "Les E")
    output = run_import("--bron", str(small_leerstof))
    assert "nieuw — les “Les E”" in output
    titles = [page.title for page in module.get_children().order_by("path")]
    assert titles == ["Les D", "Les E", "Extra uit de admin"]


@pytest.mark.django_db
def test_dry_run_reports_but_saves_nothing(tmp_path, site_tree):
    write_module(tmp_path, 1, "proef", lessons=[("x", "Les X")])
    output = run_import("--bron", str(tmp_path), "--dry-run")
    assert "nieuw — module" in output and "Proefdraai (niets opgeslagen)" in output
    assert not ModulePage.objects.filter(slug="proef").exists()
    assert not LeerstofImport.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_stops_the_import_before_anything_is_saved(tmp_path, site_tree):
    write_module(tmp_path, 1, "goed", lessons=[("x", "Les X")])
    folder = write_module(tmp_path, 2, "fout", lessons=[])
    (folder / "01-kapot.md").write_text("---\ntitle: Kapot\nslug: kapot\n---\n:::tip\nnooit dicht\n")
    with pytest.raises(CommandError) as error:
        run_import("--bron", str(tmp_path))
    assert "02-fout/01-kapot.md, regel 5" in str(error.value)
    assert "niets opgeslagen" in str(error.value)
    assert not ModulePage.objects.filter(slug="goed").exists()


@pytest.mark.django_db
def test_existing_page_with_the_same_slug_is_not_taken_over(tmp_path, site_tree):
    _, index = site_tree
    index.add_child(instance=ModulePage(title="Handgemaakt", slug="hand", intro="Eigen tekst"))
    write_module(tmp_path, 1, "hand", "Uit bestand", lessons=[("x", "Les X")])
    output = run_import("--bron", str(tmp_path))
    assert "overgeslagen: er staat al een pagina met deze slug" in output
    assert ModulePage.objects.get(slug="hand").title == "Handgemaakt"
    assert "nieuw — les “Les X”" in output  # the lessons still land in the module


@pytest.mark.django_db
def test_voorzieningen_directive_is_stored_with_the_block_contract(tmp_path, site_tree):
    from content.kaart.references import pages_showing
    from tests.kaart.factories import CategoryFactory, VoorzieningFactory

    entry = VoorzieningFactory(category=CategoryFactory(slug="schuldhulp"))
    folder = write_module(tmp_path, 1, "kaart", lessons=[])
    write_lesson(
        folder, 1, "v", "Les V", body=":::voorzieningen schuldhulp\nHulp bij geld.\n:::\n\n## Bronnen\n\n- x"
    )
    import_leerstof(tmp_path)
    block = LessonPage.objects.get(slug="v").body[0]
    assert block.block_type == "voorzieningen"
    value = dict(block.value)
    assert {k: value[k] for k in ("intro", "category_slug", "limit")} == {
        "intro": "Hulp bij geld.",
        "category_slug": "schuldhulp",
        "limit": 6,
    }
    assert [page.pk for page in pages_showing(entry)] == [LessonPage.objects.get(slug="v").pk]  # indexed


def test_lesson_words_counts_readable_text_only():
    assert len(markdown_to_text("## Kop\n\n**Twee** woorden").split()) == 3


# ----------------------------------------------------------------------------- study time


def test_the_study_time_rule():
    assert lesson_minutes(words=770, casus=1, doe_opdrachten=1) == 15  # 3.85 + 4 + 5 = 12.85 → 15
    assert lesson_minutes(words=1000) == 5
    assert lesson_minutes(words=1001) == 10
    assert lesson_minutes(words=0) == 5
    assert str(accreditation_hours(75)) == "1.5" and str(accreditation_hours(74)) == "1.0"
    assert str(accreditation_hours(105)) == "2.0" and str(accreditation_hours(0)) == "0.0"


@pytest.mark.django_db
def test_a_lesson_of_known_length_gets_the_rule_s_minutes_and_the_module_the_sum(tmp_path, site_tree):
    words = " ".join(["woord"] * 1100)
    body = (
        f"{words}\n\n:::casus Een gezin\nDe situatie.\n--- vraag\nWat doe je?\n--- uitwerking\nDoor.\n:::\n\n"
    )
    body += "## Doe-opdracht\n\nProbeer het.\n\n## Bronnen\n\n- Verbeterplan, gemeente Zoetermeer (2023)\n"
    folder = write_module(tmp_path, 1, "eerste", lessons=[("a", "Les A", body)])
    text = (folder / "01-a.md").read_text(encoding="utf-8").replace("minutes: 15\n", "")
    (folder / "01-a.md").write_text(text, encoding="utf-8")
    write_lesson(folder, 2, "b", "Les B")  # minutes: 15 in its front matter: an override
    import_leerstof(tmp_path)
    a, b = LessonPage.objects.get(slug="a"), LessonPage.objects.get(slug="b")
    # about 1110 words (with the casus and the doe-opdracht) → 5.6 min, + 4 casus + 5 doe-opdracht → 15
    assert (a.computed_minutes, a.estimated_minutes) == (15, 15)
    assert b.estimated_minutes == 15 and b.computed_minutes == 5  # the override, the rule's value kept
    module = ModulePage.objects.get(slug="eerste")
    assert module.estimated_minutes == 30 and str(module.accreditation_hours) == "0.5"
    second = import_leerstof(tmp_path)
    assert second.count("ongewijzigd") == 3  # the recomputed module still counts as imported
