"""Leerstof and quiz texts wherever they come from: a lesson file saved by Windows Notepad (BOM,
CRLF), text saved from the admin (a browser sends CRLF; we store "\\n"), and question texts in
Markdown shown through render_markdown with their line breaks."""

import pytest
from django.template import Context, Template

from content.blocks import MarkdownBlock
from modules.leerstof_import import parse_lesson, read_leerstof
from quizzes.blocks import MultipleChoiceQuestionBlock, SingleChoiceQuestionBlock
from quizzes.models import QuizPage

LESSON = """---
title: Wat is GIZ?
slug: wat-is-giz
minutes: 5
---

## Waar gaat het over

Een eerste alinea
met een tweede regel.
"""


def test_a_lesson_saved_by_notepad_is_read(tmp_path):
    notepad = "\ufeff" + LESSON.replace("\n", "\r\n")
    lesson = parse_lesson(notepad, "01-giz/01-wat-is-giz.md")
    plain = parse_lesson(LESSON, "01-giz/01-wat-is-giz.md")
    assert lesson.slug == plain.slug == "wat-is-giz"
    assert (lesson.body, lesson.hash) == (plain.body, plain.hash)  # the same file, not a change
    folder = tmp_path / "01-giz"
    folder.mkdir()
    (folder / "module.md").write_bytes(
        "\ufeff---\r\ntitle: GIZ\r\nslug: giz\r\nsummary: Over GIZ.\r\n---\r\n\r\nTekst.\r\n".encode()
    )
    (folder / "01-wat-is-giz.md").write_bytes(notepad.encode())
    (module,) = read_leerstof(tmp_path)
    assert module.slug == "giz" and [lesson.slug for lesson in module.lessons] == ["wat-is-giz"]


def test_markdown_saved_from_the_admin_is_stored_with_unix_line_ends():
    block = MarkdownBlock()
    assert block.clean("Regel een\r\nRegel twee\rRegel drie") == "Regel een\nRegel twee\nRegel drie"
    assert block.to_python("a\r\nb") == "a\nb"  # older revisions compare equal too


def test_question_texts_saved_from_the_admin_are_stored_with_unix_line_ends():
    block = SingleChoiceQuestionBlock()
    value = block.to_python(
        {
            "question": "Eerste regel\r\ntweede regel",
            "options": [
                {"text": "Ja\r\nzeker", "correct": True, "feedback": "Goed\r\nzo", "key": "a"},
                {"text": "Nee", "correct": False, "feedback": "", "key": "b"},
            ],
            "explanation": "Uitleg\r\nverder",
        }
    )
    cleaned = block.clean(value)
    assert cleaned["question"] == "Eerste regel\ntweede regel"
    assert cleaned["explanation"] == "Uitleg\nverder"
    assert cleaned["options"][0]["text"] == "Ja\nzeker" and cleaned["options"][0]["feedback"] == "Goed\nzo"
    assert (
        MultipleChoiceQuestionBlock().clean(
            MultipleChoiceQuestionBlock().to_python(
                {
                    "question": "a\r\nb",
                    "options": [
                        {"text": "x", "correct": True, "key": "x"},
                        {"text": "y", "correct": False, "key": "y"},
                    ],
                }
            )
        )["question"]
        == "a\nb"
    )


@pytest.mark.django_db
def test_quiz_intro_saved_from_the_admin_is_stored_with_unix_line_ends(quiz):
    quiz.intro = "Een\r\ntwee"
    quiz.clean()
    assert quiz.intro == "Een\ntwee"
    assert isinstance(quiz, QuizPage)


def render(template, text):
    return Template("{% load quiz_tags %}" + template).render(Context({"text": text}))


def test_question_text_keeps_its_line_breaks_and_renders_markdown():
    assert render("{{ text|quiz_text }}", "Situatie\nmet een tweede regel") == (
        "<p>Situatie<br>\nmet een tweede regel</p>"
    )
    assert render("{{ text|quiz_text_inline }}", "Wat is **GIZ**?\n\nKies een antwoord.") == (
        "Wat is <strong>GIZ</strong>?<br><br>Kies een antwoord."
    )
    assert render("{{ text|quiz_text_inline }}", "<script>alert(1)</script>Veilig") == "Veilig"
    # a legend holds no lists: the words stay, the structure goes
    assert render("{{ text|quiz_text_inline }}", "Kies:\n\n- een\n- twee") == "Kies: een twee"
