"""A medewerker takes a quiz in a browser with JavaScript switched off: fails once, reads the
feedback on their own answers (the right answers wait until a pass or the last attempt), passes,
and the step is completed."""

import pytest

from modules.models import LessonPage, ModulePage, StepCompletion
from modules.setup import ensure_site_tree
from quizzes.models import QuizPage

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


def _option(text, correct, feedback):
    return {
        "type": "item",
        "id": f"id-{text}",
        "value": {"text": text, "correct": correct, "feedback": feedback, "key": ""},
    }


@pytest.fixture
def quiz(demo_site):
    _home, index = ensure_site_tree()
    module = index.add_child(instance=ModulePage(title="Journey-module", slug="journey-module"))
    module.add_child(instance=LessonPage(title="Een les", slug="een-les"))
    quiz = QuizPage(title="Toets journey", slug="toets", pass_mark=100, max_attempts=3)
    quiz.questions = [
        {
            "type": "single_choice",
            "id": "j-01",
            "value": {
                "question": "Wie voert in Zoetermeer casusregie?",
                "options": [
                    {
                        **_option("Jeugd- en Gezinshulp", True, "Goed: alleen JGH voert casusregie."),
                        "id": "a",
                    },
                    {**_option("De huisarts", False, "Nee: de huisarts verwijst."), "id": "b"},
                ],
                "explanation": "Alleen JGH voert casusregie.",
                "source": "000_9642f3ac0124132f.txt:60",
            },
        },
        {
            "type": "multiple_choice",
            "id": "j-02",
            "value": {
                "question": "Welke zijn toegangspartners?",
                "options": [
                    _option("De JGZ", True, "Goed."),
                    _option("Het SMW", True, "Goed."),
                    _option("Veilig Thuis", False, "Nee: Veilig Thuis is geen toegangspartner."),
                ],
                "explanation": "Vier partners: POH-J, SMW, JGZ en JGH.",
                "source": "000_9642f3ac0124132f.txt:132",
            },
        },
        {
            "type": "true_false",
            "id": "j-03",
            "value": {
                "question": "Het SMW in het voortgezet onderwijs mag verwijzen.",
                "answer": "onjuist",
                "feedback_right": "Klopt, dat mag het niet.",
                "feedback_wrong": "Helaas: alleen het SMW in het primair onderwijs mag verwijzen.",
                "explanation": "Het mandaat geldt alleen in het primair onderwijs.",
                "source": "000_9642f3ac0124132f.txt:81-82",
            },
        },
    ]
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def test_medewerker_fails_reads_feedback_passes_and_completes_the_step(page, demo_site, login, quiz):
    login(demo_site, "medewerker")
    page.goto(demo_site + quiz.url)
    assert page.locator("fieldset legend").count() == 3
    assert page.get_by_role("navigation", name="Kruimelpad").is_visible()
    # a quiz is a step like a lesson: step list and the pager back to the lesson
    steps = page.get_by_role("navigation", name="Stappen in deze module")
    assert steps.get_by_role("link", name="Toets journey").get_attribute("aria-current") == "page"
    assert (
        page.get_by_role("navigation", name="Vorige en volgende stap")
        .get_by_role("link", name="Vorige Een les")
        .is_visible()
    )

    # First attempt, by keyboard: Tab to an option and press Space; the rest by clicking labels.
    page.get_by_label("De huisarts").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("De huisarts").is_checked()
    page.get_by_label("Veilig Thuis").check()
    page.get_by_role("group", name="Het SMW in het voortgezet onderwijs").get_by_label(
        "Juist", exact=True
    ).check()
    page.get_by_role("button", name="Antwoorden inleveren").click()
    page.wait_for_url("**/poging/1/")
    body = page.locator("main").inner_text()
    assert "Je score: 0%" in body and "niet gehaald" in body
    assert "Nee: de huisarts verwijst." in body
    assert "Helaas: alleen het SMW in het primair onderwijs mag verwijzen." in body
    # attempts are left: the right answers and the explanation wait; no source file for learners
    assert "Alleen JGH voert casusregie." not in body and "juist antwoord" not in body
    assert "zodra je deze toets hebt gehaald of je laatste poging hebt gebruikt" in body
    assert "000_9642f3ac0124132f.txt" not in body
    assert not StepCompletion.objects.filter(user__username="medewerker", page_id=quiz.pk).exists()

    # Second attempt: all right.
    page.get_by_role("link", name="Opnieuw proberen").click()
    assert "Poging 2" in page.locator("main").inner_text()
    page.get_by_label("Jeugd- en Gezinshulp").check()
    page.get_by_label("De JGZ").check()
    page.get_by_label("Het SMW", exact=True).check()
    page.get_by_role("group", name="Het SMW in het voortgezet onderwijs").get_by_label("Onjuist").check()
    page.get_by_role("button", name="Antwoorden inleveren").click()
    page.wait_for_url("**/poging/2/")
    body = page.locator("main").inner_text()
    assert "Je score: 100%" in body and "gehaald" in body and "deze stap van de module is afgerond" in body
    assert "Alleen JGH voert casusregie." in body  # passed: now the explanation shows
    completion = StepCompletion.objects.get(user__username="medewerker", page_id=quiz.pk)
    assert completion.score == 100

    # The back button and a resubmit make no third attempt.
    page.go_back()
    page.go_back()
    page.goto(demo_site + quiz.url)
    assert "Je hebt deze toets gehaald" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Antwoorden inleveren").count() == 0
