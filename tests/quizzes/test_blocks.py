"""Question blocks: validation, stable option keys, and creating a quiz in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from modules.models import ModulePage
from quizzes.blocks import CasusQuestionBlock, MultipleChoiceQuestionBlock, SingleChoiceQuestionBlock
from quizzes.models import QuizPage


def _value(block, **data):
    return block.to_python(data)


def _options(*rows, weights=False):
    items = []
    for text, correct, *rest in rows:
        value = {"text": text, "correct": correct, "feedback": "", "key": rest[0] if rest else ""}
        if weights:
            value["weight"] = rest[1] if len(rest) > 1 else None
        items.append({"type": "item", "value": value, "id": f"id-{text}"})
    return items


def test_single_choice_needs_exactly_one_right_answer():
    block = SingleChoiceQuestionBlock()
    value = _value(block, question="Vraag?", options=_options(("A", True), ("B", True)))
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert "precies één" in str(raised.value.non_block_errors)


def test_empty_and_duplicate_option_keys_are_filled_in_and_kept_afterwards():
    block = SingleChoiceQuestionBlock()
    value = _value(
        block, question="Vraag?", options=_options(("A", True, "a"), ("B", False, "a"), ("C", False, ""))
    )
    cleaned = block.clean(value)
    keys = [option["key"] for option in cleaned["options"]]
    assert keys[0] == "a" and len(set(keys)) == 3 and all(keys)
    again = block.clean(block.to_python(block.get_prep_value(cleaned)))
    assert [option["key"] for option in again["options"]] == keys


def test_multiple_choice_weights_must_be_consistent():
    block = MultipleChoiceQuestionBlock()
    bad = _value(
        block,
        question="?",
        options=_options(
            ("A", True, "a", "50"), ("B", True, "b", "20"), ("C", False, "c", "-50"), weights=True
        ),
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(bad)
    assert "samen 70%" in str(raised.value.non_block_errors)
    good = _value(
        block,
        question="?",
        options=_options(
            ("A", True, "a", "50"), ("B", True, "b", "50"), ("C", False, "c", "-50"), weights=True
        ),
    )
    assert block.clean(good)
    no_weights = _value(
        block, question="?", options=_options(("A", True, "a"), ("B", False, "b"), weights=True)
    )
    assert block.clean(no_weights)
    nothing_right = _value(
        block, question="?", options=_options(("A", False, "a"), ("B", False, "b"), weights=True)
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(nothing_right)


def test_casus_follows_its_answer_mode():
    block = CasusQuestionBlock()
    two_right = _options(("A", True, "a"), ("B", True, "b"), ("C", False, "c"), weights=True)
    with pytest.raises(StructBlockValidationError):
        block.clean(_value(block, situation="S", question="Q?", answer_mode="single", options=two_right))
    assert block.clean(_value(block, situation="S", question="Q?", answer_mode="multiple", options=two_right))


def _option_form(text, correct, feedback=""):
    return {"text": text, "correct": "on" if correct else "", "feedback": feedback, "key": ""}


def _list(items):
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""} for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["action-submit", "action-publish"])
def test_coordinator_creates_a_quiz_in_the_admin(client, site_tree, make_user, action):
    _home, index = site_tree
    module = index.add_child(instance=ModulePage(title="GIZ", slug="giz"))
    client.force_login(make_user("Coördinator"))
    data = nested_form_data(
        {
            "title": "Toets GIZ",
            "slug": "toets",
            "intro": "Vijf vragen.",
            "role": "eindtoets",
            "pass_mark": "80",
            "max_attempts": "3",
            "shuffle_questions": "on",
            "shuffle_options": "on",
            "feedback_mode": "na-elke-poging",
            "estimated_minutes": "15",
            "questions": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "question": "Wat is GIZ?",
                            "options": _list(
                                [
                                    _option_form("Een methodiek", True, "Goed."),
                                    _option_form("Een formulier", False),
                                ]
                            ),
                            "explanation": "GIZ is een gespreksmethodiek.",
                            "source": "000_9642f3ac0124132f.txt:140-143",
                        },
                    )
                ]
            ),
            "comments": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            },
        }
    )
    data[action] = action  # a posted "publish" is routed to the review as well
    response = client.post(reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = QuizPage.objects.get(slug="toets")
    # New leerstof waits for the "Leerstofreview" workflow before learners see it.
    assert not quiz.live and quiz.pass_mark == 80
    assert quiz.current_workflow_state.workflow.name == "Leerstofreview"
    question = quiz.question_data[0]
    assert question.source == "000_9642f3ac0124132f.txt:140-143"
    assert question.key  # the StreamField block id
    assert all(option.key for option in question.options)
    assert len(set(question.option_keys())) == 2


def test_question_keys_are_unique_and_short_even_in_hand_edited_data():
    from quizzes.blocks import QuestionStreamBlock
    from quizzes.questions import quiz_questions

    raw = [
        {"type": "true_false", "id": "dubbel", "value": {"question": "A", "answer": "juist"}},
        {"type": "true_false", "id": "dubbel", "value": {"question": "B", "answer": "juist"}},
        {"type": "true_false", "id": "x" * 80, "value": {"question": "C", "answer": "juist"}},
    ]
    keys = [q.key for q in quiz_questions(QuestionStreamBlock().to_python(raw))]
    assert keys[:2] == ["dubbel", "dubbel-2"]
    assert len(set(keys)) == 3 and all(len(key) <= 64 for key in keys)
