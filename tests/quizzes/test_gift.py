"""GIFT in our dialect: the six leerstof files, round trips, escapes, Moodle files, and errors
with line numbers (acceptance 1 and 5)."""

from decimal import Decimal
from pathlib import Path

import pytest

from quizzes.gift import GiftParseError, decode_gift, parse_gift, split_casus, write_gift

LEERSTOF = Path(__file__).resolve().parents[2] / "quizzes" / "leerstof"
FILES = sorted(LEERSTOF.glob("*.gift"))
EINDTOETS_FILES = [path for path in FILES if not path.stem.endswith("-voortoets")]
MODULES = {
    "toegang-zoetermeer",
    "giz",
    "positieve-gezondheid",
    "beter-samenspel",
    "kostenbewust-handelen",
    "voorliggende-voorzieningen",
}


def test_there_is_a_quiz_file_for_every_module():
    assert {parse_gift(path.read_text()).module for path in FILES} == MODULES


def test_the_giz_voortoets_is_taken_once_and_asks_its_own_questions():
    voortoets = parse_gift((LEERSTOF / "giz-voortoets.gift").read_text())
    eindtoets = parse_gift((LEERSTOF / "giz.gift").read_text())
    assert (voortoets.module, voortoets.role, voortoets.max_attempts) == ("giz", "voortoets", 1)
    assert voortoets.feedback == "na-slagen"  # no right answers before the lessons
    assert len(voortoets.questions) >= 5
    # parallel items, not copies: the pairing is in "// paar:" (tests/quizzes/test_leerstof_quality.py)
    assert not {q.key for q in voortoets.questions} & {q.key for q in eindtoets.questions}


