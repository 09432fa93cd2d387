"""complete_step and what follows from it: module completions, refreshers, accreditation,
certificates, learning paths and erasure."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail import hooks

from modules import hooks as progress_hooks
from modules import progress
from modules import status_rules as rules
from modules.models import (
    AccreditationEntry,
    Certificate,
    LessonPage,
    ModuleChange,
    ModuleCompletion,
    ReminderLog,
    StepCompletion,
)

from .factories import NOW, LearningPathFactory, at, module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_tree):
    return site_tree[1]


@pytest.fixture
def person(make_user):
    user = make_user()
    user.first_name, user.last_name = "Yusuf", "Bakker"
    user.save()
    return user


def status_of(user, module, now):
    return progress.user_progress(user, now=now).by_module_id[module.pk].status


def finish(user, steps, when, score=90):
    for step in steps:
        progress.complete_step(user, step, score=None if isinstance(step, LessonPage) else score, when=when)


def test_lessons_and_a_passed_quiz_complete_the_module_once(index, person):
    module, (les1, les2, quiz) = module_with_steps(index, "giz", refresh_months=24)
    progress.complete_step(person, les1, when=NOW)
    assert status_of(person, module, NOW).label == "Bezig (1 van 3)"
    progress.complete_step(person, les2, when=NOW)
    last = progress.complete_step(person, quiz, score=85, when=NOW)
    assert last.module_completion is not None
    completion = ModuleCompletion.objects.get(user=person, module=module)
    assert completion.expires_at == rules.add_months(NOW, 24)
    assert status_of(person, module, NOW).state == rules.COMPLETED
    # again: nothing new
    again = progress.complete_step(person, quiz, score=70, when=at(1))
    assert again.module_completion is None
    assert ModuleCompletion.objects.filter(user=person).count() == 1
    assert StepCompletion.objects.get(user=person, page=quiz).score == 85


def test_a_better_quiz_score_is_kept_as_the_best_score(index, person):
    module, (les1, quiz) = module_with_steps(index, "giz", lessons=1)
    progress.complete_step(person, quiz, score=80, when=NOW)
    progress.complete_step(person, quiz, score=95, when=at(1))
    progress.complete_step(person, quiz, score=81, when=at(2))
    completion = StepCompletion.objects.get(user=person, page=quiz)
    assert completion.score == 95
    assert completion.completed_at == NOW and completion.last_completed_at == at(2)


def test_completing_a_module_earns_its_accreditation_hours_and_a_certificate(index, person):
    module, steps = module_with_steps(index, "giz", hours="1.5")
    finish(person, steps, NOW)
    entry = AccreditationEntry.objects.get(user=person)
    assert (entry.module_title, entry.hours, entry.earned_on) == (module.title, Decimal("1.5"), NOW.date())
    certificate = Certificate.objects.get(user=person)
    assert certificate.full_name == "Yusuf Bakker"
    assert certificate.hours == Decimal("1.5") and not certificate.is_refresher
    assert len(certificate.code) == 19 and certificate.code.count("-") == 3


def test_a_module_without_accreditation_gives_a_certificate_but_no_hours(index, person):
    module, steps = module_with_steps(index, "toegang-zoetermeer", hours="0")
    finish(person, steps, NOW)
    assert not AccreditationEntry.objects.filter(user=person).exists()
    assert Certificate.objects.get(user=person).hours == 0


def test_a_step_added_later_keeps_the_completion_and_shows_as_new(index, person):
    module, steps = module_with_steps(index, "giz")
    finish(person, steps, NOW)
    module.add_child(instance=LessonPage(title="Nieuwe les", slug="nieuw"))
    result = progress.user_progress(person, now=at(1)).by_module_id[module.pk]
    assert result.status.state == rules.COMPLETED
    assert result.status.new_steps == 1
    assert result.next_step.page.title == "Nieuwe les"


def test_when_the_refresh_interval_passes_the_module_needs_a_refresher(index, person, monkeypatch):
    module, steps = module_with_steps(index, "kostenbewust-handelen", refresh_months=12)
    finish(person, steps, NOW)
    assert status_of(person, module, at(364)).state == rules.COMPLETED
    # a frozen clock, as the pages see it
    monkeypatch.setattr(timezone, "now", lambda: at(366))
    assert progress.user_progress(person).by_module_id[module.pk].status.label == "Opfrissen nodig"


def test_a_refresher_is_done_by_passing_the_quiz_again_and_renews_the_date(index, person):
    module, (les1, les2, quiz) = module_with_steps(index, "kostenbewust-handelen", refresh_months=12)
    finish(person, [les1, les2, quiz], NOW)
    later = at(400)
    mp = progress.user_progress(person, now=later).by_module_id[module.pk]
    assert [s.page.pk for s in mp.refresh_pending] == [quiz.pk]  # lessons unchanged: only the quiz
    done = progress.complete_step(person, quiz, score=90, when=later)
    assert done.module_completion is not None
    assert done.module_completion.expires_at == rules.add_months(later, 12)
    assert status_of(person, module, later).state == rules.COMPLETED
    # the refresher earns no new hours, but a new certificate marked as a refresher
    assert AccreditationEntry.objects.filter(user=person).count() == 1
    assert Certificate.objects.filter(user=person, is_refresher=True).count() == 1


def test_a_substantial_change_asks_earlier_completers_to_refresh_with_what_changed(index, person, make_user):
    module, (les1, les2, quiz) = module_with_steps(index, "giz", refresh_months=24)
    finish(person, [les1, les2, quiz], NOW)
    newcomer = make_user()
    finish(newcomer, [les1, les2, quiz], at(20))
    ModuleChange.objects.create(module=module, changed_on=at(10).date(), summary="Nieuwe spelregel")
    les2.title = "Les 2, herzien"
    les2.save_revision().publish()  # published after the person's completion

    mp = progress.user_progress(person, now=at(30)).by_module_id[module.pk]
    assert mp.status.state == rules.REFRESH
    assert [c.summary for c in mp.status.changes] == ["Nieuwe spelregel"]
    assert {s.page.pk for s in mp.refresh_pending} == {les2.pk, quiz.pk}
    assert status_of(newcomer, module, at(30)).state == rules.COMPLETED


def test_learning_path_due_date_and_behind(index, make_user):
    first, first_steps = module_with_steps(index, "toegang-zoetermeer")
    second, _ = module_with_steps(index, "giz")
    from leergang.models import Team

    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    LearningPathFactory(
        modules=[first, second],
        modules__advised={"toegang-zoetermeer": 7, "giz": 21},
        organisation_types=["jgh"],
    )
    newcomer = make_user(team=team, start_date=NOW.date() - datetime.timedelta(days=75))
    finish(newcomer, first_steps, at(-70))
    data = progress.user_progress(newcomer, now=NOW)
    path = data.primary_path
    assert path.status.due_date == NOW.date() - datetime.timedelta(days=15)
    assert path.status.overdue and path.behind
    assert (path.status.done, path.status.total) == (1, 2)
    assert data.next.module.pk == second.pk and data.next.reason == "path"
    other_org = make_user(team=Team.objects.create(name="SMW", organisation="smw"), start_date=NOW.date())
    assert progress.user_progress(other_org, now=NOW).paths == []


def test_erasing_learning_data_removes_it_and_lets_the_other_apps_erase_theirs(index, person, make_user):
    module, steps = module_with_steps(index, "giz")
    finish(person, steps, NOW)
    ReminderLog.objects.create(user=person, kind="refresh_due", key="x", sent_on=NOW.date())
    bystander = make_user()
    finish(bystander, steps, NOW)
    erased_for = []

    def erase_other_app_data(user):
        erased_for.append(user)
        return {"other_app_rows": 2}

    with hooks.register_temporarily(progress_hooks.ERASE_LEARNING_DATA, erase_other_app_data):
        counts = progress.erase_learning_data(person)
    assert counts["step_completions"] == 3 and counts["certificates"] == 1
    assert counts["other_app_rows"] == 2 and erased_for == [person]
    for model in (StepCompletion, ModuleCompletion, AccreditationEntry, Certificate, ReminderLog):
        assert not model.objects.filter(user=person).exists(), model
    assert StepCompletion.objects.filter(user=bystander).count() == 3


def test_erasing_is_all_or_nothing_with_the_other_apps(index, person):
    module, steps = module_with_steps(index, "giz")
    finish(person, steps, NOW)

    def failing_erase(user):
        raise RuntimeError("the other app could not erase")

    with hooks.register_temporarily(progress_hooks.ERASE_LEARNING_DATA, failing_erase):
        with pytest.raises(RuntimeError):
            progress.erase_learning_data(person)
    assert StepCompletion.objects.filter(user=person).count() == 3
    assert Certificate.objects.filter(user=person).exists()
