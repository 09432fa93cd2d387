"""The rules of docs/leerstof-format.md ("Rules for the leerstof"), checked on the real files.

Per quiz: the keyed option is not systematically the longest (nor the shortest), at least half
the questions are a casus, every learning goal of ``module.md`` has a question in the eindtoets,
every question names its source (``// bron:``) and the goals it tests (``// doel:``), and every
feedback text ends with the lesson that teaches it ("Zie de les “…”."). The GIZ voortoets is
built from parallel items: no question or option text shared with the eindtoets, and every item
names the eindtoets item it parallels (``// paar:``). Every lesson ends with Kernpunten,
Doe-opdracht and Bronnen, and each source line has one of the two regular forms.
"""

import re
from pathlib import Path

import pytest

from modules.leerstof_import import LEERSTOF_DIR, read_leerstof
from quizzes.gift import TYPE_CASUS, TYPE_SINGLE, TYPE_TRUE_FALSE, parse_gift

QUIZ_DIR = Path(__file__).resolve().parents[2] / "quizzes" / "leerstof"
MAX_LONGEST_KEY_SHARE = 0.25
MAX_SHORTEST_KEY_SHARE = 0.4  # and not the reverse cue either
MIN_CASUS_SHARE = 0.5

MODULES = {module.slug: module for module in read_leerstof(LEERSTOF_DIR)}
EINDTOETS = {slug: QUIZ_DIR / f"{slug}.gift" for slug in MODULES}
VOORTOETS = sorted(QUIZ_DIR.glob("*-voortoets.gift"))
ALL_FILES = sorted(QUIZ_DIR.glob("*.gift"))

_KEY = re.compile(r"^\s*::(.+?)::")
_COMMENT = re.compile(r"^//\s*([A-Za-z_]+)\s*:\s?(.*)$")
_LESSON_POINTER = re.compile(r"Zie de les “([^”]+)”")
_POINTER_AT_END = re.compile(r"Zie de les “[^”]+”\.$")
#: one part of ``// bron:``: a seed file with lines, or a public site (with a path)
_SOURCE_PART = re.compile(r"^(?:\d{3}_[0-9a-f]{16}\.txt:\d+(?:-\d+)?|[a-z0-9.-]+\.[a-z]{2,}(?:/\S*)?)$")


def comments_per_question(text):
    """{question key: {comment name: value}} from the ``// name: value`` lines directly above
    each question (the parser keeps only ``type`` and ``bron``; ``doel`` and ``paar`` are ours)."""
    result = {}
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        comments = {}
        for line in lines:
            if not line.startswith("//"):
                key = _KEY.match(line)
                if key:
                    result[key.group(1).strip()] = comments
                break
            match = _COMMENT.match(line)
            if match:
                comments[match.group(1).lower()] = match.group(2).strip()
    return result


def goal_numbers(value):
    return {int(part) for part in re.split(r"[,\s]+", value or "") if part}


def read_quiz(path):
    text = path.read_text(encoding="utf-8")
    return parse_gift(text), comments_per_question(text)


def module_of(path):
    return MODULES[parse_gift(path.read_text(encoding="utf-8")).module]


def is_single_answer(question):
    return question.type == TYPE_SINGLE or (question.type == TYPE_CASUS and not question.multiple)


def key_is_longest(question):
    """The right option is longer than every other option (a tie gives nothing away)."""
    key = max(len(o.text) for o in question.options if o.correct)
    return key > max(len(o.text) for o in question.options if not o.correct)


def key_is_shortest(question):
    key = min(len(o.text) for o in question.options if o.correct)
    return key < min(len(o.text) for o in question.options if not o.correct)


def normalised(text):
    return " ".join(re.sub(r"[^\w%€]+", " ", text.casefold()).split())


def feedback_texts(question):
    if question.type == TYPE_TRUE_FALSE:
        return [question.feedback_wrong, question.feedback_right]
    return [option.feedback for option in question.options]


