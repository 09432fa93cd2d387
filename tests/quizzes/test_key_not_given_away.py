"""Right answers are not given away: in the default feedback mode ("na-laatste-poging") a result
shows whether the person's own answers were right, and which answers are right only once the
quiz is passed or the last attempt is used; a voortoets shows no right answers until the
eindtoets of the module is passed. The knowledge gain report names paired items."""

import pytest

from quizzes.gift import parse_gift, write_gift
from quizzes.models import QuizPage

from .factories import RIGHT, WRONG, QuizPageFactory, form_data, option, single, take

pytestmark = pytest.mark.django_db


def result_html(client, quiz, answers):
    page = client.get(quiz.url)
    response = client.post(quiz.url, form_data(page, answers))
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_new_quiz_keeps_the_right_answers_back_until_the_last_attempt(learner_client, module):
    quiz = QuizPageFactory(parent=module, max_attempts=2)
    assert QuizPage._meta.get_field("feedback_mode").default == "na-laatste-poging"
    assert quiz.feedback_mode == "na-laatste-poging"
    first = result_html(learner_client, quiz, WRONG)
    assert "Feedback per vraag" in first
    assert "Jouw antwoord" in first and "Feedback bij Groen" in first  # the chosen option's feedback
    assert "juist antwoord" not in first and "Feedback bij Blauw" not in first  # not the key
    assert "Uitleg" not in first
    assert "zodra je deze toets hebt gehaald of je laatste poging hebt gebruikt" in first
    page = learner_client.get(quiz.url).content.decode()
    assert "de goede antwoorden zodra je de toets hebt gehaald of na je laatste poging" in page

    last = result_html(learner_client, quiz, WRONG)
    assert "juist antwoord" in last and "Feedback bij Blauw" in last and "Uitleg" in last
    # and the first attempt's result now shows them too
    assert "juist antwoord" in learner_client.get(f"{quiz.url}poging/1/").content.decode()


def test_passing_shows_the_right_answers(learner_client, module):
    quiz = QuizPageFactory(parent=module, max_attempts=3)
    html = result_html(learner_client, quiz, RIGHT)
    assert "juist antwoord" in html and "Uitleg" in html


def test_a_coordinator_can_still_choose_feedback_after_every_attempt(learner_client, module):
    quiz = QuizPageFactory(parent=module, max_attempts=3, feedback_mode="na-elke-poging")
    html = result_html(learner_client, quiz, WRONG)
    assert "juist antwoord" in html and "Feedback bij Blauw" in html


@pytest.mark.parametrize("mode", ["na-laatste-poging", "na-elke-poging"])
def test_the_voortoets_shows_no_right_answers_before_the_eindtoets_is_passed(
    learner_client, module, medewerker, mode
):
    voortoets = QuizPageFactory(
        parent=module, slug="voortoets", role="voortoets", feedback_mode=mode, max_attempts=1
    )
    eindtoets = QuizPageFactory(parent=module, slug="toets", max_attempts=3)
    html = result_html(learner_client, voortoets, WRONG)
    assert "Feedback bij Groen" in html  # own answer
    assert "juist antwoord" not in html and "Feedback bij Blauw" not in html and "Uitleg" not in html
    assert "zodra je de eindtoets van deze module hebt gehaald" in html
    page = learner_client.get(voortoets.url).content.decode()
    assert "je eigen antwoorden; de goede antwoorden zodra je de eindtoets hebt gehaald" in page

    take(medewerker, eindtoets, WRONG)  # failing the eindtoets changes nothing
    assert "juist antwoord" not in learner_client.get(f"{voortoets.url}poging/1/").content.decode()
    take(medewerker, eindtoets, RIGHT)
    html = learner_client.get(f"{voortoets.url}poging/1/").content.decode()
    assert "juist antwoord" in html and "Feedback bij Blauw" in html


def test_learners_see_no_source_reference_in_the_feedback(learner_client, module):
    quiz = QuizPageFactory(parent=module, max_attempts=1)
    html = result_html(learner_client, quiz, WRONG)
    assert "juist antwoord" in html  # everything shown: last attempt
    assert "000_doc.txt" not in html and "Bron" not in html


GIFT = """// quiz: Toets
// module: giz

// type: enkelvoudig
// doel: 2
// paar: wie-belt
// bron: 000_doc.txt:1-2
::v1:: Wie bel je eerst? {=De huisarts ~De school}
"""


def test_gift_reads_and_writes_the_pair_and_ignores_the_goal():
    parsed = parse_gift(GIFT)
    assert parsed.questions[0].pair == "wie-belt"
    assert "// paar: wie-belt" in write_gift(parsed)
    assert parse_gift(write_gift(parsed)) == parsed


def test_the_knowledge_gain_report_shows_which_items_are_paired(client, module, make_user, coordinator):
    before = single(
        "v1", "Wie bel je als eerste?", [option("Huisarts", True, "a"), option("School", key="b")]
    )
    after = single(
        "e1", "Een moeder vraagt wie ze belt.", [option("Huisarts", True, "a"), option("Buren", key="b")]
    )
    before["value"]["pair"] = after["value"]["pair"] = "wie-belt"
    voortoets = QuizPageFactory(
        parent=module, questions=[before], slug="voortoets", role="voortoets", max_attempts=1
    )
    eindtoets = QuizPageFactory(parent=module, questions=[after], slug="toets", max_attempts=0)
    assert eindtoets.question_data[0].pair == "wie-belt"
    person = make_user()
    take(person, voortoets, {"v1": ["b"]})
    take(person, eindtoets, {"e1": ["a"]})
    client.force_login(coordinator)
    html = client.get(f"/team/kennistoename/{eindtoets.pk}/").content.decode()
    assert "1 vraag is gekoppeld" in html
    assert "Paar ‘wie-belt’, eindtoets:" in html and "gekoppeld aan voortoetsvraag:" in html
    assert "Wie bel je als eerste?" in html and "Een moeder vraagt wie ze belt." in html
    assert "0%" in html and "100%" in html and "+100" in html
