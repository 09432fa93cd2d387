"""`manage.py import_questions` and the admin upload: one importer for GIFT and Moodle XML
(issue #10, acceptance 1 and 2). The --json contract, --append keeping every question,
--dry-run, a file with nothing importable, --force of import_quizzes, the export round trip,
and fuzzed files that never end in a traceback or a 500."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.gift import GiftParseError, parse_gift, read_gift
from quizzes.importing import export_quiz
from quizzes.models import QuizPage
from quizzes.moodle_xml import read_moodle_xml
from quizzes.question_import import import_reading, read_question_file

from .factories import QuizPageFactory

pytestmark = pytest.mark.django_db

MOODLE = Path(__file__).resolve().parent / "files" / "moodle"
LEERSTOF = Path(__file__).resolve().parents[2] / "quizzes" / "leerstof"


def run(*args, **options):
    out = io.StringIO()
    with translation.override("nl"):
        call_command("import_questions", *args, stdout=out, **options)
    return out.getvalue()


def draft(quiz):
    return QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()


# --------------------------------------------------------------------------- the command


def test_json_output_has_the_specified_shape(quiz):
    output = run(str(MOODLE / "questions.gift.txt"), quiz="giz/toets", json=True)
    result = json.loads(output)
    assert set(result) == {"imported", "skipped", "warnings"}
    assert result["imported"] == 5
    assert result["skipped"] == [
        {
            "title": "Q8",
            "line": 2,
            "type": "open vraag",
            "reason": "een leeg antwoordblok (een open vraag) wordt niet ondersteund.",
        },
        {
            "title": "Moodle activities",
            "line": 5,
            "type": "koppel",
            "reason": "koppelvragen worden niet ondersteund.",
        },
        {
            "title": "Q5",
            "line": 31,
            "type": "numeriek",
            "reason": "numerieke vragen worden niet ondersteund.",
        },
        {
            "title": "Shortanswer",
            "line": 34,
            "type": "kortantwoord",
            "reason": "kortantwoordvragen worden niet ondersteund.",
        },
    ]
    assert result["warnings"] == [
        "regel 49: de titel “2-08-tsl” wordt ook gebruikt door regel 46; "
        "deze vraag heeft de sleutel “2-08-tsl-2” gekregen."
    ]
    questions = draft(quiz).question_data
    assert [q.key for q in questions] == ["Q2", "colours", "Q1", "2-08-tsl", "2-08-tsl-2"]
    assert quiz.live  # the live quiz is untouched until someone publishes the draft
    assert [q.key for q in QuizPage.objects.get(pk=quiz.pk).question_data] == ["q1", "q2", "q3", "q4"]


def test_moodle_xml_through_the_command_with_positions(quiz):
    output = run(str(MOODLE / "nested_categories_with_questions.xml"), quiz=str(quiz.pk))
    assert (
        "Overgeslagen: “Kappa Essay Question” (vraag 2, open vraag): dit vraagtype wordt niet ondersteund."
        in output
    )
    assert "De vragen van alle categorieën komen in deze toets" in output  # never silently dropped
    assert "4 vragen geïmporteerd in “Toets” als concept" in output
    assert [q.type for q in draft(quiz).question_data] == ["juist-onjuist"] * 4


def test_one_category_can_be_chosen(quiz):
    result = json.loads(
        run(
            str(MOODLE / "nested_categories_with_questions.xml"),
            quiz=str(quiz.pk),
            json=True,
            category="$course$/Iota/Mu",
        )
    )
    assert result["imported"] == 1
    assert "3 vragen uit andere categorieën zijn weggelaten, zoals gekozen." in result["warnings"]
    assert [q.key for q in draft(quiz).question_data] == ["mu-question"]
    with pytest.raises(CommandError, match="geen categorie “Nergens”"):
        run(str(MOODLE / "nested_categories_with_questions.xml"), quiz=str(quiz.pk), category="Nergens")


def test_append_keeps_every_existing_question(quiz, tmp_path):
    before = QuizPage.objects.get(pk=quiz.pk).question_data
    path = tmp_path / "zonder-titels.gift"
    path.write_text(
        "Eerste vraag? {=ja ~nee}\n\nTweede vraag? {=ja ~nee}\n\n::q1:: Zelfde sleutel? {=a ~b}\n"
    )
    result = json.loads(run(str(path), quiz=str(quiz.pk), append=True, json=True))
    assert result["imported"] == 3
    assert (
        "De toets heeft al een vraag met de sleutel “q1”; de nieuwe heeft de sleutel “q1-2” gekregen."
        in result["warnings"]
    )
    questions = draft(quiz).question_data
    assert questions[:4] == before
    assert [q.text for q in questions[4:]] == ["Eerste vraag?", "Tweede vraag?", "Zelfde sleutel?"]
    # appending the same file again adds, never replaces: keys stay unique across the quiz
    run(str(path), quiz=str(quiz.pk), append=True)
    questions = draft(quiz).question_data
    assert len(questions) == 10 and questions[:4] == before
    assert len({q.key for q in questions}) == 10


def test_dry_run_changes_nothing(quiz):
    revision = quiz.latest_revision_id
    output = run(str(MOODLE / "examples.txt"), quiz=str(quiz.pk), dry_run=True)
    assert "20 vragen kunnen in “Toets” geïmporteerd worden (proefrun: er is niets veranderd)." in output
    quiz.refresh_from_db()
    assert quiz.latest_revision_id == revision


def test_a_file_with_nothing_importable_exits_non_zero_and_changes_nothing(quiz, tmp_path):
    revision = quiz.latest_revision_id
    path = tmp_path / "alleen-open.gift"
    path.write_text("::a:: Wat vind je? {}\n\n::b:: Hoeveel? {#4}\n")
    with pytest.raises(CommandError) as raised:
        run(str(path), quiz=str(quiz.pk))
    assert (
        str(raised.value)
        == "Er is niets geïmporteerd: geen van de 2 vragen in het bestand is van een type dat "
        "geïmporteerd kan worden."
    )
    out = io.StringIO()
    with pytest.raises(CommandError), translation.override("nl"):
        call_command("import_questions", str(path), quiz=str(quiz.pk), json=True, stdout=out)
    assert json.loads(out.getvalue())["imported"] == 0
    quiz.refresh_from_db()
    assert quiz.latest_revision_id == revision


def test_unreadable_file_and_unknown_quiz_give_a_clear_message(quiz, tmp_path):
    path = tmp_path / "latin1.gift"
    path.write_bytes("::a:: Caf\xe9? {=ja ~nee}".encode("latin-1"))
    with pytest.raises(CommandError, match="regel 1: het bestand is geen UTF-8-tekst"):
        run(str(path), quiz=str(quiz.pk))
    with pytest.raises(CommandError, match="Er is geen toets “bestaat-niet”"):
        run(str(path), quiz="bestaat-niet")
    with pytest.raises(CommandError, match="kan niet gelezen worden"):
        run(str(tmp_path / "weg.gift"), quiz=str(quiz.pk))


def test_a_database_error_rolls_everything_back(quiz, monkeypatch):
    revision = quiz.latest_revision_id

    def broken(self, *args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(QuizPage, "save_revision", broken)
    reading = read_question_file((MOODLE / "examples.txt").read_bytes(), "examples.txt")
    with pytest.raises(RuntimeError):
        import_reading(quiz, reading)
    quiz.refresh_from_db()
    assert quiz.latest_revision_id == revision


# --------------------------------------------------------------------------- import_quizzes --force, export


@pytest.fixture
def giz_quiz(module):
    call_command("import_quizzes", stdout=io.StringIO())
    return QuizPage.objects.child_of(module).get(slug="toets")


def test_force_restores_the_file_version_when_the_file_did_not_change(giz_quiz, coordinator, tmp_path):
    edited = giz_quiz.get_latest_revision_as_object()
    edited.pass_mark = 55
    edited.questions = edited.questions.raw_data[:1]
    edited.save_revision(user=coordinator).publish()
    out = io.StringIO()
    call_command("import_quizzes", stdout=out)
    assert "giz.gift: overgeslagen" in out.getvalue()
    out = io.StringIO()
    call_command("import_quizzes", force=True, stdout=out)
    assert "giz.gift: bijgewerkt" in out.getvalue()
    restored = QuizPage.objects.get(pk=giz_quiz.pk)
    file_version = parse_gift((LEERSTOF / "giz.gift").read_text())
    assert restored.pass_mark == file_version.pass_mark
    assert [q.key for q in restored.question_data] == [q.key for q in file_version.questions]


def test_export_escapes_every_colon_and_round_trips_through_the_importer(quiz, tmp_path):
    path = tmp_path / "dubbelepunt.gift"
    path.write_text(
        "::tijd:: Om 9\\:00 begint het overleg: wie zit voor? {=De coördinator: Ilse#Klopt: zij. ~Niemand}\n"
    )
    run(str(path), quiz=str(quiz.pk))
    exported = export_quiz(QuizPage.objects.get(pk=quiz.pk))
    assert "Om 9\\:00 begint het overleg\\: wie zit voor?" in exported
    assert "=De coördinator\\: Ilse#Klopt\\: zij." in exported
    again = tmp_path / "export.gift"
    again.write_text(exported)
    other = QuizPageFactory(parent=quiz.get_parent(), slug="toets-2")
    run(str(again), quiz=str(other.pk))
    assert draft(other).question_data == draft(quiz).question_data


def test_leerstof_file_with_bom_and_crlf_is_imported(module, tmp_path):
    folder = tmp_path / "leerstof"
    folder.mkdir()
    text = (LEERSTOF / "giz.gift").read_text()
    (folder / "giz.gift").write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode())
    out = io.StringIO()
    call_command("import_quizzes", dir=str(folder), stdout=out)
    assert "giz.gift: aangemaakt" in out.getvalue()
    quiz = QuizPage.objects.child_of(module).get(slug="toets")
    assert [q.key for q in quiz.question_data] == [q.key for q in parse_gift(text).questions]


# --------------------------------------------------------------------------- the admin upload


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def upload(client, quiz, name, data, mode="replace", **extra):
    return client.post(
        reverse("quizzes_admin:gift_import", args=[quiz.pk]),
        {"file": SimpleUploadedFile(name, data), "mode": mode, **extra},
    )


@pytest.mark.parametrize("name", sorted(p.name for p in MOODLE.iterdir() if p.suffix in {".txt", ".xml"}))
def test_coordinator_uploads_each_moodle_file(admin_client, quiz, name):
    response = upload(admin_client, quiz, name, (MOODLE / name).read_bytes())
    reading = read_question_file((MOODLE / name).read_bytes(), name)
    assert response.status_code == 200  # every one of them has skipped questions or notes to show
    html = response.content.decode()
    assert f"{len(reading.quiz.questions)} vragen geïmporteerd" in html
    for item in reading.skipped:
        assert f"<td>{item.line}</td><td>{item.type}</td>" in html
    assert [q.key for q in draft(quiz).question_data] == [q.key for q in reading.quiz.questions]


def test_upload_names_each_media_file_left_out(admin_client, quiz):
    response = upload(admin_client, quiz, "multichoice.xml", (MOODLE / "multichoice.xml").read_bytes())
    html = response.content.decode()
    assert (
        "vraag 1 (“Greeting”): afbeelding “flag-uk.jpg” (British Flag) kan niet mee en is weggelaten." in html
    )


def test_upload_of_one_category(admin_client, quiz):
    data = (MOODLE / "nested_categories_with_questions.xml").read_bytes()
    response = upload(admin_client, quiz, "cats.xml", data, category="$course$/Iota/Kappa")
    assert response.status_code == 200
    assert [q.key for q in draft(quiz).question_data] == ["kappa-question"]


# --------------------------------------------------------------------------- fuzz: never a traceback

_pieces = st.sampled_from(
    [
        "::",
        "::t::",
        "{",
        "}",
        "=",
        "~",
        "~=",
        "#",
        "####",
        "%50%",
        "%-100%",
        "%abc%",
        "->",
        "\\",
        "\\:",
        "\\n",
        "T",
        "FALSE",
        "[html]",
        "[markdown]",
        "[plain]",
        "[moodle]",
        "<p>",
        "</p>",
        "<!--",
        "-->",
        "<![if x]>",
        "<![endif]>",
        "<img src='@@PLUGINFILE@@/a.png'>",
        "<script>",
        "$CATEGORY: x",
        "// type: casus",
        "// type: meervoudig",
        "// pass_mark: 900",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "vraag",
        "é",
        "\ufeff",
        "\x00",
    ]
)
_gift_texts = st.lists(_pieces, max_size=40).map("".join)
_xml_pieces = st.sampled_from(
    [
        "<?xml version='1.0'?>",
        "<quiz>",
        "</quiz>",
        "<question type='multichoice'>",
        "<question type='truefalse'>",
        "<question type='category'>",
        "<question type='essay'>",
        "<question>",
        "</question>",
        "<name><text>n</text></name>",
        "<questiontext format='html'><text>",
        "</text></questiontext>",
        "<answer fraction='100'>",
        "<answer fraction='x'>",
        "<answer fraction='50'>",
        "<answer fraction='-50'>",
        "<text>true</text>",
        "<text>false</text>",
        "<text>a</text>",
        "</answer>",
        "<single>false</single>",
        "<feedback><text>f</text></feedback>",
        "<![CDATA[<p>b</p>]]>",
        "&lt;",
        "&amp;",
        "<category><text>c</text></category>",
        "<!DOCTYPE q [<!ENTITY e 'x'>]>",
        "&e;",
        "<",
        ">",
    ]
)
_xml_texts = st.lists(_xml_pieces, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_gift_texts)
def test_fuzzed_gift_never_raises_anything_but_a_parse_error(text):
    reading = read_gift(text)
    assert len(reading.quiz.questions) + len(reading.skipped) >= 0
    for question in reading.quiz.questions:
        assert question.key and (question.options or question.answer is not None)
    try:
        parse_gift(text)
    except GiftParseError as exc:
        assert exc.errors


@settings(max_examples=300, deadline=None)
@given(text=_xml_texts)
def test_fuzzed_moodle_xml_never_raises_anything_but_a_parse_error(text):
    try:
        read_moodle_xml(text.encode())
    except GiftParseError as exc:
        assert exc.errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(_gift_texts.map(str.encode), _xml_texts.map(str.encode), st.binary(max_size=200)))
def test_fuzzed_files_through_the_command_end_in_a_message_not_a_traceback(quiz, tmp_path, data):
    for name in ("fuzz.gift", "fuzz.xml"):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            run(str(path), quiz=str(quiz.pk), json=True)
        except CommandError as exc:
            assert str(exc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(_gift_texts.map(str.encode), _xml_texts.map(str.encode), st.binary(max_size=200)))
def test_fuzzed_uploads_never_give_a_500(admin_client, quiz, data):
    for name in ("fuzz.txt", "fuzz.xml"):
        response = upload(admin_client, quiz, name, data, mode="append")
        assert response.status_code in (200, 302)
