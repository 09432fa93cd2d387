"""The pure progress rules, without a database."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from modules import status_rules as rules

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def status(**kwargs):
    kwargs.setdefault("now", NOW)
    return rules.module_status(**kwargs)


def test_nothing_done_is_niet_begonnen():
    result = status(total_steps=4, done_steps=0, completion=None)
    assert result.state == rules.NOT_STARTED
    assert result.label == "Niet begonnen"


def test_some_steps_done_is_bezig_n_van_m():
    result = status(total_steps=4, done_steps=2, completion=None)
    assert result.state == rules.IN_PROGRESS
    assert result.label == "Bezig (2 van 4)"
    assert result.percent == 50


def test_a_completion_is_afgerond_with_its_date():
    result = status(total_steps=4, done_steps=4, completion=rules.Completion(NOW - 10 * DAY, NOW + 300 * DAY))
    assert result.state == rules.COMPLETED
    assert result.label == "Afgerond (5 juni 2026)"


def test_a_step_added_later_keeps_the_completion_and_shows_as_new():
    result = status(total_steps=5, done_steps=4, completion=rules.Completion(NOW - 10 * DAY, None))
    assert result.state == rules.COMPLETED
    assert result.new_steps == 1


def test_after_the_refresh_date_the_module_needs_a_refresher():
    completion = rules.Completion(NOW - 400 * DAY, NOW - DAY)
    result = status(total_steps=3, done_steps=3, completion=completion)
    assert result.state == rules.REFRESH
    assert result.label == "Opfrissen nodig"
    assert result.refresh_reasons == (rules.REASON_EXPIRED,)
    assert result.refresh_since == completion.expires_at


def test_exactly_at_the_refresh_moment_it_is_due_and_a_second_before_it_is_not():
    expires = NOW
    assert status(total_steps=1, done_steps=1, completion=rules.Completion(NOW - DAY, expires)).needs_refresh
    before = rules.Completion(NOW - DAY, NOW + datetime.timedelta(seconds=1))
    assert not status(total_steps=1, done_steps=1, completion=before).needs_refresh


def test_a_substantial_change_after_the_completion_asks_for_a_refresher_with_what_changed():
    changes = [
        rules.Change(datetime.date(2026, 1, 1), "oud"),
        rules.Change(datetime.date(2026, 6, 1), "Nieuwe route"),
        rules.Change(datetime.date(2026, 7, 1), "toekomst"),
    ]
    result = status(
        total_steps=3, done_steps=3, completion=rules.Completion(NOW - 100 * DAY, None), changes=changes
    )
    assert result.state == rules.REFRESH
    assert result.refresh_reasons == (rules.REASON_CHANGED,)
    assert [c.summary for c in result.changes] == ["Nieuwe route"]


def test_a_change_before_or_on_the_completion_day_does_not_ask_for_a_refresher():
    completed = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))
    result = status(
        total_steps=1,
        done_steps=1,
        completion=rules.Completion(completed, None),
        changes=[rules.Change(datetime.date(2026, 6, 1), "zelfde dag")],
    )
    assert result.state == rules.COMPLETED


@given(total=st.integers(0, 50), done=st.integers(-5, 60))
def test_without_a_completion_the_count_never_exceeds_the_steps(total, done):
    result = rules.module_status(total_steps=total, done_steps=done, completion=None, now=NOW)
    assert 0 <= result.done <= result.total == total
    assert result.state in (rules.NOT_STARTED, rules.IN_PROGRESS)


def steps(*kinds):
    return [
        rules.Step(id=i, is_lesson=k == "les", last_published_at=NOW - 500 * DAY) for i, k in enumerate(kinds)
    ]


def done(ids, at):
    return {i: rules.StepDone(at, at) for i in ids}


def test_first_completion_needs_every_step():
    module_steps = steps("les", "les", "quiz")
    st_ = status(total_steps=3, done_steps=2, completion=None)
    assert not rules.module_ready_to_complete(st_, module_steps, done([0, 1], NOW))
    st_ = status(total_steps=3, done_steps=3, completion=None)
    assert rules.module_ready_to_complete(st_, module_steps, done([0, 1, 2], NOW))


def test_a_refresher_asks_for_the_quiz_and_changed_lessons_done_again():
    previous = NOW - 400 * DAY
    module_steps = [
        rules.Step(0, True, previous - DAY),  # unchanged lesson
        rules.Step(1, True, previous + DAY),  # changed since the completion
        rules.Step(2, False, previous - DAY),  # quiz
    ]
    st_ = status(total_steps=3, done_steps=3, completion=rules.Completion(previous, NOW - DAY))
    old = done([0, 1, 2], previous)
    required = rules.refresh_steps(module_steps, old, previous_completed_at=previous, since=st_.refresh_since)
    assert [(s.id, redone) for s, redone in required] == [(1, False), (2, False)]
    assert not rules.module_ready_to_complete(st_, module_steps, old)
    assert rules.next_open_step(st_, module_steps, old).id == 1
    redone = {**old, 1: rules.StepDone(previous, NOW), 2: rules.StepDone(previous, NOW)}
    assert rules.module_ready_to_complete(st_, module_steps, redone)


def test_a_refresher_without_a_quiz_or_changes_asks_for_every_lesson():
    previous = NOW - 400 * DAY
    module_steps = steps("les", "les")
    required = rules.refresh_steps(
        module_steps, done([0, 1], previous), previous_completed_at=previous, since=NOW
    )
    assert [s.id for s, _ in required] == [0, 1]


def test_a_completed_module_is_not_completed_again():
    st_ = status(total_steps=2, done_steps=2, completion=rules.Completion(NOW - DAY, None))
    assert not rules.module_ready_to_complete(st_, steps("les", "les"), done([0, 1], NOW))


START = datetime.date(2026, 4, 1)
ITEMS = [rules.PathItem(10, 7), rules.PathItem(11, 21), rules.PathItem(12, 60)]


def test_path_due_date_is_start_plus_days_and_on_track_early_on():
    result = rules.path_status(
        start_date=START, due_days=60, items=ITEMS, completed_on={}, today=START + 3 * DAY
    )
    assert result.due_date == datetime.date(2026, 5, 31)
    assert result.days_left == 57
    assert not result.behind and not result.overdue
    assert result.next_module_id == 10


def test_path_a_week_behind_the_advice_is_loopt_achter_but_not_overdue():
    def on(day):
        return rules.path_status(
            start_date=START, due_days=60, items=ITEMS, completed_on={}, today=START + day * DAY
        )

    assert not on(14).behind  # advised day 7 plus a week of grace
    assert on(15).behind and not on(15).overdue
    assert on(15).late_module_ids == (10,)


def test_path_past_the_due_date_is_overdue_until_complete():
    late = START + 61 * DAY
    open_ = rules.path_status(
        start_date=START, due_days=60, items=ITEMS, completed_on={10: START, 11: START}, today=late
    )
    assert open_.overdue and open_.behind and open_.done == 2 and open_.next_module_id == 12
    complete = rules.path_status(
        start_date=START, due_days=60, items=ITEMS, completed_on={10: START, 11: START, 12: late}, today=late
    )
    assert complete.complete and not complete.behind and complete.completed_on == late


def test_path_applies_by_team_or_organisation_and_start_date():
    kwargs = dict(team_id=1, organisation="jgh", start_date=START)
    assert rules.path_applies(**kwargs, path_team_ids=[], path_organisation_types=[], applies_from=None)
    assert rules.path_applies(**kwargs, path_team_ids=[1], path_organisation_types=[], applies_from=None)
    assert rules.path_applies(**kwargs, path_team_ids=[2], path_organisation_types=["jgh"], applies_from=None)
    assert not rules.path_applies(
        **kwargs, path_team_ids=[2], path_organisation_types=["smw"], applies_from=None
    )
    assert not rules.path_applies(
        **kwargs, path_team_ids=[], path_organisation_types=[], applies_from=START + DAY
    )
    assert not rules.path_applies(
        team_id=1,
        organisation="jgh",
        start_date=None,
        path_team_ids=[],
        path_organisation_types=[],
        applies_from=START,
    )


def entry(day, hours):
    return SimpleNamespace(earned_on=day, hours=Decimal(hours))


def test_accreditation_falls_into_five_year_periods_from_the_registration_date():
    anchor = datetime.date(2020, 3, 1)
    entries = [
        entry(datetime.date(2021, 1, 1), "1.5"),
        entry(datetime.date(2025, 3, 1), "1.0"),
        entry(datetime.date(2026, 1, 1), "1.5"),
    ]
    cycles = rules.accreditation_cycles(entries, anchor=anchor, today=datetime.date(2026, 6, 1))
    assert [(c.start, c.end, c.hours, c.current) for c in cycles] == [
        (datetime.date(2025, 3, 1), datetime.date(2030, 3, 1), Decimal("2.5"), True),
        (datetime.date(2020, 3, 1), datetime.date(2025, 3, 1), Decimal("1.5"), False),
    ]


def test_without_a_registration_date_the_first_entry_starts_the_period():
    cycles = rules.accreditation_cycles(
        [entry(datetime.date(2024, 2, 29), "1.0")], anchor=None, today=datetime.date(2029, 3, 1)
    )
    assert [(c.start, c.end) for c in cycles] == [
        (datetime.date(2029, 2, 28), datetime.date(2034, 2, 28)),
        (datetime.date(2024, 2, 29), datetime.date(2029, 2, 28)),
    ]
    assert rules.accreditation_cycles([], anchor=None, today=datetime.date(2029, 3, 1)) == []


@given(
    day=st.dates(datetime.date(1990, 1, 1), datetime.date(2090, 1, 1)),
    anchor=st.dates(datetime.date(1990, 1, 1), datetime.date(2090, 1, 1)),
)
def test_every_day_falls_in_exactly_the_period_cycle_index_names(day, anchor):
    index = rules.cycle_index(day, anchor)
    assert rules.add_years(anchor, index * 5) <= day < rules.add_years(anchor, (index + 1) * 5)


def test_add_months_keeps_the_end_of_the_month():
    assert rules.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert rules.add_months(datetime.date(2026, 11, 15), 14) == datetime.date(2028, 1, 15)
