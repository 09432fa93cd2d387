"""`manage.py import_quizzes` / `export_gift` and the GIFT views in the admin."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from modules.models import LessonPage
from quizzes.gift import parse_gift
from quizzes.importing import export_quiz
from quizzes.models import QuizPage
from tests.assertions import assert_sent_to_admin_login

from .factories import QuizPageFactory, module_with_lessons

pytestmark = pytest.mark.django_db

LEERSTOF = Path(__file__).resolve().parents[2] / "quizzes" / "leerstof"
SLUGS = [
    "toegang-zoetermeer",
    "giz",
    "positieve-gezondheid",
    "beter-samenspel",
    "kostenbewust-handelen",
    "voorliggende-voorzieningen",
]


def run(*args, **options):
    out = io.StringIO()
    call_command("import_quizzes", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def modules(site_tree):
    _home, index = site_tree
    return {slug: module_with_lessons(index, slug, lessons=2) for slug in SLUGS}


def test_import_creates_a_quiz_as_last_step_of_every_module(modules):
    output = run()
    assert output.count("aangemaakt") == 7  # six eindtoetsen and the GIZ voortoets
    for slug, module in modules.items():
        steps = list(module.get_children().specific())
        quiz = steps[-1]
        assert isinstance(quiz, QuizPage) and quiz.slug == "toets" and quiz.live
        assert quiz.title.startswith("Toets")
        assert (quiz.pass_mark, quiz.max_attempts, quiz.shuffle_questions, quiz.shuffle_options) == (
            80,
            3,
            True,
            True,
        )
        assert len(quiz.question_data) >= 12
        assert all(q.explanation and q.source for q in quiz.question_data)
        # the file's questions in file order (a dropped question leaves its number unused)
        in_file = parse_gift((LEERSTOF / f"{slug}.gift").read_text()).questions
        assert [q.key for q in quiz.question_data] == [q.key for q in in_file]
        assert quiz.url == f"/modules/{slug}/toets/"


def test_import_is_idempotent(modules):
    run()
    before = {q.pk: (q.latest_revision_id, [c.id for c in q.questions]) for q in QuizPage.objects.all()}
    output = run()
    assert output.count("ongewijzigd") == 7
    after = {q.pk: (q.latest_revision_id, [c.id for c in q.questions]) for q in QuizPage.objects.all()}
    assert before == after
    assert QuizPage.objects.count() == 7


def test_a_voortoets_opens_its_module_with_its_own_questions(modules):
    run()
    steps = list(modules["giz"].get_children().specific())
    voortoets, eindtoets = steps[0], steps[-1]
    assert isinstance(voortoets, QuizPage) and voortoets.role == "voortoets" and voortoets.live
    assert voortoets.url == "/modules/giz/voortoets/" and voortoets.max_attempts == 1
    # Parallel items (same goals, other questions), so the voortoets does not leak the eindtoets.
    assert not {q.key for q in voortoets.question_data} & {q.key for q in eindtoets.question_data}
    assert eindtoets.role == "eindtoets" and len(voortoets.question_data) == 6
    # Moved away from the start (e.g. by hand), the next import puts it back.
    voortoets.move(modules["giz"], pos="last-child")
    assert "verplaatst naar de eerste stap" in run()
    assert modules["giz"].get_first_child().specific.role == "voortoets"


def test_missing_module_is_skipped_with_a_message(site_tree):
    _home, index = site_tree
    module_with_lessons(index, "giz")
    output = run()
    assert "giz.gift: aangemaakt" in output
    assert "beter-samenspel.gift: overgeslagen" in output and "bestaat nog niet" in output
    assert QuizPage.objects.count() == 2  # the GIZ voortoets and eindtoets


def test_quiz_edited_in_the_admin_is_not_overwritten(modules, coordinator, tmp_path):
    run()
    quiz = QuizPage.objects.child_of(modules["giz"]).get(slug="toets")
    edited = quiz.get_latest_revision_as_object()
    edited.pass_mark = 70
    edited.save_revision(user=coordinator).publish()
    folder = tmp_path / "leerstof"
    shutil.copytree(LEERSTOF, folder)
    giz = folder / "giz.gift"
    giz.write_text(giz.read_text().replace("Welke uitleg klopt?", "Welke uitleg is juist?"))
    output = run(dir=str(folder))
    assert "giz.gift: overgeslagen (sinds de import bewerkt in het beheer)" in output
    quiz.refresh_from_db()
    assert quiz.pass_mark == 70
    assert quiz.question_data[0].text == "Welke uitleg klopt?"
    # --force does overwrite
    assert "giz.gift: bijgewerkt" in run(dir=str(folder), force=True)


def test_changed_file_updates_the_quiz_and_keeps_keys_and_option_keys(modules, tmp_path):
    run()
    quiz = QuizPage.objects.child_of(modules["giz"]).get(slug="toets")
    option_keys = {q.key: q.option_keys() for q in quiz.question_data}
    folder = tmp_path / "leerstof"
    shutil.copytree(LEERSTOF, folder)
    giz = folder / "giz.gift"
    giz.write_text(giz.read_text().replace("Welke uitleg klopt?", "Welke uitleg is juist?"))
    output = run(dir=str(folder))
    assert "giz.gift: bijgewerkt" in output
    assert output.count("ongewijzigd") == 6
    quiz = QuizPage.objects.get(pk=quiz.pk)
    assert quiz.question_data[0].text == "Welke uitleg is juist?"
    assert {q.key: q.option_keys() for q in quiz.question_data} == option_keys


def test_quiz_moves_back_to_the_last_step(modules):
    run()
    module = modules["giz"]
    module.add_child(instance=LessonPage(title="Nieuwe les", slug="nieuwe-les"))
    run()
    assert module.get_children().last().specific_class is QuizPage


def test_malformed_file_imports_nothing_and_names_its_lines(modules, tmp_path):
    folder = tmp_path / "leerstof"
    shutil.copytree(LEERSTOF, folder)
    (folder / "kapot.gift").write_text("// module: giz\n\n::x:: Vraag {\n=a\n\n::y:: Nog een {~a ~b}\n")
    with pytest.raises(CommandError) as raised:
        run(dir=str(folder))
    message = str(raised.value)
    assert "kapot.gift: regel 3:" in message
    assert "kapot.gift: regel 6:" in message
    assert QuizPage.objects.count() == 0


@pytest.mark.parametrize("slug", [*SLUGS, "giz-voortoets"])
def test_export_then_import_gives_the_same_questions(modules, slug):
    run()
    module_slug, _, quiz_slug = slug.partition("-voortoets")
    quiz = QuizPage.objects.child_of(modules[module_slug]).get(
        slug="voortoets" if slug != module_slug else "toets"
    )
    original = parse_gift((LEERSTOF / f"{slug}.gift").read_text())
    exported = parse_gift(export_quiz(quiz))
    assert exported.questions == original.questions
    assert (exported.title, exported.module, exported.pass_mark, exported.intro) == (
        original.title,
        original.module,
        original.pass_mark,
        original.intro,
    )


def test_export_gift_command_writes_files(modules, tmp_path):
    run()
    out = io.StringIO()
    call_command("export_gift", "giz", stdout=out)
    assert parse_gift(out.getvalue()).module == "giz"
    call_command("export_gift", all=True, dir=str(tmp_path), stdout=io.StringIO())
    assert sorted(p.stem for p in tmp_path.glob("*.gift")) == sorted([*SLUGS, "giz-voortoets"])
    with pytest.raises(CommandError):
        call_command("export_gift", "bestaat-niet", stdout=io.StringIO())


# --------------------------------------------------------------------------- admin views


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_coordinator_downloads_a_quiz_as_gift(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    response = admin_client.get(reverse("quizzes_admin:gift_export", args=[quiz.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="giz-toets.gift"'
    parsed = parse_gift(response.content.decode())
    assert [q.key for q in parsed.questions] == ["q1", "q2", "q3", "q4"]
    assert parsed.questions[3].situation == "Een moeder belt over haar zoon."


def test_coordinator_uploads_a_gift_file_as_a_draft(admin_client, module, coordinator):
    quiz = QuizPageFactory(parent=module)
    upload = SimpleUploadedFile("giz.gift", (LEERSTOF / "giz.gift").read_bytes())
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "replace"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    quiz.refresh_from_db()
    assert [q.key for q in quiz.question_data] == ["q1", "q2", "q3", "q4"]  # live unchanged: a draft
    draft = quiz.get_latest_revision_as_object()
    assert [q.key for q in draft.question_data][:2] == ["giz-01", "giz-02"]
    assert quiz.latest_revision.user == coordinator
    # what the coordinator downloads now is the draft
    exported = parse_gift(
        admin_client.get(reverse("quizzes_admin:gift_export", args=[quiz.pk])).content.decode()
    )
    assert exported.questions == parse_gift((LEERSTOF / "giz.gift").read_text()).questions


def test_upload_in_append_mode_keeps_every_existing_question(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    before = QuizPage.objects.get(pk=quiz.pk).question_data
    gift = "// type: enkelvoudig\n::q1:: Nieuwe tekst? {=Ja ~Nee}\n\n::nieuw:: Extra vraag {=A ~B}\n"
    upload = SimpleUploadedFile("extra.gift", gift.encode())
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "append"}
    )
    assert response.status_code == 200  # the report names the renamed key
    assert "de nieuwe heeft de sleutel “q1-2” gekregen" in response.content.decode()
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [q.key for q in draft.question_data] == ["q1", "q2", "q3", "q4", "q1-2", "nieuw"]
    assert draft.question_data[:4] == before  # not one existing question changed
    assert draft.question_data[4].text == "Nieuwe tekst?"


def test_upload_in_update_mode_replaces_questions_with_the_same_key(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    gift = "// type: enkelvoudig\n::q1:: Nieuwe tekst? {=Ja ~Nee}\n\n::nieuw:: Extra vraag {=A ~B}\n"
    upload = SimpleUploadedFile("extra.gift", gift.encode())
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "update"}
    )
    assert response.status_code == 302
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [q.key for q in draft.question_data] == ["q1", "q2", "q3", "q4", "nieuw"]
    assert draft.question_data[0].text == "Nieuwe tekst?"


def test_upload_with_a_broken_question_imports_the_others_and_lists_it(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    upload = SimpleUploadedFile("half.gift", b"::a:: Vraag {=x ~y}\n\n::b:: Kapot {\n=x\n")
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "replace"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 vragen geïmporteerd" in html
    assert "Overgeslagen vragen" in html and "<td>b</td><td>3</td>" in html
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [q.key for q in draft.question_data] == ["a"]


def test_upload_with_nothing_importable_changes_nothing(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    revision = quiz.latest_revision_id
    upload = SimpleUploadedFile("kapot.gift", b"::a:: Kort antwoord {=x =y}\n\n::b:: Kapot {\n=x\n")
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "replace"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "er is niets geïmporteerd" in html
    assert "<td>a</td><td>1</td><td>kortantwoord</td>" in html
    quiz.refresh_from_db()
    assert quiz.latest_revision_id == revision


def test_upload_of_a_non_text_file_is_refused(admin_client, module):
    quiz = QuizPageFactory(parent=module)
    upload = SimpleUploadedFile("plaatje.gift", b"\x89PNG\x00\x00\xff\xfe")
    response = admin_client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]), {"file": upload, "mode": "replace"}
    )
    assert response.status_code == 200
    assert "geen UTF-8-tekst" in response.content.decode()


def test_medewerker_cannot_use_the_gift_views(client, module, medewerker):
    quiz = QuizPageFactory(parent=module)
    client.force_login(medewerker)
    for url in [
        reverse("quizzes_admin:gift_export", args=[quiz.pk]),
        reverse("quizzes_admin:gift_import", args=[quiz.pk]),
    ]:
        assert_sent_to_admin_login(client.get(url), url)
