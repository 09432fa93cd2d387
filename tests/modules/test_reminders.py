"""stuur_herinneringen: who gets which e-mail, in Dutch, and nothing twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from leergang.models import Team
from modules import progress
from modules.models import ModuleChange, ReminderLog

from .factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(site_tree, make_user):
    index = site_tree[1]
    now = timezone.now()
    today = timezone.localdate()
    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    lead = make_user(role="Teamleider", team=None, username="teamleider")
    team.leads.add(lead)
    late = make_user(team=team, username="lisa", start_date=today - datetime.timedelta(days=75))
    fresh = make_user(team=team, username="yusuf", start_date=today - datetime.timedelta(days=5))
    veteran = make_user(team=team, username="sanne", start_date=today - datetime.timedelta(days=900))
    for user in (lead, late, fresh, veteran):
        user.email = f"{user.username}@zoetermeer.example"
        user.save()
    module, steps = module_with_steps(index, "toegang-zoetermeer", title="De toegang", refresh_months=12)
    LearningPathFactory(
        modules=[module], organisation_types=["jgh"], applies_from=today - datetime.timedelta(days=90)
    )
    for step in steps:
        progress.complete_step(veteran, step, score=90, when=now - datetime.timedelta(days=425))
    return {"lead": lead, "late": late, "fresh": fresh, "veteran": veteran, "module": module}


def test_running_twice_on_a_day_sends_each_message_once(people):
    call_command("stuur_herinneringen", verbosity=0)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [
        "lisa@zoetermeer.example",  # path overdue
        "sanne@zoetermeer.example",  # refresher due
        "teamleider@zoetermeer.example",  # summary
    ]
    call_command("stuur_herinneringen", verbosity=0)
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.count() == 3


def test_the_messages_are_dutch_plain_text_with_an_html_alternative(people):
    call_command("stuur_herinneringen", verbosity=0)
    by_to = {message.to[0]: message for message in mail.outbox}
    late = by_to["lisa@zoetermeer.example"]
    assert late.subject == "Leergang Toegang: een herinnering voor jou"
    assert "Je leerpad “Inwerkprogramma toegang” had op" in late.body
    assert "0 van de 1 modules afgerond" in late.body
    assert late.alternatives[0][1] == "text/html"
    veteran = by_to["sanne@zoetermeer.example"].body
    assert "De module “De toegang”" in veteran and "is toe aan opfrissen" in veteran
    summary = by_to["teamleider@zoetermeer.example"]
    assert summary.subject == "Leergang Toegang: weekoverzicht van je team"
    assert "loopt achter op “Inwerkprogramma toegang”" in summary.body
    assert "opfrissen nodig voor De toegang" in summary.body


def test_a_change_on_top_of_an_announced_refresher_sends_nothing_new(people):
    call_command("stuur_herinneringen", verbosity=0)
    mail.outbox.clear()
    ModuleChange.objects.create(
        module=people["module"], changed_on=timezone.localdate(), summary="Nieuwe route"
    )
    call_command("stuur_herinneringen", verbosity=0)
    assert mail.outbox == []


def test_a_new_reason_on_a_later_day_is_sent_and_only_that(people):
    from modules.reminders import send_reminders

    send_reminders()
    mail.outbox.clear()
    # 60 days later the newcomer's path is overdue too; a new week brings a new team summary
    result = send_reminders(now=timezone.now() + datetime.timedelta(days=60))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "teamleider@zoetermeer.example",
        "yusuf@zoetermeer.example",
    ]
    assert (result.personal, result.summaries) == (1, 1)


def test_dry_run_sends_nothing_and_logs_nothing(people, capsys):
    call_command("stuur_herinneringen", "--dry-run")
    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    assert "3 e-mails zouden worden verstuurd" in capsys.readouterr().out


def test_a_failed_send_is_not_logged_and_is_retried_next_time(people, monkeypatch):
    from modules import reminders

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "_send", broken)
    result = reminders.send_reminders()
    assert (result.failed, result.personal) == (3, 0)
    assert ReminderLog.objects.count() == 0
    monkeypatch.undo()
    reminders.send_reminders()
    assert len(mail.outbox) == 3
