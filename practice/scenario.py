"""An oefengesprek as plain data: nodes with choices, endings; its checks and its scoring.

No database: the page's StreamField, the leerstof file and the tests all become a
:class:`Scenario`, and :func:`problems` (the admin's validation and the import's) and
:func:`score_run` (the result of a run per learning goal) work on that alone.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_CHOICES = 2
MAX_CHOICES = 4
MIN_WEIGHT, MAX_WEIGHT = -3, 3


@dataclass(frozen=True)
class Choice:
    text: str
    feedback: str
    next: str
    goal: int | None = None  # 1-based number of the module's learning goal
    weight: int = 0  # + helps that goal, − harms it
    voorziening_id: int | None = None


@dataclass(frozen=True)
class Node:
    key: str
    title: str
    situation: str
    choices: tuple[Choice, ...] = ()

    def label(self) -> str:
        return f"“{self.title}” ({self.key})" if self.title else f"“{self.key}”"


@dataclass(frozen=True)
class Ending:
    key: str
    title: str
    outcome: str
    good: bool = False
    summary: str = ""

    def label(self) -> str:
        return f"“{self.title}” ({self.key})" if self.title else f"“{self.key}”"


@dataclass(frozen=True)
class Scenario:
    """The first node is where every run starts."""

    nodes: tuple[Node, ...] = ()
    endings: tuple[Ending, ...] = ()
    start_is_node: bool = True  # False when the first block is an ending

    @property
    def start(self) -> Node | None:
        return self.nodes[0] if self.nodes and self.start_is_node else None

    def node(self, key) -> Node | None:
        return next((n for n in self.nodes if n.key == key), None)

    def ending(self, key) -> Ending | None:
        return next((e for e in self.endings if e.key == key), None)

    def keys(self) -> list[str]:
        return [n.key for n in self.nodes] + [e.key for e in self.endings]


def _reachable(scenario: Scenario) -> set[str]:
    start = scenario.start
    if start is None:
        return set()
    nodes = {n.key: n for n in scenario.nodes}
    seen, queue = {start.key}, deque([start.key])
    while queue:
        node = nodes.get(queue.popleft())
        for choice in node.choices if node else ():
            if choice.next not in seen and choice.next in scenario.keys():
                seen.add(choice.next)
                queue.append(choice.next)
    return seen


def _reaches_an_ending(scenario: Scenario) -> set[str]:
    """The node keys from which some ending can be reached."""
    good = {e.key for e in scenario.endings}
    changed = True
    while changed:
        changed = False
        for node in scenario.nodes:
            if node.key not in good and any(c.next in good for c in node.choices):
                good.add(node.key)
                changed = True
    return good


def _duplicate_problems(scenario):
    seen, problems = set(), []
    for key in scenario.keys():
        if key in seen:
            problems.append(
                _("Two parts of the scenario have the key “%(key)s”; every key must be unique.")
                % {"key": key}
            )
        seen.add(key)
    return problems


def _node_problems(scenario, node, keys):
    problems = []
    if not MIN_CHOICES <= len(node.choices) <= MAX_CHOICES:
        problems.append(
            _("Node %(node)s has %(n)s choices; a node has two to four.")
            % {"node": node.label(), "n": len(node.choices)}
        )
    for number, choice in enumerate(node.choices, start=1):
        if not choice.next or choice.next not in keys:
            problems.append(
                _("Node %(node)s: choice %(number)s leads nowhere (“%(next)s” is no node or ending).")
                % {"node": node.label(), "number": number, "next": choice.next}
            )
        elif choice.next == node.key:
            problems.append(
                _("Node %(node)s: choice %(number)s leads back to the same node.")
                % {"node": node.label(), "number": number}
            )
        if not MIN_WEIGHT <= choice.weight <= MAX_WEIGHT:
            problems.append(
                _("Node %(node)s: the weight of choice %(number)s is outside −3 to +3.")
                % {"node": node.label(), "number": number}
            )
    return problems


def problems(scenario: Scenario, *, goal_count: int | None = None) -> list[str]:
    """What is wrong with the scenario, in Dutch, each message naming the node; [] when it can
    be taken: it starts with a node, every node has 2–4 choices that lead to an existing node
    or ending, every part is reachable from the start, every node can reach an ending, and at
    least one good ending is reachable. ``goal_count``: the module's number of learning goals,
    to check the goal numbers of the choices."""
    if scenario.start is None:
        return [_("The scenario must begin with a node (a situation with choices).")]
    found = _duplicate_problems(scenario)
    keys = set(scenario.keys())
    for node in scenario.nodes:
        found += _node_problems(scenario, node, keys)
        for number, choice in enumerate(node.choices, start=1):
            if goal_count is not None and choice.goal is not None and not 1 <= choice.goal <= goal_count:
                found.append(
                    _(
                        "Node %(node)s: choice %(number)s names learning goal %(goal)s; "
                        "the module has %(count)s."
                    )
                    % {"node": node.label(), "number": number, "goal": choice.goal, "count": goal_count}
                )
    reachable = _reachable(scenario)
    for part in (*scenario.nodes, *scenario.endings):
        if part.key not in reachable:
            kind = _("Node") if isinstance(part, Node) else _("Ending")
            found.append(
                _("%(kind)s %(part)s cannot be reached from the start.")
                % {"kind": kind, "part": part.label()}
            )
    to_an_end = _reaches_an_ending(scenario)
    for node in scenario.nodes:
        if node.key in reachable and node.key not in to_an_end:
            found.append(_("From node %(node)s no ending can be reached.") % {"node": node.label()})
    if not any(e.good and e.key in reachable for e in scenario.endings):
        found.append(_("The scenario has no good ending that can be reached."))
    return found


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TakenChoice:
    """One step of a run as scoring needs it."""

    goal: int | None
    weight: int


@dataclass
class RunScore:
    per_goal: dict[int, int] = field(default_factory=dict)  # goal number → sum of weights

    @property
    def went_well(self) -> dict[int, bool]:
        """goal number → whether the run did well on it (its weights add up to more than 0)."""
        return {goal: total > 0 for goal, total in self.per_goal.items()}

    @property
    def percent(self) -> int:
        """The share of the goals touched that went well, 0–100 (100 for a run that touched none)."""
        if not self.per_goal:
            return 100
        return round(100 * sum(self.went_well.values()) / len(self.per_goal))


def score_run(steps) -> RunScore:
    """The run's result per learning goal: the weights of the choices made, added up per goal
    (choices without a goal do not count)."""
    per_goal: dict[int, int] = {}
    for step in steps:
        if step.goal is not None:
            per_goal[step.goal] = per_goal.get(step.goal, 0) + step.weight
    return RunScore(dict(sorted(per_goal.items())))
