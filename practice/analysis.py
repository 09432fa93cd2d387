"""The coordinator's analysis of an oefengesprek: per node how often each choice was taken, and
per learning goal the share of finished runs that did well on it. Two aggregate queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from .models import RunStep, ScenarioRun


@dataclass
class ChoiceCount:
    number: int
    text: str
    count: int
    goal: int | None
    weight: int


@dataclass
class NodeCounts:
    key: str
    title: str
    choices: list[ChoiceCount] = field(default_factory=list)

    @property
    def total(self):
        return sum(c.count for c in self.choices)


@dataclass
class GoalShare:
    number: int
    label: str
    runs: int  # finished runs that touched the goal
    well: int  # of which the weights added up to more than 0

    @property
    def percent(self):
        return round(100 * self.well / self.runs) if self.runs else None


@dataclass
class ScenarioAnalysis:
    runs: int
    finished: int
    people: int
    nodes: list[NodeCounts]
    goals: list[GoalShare]
    endings: list[tuple[str, int]]


def choice_counts(page) -> list[NodeCounts]:
    counts = {
        (row["node_key"], row["choice_index"]): row["n"]
        for row in RunStep.objects.filter(run__scenario=page)
        .order_by()
        .values("node_key", "choice_index")
        .annotate(n=Count("pk"))
    }
    rows = []
    for node in page.scenario.nodes:
        rows.append(
            NodeCounts(
                node.key,
                node.title,
                [
                    ChoiceCount(i + 1, c.text, counts.get((node.key, i), 0), c.goal, c.weight)
                    for i, c in enumerate(node.choices)
                ],
            )
        )
    return rows


def goal_shares(page, goal_labels) -> list[GoalShare]:
    per_run_goal = (
        RunStep.objects.filter(run__scenario=page, run__finished_at__isnull=False, goal__isnull=False)
        .order_by()
        .values("run_id", "goal")
        .annotate(total=Sum("weight"))
    )
    runs, well = defaultdict(int), defaultdict(int)
    for row in per_run_goal:
        runs[row["goal"]] += 1
        well[row["goal"]] += row["total"] > 0
    numbers = sorted(set(runs) | set(range(1, len(goal_labels) + 1)))
    return [
        GoalShare(n, goal_labels[n - 1] if 0 < n <= len(goal_labels) else str(n), runs[n], well[n])
        for n in numbers
    ]


def analyse_scenario(page, goal_labels) -> ScenarioAnalysis:
    runs = ScenarioRun.objects.filter(scenario=page)
    summary = runs.aggregate(n=Count("pk"), people=Count("user", distinct=True))
    endings = list(
        runs.exclude(finished_at=None)
        .order_by()
        .values_list("ending_title")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return ScenarioAnalysis(
        runs=summary["n"],
        finished=sum(n for _t, n in endings),
        people=summary["people"],
        nodes=choice_counts(page),
        goals=goal_shares(page, goal_labels),
        endings=endings,
    )
