"""Builders for quiz tests: modules directly under the page tree of ``site_tree``."""

import re
import uuid

from modules.models import LessonPage, ModulePage
from quizzes.forms import FIELD_PREFIX
from quizzes.models import QuizPage


def make_module(index, slug="giz", title=None, lessons=1):
    module = index.add_child(instance=ModulePage(title=title or f"Module {slug}", slug=slug))
    for number in range(1, lessons + 1):
        module.add_child(instance=LessonPage(title=f"Les {number}", slug=f"les-{number}"))
    return ModulePage.objects.get(pk=module.pk)


def option(text, correct=False, key=None, feedback="", weight=None, with_weight=False):
    value = {
        "text": text,
        "correct": correct,
        "feedback": feedback or f"Feedback bij {text}",
        "key": key or "",
    }
    if with_weight or weight is not None:
        value["weight"] = None if weight is None else str(weight)
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def single(key, text, options, explanation="Uitleg.", source="000_doc.txt:1-2"):
    return {
        "type": "single_choice",
        "id": key,
        "value": {"question": text, "options": options, "explanation": explanation, "source": source},
    }


def multiple(key, text, options, explanation="Uitleg.", source="000_doc.txt:3-4"):
    return {
        "type": "multiple_choice",
        "id": key,
        "value": {"question": text, "options": options, "explanation": explanation, "source": source},
    }


def true_false(key, text, answer="juist", explanation="Uitleg.", source="site.nl/pagina"):
    return {
        "type": "true_false",
        "id": key,
        "value": {
            "question": text,
            "answer": answer,
            "feedback_right": "Goed zo.",
            "feedback_wrong": "Helaas.",
            "explanation": explanation,
            "source": source,
        },
    }


def casus(key, situation, text, options, mode="single", explanation="Uitleg.", source="000_doc.txt:5"):
    return {
        "type": "casus",
        "id": key,
        "value": {
            "situation": situation,
            "question": text,
            "answer_mode": mode,
            "options": options,
            "explanation": explanation,
            "source": source,
        },
    }


def standard_questions():
    """Four questions; the right answers: q1 → a, q2 → x + y, q3 → juist, q4 → m."""
    return [
        single(
            "q1",
            "Welke kleur heeft de lucht overdag?",
            [option("Blauw", True, "a"), option("Groen", key="b"), option("Paars", key="c")],
        ),
        multiple(
            "q2",
            "Welke zijn even getallen?",
            [
                option("Twee", True, "x", weight=50),
                option("Vier", True, "y", weight=50),
                option("Drie", key="z", weight=-50),
            ],
        ),
        true_false("q3", "Water is nat."),
        casus(
            "q4",
            "Een moeder belt over haar zoon.",
            "Wat doe je eerst?",
            [option("Luisteren", True, "m"), option("Ophangen", key="n")],
        ),
    ]


RIGHT = {"q1": ["a"], "q2": ["x", "y"], "q3": ["juist"], "q4": ["m"]}
WRONG = {"q1": ["b"], "q2": ["z"], "q3": ["onjuist"], "q4": ["n"]}


def make_quiz(module, questions=None, slug="toets", title="Toets", publish=True, **fields):
    fields.setdefault("shuffle_questions", False)
    fields.setdefault("shuffle_options", False)
    quiz = QuizPage(title=title, slug=slug, **fields)
    quiz.questions = questions if questions is not None else standard_questions()
    module.add_child(instance=quiz)
    if publish:
        quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def form_data(response, answers):
    """POST data for the quiz form in ``response``: its token plus the given answers."""
    form = response.context["form"]
    data = {"token": form["token"].value()}
    for key, chosen in answers.items():
        data[FIELD_PREFIX + key] = chosen
    return data


def token_from_html(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def take(user, quiz, answers):
    """Record ``user``'s next attempt at ``quiz`` through the service (no HTTP), unshuffled."""
    from quizzes.questions import quiz_questions
    from quizzes.services import next_attempt_number, submit_attempt

    return submit_attempt(
        user=user,
        quiz=quiz,
        attempt_number=next_attempt_number(user, quiz),
        questions=quiz_questions(quiz.questions),
        answers=answers,
    )