def test_every_module_has_an_eindtoets_and_every_quiz_a_module():
    assert all(path.exists() for path in EINDTOETS.values())
    assert {module_of(path).slug for path in ALL_FILES} == set(MODULES)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_the_keyed_option_is_the_longest_in_at_most_a_quarter_of_single_answer_questions(path):
    """Length gives the answer away in neither direction."""
    quiz, _ = read_quiz(path)
    single = [q for q in quiz.questions if is_single_answer(q)]
    longest = [q.key for q in single if key_is_longest(q)]
    assert single, path.stem
    assert len(longest) <= MAX_LONGEST_KEY_SHARE * len(single), (
        f"{path.stem}: the right option is the longest in {len(longest)} of {len(single)} "
        f"single-answer questions: {longest}"
    )
    shortest = [q.key for q in single if key_is_shortest(q)]
    assert len(shortest) <= MAX_SHORTEST_KEY_SHARE * len(single), (
        f"{path.stem}: the right option is the shortest in {len(shortest)} of {len(single)} "
        f"single-answer questions: {shortest}"
    )


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_at_least_half_of_the_questions_are_a_casus(path):
    quiz, _ = read_quiz(path)
    casus = [q for q in quiz.questions if q.type == TYPE_CASUS]
    assert len(casus) >= MIN_CASUS_SHARE * len(quiz.questions), (
        f"{path.stem}: {len(casus)} of {len(quiz.questions)} questions are a casus"
    )
    assert all(q.situation and q.text for q in casus)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_every_question_has_a_source_and_the_goals_it_tests(path):
    quiz, comments = read_quiz(path)
    goals = len(module_of(path).learning_goals)
    for question in quiz.questions:
        assert question.source, question.key
        parts = question.source.split("; ")
        assert all(_SOURCE_PART.match(part) for part in parts), f"{question.key}: bron {question.source!r}"
        numbers = goal_numbers(comments.get(question.key, {}).get("doel"))
        assert numbers, f"{question.key} has no // doel:"
        assert numbers <= set(range(1, goals + 1)), f"{question.key}: doel {numbers}, the module has {goals}"


@pytest.mark.parametrize("slug", sorted(EINDTOETS))
def test_every_learning_goal_of_the_module_has_a_question(slug):
    quiz, comments = read_quiz(EINDTOETS[slug])
    tested = set()
    for question in quiz.questions:
        tested |= goal_numbers(comments.get(question.key, {}).get("doel"))
    goals = MODULES[slug].learning_goals
    missing = [f"{n}. {goals[n - 1]}" for n in range(1, len(goals) + 1) if n not in tested]
    assert not missing, f"{slug}: no question for {missing}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_feedback_points_to_a_lesson_of_the_module_by_its_title(path):
    quiz, _ = read_quiz(path)
    titles = {lesson.title for lesson in module_of(path).lessons}
    for question in quiz.questions:
        for text in feedback_texts(question):
            assert _POINTER_AT_END.search(text), f"{question.key}: feedback ends without a lesson"
        pointers = [title for text in feedback_texts(question) for title in _LESSON_POINTER.findall(text)]
        assert set(pointers) <= titles, f"{question.key}: {set(pointers) - titles} is not a lesson title"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_feedback_shows_no_seed_file_names(path):
    quiz, _ = read_quiz(path)
    for question in quiz.questions:
        shown = [question.text, question.situation, question.explanation, *feedback_texts(question)]
        shown += [option.text for option in question.options]
        assert not any(re.search(r"\d{3}_[0-9a-f]{16}", text) for text in shown), question.key


def test_there_is_a_voortoets():
    assert VOORTOETS


