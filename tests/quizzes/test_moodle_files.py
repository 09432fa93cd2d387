"""Question files the project did not write (Moodle's own examples and test fixtures, in
tests/quizzes/files/moodle/) read the way Moodle reads them: the supported questions with their
text, options, weights and feedback; the others listed by title, line (GIFT) or position (XML)
and type. Plus the HTML → Markdown conversion of Moodle's [html] texts."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from content.markdown import render_markdown
from quizzes.gift import GiftParseError, read_gift
from quizzes.question_import import read_question_file
from quizzes.textformat import to_markdown

MOODLE = Path(__file__).resolve().parent / "files" / "moodle"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def read(name):
    return read_question_file((MOODLE / name).read_bytes(), name)


def by_line(reading):
    return {question.line: question for question in reading.quiz.questions}


def skipped(reading):
    return {(item.title, item.line, item.type) for item in reading.skipped}


def options(question):
    return [(o.text, o.correct, o.weight, o.feedback) for o in question.options]


# --------------------------------------------------------------------------- GIFT: Moodle's examples.txt


def test_examples_txt_supported_questions_arrive_as_moodle_reads_them():
    reading = read("examples.txt")
    questions = by_line(reading)
    first = questions[8]
    assert (first.type, first.text) == ("enkelvoudig", "Who's buried in Grant's tomb?")
    assert options(first) == [
        ("Grant", False, None, ""),
        ("Jefferson", False, None, ""),
        ("no one", True, None, ""),
    ]
    # missing word: the answers' place in the sentence becomes a blank, as in Moodle
    assert questions[10].text == "Grant is _____ in Grant's tomb."
    assert (
        questions[29].text
        == "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
    )
    assert (questions[12].type, questions[12].answer) == ("juist-onjuist", False)
    assert (questions[51].type, questions[51].answer) == ("juist-onjuist", True)
    # feedback per option, and the wrong-answer feedback of a true/false statement
    assert options(questions[98])[2] == ("right answer", True, None, "Very good!")
    assert questions[113].feedback_wrong == "No one is buried in Grant's tomb."
    # multiple answers with weights, penalties included
    assert [(o.text, o.correct, o.weight) for o in questions[136].options] == [
        ("No one", False, Decimal(-50)),
        ("Grant", True, Decimal(50)),
        ("Grant's wife", True, Decimal(50)),
        ("Grant's father", False, Decimal(-50)),
    ]
    assert questions[136].type == "meervoudig"
    # escaped control characters are text, a "\\\\" is a backslash; feedback may run over lines
    assert [o.text for o in questions[143].options] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    assert questions[143].options[1].correct
    control = questions[148]
    assert control.title == "GIFT Control Characters"
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].correct and control.options[5].feedback.startswith("Correct! \\ (backslash)")
    assert "(as shown in this example)." in control.options[5].feedback
    assert questions[184].options[1].feedback == "Right answer!"


def test_examples_txt_unsupported_questions_are_listed_by_title_line_and_type():
    reading = read("examples.txt")
    listed = skipped(reading)
    assert ("Who's buried in Grant's tomb?", 14, "kortantwoord") in listed
    assert ("When was Ulysses S. Grant born?", 16, "numeriek") in listed
    assert ("Matching Question.", 55, "koppel") in listed
    assert ("Kanji Origins", 90, "kortantwoord") in listed  # {=China}: one "=" is a short answer
    assert ("Numerical example", 202, "numeriek") in listed
    reasons = {item.line: item.reason for item in reading.skipped}
    assert reasons[16] == "numerieke vragen worden niet ondersteund."
    assert "deelscore" in reasons[115]  # "=full ~%50%half": partial credit on one right answer
    assert len(reading.quiz.questions) + len(reading.skipped) == 43  # every question accounted for
    assert len(reading.quiz.questions) == 20
    # the same question text twice: distinct keys, never a rejected file
    keys = [q.key for q in reading.quiz.questions]
    assert len(set(keys)) == len(keys)


# --------------------------------------------------------------------------- GIFT: Moodle's test fixtures


def test_moodle_gift_fixture_with_feedback_weights_and_duplicate_titles():
    reading = read("questions.gift.txt")
    questions = {question.key: question for question in reading.quiz.questions}
    assert options(questions["Q2"]) == [
        ("yellow", True, None, "right; good!"),
        ("red", False, None, "wrong, it's yellow"),
        ("blue", False, None, "wrong, it's yellow"),
    ]
    assert [(o.text, o.weight) for o in questions["colours"].options] == [
        ("yellow", Decimal(50)),
        ("red", Decimal(-100)),
        ("off-beige", Decimal(50)),
        ("blue", Decimal(-100)),
    ]
    q1 = questions["Q1"]
    assert (q1.answer, q1.feedback_wrong, q1.feedback_right) == (
        False,
        "42 is the Ultimate Answer.",
        "You gave the right answer.",
    )
    assert q1.explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    # "::2-08 TSL::" twice (Moodle allows it): both imported, with distinct keys
    assert questions["2-08-tsl"].line == 46 and questions["2-08-tsl-2"].line == 49
    assert skipped(reading) == {
        ("Q8", 2, "open vraag"),
        ("Moodle activities", 5, "koppel"),
        ("Q5", 31, "numeriek"),
        ("Shortanswer", 34, "kortantwoord"),
    }


def test_moodle_gift_fixture_with_a_category_and_html():
    reading = read("questions_in_category.gift.txt")
    assert reading.categories == ["$course$/Default for New Features"]
    greeting, acronym = reading.quiz.questions
    assert greeting.category == "$course$/Default for New Features"
    assert greeting.text == (
        "[Listen to this greeting:](http://demo.moodle.net/file.php/5/media/bonjour.mp3)  \n\n"
        "What language is being spoken?"
    )
    assert options(greeting)[1] == ("French", True, None, "Yes, well done!")
    assert acronym.text == "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    assert acronym.answer is True
    assert skipped(reading) == {("Moodle activities", 5, "koppel"), ("Moodle user", 22, "kortantwoord")}


# --------------------------------------------------------------------------- Moodle XML fixtures


def test_moodle_xml_multichoice_with_media_names_each_file_left_out():
    reading = read("multichoice.xml")
    (question,) = reading.quiz.questions
    assert reading.categories == ["$course$/Default for testhead/Multichoice"]
    assert (question.key, question.type) == ("Greeting", "enkelvoudig")
    assert question.text == "Listen to this greeting:  \n\nWhat language is being spoken?"
    assert options(question) == [
        ("English", False, None, "Sorry, listen again."),
        ("French", True, None, "Yes, well done!"),
        ("German", False, None, "Sorry, listen again."),
        ("Danish", False, None, "Sorry, listen again."),
    ]
    assert question.warnings == [
        "het gekoppelde bestand “bonjour.mp3” kan niet mee en is weggelaten.",
        "afbeelding “flag-uk.jpg” (British Flag) kan niet mee en is weggelaten.",
        "afbeelding “flag-france.jpg” (French flag) kan niet mee en is weggelaten.",
        "afbeelding “flag-german.jpg” (German flag) kan niet mee en is weggelaten.",
        "afbeelding “flag-denmark.jpg” (Denmark flag) kan niet mee en is weggelaten.",
    ]


def test_moodle_xml_categories_true_false_and_a_skipped_essay():
    reading = read("nested_categories_with_questions.xml")
    assert reading.categories == [
        "$course$/Iota",
        "$course$/Iota/Kappa",
        "$course$/Iota/Kappa/Lambda",
        "$course$/Iota/Mu",
    ]
    assert [(q.key, q.text, q.answer, q.category) for q in reading.quiz.questions] == [
        ("iota-question", "Testing Iota Question", True, "$course$/Iota"),
        ("kappa-question", "Testing Kappa Question", True, "$course$/Iota/Kappa"),
        ("lambda-question", "Testing Lambda Question", True, "$course$/Iota/Kappa/Lambda"),
        ("mu-question", "Testing Mu Question", True, "$course$/Iota/Mu"),
    ]
    assert skipped(reading) == {("Kappa Essay Question", 2, "open vraag")}
    assert reading.skipped[0].reason == "dit vraagtype wordt niet ondersteund."


def test_moodle_xml_true_false_feedback_weights_and_unsupported_types():
    reading = read("xmlformat_test_questions.xml")
    (statement,) = reading.quiz.questions
    assert (statement.title, statement.answer, statement.feedback_right, statement.feedback_wrong) == (
        "True false question",
        True,
        "Well done!",
        "Doh!",
    )
    assert statement.explanation == "General feedback: You should have chosen true."
    reasons = {item.title: (item.line, item.type, item.reason) for item in reading.skipped}
    # Moodle's own test question gives both right answers 100%: our rules want 100% together
    assert reasons["Multiple choice question"] == (
        1,
        "meerkeuze",
        "De gewichten van de juiste antwoorden zijn samen 200%; dat moet 100% zijn.",
    )
    assert reasons["Numerical question"][:2] == (2, "numeriek")
    assert reasons["Short answer question"][:2] == (3, "kortantwoord")


def test_moodle_xml_cloze_is_skipped_and_an_old_image_field_is_named():
    reading = read("sample_questions_with_old_image_tag.xml")
    (question,) = reading.quiz.questions
    assert (
        question.text
        == 'This is a multichoice question with an image in the old "image" field that was used in Moodle 1.9'
    )
    assert [o.text for o in question.options if o.correct] == ["right answer"]
    assert question.warnings == ["afbeelding “moodle.png” kan niet mee en is weggelaten."]
    assert skipped(reading) == {("cloze question with image", 1, "cloze")}


def test_broken_xml_is_refused_with_its_line():
    with pytest.raises(GiftParseError) as raised:
        read_question_file(b"<?xml version='1.0'?>\n<quiz>\n<question type='truefalse'>\n</quiz>", "x.xml")
    assert raised.value.errors[0].line == 4
    with pytest.raises(GiftParseError) as raised:
        read_question_file(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><quiz>&a;</quiz>', "bom.xml")
    assert "entities" in str(raised.value)
    with pytest.raises(GiftParseError):
        read_question_file(b"<html><body>no quiz</body></html>", "page.xml")


# --------------------------------------------------------------------------- Moodle's reading of GIFT


def test_tilde_equals_is_a_right_answer():
    (question,) = read_gift("::t:: Welke? {~=Goed#Ja ~Fout}\n").quiz.questions
    assert options(question) == [("Goed", True, None, "Ja"), ("Fout", False, None, "")]


def test_a_title_without_closing_colons_is_text_and_the_last_hashes_are_general_feedback():
    (question,) = read_gift(":: Geen titel {=a ~b####eerste####tweede}\n").quiz.questions
    assert question.title == "" and question.text == "Geen titel"
    assert question.explanation == "tweede"


def test_bom_and_crlf_line_endings_are_read():
    data = (
        "\ufeff// question: 1\r\n::a:: Eerste? {\r\n=ja\r\n~nee\r\n}\r\n\r\n::b:: Stelling {T}\r\n".encode()
    )
    reading = read_question_file(data, "windows.txt")
    assert [(q.key, q.text) for q in reading.quiz.questions] == [("a", "Eerste?"), ("b", "Stelling")]
    assert [o.text for o in reading.quiz.questions[0].options] == ["ja", "nee"]
    xml = "\ufeff<?xml version='1.0' encoding='UTF-8'?>\r\n<quiz>\r\n</quiz>\r\n".encode()
    assert read_question_file(xml, "leeg.xml").quiz.questions == []


# --------------------------------------------------------------------------- text formats


def test_html_keeps_its_meaning_as_markdown():
    html = (
        "<p>A</p><p>B<br>C</p><ul><li>een</li><li>twee</li></ul><ol><li>eerst</li></ol>"
        "<p><b>vet</b>, <em>schuin</em> en <a href='https://www.zoetermeer.nl/'>een link</a></p>"
        "<table><tr><th>wie</th><th>wat</th></tr><tr><td>CJG</td><td>advies</td></tr></table>"
    )
    markdown = to_markdown(html, "html").text
    rendered = str(render_markdown(markdown))
    assert "<p>A</p>\n<p>B<br>\nC</p>" in rendered
    assert (
        "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in rendered and "<ol>\n<li>eerst</li>\n</ol>" in rendered
    )
    assert "<strong>vet</strong>, <em>schuin</em>" in rendered
    assert 'href="https://www.zoetermeer.nl/"' in rendered
    assert "<th>wie</th>" in rendered and "<td>advies</td>" in rendered


def test_style_script_comments_and_word_conditionals_disappear_whole():
    html = (
        "<style>p { color: red }</style><script>alert('x')</script>"
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings>Word</o:OfficeDocumentSettings></xml><![endif]-->"
        "<p>Begin<![if !supportLists]>· <![endif]>eind</p><!-- buiten <!-- binnen --> nog buiten --> klaar"
    )
    converted = to_markdown(html, "html")
    assert converted.text == "Begineind\n\nklaar"
    assert converted.media == []


def test_markdown_and_plain_formats():
    (question,) = read_gift("[markdown]Wat is **vet**? {=[plain]a *b* ~c}\n").quiz.questions
    assert str(render_markdown(question.text)) == "<p>Wat is <strong>vet</strong>?</p>"
    assert question.options[0].text == "a \\*b\\*"
    assert str(render_markdown(question.options[0].text)) == "<p>a *b*</p>"
