"""Dutch and look of the quizzes (issue 16): one way to say "choose one answer", natural quiz
titles, and admin field labels capitalised as Wagtail's own."""

import re
from pathlib import Path

import pytest
from wagtail import blocks

from content.blocks import CalloutBlock
from modules.models import LessonPage
from quizzes.gift import parse_gift
from quizzes.models import QuizPage

from .factories import QuizPageFactory, form_data

LEERSTOF = Path(__file__).resolve().parents[2] / "quizzes" / "leerstof"


@pytest.mark.django_db
def test_the_hint_and_the_error_say_choose_one_answer_the_same_way(learner_client, module):
    quiz = QuizPageFactory(parent=module)
    page = learner_client.get(quiz.url)
    response = learner_client.post(quiz.url, {"token": form_data(page, {})["token"]})
    html = response.content.decode()
    assert response.status_code == 200
    # three single-choice questions unanswered: each has the hint and the error (twice: at the
    # question and in the summary)
    assert html.count("Kies één antwoord.") == 9
    assert "Kies een antwoord." not in html


def test_quiz_titles_read_as_natural_dutch():
    for path in LEERSTOF.glob("*.gift"):
        title = parse_gift(path.read_text()).title
        # "Toets De toegang…": an article or word with a capital in the middle of a title
        assert not re.search(r"\s(De|Het|Een)\s", title), title


def labels(block, trail=""):
    for name, child in getattr(block, "child_blocks", {}).items():
        yield f"{trail}{name}", str(child.label)
        yield from labels(child, f"{trail}{name}.")
    if isinstance(block, blocks.ListBlock):
        yield from labels(block.child_block, f"{trail}item.")


@pytest.mark.parametrize(
    "block",
    [
        QuizPage._meta.get_field("questions").stream_block,
        LessonPage._meta.get_field("body").stream_block,
        CalloutBlock(),
    ],
    ids=["quiz questions", "lesson body", "callout"],
)
def test_admin_block_labels_start_with_a_capital_as_wagtails_own(block):
    lower = [(path, label) for path, label in labels(block) if label[:1].islower()]
    assert lower == []
    found = dict(labels(block))
    if "single" in found:
        assert found["single.question"] == "Vraag"
        assert found["single.options.item.weight"] == "Gewicht (%)"