@pytest.mark.parametrize("path", VOORTOETS, ids=lambda p: p.stem)
def test_the_voortoets_has_parallel_items_that_share_no_text_with_the_eindtoets(path):
    voortoets, comments = read_quiz(path)
    slug = voortoets.module
    eindtoets, eind_comments = read_quiz(EINDTOETS[slug])
    assert voortoets.role == "voortoets"
    eind_keys = {q.key: q for q in eindtoets.questions}
    eind_questions = {normalised(q.situation + " " + q.text) for q in eindtoets.questions}
    eind_texts = {normalised(q.text) for q in eindtoets.questions}
    eind_options = {normalised(o.text) for q in eindtoets.questions for o in q.options}
    pairs = []
    for question in voortoets.questions:
        assert question.key not in eind_keys, f"{question.key} is an eindtoets key: a parallel item is new"
        pair = comments.get(question.key, {}).get("paar")
        assert pair in eind_keys, f"{question.key}: // paar: {pair!r} is not an eindtoets question"
        pairs.append(pair)
        own_goals = goal_numbers(comments[question.key].get("doel"))
        assert own_goals == goal_numbers(eind_comments[pair].get("doel")), (
            f"{question.key} tests goals {own_goals}, its pair {pair} others"
        )
        assert normalised(question.situation + " " + question.text) not in eind_questions, question.key
        assert normalised(question.text) not in eind_texts, question.key
        shared = [o.text for o in question.options if normalised(o.text) in eind_options]
        assert not shared, f"{question.key} shares options with the eindtoets: {shared}"
    assert len(pairs) == len(set(pairs)), "two voortoets items parallel the same eindtoets item"


# --------------------------------------------------------------------------- lesson endings

#: ``- <Title>, <organisation> (<year>), `<seed file>` regels <a>–<b>[, <c>–<d>][ en <e>–<f>]``
_SEED_SOURCE = re.compile(
    r"^- (?P<title>[^,`]+), (?P<organisation>[^`()]+) \((?P<year>\d{4})\), "
    r"`(?P<file>\d{3}_[0-9a-f]{16}\.txt)` regels? (?P<lines>\d+(?:–\d+)?(?:(?:, | en )\d+(?:–\d+)?)*)$"
)
#: ``- <Organisation>, <page title>: <site>``
_WEB_SOURCE = re.compile(
    r"^- (?P<organisation>[^,`]+), (?P<title>[^`]+): (?P<site>[a-z0-9.-]+\.[a-z]{2,}(?:/\S*)?)$"
)
LESSONS = [(module.slug, lesson) for module in MODULES.values() for lesson in module.lessons]
LESSON_IDS = [lesson.path for _slug, lesson in LESSONS]


def lesson_text(lesson):
    return "\n\n".join(block["value"] for block in lesson.body if block["type"] == "markdown")


@pytest.mark.parametrize(("slug", "lesson"), LESSONS, ids=LESSON_IDS)
def test_every_lesson_ends_with_kernpunten_doe_opdracht_and_bronnen(slug, lesson):
    headings = re.findall(r"^## (.+)$", lesson_text(lesson), flags=re.M)
    assert headings[-3:] == ["Kernpunten", "Doe-opdracht", "Bronnen"], lesson.path
    opdracht = lesson_text(lesson).split("## Doe-opdracht", 1)[1].split("## Bronnen", 1)[0].strip()
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", opdracht) if s]
    assert 2 <= len(sentences) <= 4, f"{lesson.path}: the doe-opdracht has {len(sentences)} sentences"
    assert re.search(r"\b(je|jij|jouw)\b", opdracht, flags=re.I), lesson.path


@pytest.mark.parametrize(("slug", "lesson"), LESSONS, ids=LESSON_IDS)
def test_every_source_line_of_a_lesson_has_one_of_the_two_regular_forms(slug, lesson):
    # As written in the file: the importer keeps the seed references for coordinators only.
    bronnen = (LEERSTOF_DIR / lesson.path).read_text(encoding="utf-8").split("## Bronnen", 1)[1]
    bronnen = bronnen.strip().splitlines()
    assert bronnen, lesson.path
    for line in bronnen:
        assert _SEED_SOURCE.match(line) or _WEB_SOURCE.match(line), f"{lesson.path}: {line}"