@pytest.mark.parametrize("path", EINDTOETS_FILES, ids=lambda p: p.stem)
def test_each_leerstof_quiz_has_12_questions_with_explanation_and_source(path):
    quiz = parse_gift(path.read_text())
    assert quiz.module == path.stem
    assert quiz.title.startswith("Toets")
    assert (quiz.pass_mark, quiz.max_attempts, quiz.shuffle_questions, quiz.shuffle_options) == (
        80,
        3,
        True,
        True,
    )
    assert quiz.intro
    assert len(quiz.questions) >= 12
    keys = [q.key for q in quiz.questions]
    # <module>-NN in ascending order; a dropped question leaves its number unused, so the
    # analysis history of a key never switches to another question
    numbers = [int(key.removeprefix(f"{quiz.module}-")) for key in keys]
    assert all(key == f"{quiz.module}-{n:02d}" for key, n in zip(keys, numbers, strict=True))
    assert numbers == sorted(set(numbers))
    for question in quiz.questions:
        assert question.explanation, question.key
        assert question.source, question.key
        assert question.text, question.key
        if question.type == "juist-onjuist":
            assert question.feedback_right and question.feedback_wrong, question.key
        else:
            assert len(question.options) >= 3, question.key
            assert all(option.feedback for option in question.options), question.key
            assert any(option.correct for option in question.options), question.key
        if question.type == "casus":
            assert question.situation, question.key
    assert {q.type for q in quiz.questions} >= {"enkelvoudig", "juist-onjuist", "casus"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_parse_export_parse_gives_the_same_questions(path):
    quiz = parse_gift(path.read_text())
    again = parse_gift(write_gift(quiz))
    assert again == quiz
    assert write_gift(again) == write_gift(quiz)  # and the writer is stable


def test_true_false_with_feedback_and_explanation():
    quiz = parse_gift(
        "// type: juist-onjuist\n"
        "::tf-1:: Water is nat. {T#Helaas, het is juist.#Goed zo.####Water is nat.}\n\n"
        "::tf-2:: De maan is een ster.{FALSE}\n"
    )
    first, second = quiz.questions
    assert (first.type, first.answer, first.feedback_wrong, first.feedback_right, first.explanation) == (
        "juist-onjuist",
        True,
        "Helaas, het is juist.",
        "Goed zo.",
        "Water is nat.",
    )
    assert (second.type, second.answer, second.feedback_right) == ("juist-onjuist", False, "")


def test_escapes_and_line_breaks_survive_a_round_trip():
    text = (
        "// type: enkelvoudig\n"
        "// bron: a.txt:1-2; site.nl\n"
        "::esc-1:: Wat is 1 \\= 1 \\~ \\# \\{x\\} a\\:\\:b?\\nTweede regel {\n"
        "=Ja \\= zeker#Goed \\# echt\n"
        "~Nee {\\}}#Fout\n"
        "####Uitleg met \\{accolades\\} en een\\nregel\n"
        "}\n"
    )
    # the raw "{\}}" above is a stray closing brace: the file must be rejected
    with pytest.raises(GiftParseError):
        parse_gift(text)
    text = text.replace("~Nee {\\}}#Fout", "~Nee \\{\\}#Fout")
    question = parse_gift(text).questions[0]
    assert question.text == "Wat is 1 = 1 ~ # {x} a::b?\nTweede regel"
    assert [o.text for o in question.options] == ["Ja = zeker", "Nee {}"]
    assert question.options[0].feedback == "Goed # echt"
    assert question.explanation == "Uitleg met {accolades} en een\nregel"
    assert question.source == "a.txt:1-2; site.nl"
    written = write_gift(parse_gift(text))
    assert parse_gift(written).questions[0] == question
    assert "a\\:\\:b" in written  # a double colon is escaped, a single one is not needed


def test_multiple_choice_weights_including_moodle_decimals():
    quiz = parse_gift("::m1:: Kies de goede. {\n~%33.33333%A#a\n~%33.33333%B\n~%33.33334%C\n~%-100%D#d\n}\n")
    question = quiz.questions[0]
    assert question.type == "meervoudig" and question.multiple
    assert [o.weight for o in question.options] == [
        Decimal("33.33333"),
        Decimal("33.33333"),
        Decimal("33.33334"),
        Decimal("-100"),
    ]
    assert [o.correct for o in question.options] == [True, True, True, False]
    assert "~%33.33333%A#a" in write_gift(quiz)


def test_moodle_export_without_our_comments_is_read():
    moodle = (
        "// question: 0  name: Switch category to $course$/top\n"
        "$CATEGORY: $course$/top/Default\n\n"
        "// question: 12  name: Eerste vraag\n"
        "::Eerste vraag::[html]<p>Wat is <b>GIZ</b>?</p>{\n"
        "\t=[html]Een gespreksmethodiek#[html]<p>Klopt.</p>\n"
        "\t~[html]Een formulier\n"
        "}\n\n"
        "::Q2::Stelling {TRUE}\n\n"
        "Zonder titel {=a ~b}\n"
    )
    quiz = parse_gift(moodle)
    keys = [q.key for q in quiz.questions]
    assert keys[:2] == ["eerste-vraag", "Q2"]
    # without a title: the first words and a digest of the question, not its position
    assert keys[2].startswith("zonder-titel-") and len(keys[2]) == len("zonder-titel-") + 6
    assert [q.category for q in quiz.questions] == ["$course$/top/Default"] * 3
    first = quiz.questions[0]
    assert (first.type, first.text, first.options[0].text, first.options[0].feedback) == (
        "enkelvoudig",
        "Wat is **GIZ**?",
        "Een gespreksmethodiek",
        "Klopt.",
    )
    assert quiz.questions[1].type == "juist-onjuist"


def test_casus_is_split_into_situation_and_question():
    assert split_casus('Een vader zegt: "Ik wil hulp." Het is onduidelijk. Wat klopt?') == (
        'Een vader zegt: "Ik wil hulp." Het is onduidelijk.',
        "Wat klopt?",
    )
    assert split_casus(
        "Na de triage liggen er vier casussen. Welke gaan naar het buurtteam? Kies alle juiste."
    ) == (
        "Na de triage liggen er vier casussen.",
        "Welke gaan naar het buurtteam? Kies alle juiste.",
    )
    assert split_casus("Situatie met\nmeer regels\nWat doe je?") == (
        "Situatie met\nmeer regels",
        "Wat doe je?",
    )
    assert split_casus("Wat doe je?") == ("", "Wat doe je?")


MALFORMED = """// quiz: Kapot
// module: giz
// pass_mark: 180

// type: enkelvoudig
::k-01:: Geen sluitaccolade {
=Ja
~Nee

// type: meervoudig
::k-02:: Gewichten kloppen niet {
~%50%A
~%20%B
~%-50%C
}

// type: enkelvoudig
::k-03:: Twee juiste {
=A
=B
~C
}

::k-04:: Kortantwoord {=een =twee}

::k-05:: Invulvraag {=a ~b} en verder

// type: raadsel
::k-06:: Onbekend type {=a ~b}

::k-07:: Goed {=a ~b}

::k-07:: Dubbele sleutel {=a ~b}

::k-08:: Numeriek {#3:1}

::k-09:: Open vraag {}

::k-10:: Een optie {=a}

::k-11:: Geen antwoorden
"""


def test_malformed_file_names_every_error_with_its_line():
    with pytest.raises(GiftParseError) as raised:
        parse_gift(MALFORMED)
    errors = {error.line: str(error) for error in raised.value.errors}
    assert "pass_mark" in errors[3]  # header
    assert "}" in errors[6]  # not closed before the blank line
    assert "70%" in errors[12]  # weights of the right options
    assert "precies één" in errors[19]
    assert "kortantwoord" in errors[24]
    assert 26 not in errors  # Moodle's missing word: "Invulvraag _____ en verder"
    assert "raadsel" in errors[28]
    assert "al gebruikt op regel 31" in errors[33]
    assert "numeriek" in errors[35]
    assert "open vraag" in errors[37]
    assert "kortantwoord" in errors[39]  # a lone "=" is Moodle's short answer
    assert "geen antwoorden" in errors[41]
    assert len(errors) == 11
    assert all(str(error).startswith("regel ") for error in raised.value.errors)


def test_type_that_does_not_match_the_answers_is_an_error():
    with pytest.raises(GiftParseError) as raised:
        parse_gift("// type: meervoudig\n::x:: Vraag {=a ~b}\n\n// type: enkelvoudig\n::y:: Vraag {T}\n")
    assert [e.line for e in raised.value.errors] == [2, 5]


def test_single_choice_with_partial_credit_is_refused():
    with pytest.raises(GiftParseError) as raised:
        parse_gift("::x:: Vraag {=a ~%50%b ~c}\n")
    assert "meervoudig" in str(raised.value)


def test_not_utf8_or_binary_is_refused():
    with pytest.raises(GiftParseError) as raised:
        decode_gift("::x:: Vraag\n{=caf\xe9 ~b}".encode("latin-1"))
    assert raised.value.errors[0].line == 2
    with pytest.raises(GiftParseError):
        decode_gift(b"\x00\x01binary")
    assert decode_gift("\ufeff::x:: Vraag {=a ~b}".encode()).startswith("::x::")


def test_empty_file_is_an_error():
    with pytest.raises(GiftParseError):
        parse_gift("// alleen commentaar\n")


# --------------------------------------------------------------------------- property: any text survives

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quizzes.gift import GiftOption, GiftQuestion, GiftQuiz  # noqa: E402

_ALPHABET = st.sampled_from(list("abcXYZ ëé.?!,;:'\"()-~=#{}\\\n") + ["\\n", "::", "####"])


def _clean(text):
    return "\n".join(line.strip() for line in text.split("\n")).strip()


_texts = st.lists(_ALPHABET, min_size=1, max_size=30).map("".join).map(_clean).filter(bool)
_optional = st.one_of(st.just(""), _texts)


@st.composite
def _questions(draw, key):
    kind = draw(st.sampled_from(["enkelvoudig", "meervoudig", "juist-onjuist", "casus"]))
    question = GiftQuestion(
        key=key, type=kind, text=draw(_texts).replace("\n", " "), explanation=draw(_optional)
    )
    question.source = draw(st.sampled_from(["", "a.txt:1-2", "a.txt:1; site.nl/x"]))
    if kind == "juist-onjuist":
        question.answer = draw(st.booleans())
        question.feedback_wrong, question.feedback_right = draw(_optional), draw(_optional)
        if question.feedback_right and not question.feedback_wrong:
            question.feedback_wrong = "x"
        return question
    if kind == "casus":
        question.situation = draw(_texts)
    question.multiple = kind == "meervoudig" or (kind == "casus" and draw(st.booleans()))
    n = draw(st.integers(2, 5))
    texts = [draw(_texts) for _ in range(n)]
    if question.multiple:
        right = draw(st.integers(1, n))
        weights = [Decimal(100) / right if i < right else Decimal(-50) for i in range(n)]
        weights = [w.quantize(Decimal("0.00001")).normalize() for w in weights]
        question.options = [
            GiftOption(t, w > 0, w, draw(_optional)) for t, w in zip(texts, weights, strict=True)
        ]
    else:
        question.options = [GiftOption(t, i == 0, None, draw(_optional)) for i, t in enumerate(texts)]
    return question


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*[_questions(f"k-{i}") for i in range(n)])))
def test_any_quiz_survives_write_then_parse(questions):
    quiz = GiftQuiz(title="T", module="m", pass_mark=80, max_attempts=3, questions=list(questions))
    parsed = parse_gift(write_gift(quiz))
    for original, again in zip(quiz.questions, parsed.questions, strict=True):
        if original.type == "casus":
            # the writer joins situation and question with a line break; the question is one line
            assert (again.situation, again.text) == (original.situation, original.text)
        assert again == original
