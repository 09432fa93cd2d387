"""Casus questions often end in the same question ("Wat doe je?"): the tables of the knowledge
gain and the Quizanalyse name them by the start of their situation and the question, with the
full text behind a <details>."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from leergang.models import Team
from quizzes.questions import question_label

from .factories import QuizPageFactory, casus, option, take

LONG_SITUATION = (
    "Een vader belt op maandagochtend. Zijn dochter (14) gaat al drie weken niet naar school, "
    "de leerplichtambtenaar heeft een brief gestuurd en de moeder wil er niet over praten."
)


def test_label_of_a_plain_question_is_its_text():
    assert question_label("", "Welke kleur heeft de lucht?") == "Welke kleur heeft de lucht?"


def test_label_of_a_casus_starts_with_the_situation():
    assert question_label("Een moeder belt.", "Wat doe je?") == "Een moeder belt. — Wat doe je?"


def test_long_labels_are_cut_at_a_word_and_keep_the_question():
    label = question_label(LONG_SITUATION, "Wat doe je?", length=80)
    assert len(label) <= 80
    assert label.startswith("Een vader belt op maandagochtend.") and label.endswith("… — Wat doe je?")
    assert re.search(r"\w… — ", label)  # cut after a whole word
    long_question = "Welke " + "heel " * 60 + "lange vraag?"
    assert len(question_label("", long_question)) <= 160
    assert len(question_label(LONG_SITUATION, long_question)) <= 160


def two_casus_with_the_same_question():
    return [
        casus(
            "c1",
            LONG_SITUATION,
            "Wat doe je?",
            [option("Huisbezoek", True, "a"), option("Afwachten", key="b")],
        ),
        casus(
            "c2",
            "Een huisarts meldt dat een jongen (9) steeds buikpijn heeft.",
            "Wat doe je?",
            [option("Overleggen", True, "a"), option("Doorverwijzen", key="b")],
        ),
    ]


def table_cells(html):
    return [html_lib.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", html, flags=re.S)]


@pytest.mark.django_db
def test_knowledge_gain_tables_tell_casus_questions_apart(client, module, make_user):
    questions = two_casus_with_the_same_question()
    voortoets = QuizPageFactory(
        parent=module, questions=questions, slug="voortoets", title="Voortoets", role="voortoets"
    )
    eindtoets = QuizPageFactory(parent=module, questions=two_casus_with_the_same_question(), max_attempts=0)
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    learner = make_user(team=team)
    take(learner, voortoets, {"c1": ["b"], "c2": ["b"]})
    take(learner, eindtoets, {"c1": ["a"], "c2": ["a"]})
    lead = make_user("Teamleider")
    team.leads.add(lead)
    client.force_login(lead)
    html = client.get(reverse("quizzes_team_knowledge_gain", args=[eindtoets.pk])).content.decode()
    cells = table_cells(html)
    assert "Wat doe je?" not in cells
    assert "Een huisarts meldt dat een jongen (9) steeds buikpijn heeft. — Wat doe je?" in cells
    # a long situation is shortened, with the whole text behind a <details>
    shortened = next(cell for cell in cells if "Een vader belt op maandagochtend." in cell)
    assert "<details" in shortened and "<summary>" in shortened
    assert "de moeder wil er niet over praten." in shortened  # the full text, inside the details


@pytest.mark.django_db
def test_quizanalyse_overview_tells_casus_questions_apart(client, module, coordinator, make_user):
    quiz = QuizPageFactory(parent=module, questions=two_casus_with_the_same_question())
    take(make_user(), quiz, {"c1": ["a"], "c2": ["b"]})
    client.force_login(coordinator)
    html = client.get(reverse("quizzes_admin:analysis", args=[quiz.pk])).content.decode()
    overview = re.search(r'<table class="listing lt-admin-overview">.*?</table>', html, flags=re.S).group(0)
    assert 'href="#q-1">Vraag 1</a>' in overview and 'href="#q-2">Vraag 2</a>' in overview
    assert "Een huisarts meldt dat een jongen (9) steeds buikpijn heeft. — Wat doe je?" in html_lib.unescape(
        overview
    )
    assert "Een vader belt op maandagochtend." in overview
    assert "minder dan de helft goed" in overview  # c2: nobody right
