"""Facts defined once and used everywhere: the callout kinds of the leerstof files are the
callout block's choices; the names of a module's states are those of modules.status_rules."""

import datetime

import pytest
from django.utils import timezone

from content.blocks import CalloutBlock
from modules import status_rules as rules
from modules.blocks import LessonStreamBlock
from modules.dashboard import DashboardFilterForm
from modules.leerstof_import import LeerstofError, parse_body

CALLOUT_KINDS = [kind for kind, _label in CalloutBlock().child_blocks["kind"].field.choices if kind]


def test_the_callout_block_offers_kinds():
    assert "let-op" in CALLOUT_KINDS and len(CALLOUT_KINDS) >= 4


@pytest.mark.parametrize("kind", CALLOUT_KINDS)
def test_every_kind_the_callout_block_offers_is_a_leerstof_directive(kind):
    data = parse_body(f":::{kind} Titel\nTekst.\n:::\n", "01-giz/01-les.md")
    assert [(block["type"], block["value"]["kind"]) for block in data] == [("callout", kind)]
    stream = LessonStreamBlock()
    stream.clean(stream.to_python(data))  # the editor accepts what the import wrote


def test_an_unknown_directive_lists_the_callout_kinds_of_the_block():
    with pytest.raises(LeerstofError) as raised:
        parse_body(":::waarschuwing\ntekst\n:::\n", "01-giz/01-les.md")
    offered = str(raised.value).split("kies uit ", 1)[1].rstrip(".").split(", ")
    assert offered == [*CALLOUT_KINDS, "casus", "voorzieningen"]


NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 10, 0))
COMPLETED_AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def _status(state):
    completion = {
        rules.COMPLETED: rules.Completion(COMPLETED_AT),
        rules.REFRESH: rules.Completion(COMPLETED_AT, expires_at=NOW - datetime.timedelta(days=1)),
    }.get(state)
    done = 2 if state == rules.IN_PROGRESS else 0
    status = rules.module_status(total_steps=4, done_steps=done, completion=completion, now=NOW)
    assert status.state == state
    return status


def test_a_status_is_named_in_dutch_short_and_with_its_numbers():
    statuses = {state: _status(state) for state in rules.STATE_LABELS}
    assert {state: s.short_label for state, s in statuses.items()} == {
        rules.NOT_STARTED: "Niet begonnen",
        rules.IN_PROGRESS: "Bezig",
        rules.COMPLETED: "Afgerond",
        rules.REFRESH: "Opfrissen nodig",
    }
    assert {state: s.label for state, s in statuses.items()} == {
        rules.NOT_STARTED: "Niet begonnen",
        rules.IN_PROGRESS: "Bezig (2 van 4)",
        rules.COMPLETED: "Afgerond (2 maart 2026)",
        rules.REFRESH: "Opfrissen nodig",
    }


def test_the_team_filter_offers_every_state_by_its_name():
    form = DashboardFilterForm(None, teams=[], modules=[])
    offered = dict(form.fields["status"].choices)
    assert {state: offered[state] for state in rules.STATE_LABELS} == {
        state: _status(state).short_label for state in rules.STATE_LABELS
    }
