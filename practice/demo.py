"""Demo data: runs through the oefengesprekken, taken the way a person takes them (through
``services``), and two casusbesprekingen of the demo team (one confirmed by the demo
medewerker). ``modules``' ``demo_progress`` plans who takes which step when; this module is
registered as its ``TAKE_DEMO_STEP`` hook."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from . import services
from .models import Attendance, CaseDiscussion, ScenarioPage, ScenarioRun

MAX_STEPS = 40


class Dice:
    """Seeded choices for the demo, the same on every run (from a hash, no random module)."""

    def __init__(self, seed: str):
        self.seed, self.n = seed, 0

    def random(self) -> float:
        self.n += 1
        digest = hashlib.sha256(f"{self.seed}:{self.n}".encode()).digest()
        return int.from_bytes(digest[:4], "big") / 2**32

    def choice(self, items):
        return items[int(self.random() * len(items))]


def _pick(node, rng, skill):
    """The best choice (highest weight) with probability ``skill``, otherwise another one."""
    ranked = sorted(range(len(node.choices)), key=lambda i: -node.choices[i].weight)
    if rng.random() < skill or len(ranked) == 1:
        return ranked[0]
    return rng.choice(ranked[1:])


def walk(user, page, *, at, skill, rng):
    """One run from the first node to an ending, a minute per choice; returns the run."""
    scenario = page.scenario
    run = services.start_run(user, page, now=at - datetime.timedelta(minutes=page.estimated_minutes or 15))
    moment = run.started_at
    for step in range(MAX_STEPS):
        node = scenario.node(run.current_node)
        if node is None:
            break
        moment += datetime.timedelta(minutes=1)
        index = _pick(node, rng, skill if step < MAX_STEPS - 10 else 1.0)
        outcome, run = services.choose(
            run, node_key=node.key, step_number=step, choice_index=index, now=min(moment, at)
        )
        if outcome is services.Outcome.FINISHED:
            break
    return run


def take_scenario_for_demo(user, page, attempts) -> bool:
    """Record the planned ``attempts`` at the oefengesprek ``page``: a planned fail is a run
    with weaker choices, a pass one with mostly good ones. Idempotent: a person with runs is
    left alone."""
    scenario_page = ScenarioPage.objects.filter(pk=page.pk).first()
    if scenario_page is None:
        return False
    if (
        not scenario_page.scenario.nodes
        or ScenarioRun.objects.filter(user=user, scenario=scenario_page).exists()
    ):
        return True
    for planned in attempts:
        rng = Dice(f"{user.get_username()}:{scenario_page.pk}:{planned.at:%Y%m%d%H%M}")
        walk(user, scenario_page, at=planned.at, skill=0.85 if planned.passed else 0.35, rng=rng)
    return True


# --- Casusbesprekingen ------------------------------------------------------------------------

DISCUSSIONS = [
    # topic, kind, days ago, minutes, module slug, scenario slug, attendees, confirmed by
    (
        "Een gezin dat om een diagnose vraagt",
        CaseDiscussion.Kind.CASUSBESPREKING,
        20,
        90,
        "giz",
        "oefengesprek-specialistische-hulp",
        ["medewerker", "nieuwe-medewerker", "fatima.elamrani"],
        ["medewerker", "fatima.elamrani"],
    ),
    (
        "Verwijzingen zonder de Q van het normenkader",
        CaseDiscussion.Kind.INTERVISIE,
        6,
        60,
        "kostenbewust-handelen",
        "oefengesprek-verwijzing-poh-j",
        ["medewerker", "fatima.elamrani"],
        [],
    ),
]


def build_demo_practice(now=None):
    """Two sessions of the team the demo team lead leads (idempotent: matched on the topic)."""
    from django.contrib.auth import get_user_model

    from modules.models import ModulePage

    users = {u.username: u for u in get_user_model().objects.select_related("profile__team")}
    lead = users.get("teamleider")
    medewerker = users.get("medewerker")
    if lead is None or medewerker is None or getattr(medewerker, "profile", None) is None:
        return
    team = medewerker.profile.team
    today = timezone.localdate(now)
    for topic, kind, days, minutes, module_slug, scenario_slug, attendees, confirmed in DISCUSSIONS:
        if CaseDiscussion.objects.filter(team=team, topic=topic).exists():
            continue
        discussion = CaseDiscussion(
            team=team,
            kind=kind,
            held_on=today - datetime.timedelta(days=days),
            duration_minutes=minutes,
            topic=topic,
            module=ModulePage.objects.filter(slug=module_slug).first(),
            scenario=ScenarioPage.objects.filter(slug=scenario_slug).first(),
            facilitator=lead.get_full_name(),
        )
        people = [users[name] for name in attendees if name in users]
        services.save_discussion(discussion, people, by=lead)
        for attendance in Attendance.objects.filter(discussion=discussion, user__username__in=confirmed):
            services.answer_attendance(attendance, confirmed=True)
