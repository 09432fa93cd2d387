"""The rules of a question live in quizzes.rules: the editor's blocks and the GIFT import refuse
the same question with the same Dutch message, and GIFT accepts exactly the model's choices."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from quizzes.blocks import MultipleChoiceQuestionBlock, SingleChoiceQuestionBlock
from quizzes.gift import GiftParseError, parse_gift
from quizzes.models import QuizPage
from quizzes.rules import MAX_OPTIONS, FeedbackMode, QuizRole


def _block_messages(block, options):
    items = [
        {"type": "item", "value": value | {"feedback": "", "key": f"k{i}"}, "id": f"id{i}"}
        for i, value in enumerate(options)
    ]
    value = block.to_python({"question": "Vraag?", "options": items, "explanation": "", "source": ""})
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    return [message for error in raised.value.non_block_errors.as_data() for message in error.messages]


def _gift_messages(text):
    with pytest.raises(GiftParseError) as raised:
        parse_gift(text)
    return [error.message for error in raised.value.errors]


def test_two_right_answers_on_a_single_choice_question():
    block = _block_messages(
        SingleChoiceQuestionBlock(),
        [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C", "correct": False}],
    )
    gift = _gift_messages("// type: enkelvoudig\n::x:: Vraag? {=A =B ~C}\n")
    assert block == gift == ["Markeer precies één antwoord als juist."]


def test_weights_of_the_right_answers_that_do_not_add_up_to_100():
    block = _block_messages(
        MultipleChoiceQuestionBlock(),
        [
            {"text": "A", "correct": True, "weight": "50"},
            {"text": "B", "correct": True, "weight": "20"},
            {"text": "C", "correct": False, "weight": "-50"},
        ],
    )
    gift = _gift_messages("// type: meervoudig\n::x:: Vraag? {~%50%A ~%20%B ~%-50%C}\n")
    assert block == gift == ["De gewichten van de juiste antwoorden zijn samen 70%; dat moet 100% zijn."]


def test_no_right_answer_on_a_multiple_choice_question():
    block = _block_messages(
        MultipleChoiceQuestionBlock(),
        [{"text": "A", "correct": False, "weight": None}, {"text": "B", "correct": False, "weight": None}],
    )
    gift = _gift_messages("// type: meervoudig\n::x:: Vraag? {~%0%A ~%-50%B}\n")
    assert block == gift == ["Markeer ten minste één antwoord als juist."]


def test_the_editor_and_gift_allow_the_same_number_of_answers():
    options = "".join(f" ~%-1%N{i}" for i in range(MAX_OPTIONS - 1))
    assert len(parse_gift(f"::x:: Vraag? {{~%100%A{options}}}\n").questions[0].options) == MAX_OPTIONS
    too_many = _gift_messages(f"::x:: Vraag? {{~%100%A{options} ~%-1%Z}}\n")
    assert too_many == [f"hoogstens {MAX_OPTIONS} antwoorden per vraag."]
    assert SingleChoiceQuestionBlock().child_blocks["options"].meta.max_num == MAX_OPTIONS


@pytest.mark.parametrize("role", QuizRole.values)
@pytest.mark.parametrize("mode", FeedbackMode.values)
def test_gift_accepts_every_role_and_feedback_mode_of_the_model(role, mode):
    quiz = parse_gift(f"// module: giz\n// role: {role}\n// feedback: {mode}\n\n::x:: Vraag? {{=A ~B}}\n")
    assert (quiz.role, quiz.feedback) == (role, mode)
    assert role in dict(QuizPage._meta.get_field("role").choices)
    assert mode in dict(QuizPage._meta.get_field("feedback_mode").choices)


def test_gift_names_the_model_choices_when_refusing_a_role_or_feedback_mode():
    messages = _gift_messages("// role: toets\n// feedback: nooit\n\n::x:: Vraag? {=A ~B}\n")
    assert messages == [
        "role moet “eindtoets” of “voortoets” zijn, niet “toets”.",
        "feedback moet “na-laatste-poging”, “na-elke-poging” of “na-slagen” zijn, niet “nooit”.",
    ]


def test_gift_refuses_a_pass_mark_outside_the_model_range():
    assert _gift_messages("// pass_mark: 0\n\n::x:: Vraag? {=A ~B}\n") == [
        "pass_mark moet een heel getal van 1 tot en met 100 zijn, niet “0”."
    ]
