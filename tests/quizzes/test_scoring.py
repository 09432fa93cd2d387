"""The scoring rule (quizzes/scoring.py): pure, no database; properties with hypothesis."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.scoring import ScoredOption, ScoredQuestion, question_credit, resolved_weights, score_attempt


@st.composite
def questions(draw, key):
    multiple = draw(st.booleans())
    n = draw(st.integers(min_value=2, max_value=7))
    keys = [f"{key}-{i}" for i in range(n)]
    if not multiple:
        right = draw(st.integers(min_value=0, max_value=n - 1))
        options = tuple(ScoredOption(k, i == right) for i, k in enumerate(keys))
        return ScoredQuestion(key, options, multiple=False)
    flags = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    explicit = draw(st.booleans())
    if explicit:
        right_count = sum(flags)
        # positive weights adding up to 100 (last takes the rest), negative for wrong options
        parts = draw(st.lists(st.integers(1, 100), min_size=right_count, max_size=right_count))
        total = sum(parts)
        weights = [Fraction(100 * p, total) for p in parts]
        penalties = iter(draw(st.lists(st.integers(-100, 0), min_size=n, max_size=n)))
        right_weights = iter(weights)
        options = tuple(
            ScoredOption(k, flag, next(right_weights) if flag else Fraction(next(penalties)))
            for k, flag in zip(keys, flags, strict=True)
        )
    else:
        options = tuple(ScoredOption(k, flag) for k, flag in zip(keys, flags, strict=True))
    return ScoredQuestion(key, options, multiple=True)


@st.composite
def quizzes_with_answers(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    qs = [draw(questions(f"q{i}")) for i in range(count)]
    answers = {}
    for q in qs:
        keys = [o.key for o in q.options] + ["vreemd", "q999-0"]
        answers[q.key] = draw(st.lists(st.sampled_from(keys), max_size=9))
    return qs, answers


@settings(max_examples=300, deadline=None)
@given(quizzes_with_answers(), st.integers(min_value=1, max_value=100))
def test_score_is_between_0_and_100_and_passed_matches_the_score(data, pass_mark):
    qs, answers = data
    result = score_attempt(qs, answers, pass_mark)
    assert 0 <= result.score <= 100
    assert 0 <= result.exact <= 100
    assert all(0 <= c <= 1 for c in result.credits.values())
    assert result.passed == (result.score >= pass_mark)


@settings(max_examples=200, deadline=None)
@given(quizzes_with_answers())
def test_all_right_answers_give_100(data):
    qs, _ignored = data
    answers = {q.key: [o.key for o in q.options if o.correct] for q in qs}
    result = score_attempt(qs, answers, 100)
    assert result.score == 100 and result.passed


@settings(max_examples=200, deadline=None)
@given(quizzes_with_answers(), st.randoms(use_true_random=False))
def test_the_order_of_answers_and_questions_does_not_matter(data, rng):
    qs, answers = data
    baseline = score_attempt(qs, answers, 80)
    shuffled_answers = {}
    for key in rng.sample(list(answers), len(answers)):
        chosen = list(answers[key])
        rng.shuffle(chosen)
        shuffled_answers[key] = chosen + chosen[:1]  # a repeated choice counts once
    shuffled_questions = rng.sample(qs, len(qs))
    again = score_attempt(shuffled_questions, shuffled_answers, 80)
    assert (again.exact, again.score, again.passed) == (baseline.exact, baseline.score, baseline.passed)


def _mc(*options):
    return ScoredQuestion("m", tuple(options), multiple=True)


def test_multiple_choice_partial_credit_rule():
    q = _mc(
        ScoredOption("a", True), ScoredOption("b", True), ScoredOption("c", False), ScoredOption("d", False)
    )
    assert resolved_weights(q) == {"a": 50, "b": 50, "c": -50, "d": -50}
    assert question_credit(q, ["a", "b"]) == 1
    assert question_credit(q, ["a"]) == Fraction(1, 2)
    assert question_credit(q, ["a", "c"]) == 0  # one wrong choice cancels one right choice
    assert question_credit(q, ["a", "b", "c"]) == Fraction(1, 2)
    assert question_credit(q, ["a", "b", "c", "d"]) == 0  # ticking everything earns nothing
    assert question_credit(q, []) == 0


def test_moodle_weights_from_gift_files():
    # giz-09: five right options at 20%, two wrong at -50%
    q = _mc(
        *(ScoredOption(f"r{i}", True, Fraction(20)) for i in range(5)),
        ScoredOption("w1", False, Fraction(-50)),
        ScoredOption("w2", False, Fraction(-50)),
    )
    assert question_credit(q, [f"r{i}" for i in range(5)]) == 1
    assert question_credit(q, [f"r{i}" for i in range(5)] + ["w1"]) == Fraction(1, 2)
    assert question_credit(q, ["r0", "w1"]) == 0  # never below zero


def test_thirds_add_up_to_exactly_100():
    third = Fraction(Decimal("33.33333"))
    q = _mc(
        ScoredOption("a", True, third),
        ScoredOption("b", True, third),
        ScoredOption("c", True, third),
        ScoredOption("d", False, Fraction(-100)),
    )
    assert question_credit(q, ["a", "b", "c"]) == 1
    assert score_attempt([q], {"m": ["a", "b", "c"]}, 100).score == 100


def test_single_choice_is_all_or_nothing_and_needs_exactly_one_choice():
    q = ScoredQuestion("s", (ScoredOption("a", True), ScoredOption("b", False)))
    assert question_credit(q, ["a"]) == 1
    assert question_credit(q, ["b"]) == 0
    assert question_credit(q, ["a", "b"]) == 0
    assert question_credit(q, []) == 0
    assert question_credit(q, ["a", "a"]) == 1


def test_score_is_rounded_down_so_it_never_flatters():
    qs = [ScoredQuestion(f"s{i}", (ScoredOption("a", True), ScoredOption("b", False))) for i in range(3)]
    result = score_attempt(qs, {"s0": ["a"], "s1": ["a"], "s2": ["b"]}, 67)
    assert result.exact == Fraction(200, 3)
    assert result.score == 66 and not result.passed  # 66.67% does not reach 67%
    assert score_attempt(qs, {"s0": ["a"], "s1": ["a"], "s2": ["b"]}, 66).passed


def test_unknown_option_keys_and_missing_answers_earn_nothing():
    q = ScoredQuestion("s", (ScoredOption("a", True), ScoredOption("b", False)))
    assert question_credit(q, ["q2-a"]) == 0
    assert score_attempt([q], {}, 50).score == 0
    assert score_attempt([], {}, 50).passed is False
