"""Factories for the quizzes app: real quiz pages with real question StreamField data, their
attempts and extra attempts; the question builders; helpers to answer a quiz.

``QuizPageFactory(parent=module)`` is a published quiz (a revision, as an editor publishes it)
with the four ``standard_questions`` unshuffled, so ``RIGHT`` and ``WRONG`` answer it.
"""

import re
import uuid

import factory
from django.utils import timezone

from quizzes.forms import FIELD_PREFIX
from quizzes.models import ExtraAttempt, QuizAttempt, QuizPage
from tests.leergang.factories import UserFactory
from tests.modules.factories import LessonPageFactory, ModulePageFactory, PageFactory


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


class QuizPageFactory(PageFactory):
    class Meta:
        model = QuizPage

    parent = factory.SubFactory(ModulePageFactory)
    title = "Toets"
    slug = "toets"
    questions = factory.LazyFunction(lambda: standard_questions())
    shuffle_questions = False
    shuffle_options = False


def module_with_lessons(index=None, slug="giz", title=None, lessons=1):
    """A module (no revision) with ``lessons`` lessons "Les 1", "Les 2"…, for a quiz to follow."""
    module = ModulePageFactory(
        **({"parent": index} if index else {}), title=title or f"Module {slug}", slug=slug, revision=False
    )
    for number in range(1, lessons + 1):
        LessonPageFactory(parent=module, title=f"Les {number}", slug=f"les-{number}", revision=False)
    return module


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    """An attempt row written directly; ``take()`` below records one through the service."""

    class Meta:
        model = QuizAttempt

    user = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizPageFactory)
    attempt_number = 1
    kind = factory.LazyAttribute(lambda attempt: attempt.quiz.role)
    started_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyAttribute(lambda attempt: attempt.started_at)
    score = 100
    passed = factory.LazyAttribute(lambda attempt: attempt.score >= attempt.pass_mark)
    pass_mark = factory.LazyAttribute(lambda attempt: attempt.quiz.pass_mark)
    question_count = factory.LazyAttribute(lambda attempt: len(attempt.quiz.questions))


class ExtraAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraAttempt

    user = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizPageFactory)
    count = 1
    reason = "Gevraagd per e-mail."


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
